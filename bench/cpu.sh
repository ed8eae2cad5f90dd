#!/usr/bin/env bash
# CPU used by each process of a running local stack over an interval: the services (by their
# jar), the Kafka broker (the local stack's own process), the benchmark's client and PostgreSQL
# (its backends, and through the postmaster the workers that ended meanwhile, autovacuum among
# them). For where an ingestion run's CPU goes: start bench/ingest.sh, and when it prints
# "warm-up: … events accepted at …" (the measured load starts then; the line "Warm-up: …" before
# it starts the warm-up, cold) run `bench/cpu.sh 55` in another terminal.
# Usage: bench/cpu.sh [seconds]   (default 60)
set -euo pipefail
seconds="${1:-60}"
hz="$(getconf CLK_TCK)"

# "uptime <seconds>" then one line per process: pid, CPU ticks, name
snapshot() {
  local up _ stat comm cmd name ticks
  read -r up _ < /proc/uptime
  echo "uptime $up"
  for p in /proc/[0-9]*; do
    { read -r comm < "$p/comm"; } 2>/dev/null || continue
    case "$comm" in java|postgres) ;; *) continue ;; esac
    { read -r stat < "$p/stat"; } 2>/dev/null || continue
    read -r -a f <<< "${stat##*) }" || continue
    [ "${#f[@]}" -gt 14 ] || continue # gone meanwhile
    cmd="$( { tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null)" || continue
    ticks=$((f[11] + f[12])) # utime, stime
    case "$cmd" in
      *api-gateway-exec.jar*) name="api-gateway" ;;
      *robot-service-exec.jar*) name="robot-service" ;;
      *insight-service-exec.jar*) name="insight-service" ;;
      *webhook-service-exec.jar*) name="webhook-service" ;;
      *local-stack-exec.jar\ up*) name="local stack (Kafka broker)" ;;
      *local-stack-exec.jar*) name="benchmark client" ;;
      postgres:*) name="PostgreSQL" ;;
      */postgres\ *) name="PostgreSQL"; ticks=$((ticks + f[13] + f[14])) ;; # + reaped children
      *) continue ;;
    esac
    echo "${p#/proc/} $ticks $name"
  done
}

before="$(snapshot)"
sleep "$seconds"
after="$(snapshot)"
awk -v hz="$hz" '
  NR == FNR { if ($1 == "uptime") t0 = $2; else start[$1] = $2; next }
  $1 == "uptime" { s = $2 - t0; next }
  { pid = $1; ticks = $2; $1 = ""; $2 = ""; name = substr($0, 3)
    used[name] += ticks - (pid in start ? start[pid] : 0) }
  END {
    for (n in used) { total += used[n]; printf "%8.1f cpu-s  %5.2f cores  %s\n", used[n] / hz, used[n] / hz / s, n | "sort -rn" }
    close("sort -rn")
    printf "%8.1f cpu-s  %5.2f cores  all of them, over %.1f s\n", total / hz, total / hz / s, s
  }' <(echo "$before") <(echo "$after")
