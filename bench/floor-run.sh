#!/usr/bin/env bash
# The comparison against the machine's floor, in one interleaved run, for a QUIET machine
# (nobody else building or testing: every figure is set against the others of the same run,
# but a busy machine still blurs the tails this run is about):
#
#   RxChat (log on disk, as a user runs it), the floor (bench/floor: a minimal epoll relay in
#   C, what the machine allows at all) and ncat --broker over A, A1, D and C; D again with
#   RxChat's 2,000 members as WebSockets (PROTOCOL.md Part 4), and with the floor's
#   (`floor-ws`: what the machine allows for WebSocket members, the load tool's share
#   included); and DW, D's shape at 500 members for 20 s, for RxChat and the floor, each
#   over TCP and over WebSocket.
#   All in the same repetitions, the order alternating per repetition. Every RxChat opens
#   its HTTP port, so each fan-out run also reports the server's GC pauses inside its
#   measured window (srv_gc_pause_ms, collections per generation, their mean pause).
#
#   bench/floor-run.sh                 # 3 repetitions: about 25 minutes
#   bench/floor-run.sh --irc           # and every D-shaped run with IRC members too (~30 minutes)
#   bench/floor-run.sh --reps 5        # more repetitions (about 8 minutes each)
#   bench/floor-run.sh --smoke         # every run at a tenth of its size, once (~4 minutes)
#
# Results: bench/results/<UTC stamp>/ (table.md: medians, ratios to ncat and to the floor,
# WebSocket and IRC against TCP; results.txt: one RESULT line per run). Any other argument
# is handed to compare.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

reps=3; systems="rxchat rxchat-ws floor floor-ws ncat"; per_rep=9; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift ;;
    --irc) systems="rxchat rxchat-ws rxchat-irc floor floor-ws ncat"; per_rep=11 ;;
    --smoke) reps=1; per_rep=3; extra+=("$1") ;;
    *) extra+=("$1") ;;
  esac
  shift
done

# From runs on the shared 2-core machine (bench/README.md, "Against the floor"): one
# repetition is about 9 minutes — D (~45 s each; over WebSocket ~1 minute, its 2,000 logins included),
# DW (~40 s each; the floor's WebSocket D and DW add about a minute), C (start, 19,800 log-ins, 10 s hold, stop), A1, A, and RxChat's start-up
# before each of its runs — plus a minute of building.
echo "floor-run: $reps repetitions of A A1 D DW C × $systems; expect about $((1 + reps * per_rep)) minutes (more on a busy machine)" >&2
# --smoke goes last to compare.sh, so its single repetition is what runs.
exec bench/compare.sh --reps "$reps" --configs "A A1 D DW C" --systems "$systems" --metrics "${extra[@]}"
