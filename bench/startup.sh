#!/usr/bin/env bash
# Times the real server's start-up on a long log: from process start to its
# "Server started on" line, which it logs once the log is loaded (snapshot + replay).
#
#   bench/startup.sh [--reps 5] [--entries 1000000] [--keep DIR]
#
# Makes (once, with bench/RxChat.Seed) data directories of N logged entries in three shapes:
#   tail-0      a snapshot at the end (a clean stop: the server snapshots on stopping)
#   tail-10000  the last snapshot 10,000 entries before the end (kill -9 right before the
#               next snapshot was due: the most a server replays with the default settings)
#   tail-none   no snapshot at all: every entry is replayed
# plus `empty` (a new data directory) for the runtime's own start. Each run starts the
# server on a fresh copy of the directory (its start appends an entry), on a new loopback
# port, interleaved case by case; medians at the end. With --keep DIR the seeded directories
# are kept in DIR and reused by the next call with the same DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=5; entries=1000000; keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift ;;
    --entries) entries="$2"; shift ;;
    --keep) keep="$2"; shift ;;
    *) echo "usage: $0 [--reps N] [--entries N] [--keep DIR]" >&2; exit 64 ;;
  esac
  shift
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "building (Release)…" >&2
dotnet build -c Release RxChat.Server/RxChat.Server.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/RxChat.Seed/RxChat.Seed.csproj -v q -nologo >/dev/null
server_dll=RxChat.Server/bin/Release/net10.0/RxChat.Server.dll
seed=(dotnet bench/RxChat.Seed/bin/Release/net10.0/RxChat.Seed.dll)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rxchat-startup.XXXXXX")
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
seeds=${keep:-$tmp/seeds}
mkdir -p "$seeds"
for tail in 0 10000 none; do
  dir="$seeds/$entries-tail-$tail"
  if [ ! -s "$dir/rxchat.db" ]; then
    rm -rf "$dir"
    echo "seeding $dir…" >&2
    "${seed[@]}" --data-dir "$dir" --entries "$entries" --tail "$tail" 2>/dev/null | tee -a "$seeds/seed.txt" >&2
  fi
done

port=$((26000 + RANDOM % 1000)); results="$tmp/results.txt"; : >"$results"
cases="empty tail-0 tail-10000 tail-none"
for ((rep = 1; rep <= reps; rep++)); do
  order=$cases; ((rep % 2 == 0)) && order=$(tr ' ' '\n' <<<"$cases" | tac | tr '\n' ' ')
  for c in $order; do
    run="$tmp/run"; rm -rf "$run"
    if [ "$c" = empty ]; then mkdir -p "$run"; else cp -r "$seeds/$entries-$c" "$run"; fi
    sync; port=$((port + 1)); log="$tmp/$c-$rep.log"
    t0=$(date +%s%N)
    dotnet "$server_dll" --port "$port" --host 127.0.0.1 --data-dir "$run" >"$log" 2>&1 &
    pid=$!
    ok=0
    for _ in $(seq 12000); do  # 120 s at most
      if grep -qs "Server started on" "$log"; then ok=1; break; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.01
    done
    t1=$(date +%s%N)
    kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""
    if [ $ok = 1 ]; then s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'); else s=fail; fi
    busy=$(awk '{ print $1 }' /proc/loadavg)
    echo "$c $rep startup_s=$s loadavg=$busy" | tee -a "$results"
  done
done

echo "medians over $reps runs, $entries entries ($(nproc) cores, RxChat at $(git rev-parse --short HEAD)):"
for c in $cases; do
  vals=$(grep "^$c " "$results" | grep -o 'startup_s=[0-9.]*' | cut -d= -f2 | sort -g)
  n=$(wc -l <<<"$vals")
  printf '%-11s median %s s  (min %s, max %s)\n' "$c" "$(sed -n "$(((n + 1) / 2))p" <<<"$vals")" "$(head -n1 <<<"$vals")" "$(tail -n1 <<<"$vals")"
done
