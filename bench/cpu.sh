#!/usr/bin/env bash
# CPU used by each process of a running local stack over an interval: the services (by their
# jar), the Kafka broker (the local stack's own process), the benchmark's client and PostgreSQL
# (its backends together). For where an ingestion run's CPU goes: start bench/ingest.sh, and when
# it prints the raw baseline, run `bench/cpu.sh 60` in another terminal.
# Usage: bench/cpu.sh [seconds]   (default 60)
set -euo pipefail
seconds="${1:-60}"
hz="$(getconf CLK_TCK)"

snapshot() {
  for p in /proc/[0-9]*; do
    comm="$(cat "$p/comm" 2>/dev/null)" || continue
    case "$comm" in java|postgres) ;; *) continue ;; esac
    stat="$(cat "$p/stat" 2>/dev/null)" || continue
    read -r -a f <<< "${stat##*) }" || continue
    [ "${#f[@]}" -gt 12 ] || continue # gone meanwhile
    cmd="$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)" || continue
    case "$cmd" in
      *api-gateway-exec.jar*) name="api-gateway" ;;
      *robot-service-exec.jar*) name="robot-service" ;;
      *insight-service-exec.jar*) name="insight-service" ;;
      *webhook-service-exec.jar*) name="webhook-service" ;;
      *local-stack-exec.jar\ up*) name="local stack (Kafka broker)" ;;
      *local-stack-exec.jar*) name="benchmark client" ;;
      *postgres:*) name="PostgreSQL" ;;
      *) continue ;;
    esac
    echo "${p#/proc/} $((f[11] + f[12])) $name"
  done
}

before="$(snapshot)"
sleep "$seconds"
after="$(snapshot)"
awk -v hz="$hz" -v s="$seconds" '
  NR == FNR { split($0, a, " "); start[a[1]] = a[2]; next }
  { pid = $1; ticks = $2; $1 = ""; $2 = ""; name = substr($0, 3)
    used[name] += ticks - (pid in start ? start[pid] : 0) }
  END {
    for (n in used) { total += used[n]; printf "%8.1f cpu-s  %5.2f cores  %s\n", used[n] / hz, used[n] / hz / s, n | "sort -rn" }
    close("sort -rn")
    printf "%8.1f cpu-s  %5.2f cores  all of them, over %d s\n", total / hz, total / hz / s, s
  }' <(echo "$before") <(echo "$after")
