#!/usr/bin/env bash
# Runs the standard load configurations against RxChat (its Release build) and against
# `ncat --broker`, interleaved run by run, and prints one table of medians and ratios.
#
#   bench/compare.sh                 # full: 5 repetitions (about 10 minutes)
#   bench/compare.sh --quick         # 2 repetitions, D shortened to 10 s: for iterating
#   bench/compare.sh --reps 3 --configs "A A1" --systems "rxchat ncat"
#   bench/compare.sh --reps 3 --configs "A AL"   # AL: A with 20,000 messages per sender
#   bench/compare.sh --memory        # RxChat with --data-dir :memory: instead of the log on disk
#   bench/compare.sh --systems "rxchat rxchat-mem ncat"   # both, in one interleaved run
#   bench/compare.sh --reps 3 --configs "A A1 D C" --systems "rxchat floor ncat"   # against the floor
#   bench/compare.sh --reps 3 --configs D --systems "rxchat rxchat-ws floor"     # D over WebSocket vs TCP
#
# Systems: `rxchat` is the server as it runs by default, persistence ON: its log in a fresh
# data directory per run (a temporary folder on the same disk, deleted after the run);
# `rxchat-mem` is the same build with `--data-dir :memory:` (nothing kept); `rxchat-full` is
# `rxchat` with `--durability full` (every commit flushed to the disk; bench/durability.sh);
# `rxchat-ws` is `rxchat` with its HTTP port open and every fan-out member a WebSocket
# (PROTOCOL.md Part 4, the load tool's `--transport ws`; D, DS and DW only); `rxchat-irc`
# the same with every member an IRC client on its `--irc-port` (Part 5);
# `floor` is bench/floor/, a minimal epoll relay in C speaking the original's lines: what
# this machine allows at all (a measuring stick, not a product); `floor-ws` the same floor
# with every fan-out member a WebSocket on its `--ws-port` (Part 4 as far as the load tool
# needs; D, DS and DW only): what the machine allows for WebSocket members;
# `ncat` is `ncat --broker`. `--memory` replaces `rxchat` by `rxchat-mem` in the systems.
#
# Every run has a hard deadline and stops by itself; servers are started fresh for each
# run on a new loopback port and stopped after it. Results: bench/results/<UTC stamp>/;
# the per-run reports and server logs there are git-ignored, table.md and results.txt are not.
set -euo pipefail
cd "$(dirname "$0")/.."

orig_args="$*"
reps=5; configs="A A1 B C D"; systems="rxchat ncat"; d_seconds=30; memory=0; metrics=0; smoke=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) reps=2; d_seconds=10 ;;
    # Every configuration at a tenth of its size, once: does the tooling work? Not a measurement.
    --smoke) smoke=1; reps=1; d_seconds=3 ;;
    --reps) reps="$2"; shift ;;
    --configs) configs="$2"; shift ;;
    --systems) systems="$2"; shift ;;
    --memory) memory=1 ;;
    # Every RxChat also opens its HTTP port, and the load tool reads the server's GC
    # collections and pause time from /metrics around the measured window (srv_gc_*).
    --metrics) metrics=1 ;;
    --d-seconds) d_seconds="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--reps N] [--configs \"A A1 B C D\"] [--systems \"rxchat rxchat-mem rxchat-ws rxchat-irc floor floor-ws ncat\"] [--d-seconds S] [--memory] [--metrics] [--smoke]" >&2; exit 64 ;;
  esac
  shift
done

if [ "$memory" = 1 ]; then systems=$(sed 's/\brxchat\b/rxchat-mem/g' <<<"$systems"); fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Many connections need many descriptors, in the tool and in the server alike.
ulimit -n "$(ulimit -Hn)"
# C is 19,500 connections, the target's figure: the server needs descriptors of its own
# beyond them (an idle RxChat server has about 130 open: runtime pipes, eventfds, epoll,
# listener, logs) and keeps a reserve (a sixty-fourth of the limit, at most 192). Where the
# hard limit is 20,000, as here, and cannot be raised, that leaves room for 19,500 and the
# probe that asks /users; below it, C shrinks with the limit.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -ge 20300 ]; then c_conns=19500; else c_conns=$((hard - 500)); fi
messages=2000; d_clients=2000; c_hold=10
if [ "$smoke" = 1 ]; then messages=200; d_clients=200; c_conns=$((c_conns / 10)); c_hold=2; fi

