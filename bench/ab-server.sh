#!/usr/bin/env bash
# Measures one configuration against two builds of the RxChat server, interleaved:
# the working tree's and an earlier commit's. For "did this server change help?", on the
# same machine at the same time, since the machine's load moves absolute numbers a lot.
#
#   bench/ab-server.sh [--memory] [--transports "tcp ws"] <base-commit> [reps] [load-tool arguments…]
#   bench/ab-server.sh dac76bd 3 fanout --clients 2000 --senders 20 --rate 10 --duration 15 --deadline 90
#   bench/ab-server.sh --transports "tcp ws" 62587e0 2 fanout --clients 500 --senders 20 --rate 10 --duration 20 --deadline 90
#   bench/ab-server.sh --transports "tcp irc" ae61987 3 fanout --clients 500 --senders 20 --rate 10 --duration 20 --deadline 90
#
# Both servers run with persistence ON, as by default: each run on a fresh data directory
# (a temporary folder, deleted with the rest); `--memory` runs both with --data-dir :memory:.
# (A base commit from before the log ignores --data-dir.)
#
# `--transports`: the load tool's members over TCP (the default), WebSocket (`ws`, PROTOCOL.md
# Part 4), IRC (`irc`, Part 5: every server opens an IRC port too) or several, each build with
# each in every repetition, so ws/tcp, irc/tcp and head/base are read within one run. Every
# server opens its HTTP port (the WebSocket at /ws, and /metrics, from which the load tool
# reads the server's GC pauses inside its window: srv_gc_*).
#
# The base commit's server is exported with `git archive` into a temporary folder and
# built there; nothing in the repository changes. Prints each run and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
memory=0; transports=tcp
while [ $# -gt 0 ]; do
  case "$1" in
    --memory) memory=1 ;;
    --transports) transports="$2"; shift ;;
    *) break ;;
  esac
  shift
done
base=$1; reps=${2:-3}; shift 2 || true
args=("$@"); [ ${#args[@]} -gt 0 ] || args=(fanout --clients 2000 --senders 20 --rate 10 --duration 15 --deadline 90)
ulimit -n "$(ulimit -Hn)"

tmp=$(mktemp -d /tmp/rxchat-base.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# The server and what it builds from at that commit (RxChat.Protocol exists from the log on).
git archive "$base" $(git ls-tree --name-only "$base" | grep -xE 'RxChat\.Server|RxChat\.Protocol|Directory\.Build\.props|\.editorconfig') | tar -x -C "$tmp"
dotnet build -c Release "$tmp/RxChat.Server/RxChat.Server.csproj" -v q -nologo >/dev/null
dotnet build -c Release RxChat.Server/RxChat.Server.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/RxChat.Load/RxChat.Load.csproj -v q -nologo >/dev/null
declare -A dll=([base]="$tmp/RxChat.Server/bin/Release/net10.0/RxChat.Server.dll"
                [head]="RxChat.Server/bin/Release/net10.0/RxChat.Server.dll")
port=$((28000 + RANDOM % 2000)); results="$tmp/results.txt"

for ((rep = 1; rep <= reps; rep++)); do
  order="base head"; ((rep % 2 == 0)) && order="head base"
  for which in $order; do
  for transport in $transports; do
    # Another load run on the machine would measure neither: wait for it (at most 2 min).
    for _ in $(seq 120); do pgrep -f 'RxChat.Load.dll' >/dev/null || break; sleep 1; done
    port=$((port + 3)); http=$((port + 1)); irc=$((port + 2)); label="$which-$transport"; log="$tmp/$label-$rep.log"
    data="$tmp/data-$label-$rep"; [ $memory = 1 ] && data=:memory:
    # Every load client comes from 127.0.0.1: exempt it from the per-address limits (a base
    # without them ignores the setting).
    dotnet "${dll[$which]}" --port "$port" --host 127.0.0.1 --http-port "$http" --irc-port "$irc" --data-dir "$data" \
      --RxChat:Limits:ExemptLoopback true >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 300); do grep -qs "Server started on" "$log" && break; sleep 0.1; done
    extra=(--metrics-port "$http"); [ "$transport" = ws ] && extra+=(--transport ws --ws-port "$http")
    [ "$transport" = irc ] && extra+=(--transport irc --irc-port "$irc")
    line=$(timeout 300 dotnet bench/RxChat.Load/bin/Release/net10.0/RxChat.Load.dll "${args[@]}" \
      --port "$port" "${extra[@]}" --server-pid "$pid" --label "$label" | grep '^RESULT' || echo "RESULT label=$label outcome=error")
    # Readers the server cut off as too slow: a run that lost members measures fewer readers.
    cut=$(curl -s "http://127.0.0.1:$http/metrics" | awk '/^rxchat_slow_readers_cut_off_total/ {print $2}')
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    [ $memory = 1 ] || rm -rf "$data"
    echo "$line cut_off=${cut:-?} load1=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$results"
  done
  done
done

echo "medians over $reps runs (base = $base, head = $(git rev-parse --short HEAD), $([ $memory = 1 ] && echo ':memory:' || echo 'persistence on')):"
for which in $(for w in base head; do for t in $transports; do echo "$w-$t"; done; done); do
  printf '%-9s' "$which"
  for k in login_s lines_per_s p50_ms p99_ms max_ms lost srv_cpu_pct srv_peak_rss_mib srv_gc_pause_ms srv_gc_gen0 srv_gc_gen1 srv_gc_gen2 machine_busy_pct load_cpu_pct storm_s users_max_ms cut_off; do
    vals=$(grep "label=$which " "$results" | grep -o " $k=[0-9.]*" | cut -d= -f2 | sort -g || true)
    [ -z "$vals" ] && continue
    n=$(wc -l <<<"$vals")
    printf '  %s=%s' "$k" "$(sed -n "$(((n + 1) / 2))p" <<<"$vals")"
  done
  echo
done
