#!/usr/bin/env bash
# Times the real server's start-up on a long log: from process start to its
# "Server started on" line, which it logs once the log is loaded (snapshot + replay).
#
#   bench/startup.sh [--reps 5] [--entries 1000000] [--keep DIR] [--cases "empty tail-0 tail-10000 tail-none first-login"] [--base COMMIT]
#   bench/startup.sh --cases first-login --reps 7 --base HEAD~1     # only the first login, A/B
#
# Makes (once, with bench/RxChat.Seed) data directories of N logged entries in three shapes:
#   tail-0      a snapshot at the end (a clean stop: the server snapshots on stopping)
#   tail-10000  the last snapshot 10,000 entries before the end (kill -9 right before the
#               next snapshot was due: the most a server replays with the default settings)
#   tail-none   no snapshot at all: every entry is replayed
# plus `empty` (a new data directory) for the runtime's own start, and `first-login`: a new
# data directory, and a client that connects every millisecond until the port accepts, then
# logs in at once (first_login_ms: from the connect that succeeded to the `Welcome` line;
# second_login_ms: a second client's login right after, for comparison). Each run starts the
# server on a fresh copy of the directory (its start appends an entry), on a new loopback
# port, interleaved case by case; medians at the end. With --keep DIR the seeded directories
# are kept in DIR and reused by the next call with the same DIR. With --base COMMIT, that
# commit's server (exported with git archive and built in a temporary folder, as
# ab-server.sh does) runs too, interleaved with the working tree's, for an A/B.
# Reported per run: wall time to the line (startup_s) and the CPU time the server had used
# by then (cpu_s, user + system): the latter moves much less with the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=5; entries=1000000; keep=""; cases="empty tail-0 tail-10000 tail-none first-login"; base=""
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift ;;
    --entries) entries="$2"; shift ;;
    --keep) keep="$2"; shift ;;
    --cases) cases="$2"; shift ;;
    --base) base="$2"; shift ;;
    *) echo "usage: $0 [--reps N] [--entries N] [--keep DIR] [--cases \"…\"] [--base COMMIT]" >&2; exit 64 ;;
  esac
  shift
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "building (Release)…" >&2
dotnet build -c Release RxChat.Server/RxChat.Server.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/RxChat.Seed/RxChat.Seed.csproj -v q -nologo >/dev/null
seed=(dotnet bench/RxChat.Seed/bin/Release/net10.0/RxChat.Seed.dll)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rxchat-startup.XXXXXX")
declare -A dll=([head]="RxChat.Server/bin/Release/net10.0/RxChat.Server.dll")
servers="head"
if [ -n "$base" ]; then
  mkdir -p "$tmp/base"
  git archive "$base" $(git ls-tree --name-only "$base" | grep -xE 'RxChat\.Server|RxChat\.Protocol|Directory\.Build\.props|\.editorconfig') | tar -x -C "$tmp/base"
  dotnet build -c Release "$tmp/base/RxChat.Server/RxChat.Server.csproj" -v q -nologo >/dev/null
  dll[base]="$tmp/base/RxChat.Server/bin/Release/net10.0/RxChat.Server.dll"
  servers="base head"
fi
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
seeds=${keep:-$tmp/seeds}
mkdir -p "$seeds"
for tail in 0 10000 none; do
  grep -qw "tail-$tail" <<<"$cases" || continue
  dir="$seeds/$entries-tail-$tail"
  if [ ! -s "$dir/rxchat.db" ]; then
    rm -rf "$dir"
    echo "seeding $dir…" >&2
    "${seed[@]}" --data-dir "$dir" --entries "$entries" --tail "$tail" 2>/dev/null | tee -a "$seeds/seed.txt" >&2
  fi
done

