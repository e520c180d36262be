#!/usr/bin/env bash
# Measures one configuration against two builds of the RxChat server, interleaved:
# the working tree's and an earlier commit's. For "did this server change help?", on the
# same machine at the same time, since the machine's load moves absolute numbers a lot.
#
#   bench/ab-server.sh [--memory] <base-commit> [reps] [load-tool arguments…]
#   bench/ab-server.sh dac76bd 3 fanout --clients 2000 --senders 20 --rate 10 --duration 15 --deadline 90
#
# Both servers run with persistence ON, as by default: each run on a fresh data directory
# (a temporary folder, deleted with the rest); `--memory` runs both with --data-dir :memory:.
# (A base commit from before the log ignores --data-dir.)
#
# The base commit's server is exported with `git archive` into a temporary folder and
# built there; nothing in the repository changes. Prints each run and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
memory=0; if [ "${1:-}" = --memory ]; then memory=1; shift; fi
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
    # Another load run on the machine would measure neither: wait for it (at most 2 min).
    for _ in $(seq 120); do pgrep -f 'RxChat.Load.dll' >/dev/null || break; sleep 1; done
    port=$((port + 1)); log="$tmp/$which-$rep.log"
    data="$tmp/data-$which-$rep"; [ $memory = 1 ] && data=:memory:
    # Every load client comes from 127.0.0.1: exempt it from the per-address limits (a base
    # without them ignores the setting).
    dotnet "${dll[$which]}" --port "$port" --host 127.0.0.1 --http-port -1 --data-dir "$data" \
      --RxChat:Limits:ExemptLoopback true >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 300); do grep -qs "Server started on" "$log" && break; sleep 0.1; done
    line=$(timeout 300 dotnet bench/RxChat.Load/bin/Release/net10.0/RxChat.Load.dll "${args[@]}" \
      --port "$port" --server-pid "$pid" --label "$which" | grep '^RESULT' || echo "RESULT label=$which outcome=error")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    [ $memory = 1 ] || rm -rf "$data"
    echo "$line" | tee -a "$results"
  done
done

echo "medians over $reps runs (base = $base, head = $(git rev-parse --short HEAD), $([ $memory = 1 ] && echo ':memory:' || echo 'persistence on')):"
for which in base head; do
  printf '%-5s' "$which"
  for k in lines_per_s p50_ms p99_ms max_ms lost srv_cpu_pct srv_peak_rss_mib machine_busy_pct storm_s users_max_ms; do
    vals=$(grep "label=$which " "$results" | grep -o " $k=[0-9.]*" | cut -d= -f2 | sort -g || true)
    [ -z "$vals" ] && continue
    n=$(wc -l <<<"$vals")
    printf '  %s=%s' "$k" "$(sed -n "$(((n + 1) / 2))p" <<<"$vals")"
  done
  echo
done
