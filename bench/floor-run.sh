#!/usr/bin/env bash
# The comparison against the machine's floor, in one interleaved run, for a QUIET machine
# (nobody else building or testing: every figure is set against the others of the same run,
# but a busy machine still blurs the tails this run is about):
#
#   RxChat (log on disk, as a user runs it), the floor (bench/floor: a minimal epoll relay in
#   C, what the machine allows at all) and ncat --broker over A, A1, D and C; and D again with
#   RxChat's 2,000 members as WebSockets (PROTOCOL.md Part 4), and DW, D's shape at 500
#   members, over both (today 2,000 WebSocket members cannot all join: every join sends each
#   member the whole member list, and readers fall behind and are cut off) — all in the same
#   repetitions, the order alternating per repetition. Every RxChat opens its HTTP port, so each fan-out
#   run also reports the server's GC pauses inside its measured window (srv_gc_pause_ms,
#   collections per generation, their mean pause) beside its p99.
#
#   bench/floor-run.sh                 # 3 repetitions, D for 30 s: about 20 minutes
#   bench/floor-run.sh --reps 5        # more repetitions (about 6½ minutes each)
#   bench/floor-run.sh --smoke         # every run at a tenth of its size, once: does it work (~3 min)
#
# Results: bench/results/<UTC stamp>/ (table.md: medians, ratios to ncat and to the floor,
# WebSocket against TCP; results.txt: one RESULT line per run). Any other argument is
# handed to compare.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

reps=3; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift ;;
    *) extra+=("$1") ;;
  esac
  shift
done

# Measured on the shared 2-core machine (bench/floor/README.md, "How long a run takes"):
# one repetition of these four configurations and four systems is about 6½ minutes with D at
# 30 s, most of it D (4 × ~45 s with log-in), C (start, 19,800 log-ins, 10 s hold, stop) and
# RxChat's start-up before each of its runs; the build adds about a minute.
minutes=$((1 + reps * 13 / 2))
echo "floor-run: $reps repetitions of A A1 D DW C × rxchat rxchat-ws floor ncat; expect about $minutes minutes (more on a busy machine)" >&2
exec bench/compare.sh --reps "$reps" --configs "A A1 D DW C" --systems "rxchat rxchat-ws floor ncat" --metrics "${extra[@]}"
