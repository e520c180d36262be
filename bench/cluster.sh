#!/usr/bin/env bash
# Config A (1 room × 50 clients, 10 senders × 2,000 lines, 8 in flight) against RxChat as
# several nodes over NATS JetStream, beside one RxChat node and `ncat --broker`, interleaved
# run by run, and one table of medians. Systems:
#   single   one RxChat node, its log in a fresh data directory (the server as a user runs it)
#   nats-r1  two RxChat nodes, half the clients (and half the senders) on each, one nats-server
#   nats-r3  the same over a three-node NATS cluster, the log an R3 stream
#   ncat     ncat --broker
# and the floors, measuring sticks for what the machine itself allows (never product paths):
#   floor          bench/floor: one process, a minimal C epoll relay with no rules (make -C bench/floor)
#   floor-nats-r1  two bench/FloorNats relays over one nats-server: every line through one
#                  JetStream stream, each relay delivering it to its own members, nothing else
#   floor-nats-r3  the same over the three-node NATS cluster, the stream R3
#
#   bench/cluster.sh                  # 3 repetitions
#   bench/cluster.sh --reps 1 --systems "single nats-r1"
#   bench/cluster.sh --reps 1 --warm --tool-spin-off --systems "single floor nats-r1 floor-nats-r1"
#   bench/cluster.sh --warm           # each system first takes a tenth of A, unmeasured
#   bench/cluster.sh --tool-spin-off  # the load tool's thread pool does not spin while idle
#
# --warm: A lasts about 2 s, and a fresh node compiles what it first calls in it (the server
# runs with tiered compilation off; its own warm-up before listening covers one login, not the
# NATS path): a profile of two nodes found that a seventh of each node's CPU in A (one node: a
# ninth). With --warm every system, the single node too, is first driven through a tenth of A
# on the same servers, not measured, so the figure is a running server's. --tool-spin-off:
# the load tool shares the 2 cores, and its idle thread-pool workers' spinning took CPU the
# servers needed (+25-70 % for two nodes in 3 interleaved pairs with it off for the tool); it
# sets DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 for the load tool only, every system alike.
#
# Every server (RxChat, nats-server, ncat) is started fresh per run on new loopback ports
# and stopped by its pid afterwards; every run has a hard deadline. Results:
# bench/results/cluster-<UTC stamp>/ (results.txt and table.md; the rest is git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

reps=3; systems="single nats-r1 nats-r3 ncat"; warm=0; tool_env=()
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift ;;
    --systems) systems="$2"; shift ;;
    --warm) warm=1 ;;
    --tool-spin-off) tool_env=(env DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0) ;;
    *) echo "usage: $0 [--reps N] [--systems \"single nats-r1 nats-r3 ncat floor floor-nats-r1 floor-nats-r3\"] [--warm] [--tool-spin-off]" >&2; exit 64 ;;
  esac
  shift
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v nats-server >/dev/null || { echo "nats-server missing: apt-get install -y nats-server" >&2; exit 1; }
command -v ncat >/dev/null || { echo "ncat missing: apt-get install -y ncat" >&2; exit 1; }
echo "building (Release)…" >&2
dotnet build -c Release RxChat.Server/RxChat.Server.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/RxChat.Load/RxChat.Load.csproj -v q -nologo >/dev/null
case " $systems " in *" floor "*) make -s -C bench/floor >/dev/null ;; esac
case " $systems " in *" floor-nats-"*) dotnet build -c Release bench/FloorNats/FloorNats.csproj -v q -nologo >/dev/null ;; esac
floor_nats_dll=bench/FloorNats/bin/Release/net10.0/FloorNats.dll
server_dll=RxChat.Server/bin/Release/net10.0/RxChat.Server.dll
load=(dotnet bench/RxChat.Load/bin/Release/net10.0/RxChat.Load.dll)
config_a="fanout --clients 50 --senders 10 --messages 2000 --inflight 8 --deadline 90"
warm_up="fanout --clients 50 --senders 10 --messages 200 --inflight 8 --deadline 60"

out="bench/results/cluster-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
results="$out/results.txt"; : >"$results"
port=$((20000 + RANDOM % 8000))
pids=(); tmp=""; nats_urls=""

