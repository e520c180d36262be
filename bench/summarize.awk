# Turns bench/compare.sh's results.txt ("system config rep RESULT name=value …" lines)
# into one Markdown table: per configuration and metric, the median over the repetitions
# for RxChat and for ncat, their ratio, and the issue's target with a verdict. Counts of
# things that went wrong (lost, malformed, …) show the worst run instead of the median.
# mawk-compatible (Debian's default awk): no asort, so a small insertion sort.

function median(list,    a, n, i, j, t) {
  n = split(list, a, " ")
  if (n == 0) return ""
  for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
function worst(list,    a, n, i, m) {
  n = split(list, a, " ")
  if (n == 0) return ""
  m = a[1] + 0
  for (i = 2; i <= n; i++) if (a[i] + 0 > m) m = a[i] + 0
  return m
}
function fmt(v) {
  if (v == "") return "-"
  if (v >= 1000) return sprintf("%.0f", v)
  if (v >= 100) return sprintf("%.1f", v)
  return sprintf("%.3g", v)
}
# A target is "ratio>=X", "<=X", ">=X" or "=X"; the verdict compares the median with it.
function verdict(target, rx, nc,    op, x, v) {
  if (target == "" || rx == "") return ""
  v = rx + 0
  if (target ~ /^ratio/) { if (nc == "" || nc + 0 == 0) return "?"; v = (rx + 0) / (nc + 0); target = substr(target, 6) }
  op = substr(target, 1, 2); x = substr(target, 3) + 0
  if (op == ">=") return v >= x ? "met" : "MISSED"
  if (op == "<=") return v <= x ? "met" : "MISSED"
  x = substr(target, 2) + 0
  return v == x ? "met" : "MISSED"
}

BEGIN {
  order = "A AL A1 B C D DS"
  fanout = "lines_per_s p50_ms p99_ms max_ms lost malformed misordered misattributed foreign srv_cpu_pct srv_peak_rss_mib srv_threads load_cpu_pct machine_busy_pct login_s"
  idle = "joined failed storm_s logins_per_s srv_storm_cpu_pct load_storm_cpu_pct machine_busy_pct users_p50_ms users_max_ms users_names srv_rss_mib srv_peak_rss_mib srv_threads"
  # Correctness counts show the worst run, not the median: one run that lost lines is a finding.
  split("lost malformed misordered misattributed foreign failed", w, " "); for (i in w) worstcase[w[i]] = 1
  target["A,lines_per_s"] = "ratio>=1.0"; target["A,p99_ms"] = "<=10"
  target["AL,lines_per_s"] = "ratio>=1.0"; target["AL,p99_ms"] = "<=10"
  target["A1,lines_per_s"] = "ratio>=1.2"
  target["B,lines_per_s"] = ">=250000"
  target["C,joined"] = "=" c_conns; target["C,storm_s"] = "<=10"
  target["C,srv_rss_mib"] = "<=1024"; target["C,users_max_ms"] = "<=100"
  target["D,lost"] = "=0"; target["D,p99_ms"] = "<=50"
}
{
  sys = $1; cfg = $2; seen[cfg] = 1; runs[cfg, sys]++
  for (i = 5; i <= NF; i++) {
    eq = index($i, "="); k = substr($i, 1, eq - 1); v = substr($i, eq + 1)
    if (k == "outcome") { if (v == "complete") ok[cfg, sys]++; continue }
    if (v ~ /^-?[0-9.]+$/) vals[cfg, sys, k] = vals[cfg, sys, k] " " v
  }
}
END {
  print "| config | metric | RxChat (median) | ncat (median) | RxChat/ncat | target | verdict |"
  print "|---|---|---:|---:|---:|---|---|"
  n = split(order, cfgs, " ")
  for (c = 1; c <= n; c++) {
    cfg = cfgs[c]; if (!(cfg in seen)) continue
    printf "| %s | runs complete | %d/%d | %s | | | |\n", cfg, ok[cfg, "rxchat"], runs[cfg, "rxchat"], \
      (runs[cfg, "ncat"] ? ok[cfg, "ncat"] "/" runs[cfg, "ncat"] : "-")
    m = split(cfg == "C" ? idle : fanout, metrics, " ")
    for (i = 1; i <= m; i++) {
      k = metrics[i]
      if (k in worstcase) { rx = worst(vals[cfg, "rxchat", k]); nc = worst(vals[cfg, "ncat", k]); k = k " (worst)" }
      else { rx = median(vals[cfg, "rxchat", k]); nc = median(vals[cfg, "ncat", k]) }
      t = target[cfg "," metrics[i]]
      if (rx == "" && nc == "") continue
      ratio = (rx != "" && nc != "" && nc + 0 != 0) ? sprintf("%.2f×", rx / nc) : ""
      printf "| %s | %s | %s | %s | %s | %s | %s |\n", cfg, k, fmt(rx), fmt(nc), ratio, t, verdict(t, rx, nc)
    }
  }
}