if [[ " $systems " == *" ncat "* ]]; then
  command -v ncat >/dev/null || { echo "ncat missing: apt-get update && apt-get install -y ncat" >&2; exit 1; }
fi
echo "building (Release)…" >&2
dotnet build -c Release RxChat.Server/RxChat.Server.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/RxChat.Load/RxChat.Load.csproj -v q -nologo >/dev/null
if [[ " $systems " == *" floor "* ]] || [[ " $systems " == *" floor-ws "* ]]; then make -s -C bench/floor >/dev/null; fi
server_dll=RxChat.Server/bin/Release/net10.0/RxChat.Server.dll
load=(dotnet bench/RxChat.Load/bin/Release/net10.0/RxChat.Load.dll)

out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
results="$out/results.txt"
: >"$results"
port=$((20000 + RANDOM % 8000))   # below the ephemeral range (32768+), new for every run

# The configurations: how many rooms a broker needs, the tool's mode and arguments.
rooms_of() { case "$1" in B) echo 10 ;; C|L) echo 100 ;; *) echo 1 ;; esac; }
args_of() {
  case "$1" in
    A)  echo "fanout --clients 50 --senders 10 --messages $messages --inflight 8 --deadline 60" ;;
    A1) echo "fanout --clients 50 --senders 10 --messages $messages --inflight 1 --deadline 60" ;;
    # A long: A's shape for 10× as many messages (~10 s instead of ~1 s), so warm-up (JIT
    # tiers, thread pool growth) weighs less. Not in the default set.
    AL) echo "fanout --clients 50 --senders 10 --messages 20000 --inflight 8 --deadline 120" ;;
    B)  echo "fanout --rooms 10 --clients 20 --senders 5 --messages 1000 --inflight 8 --deadline 60" ;;
    C)  echo "idle --connections $c_conns --rooms 100 --hold $c_hold --users-queries 10 --deadline 120" ;;
    # L: a leave storm. 10,000 logged in across 100 rooms, then 9,900 of them close at once;
    # a newcomer's welcome and /users are timed meanwhile, and the 100 who stay must be told
    # every leave. Not in the default set.
    L)  echo "idle --connections 10000 --rooms 100 --hold 2 --users-queries 2 --leavers 9900 --storm-budget 120 --deadline 280" ;;
    D)  echo "fanout --clients $d_clients --senders 20 --rate 10 --duration $d_seconds --deadline $((d_seconds + 90))" ;;
    # D small: D's shape at 990 members, the most one ncat broker can hold (select() and
    # its 1,024 descriptors), so D's latency can be set against ncat's with the same tool.
    DS) echo "fanout --clients 990 --senders 20 --rate 10 --duration $d_seconds --deadline $((d_seconds + 90))" ;;
    # D's shape at 500 members: the most WebSocket members that join a room without readers
    # being cut off today (every join sends each member the whole member list, Part 4's `room`
    # object, so joining N costs N³ bytes), so D over WebSocket has a figure beside TCP's.
    # Two thirds of D's duration (20 s of D's 30): 1.6 million deliveries are plenty for a p99.
    DW) echo "fanout --clients $((d_clients / 4)) --senders 20 --rate 10 --duration $((d_seconds * 2 / 3)) --deadline $((d_seconds + 90))" ;;
  esac
}
# AL's senders send 20,000 lines each, past RxChat's default flood burst (5,000 lines, then
# 100 lines/s), so flood control is switched off for it; every other configuration stays
# inside the defaults.
server_args_of() { case "$1" in AL) echo "--RxChat:Limits:FloodLinesPerSecond 0" ;; esac; }
# ncat --broker serves one room per process and dies near 1,020 connections (select()).
# DW is there for WebSocket against TCP (DS is D's shape for ncat).
ncat_can() { case "$1" in C|D|DW|L) return 1 ;; *) return 0 ;; esac; }
# WebSocket members run in D's shape (D, DS, DW); the other configurations stay TCP (the
# load tool's `--transport ws` works for any fan-out, by hand).
ws_can() { case "$1" in D|DS|DW) return 0 ;; *) return 1 ;; esac; }

