#!/usr/bin/env bash
# bench/ab-server.sh for WebSocket members: the base commit's server and the working tree's,
# interleaved run by run, each with its HTTP port open (the WebSocket at /ws, /metrics for
# the GC figures), the load tool's members over `--transport ws` or TCP, or both ("tcp ws":
# each build with each, four runs a repetition, so ws/tcp and head/base are both read
# within one run).
#
#   bench/results/ws-20261206/ab-ws.sh <base-commit> <reps> <"ws" | "tcp" | "tcp ws"> [load-tool arguments…]
#
# As ab-server.sh: persistence on (a fresh data directory per run), the base exported with
# `git archive` and built in a temporary folder, nothing in the repository changed.
set -euo pipefail
cd "$(dirname "$0")/../../.."
base=$1; reps=$2; transports=$3; shift 3
args=("$@")
ulimit -n "$(ulimit -Hn)"
tmp=$(mktemp -d /tmp/rxchat-base.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
git archive "$base" $(git ls-tree --name-only "$base" | grep -xE 'RxChat\.Server|RxChat\.Protocol|Directory\.Build\.props|\.editorconfig') | tar -x -C "$tmp"
dotnet build -c Release "$tmp/RxChat.Server/RxChat.Server.csproj" -v q -nologo >/dev/null
dotnet build -c Release RxChat.Server/RxChat.Server.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/RxChat.Load/RxChat.Load.csproj -v q -nologo >/dev/null
declare -A dll=([base]="$tmp/RxChat.Server/bin/Release/net10.0/RxChat.Server.dll"
                [head]="RxChat.Server/bin/Release/net10.0/RxChat.Server.dll")
port=$((24000 + RANDOM % 2000)); results="$tmp/results.txt"
for ((rep = 1; rep <= reps; rep++)); do
  order="base head"; ((rep % 2 == 0)) && order="head base"
  for which in $order; do
  for transport in $transports; do
    for _ in $(seq 120); do pgrep -f 'RxChat.Load.dll' >/dev/null || break; sleep 1; done
    port=$((port + 3)); http=$((port + 1)); log="$tmp/$which-$rep.log"; data="$tmp/data-$which-$rep"
    dotnet "${dll[$which]}" --port "$port" --host 127.0.0.1 --http-port "$http" --data-dir "$data" \
      --RxChat:Limits:ExemptLoopback true >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 300); do grep -qs "Server started on" "$log" && break; sleep 0.1; done
    extra=(--metrics-port "$http"); [ "$transport" = ws ] && extra+=(--transport ws --ws-port "$http")
    line=$(timeout 300 dotnet bench/RxChat.Load/bin/Release/net10.0/RxChat.Load.dll "${args[@]}" \
      --port "$port" "${extra[@]}" --server-pid "$pid" --label "$which-$transport" | grep '^RESULT' || echo "RESULT label=$which-$transport outcome=error")
    cut=$(curl -s "http://127.0.0.1:$http/metrics" | awk '/^rxchat_slow_readers_cut_off_total/ {print $2}')
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    rm -rf "$data"
    echo "$line cut_off=${cut:-?} load1=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$results"
  done
  done
done
echo "medians over $reps runs (base = $base, head = $(git rev-parse --short HEAD)):"
for which in $(for w in base head; do for t in $transports; do echo "$w-$t"; done; done); do
  printf '%-9s' "$which"
  for k in login_s lines_per_s p50_ms p99_ms max_ms lost srv_cpu_pct srv_peak_rss_mib srv_gc_pause_ms srv_gc_gen0 srv_gc_gen1 srv_gc_gen2 machine_busy_pct load_cpu_pct cut_off; do
    vals=$(grep "label=$which " "$results" | grep -o " $k=[0-9.]*" | cut -d= -f2 | sort -g || true)
    [ -z "$vals" ] && continue
    n=$(wc -l <<<"$vals")
    printf '  %s=%s' "$k" "$(sed -n "$(((n + 1) / 2))p" <<<"$vals")"
  done
  echo
done
