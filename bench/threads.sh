#!/usr/bin/env bash
# CPU used by each kind of thread of one service over an interval (thread names without their
# digits: the JIT's compiler threads, GC, the HTTP and database event loops, Kafka's threads…).
# Usage: bench/threads.sh robot-service [seconds]   (default 30; run it while a benchmark loads)
set -euo pipefail
service="$1"; seconds="${2:-30}"
pid="$(pgrep -f "$service-exec.jar" | head -1)" || { echo "no $service running" >&2; exit 1; }
hz="$(getconf CLK_TCK)"
snapshot() {
  for t in /proc/"$pid"/task/*; do
    { read -r name < "$t/comm"; read -r stat < "$t/stat"; } 2>/dev/null || continue
    read -r -a f <<< "${stat##*) }"
    echo "$((f[11] + f[12])) ${name//[0-9]/}"
  done
}
before="$(snapshot)"; sleep "$seconds"; after="$(snapshot)"
result="$(awk -v s="$seconds" -v hz="$hz" '
  NR == FNR { $0 = $0; t = $1; $1 = ""; b[$0] += t; next }
  { t = $1; $1 = ""; a[$0] += t }
  END { for (n in a) { c = (a[n] - b[n]) / hz / s; all += c; if (c >= 0.005) printf "%5.2f cores %s\n", c, n }
        printf "%5.2f cores, all threads of '"$service"' over %d s\n", all, s }' \
  <(echo "$before") <(echo "$after"))"
grep -v "all threads" <<< "$result" | sort -rn
grep "all threads" <<< "$result"