pids=()
data_dir=""   # the running RxChat's data directory (persistence on), deleted after its run
drop_data_dir() {
  if [ -n "$data_dir" ]; then
    # How much the run left on disk (the log file, its WAL and shared memory), then gone.
    echo "compare.sh: data dir $(du -sk "$data_dir" 2>/dev/null | cut -f1) KiB" >>"${stop_log:-/dev/null}"
    rm -rf "$data_dir"; data_dir=""
  fi
}
stop_servers() {
  # SIGTERM first (a graceful stop), SIGKILL after 10 s: the measurement is over, and a
  # server still working through a backlog (20,000 disconnects each told to everyone)
  # must not hold up the next run. How long the stop took is logged beside the run.
  local t0=$SECONDS p alive
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 100); do
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do
    if kill -0 "$p" 2>/dev/null; then
      kill -9 "$p" 2>/dev/null || true
      echo "compare.sh: killed $p, still running 10 s after SIGTERM" >>"${stop_log:-/dev/null}"
    fi
  done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ ${#pids[@]} -gt 0 ]; then echo "compare.sh: stopped in $((SECONDS - t0)) s" >>"${stop_log:-/dev/null}"; fi
  pids=()
}
trap 'stop_servers; drop_data_dir' EXIT

start_rxchat() { # $1 port, $2 log, $3 extra server arguments, $4 HTTP port (-1: none); waits for the "Server started" line
  # Every load client comes from 127.0.0.1: exempt it from the per-address limits.
  # shellcheck disable=SC2086
  dotnet "$server_dll" --port "$1" --host 127.0.0.1 --http-port "${4:--1}" --RxChat:Limits:ExemptLoopback true $3 >"$2" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do
    grep -qs "Server started on 127.0.0.1:$1" "$2" && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "RxChat did not start on port $1, see $2" >&2; return 1
}

start_ncat() { # $1 first port, $2 rooms (one broker each), $3 log
  for ((r = 0; r < $2; r++)); do
    ncat --broker --listen 127.0.0.1 $(($1 + r)) --max-conns 1000 >>"$3" 2>&1 &
    pids+=($!)
  done
  for ((r = 0; r < $2; r++)); do
    for _ in $(seq 100); do
      [ -n "$(ss -Hltn "sport = :$(($1 + r))")" ] && break
      sleep 0.05
    done
  done
}

start_floor() { # $1 port, $2 log, $3 WebSocket port (none if absent); waits for its "Floor listening" line
  local ws=()
  if [ -n "${3:-}" ]; then ws=(--ws-port "$3"); fi
  bench/floor/floor --port "$1" --host 127.0.0.1 "${ws[@]}" >"$2" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    grep -qs "Floor listening on 127.0.0.1:$1" "$2" && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.05
  done
  echo "floor did not start on port $1, see $2" >&2; return 1
}

# Another load run on the machine (a second benchmark, a colleague's) would measure neither:
# wait for it to end first, at most two minutes.
wait_for_quiet() {
  for _ in $(seq 120); do pgrep -f 'RxChat.Load.dll' >/dev/null || return 0; sleep 1; done
  echo "compare.sh: another load run still going after 2 min; measuring anyway" >&2
}