port=$((26000 + RANDOM % 1000)); results="$tmp/results.txt"; : >"$results"
for ((rep = 1; rep <= reps; rep++)); do
  order=$cases; ((rep % 2 == 0)) && order=$(tr ' ' '\n' <<<"$cases" | tac | tr '\n' ' ')
  which_order=$servers; ((rep % 2 == 0)) && which_order=$(tr ' ' '\n' <<<"$servers" | tac | tr '\n' ' ')
  for c in $order; do for which in $which_order; do
    run="$tmp/run"; rm -rf "$run"
    if [ "$c" = empty ] || [ "$c" = first-login ]; then mkdir -p "$run"; else cp -r "$seeds/$entries-$c" "$run"; fi
    sync; port=$((port + 1)); log="$tmp/$c-$rep.log"
    t0=$(date +%s%N)
    dotnet "${dll[$which]}" --port "$port" --host 127.0.0.1 --data-dir "$run" >"$log" 2>&1 &
    pid=$!
    ok=0; login=""
    if [ "$c" = first-login ]; then
      # Connect every millisecond until the port accepts; time that connection's login.
      login=$(python3 - "$port" <<'PY' || true
import socket, sys, time
port = int(sys.argv[1]); deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    s = socket.socket(); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try: s.connect(("127.0.0.1", port))
    except OSError: s.close(); time.sleep(0.001); continue
    t0 = time.monotonic()
    s.sendall(b"alice\n")
    data = b""
    while b"\n" not in data:
        chunk = s.recv(4096)
        if not chunk: raise SystemExit("closed")
        data += chunk
    first = (time.monotonic() - t0) * 1000
    if not data.startswith(b"Welcome"): raise SystemExit(data)
    s2 = socket.create_connection(("127.0.0.1", port)); t1 = time.monotonic(); s2.sendall(b"bob\n")
    data = b""
    while b"\n" not in data: data += s2.recv(4096)
    print(f"first_login_ms={first:.1f} second_login_ms={(time.monotonic() - t1) * 1000:.1f}")
    break
PY
)
      [ -n "$login" ] && ok=1
    fi
    for _ in $(seq 12000); do  # 120 s at most
      if grep -qs "Server started on" "$log"; then ok=1; break; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.01
    done
    [ "$c" = first-login ] && [ -z "$login" ] && ok=0
    t1=$(date +%s%N)
    cpu=$(awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$pid/stat" 2>/dev/null || echo fail)
    kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""
    if [ $ok = 1 ]; then s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'); else s=fail; fi
    busy=$(awk '{ print $1 }' /proc/loadavg)
    echo "$c $which $rep startup_s=$s cpu_s=$cpu ${login:+$login }loadavg=$busy" | tee -a "$results"
  done; done
done

echo "medians over $reps runs, $entries entries ($(nproc) cores, RxChat at $(git rev-parse --short HEAD)):"
med() { local v n; v=$(sort -g); n=$(wc -l <<<"$v"); sed -n "$(((n + 1) / 2))p" <<<"$v"; }
for c in $cases; do for which in $servers; do
  wall=$(grep "^$c $which " "$results" | grep -o 'startup_s=[0-9.]*' | cut -d= -f2)
  cpu=$(grep "^$c $which " "$results" | grep -o 'cpu_s=[0-9.]*' | cut -d= -f2)
  printf '%-11s %-4s wall median %s s (min %s, max %s), cpu median %s s\n' "$c" "$which" "$(med <<<"$wall")" \
    "$(sort -g <<<"$wall" | head -n1)" "$(sort -g <<<"$wall" | tail -n1)" "$(med <<<"$cpu")"
  if [ "$c" = first-login ]; then
    first=$(grep "^$c $which " "$results" | grep -o 'first_login_ms=[0-9.]*' | cut -d= -f2)
    second=$(grep "^$c $which " "$results" | grep -o 'second_login_ms=[0-9.]*' | cut -d= -f2)
    printf '%-11s %-4s first login (port accepting to Welcome) median %s ms (min %s, max %s), second login median %s ms\n' "$c" "$which" \
      "$(med <<<"$first")" "$(sort -g <<<"$first" | head -n1)" "$(sort -g <<<"$first" | tail -n1)" "$(med <<<"$second")"
  fi
done; done
