#!/usr/bin/env bash
# What `--durability full` costs against `normal` (the default): RxChat with its log on disk
# both ways, interleaved run by run through compare.sh (systems `rxchat` and `rxchat-full`),
# then the medians of lines/s and p99 per configuration and their ratio.
#
#   bench/durability.sh                  # A and A1, 3 repetitions each (~5 min plus the build)
#   bench/durability.sh --reps 5 --configs "A A1 B"
#
# A is throughput-bound (8 lines in flight per sender), A1 latency-bound (1 in flight): A1
# shows what each run's wait for the disk's flush adds to every line. The temporary data
# directories are on $TMPDIR's disk (here the repository's); what a flush costs is the disk's.
set -euo pipefail
cd "$(dirname "$0")/.."

reps=3; configs="A A1"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift ;;
    --configs) configs="$2"; shift ;;
    *) echo "usage: $0 [--reps N] [--configs \"A A1\"]" >&2; exit 64 ;;
  esac
  shift
done

bench/compare.sh --reps "$reps" --configs "$configs" --systems "rxchat rxchat-full" >/dev/null
out=$(ls -d bench/results/2*Z | tail -n 1) # compare.sh's series, just made
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, with \`bench/durability.sh --reps $reps --configs \"$configs\"\`"
  echo "(RxChat at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); log on $(df --output=source "${TMPDIR:-/tmp}" | tail -n 1), $(findmnt -no FSTYPE --target "${TMPDIR:-/tmp}" 2>/dev/null || echo '?')). Medians of $reps interleaved runs."
  echo
  echo "| config | lines/s normal | lines/s full | full/normal | p99 ms normal | p99 ms full | full/normal | runs complete |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  awk -v configs="$configs" '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n == 0 ? "" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2)
    }
    function ratio(x, y) { return (x == "" || y == "" || y + 0 == 0) ? "—" : sprintf("%.2f×", x / y) }
    {
      sys = $1; cfg = $2; runs[cfg, sys]++
      if ($0 ~ /outcome=complete/) done[cfg, sys]++
      for (i = 4; i <= NF; i++) {
        split($i, kv, "=")
        if (kv[1] == "lines_per_s") lps[cfg, sys] = lps[cfg, sys] " " kv[2]
        if (kv[1] == "p99_ms") p99[cfg, sys] = p99[cfg, sys] " " kv[2]
      }
    }
    END {
      n = split(configs, cs, " ")
      for (c = 1; c <= n; c++) {
        cfg = cs[c]
        ln = median(lps[cfg, "rxchat"]); lf = median(lps[cfg, "rxchat-full"])
        pn = median(p99[cfg, "rxchat"]); pf = median(p99[cfg, "rxchat-full"])
        printf "| %s | %.0f | %.0f | %s | %.1f | %.1f | %s | %d/%d normal, %d/%d full |\n", cfg, ln, lf, ratio(lf, ln), pn, pf, ratio(pf, pn),
          done[cfg, "rxchat"], runs[cfg, "rxchat"], done[cfg, "rxchat-full"], runs[cfg, "rxchat-full"]
      }
    }' "$out/results.txt"
} >"$out/durability.md"
cat "$out/durability.md"