stop_all() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 100); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
  if [ -n "$tmp" ]; then rm -rf "$tmp"; tmp=""; fi
}
trap stop_all EXIT

wait_for() { # $1 file, $2 text, $3 pid: until the text is in the file (30 s at most)
  for _ in $(seq 300); do
    grep -qs "$2" "$1" && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  echo "not started: $2 (see $1)" >&2; return 1
}

start_nats() { # $1 name, $2 client port, $3 route port or "", $4 all route ports
  local conf="$tmp/$1.conf"
  echo "server_name: $1" >"$conf"
  echo "listen: 127.0.0.1:$2" >>"$conf"
  echo "jetstream { store_dir: \"$tmp/$1\" }" >>"$conf"
  if [ -n "$3" ]; then
    echo "cluster { name: rxc, listen: 127.0.0.1:$3, routes: [$4] }" >>"$conf"
  fi
  nats-server -c "$conf" >"$tmp/$1.log" 2>&1 &
  pids+=($!)
  wait_for "$tmp/$1.log" "Server is ready" "${pids[-1]}"
}

start_node() { # $1 port, $2 log, extra arguments…
  local p=$1 log=$2; shift 2
  # Loopback is exempt from the per-address bounds (50 open, 60 new a minute), as in compare.sh:
  # every member comes from 127.0.0.1, and --warm connects A's 50 twice within the minute.
  dotnet "$server_dll" --host 127.0.0.1 --port "$p" --http-port -1 --RxChat:Limits:ExemptLoopback true "$@" >"$log" 2>&1 &
  pids+=($!)
  wait_for "$log" "Server started on 127.0.0.1:$p" "${pids[-1]}"
}

start_floor_nats() { # $1 port, $2 log, $3 NATS URLs, $4 node, $5 replicas
  dotnet "$floor_nats_dll" --host 127.0.0.1 --port "$1" --nats "$3" --node "$4" --replicas "$5" >"$2" 2>&1 &
  pids+=($!)
  wait_for "$2" "FloorNats listening on 127.0.0.1:$1" "${pids[-1]}"
}

nats_one() { # $1 base port: one nats-server on base + 10; sets nats_urls
  nats_urls="nats://127.0.0.1:$(($1 + 10))"
  start_nats n1 $(($1 + 10)) "" ""
}

nats_three() { # $1 base port: a three-node NATS cluster, clients on base + 10…12, routes on base + 20…22; sets nats_urls
  local routes="nats-route://127.0.0.1:$(($1 + 20)), nats-route://127.0.0.1:$(($1 + 21)), nats-route://127.0.0.1:$(($1 + 22))" i
  nats_urls="nats://127.0.0.1:$(($1 + 10)),nats://127.0.0.1:$(($1 + 11)),nats://127.0.0.1:$(($1 + 12))"
  for i in 0 1 2; do start_nats "n$((i + 1))" $(($1 + 10 + i)) $(($1 + 20 + i)) "$routes" || return 1; done
}

