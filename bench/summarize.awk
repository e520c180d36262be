# Turns bench/compare.sh's results.txt ("system config rep RESULT name=value …" lines)
# into one Markdown table: per configuration and metric, the median over the repetitions
# for each system that ran (RxChat with its log on disk, RxChat with --data-dir :memory:,
# ncat), their ratios (each RxChat against ncat, disk against memory), and the issue's
# target with a verdict. Counts of things that went wrong (lost, malformed, …) show the
# worst run instead of the median.
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
  order = "A AL A1 B C D DS DW L"
  fanout = "lines_per_s cpu_us_per_line p50_ms p99_ms max_ms srv_gc_pause_ms srv_gc_gen0 srv_gc_gen2 srv_gc_mean_pause_ms lost malformed misordered misattributed foreign srv_cpu_pct srv_peak_rss_mib srv_threads load_cpu_pct machine_busy_pct login_s"
  idle = "joined failed storm_s logins_per_s srv_storm_cpu_pct load_storm_cpu_pct machine_busy_pct users_p50_ms users_max_ms users_names srv_rss_mib srv_peak_rss_mib srv_kib_per_conn srv_threads"
  leave = "joined failed storm_s leave_welcome_ms leave_users_ms leave_users_names leave_deliveries_s leave_stayers_told_all srv_leave_cpu_s srv_rss_leave_mib machine_busy_pct"
  # Correctness counts show the worst run, not the median: one run that lost lines is a finding.
  split("lost malformed misordered misattributed foreign failed", w, " "); for (i in w) worstcase[w[i]] = 1
  # Issue 13's targets (the fan-out that costs the fold O(1)).
  target["A,lines_per_s"] = "ratio>=1.2"; target["A,p99_ms"] = "<=10"
  target["A1,cpu_us_per_line"] = "ratio<=0.5"
  target["C,srv_kib_per_conn"] = "<=10"
  target["L,leave_welcome_ms"] = "<=500"; target["L,leave_users_ms"] = "<=500"; target["L,leave_stayers_told_all"] = "=100"
  target["AL,lines_per_s"] = "ratio>=1.0"; target["AL,p99_ms"] = "<=10"
  target["A1,lines_per_s"] = "ratio>=1.5"
  target["B,lines_per_s"] = ">=250000"
  target["C,joined"] = "=" c_conns; target["C,storm_s"] = "<=10"
  target["C,srv_rss_mib"] = "<=1024"; target["C,users_max_ms"] = "<=100"
  target["D,lost"] = "=0"; target["D,p99_ms"] = "<=25"
}
{
  sys = $1; cfg = $2; seen[cfg] = 1; runs[cfg, sys]++
  for (i = 5; i <= NF; i++) {
    eq = index($i, "="); k = substr($i, 1, eq - 1); v = substr($i, eq + 1)
    if (k == "outcome") { if (v == "complete") ok[cfg, sys]++; continue }
    if (v ~ /^-?[0-9.]+$/) vals[cfg, sys, k] = vals[cfg, sys, k] " " v
    if (k == "lines_per_s") lps = v + 0; if (k == "srv_cpu_pct") cpu = v + 0
  }
  # Server CPU per delivered line, in microseconds (100 % = one core for one second).
  if (lps > 0 && cpu > 0) vals[cfg, sys, "cpu_us_per_line"] = vals[cfg, sys, "cpu_us_per_line"] " " (cpu / 100 * 1e6 / lps)
  lps = 0; cpu = 0
}
END {
  # The systems that ran, in a fixed order: RxChat with its log on disk (the default),
  # RxChat with --data-dir :memory:, ncat. Ratios against ncat for each RxChat, and disk
  # against memory (the cost of persistence) when both ran; a verdict per RxChat.
  # The floor (bench/floor, a minimal epoll relay) is what the machine allows at all: RxChat
  # against it, and RxChat's WebSocket members against its TCP ones, when both ran; the
  # floor's WebSocket members (floor-ws) against its TCP ones, and RxChat's against the floor's.
  ns = 0
  na = split("rxchat rxchat-mem rxchat-full rxchat-ws rxchat-irc floor floor-ws ncat", all, " ")
  for (s = 1; s <= na; s++) for (key in runs) { split(key, kk, SUBSEP); if (kk[2] == all[s]) { sy[++ns] = all[s]; break } }
  name["rxchat"] = "RxChat, log on disk"; name["rxchat-mem"] = "RxChat, :memory:"; name["ncat"] = "ncat"
  name["rxchat-full"] = "RxChat, durability full"; name["rxchat-ws"] = "RxChat, WebSocket members"; name["floor"] = "floor"; name["floor-ws"] = "floor, WebSocket members"; name["rxchat-irc"] = "RxChat, IRC members"
  for (s = 1; s <= na; s++) has[all[s]] = 0
  for (s = 1; s <= ns; s++) has[sy[s]] = 1
  head = "| config | metric |"; rule = "|---|---|"
  for (s = 1; s <= ns; s++) { head = head " " name[sy[s]] " (median) |"; rule = rule "---:|" }
  if (has["rxchat"] && has["ncat"]) { head = head " disk/ncat |"; rule = rule "---:|" }
  if (has["rxchat-mem"] && has["ncat"]) { head = head " mem/ncat |"; rule = rule "---:|" }
  if (has["rxchat"] && has["rxchat-mem"]) { head = head " disk/mem |"; rule = rule "---:|" }
  if (has["rxchat"] && has["floor"]) { head = head " disk/floor |"; rule = rule "---:|" }
  if (has["rxchat-ws"] && has["rxchat"]) { head = head " ws/disk |"; rule = rule "---:|" }
  if (has["rxchat-irc"] && has["rxchat"]) { head = head " irc/disk |"; rule = rule "---:|" }
  if (has["floor-ws"] && has["floor"]) { head = head " floor ws/tcp |"; rule = rule "---:|" }
  if (has["rxchat-ws"] && has["floor-ws"]) { head = head " ws/floor-ws |"; rule = rule "---:|" }
  head = head " target |"; rule = rule "---|"
  if (has["rxchat"]) { head = head " verdict (disk) |"; rule = rule "---|" }
  if (has["rxchat-mem"]) { head = head " verdict (:memory:) |"; rule = rule "---|" }
  print head; print rule
  n = split(order, cfgs, " ")
  for (c = 1; c <= n; c++) {
    cfg = cfgs[c]; if (!(cfg in seen)) continue
    line = "| " cfg " | runs complete |"
    for (s = 1; s <= ns; s++) line = line " " (runs[cfg, sy[s]] ? (ok[cfg, sy[s]] + 0) "/" runs[cfg, sy[s]] : "-") " |"
    line = line (has["rxchat"] && has["ncat"] ? " |" : "") (has["rxchat-mem"] && has["ncat"] ? " |" : "") (has["rxchat"] && has["rxchat-mem"] ? " |" : "")
    line = line (has["rxchat"] && has["floor"] ? " |" : "") (has["rxchat-ws"] && has["rxchat"] ? " |" : "") (has["rxchat-irc"] && has["rxchat"] ? " |" : "")
    line = line (has["floor-ws"] && has["floor"] ? " |" : "") (has["rxchat-ws"] && has["floor-ws"] ? " |" : "") " |"
    line = line (has["rxchat"] ? " |" : "") (has["rxchat-mem"] ? " |" : "")
    print line
    m = split(cfg == "C" ? idle : cfg == "L" ? leave : fanout, metrics, " ")
    for (i = 1; i <= m; i++) {
      k = metrics[i]; label = k; any = 0
      for (s = 1; s <= ns; s++) {
        mv[sy[s]] = (k in worstcase) ? worst(vals[cfg, sy[s], k]) : median(vals[cfg, sy[s], k])
        if (mv[sy[s]] != "") any = 1
      }
      if (!any) continue
      if (k in worstcase) label = k " (worst)"
      t = target[cfg "," k]
      line = "| " cfg " | " label " |"
      for (s = 1; s <= ns; s++) line = line " " fmt(mv[sy[s]]) " |"
      if (has["rxchat"] && has["ncat"]) line = line " " ratio(mv["rxchat"], mv["ncat"]) " |"
      if (has["rxchat-mem"] && has["ncat"]) line = line " " ratio(mv["rxchat-mem"], mv["ncat"]) " |"
      if (has["rxchat"] && has["rxchat-mem"]) line = line " " ratio(mv["rxchat"], mv["rxchat-mem"]) " |"
      if (has["rxchat"] && has["floor"]) line = line " " ratio(mv["rxchat"], mv["floor"]) " |"
      if (has["rxchat-ws"] && has["rxchat"]) line = line " " ratio(mv["rxchat-ws"], mv["rxchat"]) " |"
      if (has["rxchat-irc"] && has["rxchat"]) line = line " " ratio(mv["rxchat-irc"], mv["rxchat"]) " |"
      if (has["floor-ws"] && has["floor"]) line = line " " ratio(mv["floor-ws"], mv["floor"]) " |"
      if (has["rxchat-ws"] && has["floor-ws"]) line = line " " ratio(mv["rxchat-ws"], mv["floor-ws"]) " |"
      line = line " " t " |"
      if (has["rxchat"]) line = line " " verdict(t, mv["rxchat"], mv["ncat"]) " |"
      if (has["rxchat-mem"]) line = line " " verdict(t, mv["rxchat-mem"], mv["ncat"]) " |"
      print line
    }
  }
}
function ratio(a, b) { return (a != "" && b != "" && b + 0 != 0) ? sprintf("%.2f×", a / b) : "" }