run_one() { # $1 system, $2 config, $3 rep
  local sys=$1 cfg=$2 rep=$3 rooms proto log load_extra=""
  wait_for_quiet
  rooms=$(rooms_of "$cfg"); port=$((port + 100)); log="$out/$cfg-$sys-$rep"
  if [ "$sys" = rxchat ] || [ "$sys" = rxchat-full ] || [ "$sys" = rxchat-ws ] || [ "$sys" = rxchat-irc ]; then
    data_dir=$(mktemp -d "${TMPDIR:-/tmp}/rxchat-bench-data.XXXXXX")
    local durability=normal http=-1; [ "$sys" = rxchat-full ] && durability=full
    local irc=""
    # C is idle (no fan-out window to read GC pauses around), so it keeps its descriptors for connections.
    if [ "$sys" = rxchat-ws ] || { [ "$metrics" = 1 ] && [ "$cfg" != C ]; }; then http=$((port + 1)); load_extra="--metrics-port $http"; fi
    if [ "$sys" = rxchat-ws ]; then load_extra="$load_extra --transport ws --ws-port $http"; fi
    if [ "$sys" = rxchat-irc ]; then irc="--irc-port $((port + 2))"; load_extra="$load_extra --transport irc --irc-port $((port + 2))"; fi
    start_rxchat "$port" "$log.server.log" "--data-dir $data_dir --durability $durability $irc $(server_args_of "$cfg")" "$http" || { stop_servers; drop_data_dir; return 0; }
    proto=rxchat
  elif [ "$sys" = floor ]; then
    start_floor "$port" "$log.server.log" || { stop_servers; return 0; }
    proto=rxchat
  elif [ "$sys" = floor-ws ]; then
    load_extra="--transport ws --ws-port $((port + 1))"
    start_floor "$port" "$log.server.log" "$((port + 1))" || { stop_servers; return 0; }
    proto=rxchat
  elif [ "$sys" = rxchat-mem ]; then
    local http=-1; if [ "$metrics" = 1 ]; then http=$((port + 1)); load_extra="--metrics-port $http"; fi
    start_rxchat "$port" "$log.server.log" "--data-dir :memory: $(server_args_of "$cfg")" "$http" || { stop_servers; return 0; }
    proto=rxchat
  else start_ncat "$port" "$rooms" "$log.server.log"; proto=broker; fi
  local server_pids; server_pids=$(IFS=,; echo "${pids[*]}")
  stop_log="$log.server.log"
  # shellcheck disable=SC2046
  timeout 300 "${load[@]}" $(args_of "$cfg") --port "$port" --proto "$proto" $load_extra \
    --server-pid "$server_pids" --label "$cfg-$sys" >"$log.txt" 2>&1 || true
  stop_servers
  drop_data_dir
  local line; line=$(grep '^RESULT ' "$log.txt" | tail -n 1)
  echo "$sys $cfg $rep ${line:-RESULT outcome=no-result}" >>"$results"
  echo "  $cfg $sys #$rep: $(sed -n 's/.*\(outcome=[^ ]*\).*/\1/p' <<<"$line") $(grep -o 'lines_per_s=[^ ]*\|p99_ms=[^ ]*\|storm_s=[^ ]*\|joined=[^ ]*' <<<"$line" | tr '\n' ' ')" >&2
}

echo "$reps repetitions of: $configs; systems: $systems; results in $out" >&2
for ((rep = 1; rep <= reps; rep++)); do
  for cfg in $configs; do
    order=$systems
    # Alternate which system goes first, so a drift of the machine hits both alike.
    if ((rep % 2 == 0)); then order=$(tr ' ' '\n' <<<"$systems" | tac | tr '\n' ' '); fi
    for sys in $order; do
      if [ "$sys" = ncat ] && ! ncat_can "$cfg"; then continue; fi
      if { [ "$sys" = rxchat-ws ] || [ "$sys" = rxchat-irc ] || [ "$sys" = floor-ws ]; } && ! ws_can "$cfg"; then continue; fi
      run_one "$sys" "$cfg" "$rep"
    done
  done
done

{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, reps=$reps, C=$c_conns connections, D=${d_seconds} s,"
  echo "with \`bench/compare.sh $orig_args\` (RxChat at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(ncat --version 2>&1 | head -n 1 | sed 's/ (.*//'))."
  echo
} >"$out/table.md"
awk -v c_conns="$c_conns" -v systems="$systems" -f bench/summarize.awk "$results" >>"$out/table.md"
cat "$out/table.md"