run_one() { # $1 system, $2 rep
  local sys=$1 rep=$2 log="$out/A-$1-$2" args
  port=$((port + 100)); tmp=$(mktemp -d "${TMPDIR:-/tmp}/rxchat-cluster-bench.XXXXXX")
  args="--port $port --proto rxchat"
  case "$sys" in
    single)
      start_node "$port" "$log.server.log" --data-dir "$tmp/data" || { stop_all; return 0; } ;;
    nats-r1)
      nats_one "$port" || { stop_all; return 0; }
      start_node "$port" "$log.n1.log" --nats "$nats_urls" --node n1 &&
      start_node $((port + 1)) "$log.n2.log" --nats "$nats_urls" --node n2 || { stop_all; return 0; }
      args="$args --also-port $((port + 1))" ;;
    nats-r3)
      nats_three "$port" || { stop_all; return 0; }
      start_node "$port" "$log.n1.log" --nats "$nats_urls" --node n1 --RxChat:Nats:Replicas 3 &&
      start_node $((port + 1)) "$log.n2.log" --nats "$nats_urls" --node n2 --RxChat:Nats:Replicas 3 || { stop_all; return 0; }
      args="$args --also-port $((port + 1))" ;;
    floor)
      bench/floor/floor --host 127.0.0.1 --port "$port" >"$log.server.log" 2>&1 &
      pids+=($!)
      wait_for "$log.server.log" "Floor listening on 127.0.0.1:$port" "${pids[-1]}" || { stop_all; return 0; } ;;
    floor-nats-r1 | floor-nats-r3)
      local replicas=1
      if [ "$sys" = floor-nats-r1 ]; then nats_one "$port" || { stop_all; return 0; }
      else replicas=3; nats_three "$port" || { stop_all; return 0; }; fi
      start_floor_nats "$port" "$log.n1.log" "$nats_urls" n1 $replicas &&
      start_floor_nats $((port + 1)) "$log.n2.log" "$nats_urls" n2 $replicas || { stop_all; return 0; }
      args="$args --also-port $((port + 1))" ;;
    ncat)
      ncat --broker --listen 127.0.0.1 "$port" --max-conns 1000 >"$log.server.log" 2>&1 &
      pids+=($!)
      for _ in $(seq 100); do [ -n "$(ss -Hltn "sport = :$port")" ] && break; sleep 0.05; done
      args="--port $port --proto broker" ;;
  esac
  local server_pids; server_pids=$(IFS=,; echo "${pids[*]}")
  if [ $warm = 1 ]; then
    # shellcheck disable=SC2086
    timeout 90 "${tool_env[@]}" "${load[@]}" $warm_up $args --label "warm-$sys" >"$log.warm.txt" 2>&1 || true
  fi
  # shellcheck disable=SC2086
  timeout 150 "${tool_env[@]}" "${load[@]}" $config_a $args --server-pid "$server_pids" --label "A-$sys" >"$log.txt" 2>&1 || true
  stop_all
  local line; line=$(grep '^RESULT ' "$log.txt" | tail -n 1)
  echo "$sys A $rep ${line:-RESULT outcome=no-result}" >>"$results"
  echo "  A $sys #$rep: $(grep -o 'outcome=[^ ]*\|lines_per_s=[^ ]*\|p99_ms=[^ ]*\|lost=[^ ]*' <<<"$line" | tr '\n' ' ')" >&2
}

echo "$reps repetitions of A; systems: $systems; results in $out" >&2
for ((rep = 1; rep <= reps; rep++)); do
  order=$systems
  if ((rep % 2 == 0)); then order=$(tr ' ' '\n' <<<"$systems" | tac | tr '\n' ' '); fi
  for sys in $order; do run_one "$sys" "$rep"; done
done

# Medians per system, and each system's lines/s against single, ncat and the C floor.
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, reps=$reps, config A$([ $warm = 1 ] && echo ' after a warm-up of a tenth of it')$([ ${#tool_env[@]} -gt 0 ] && echo ', the load tool not spinning'), with \`bench/cluster.sh\` (RxChat at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nats-server --version 2>&1 | head -n 1))."
  echo
  awk '
    function median(list,    a, n, i, j, t) {
      n = split(list, a, " "); if (n == 0) return 0
      for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    { sys = $1; if (!(sys in seen)) { seen[sys] = 1; order[++n] = sys }
      for (i = 4; i <= NF; i++) { split($i, kv, "="); v[sys, kv[1]] = v[sys, kv[1]] " " kv[2] } }
    END {
      single = median(v["single", "lines_per_s"]); ncat = median(v["ncat", "lines_per_s"]); floor = median(v["floor", "lines_per_s"])
      print "| system | delivered lines/s | vs single | vs ncat | vs floor | p50 ms | p99 ms | lost (worst) | server CPU % |"
      print "|---|---|---|---|---|---|---|---|---|"
      for (k = 1; k <= n; k++) {
        s = order[k]; l = median(v[s, "lines_per_s"])
        split(v[s, "lost"], lost, " "); worst = 0; for (i in lost) if (lost[i] + 0 > worst) worst = lost[i] + 0
        printf "| %s | %.0f | %s | %s | %s | %.1f | %.1f | %d | %.0f |\n", s, l,
          single ? sprintf("%.2f", l / single) : "-", ncat ? sprintf("%.2f", l / ncat) : "-", floor ? sprintf("%.2f", l / floor) : "-",
          median(v[s, "p50_ms"]), median(v[s, "p99_ms"]), worst, median(v[s, "srv_cpu_pct"])
      }
    }' "$results"
} >"$out/table.md"
cat "$out/table.md"
