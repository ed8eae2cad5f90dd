#!/usr/bin/env bash
# CPU used by each process of a running local stack over an interval: the services (by their
# jar), the Kafka broker (the local stack's own process), the benchmark's client and PostgreSQL
# (its backends, and through the postmaster the workers that ended meanwhile, autovacuum among
# them). For where an ingestion run's CPU goes: start bench/ingest.sh, and when it prints
# "Prepared the load: …" (the measured load starts then; the line "Warm-up: …" before it starts
# the warm-up, cold) run `bench/cpu.sh 55` in another terminal.
# With --postgres, PostgreSQL is split by process: each service's backends (found by their
# connection's port), autovacuum, the WAL writer, the checkpointer and the other background ones.
# Usage: bench/cpu.sh [seconds] [--postgres]   (default 60)
set -euo pipefail
seconds="${1:-60}"
detail="${2:-}"
hz="$(getconf CLK_TCK)"

# The process a command line belongs to, or nothing.
process_name() {
  case "$1" in
    *api-gateway-exec.jar*) echo "api-gateway" ;;
    *robot-service-exec.jar*) echo "robot-service" ;;
    *insight-service-exec.jar*) echo "insight-service" ;;
    *webhook-service-exec.jar*) echo "webhook-service" ;;
    *local-stack-exec.jar\ up*) echo "local stack (Kafka broker)" ;;
    *local-stack-exec.jar*) echo "benchmark client" ;;
  esac
}

# With --postgres: "port name" for each established connection of a Java process.
connection_owners() {
  [ "$detail" = --postgres ] || return 0
  ss -tnpH state established 2>/dev/null | while read -r _ _ local _ users; do
    pid="${users#*pid=}"; pid="${pid%%,*}"
    [ -r "/proc/$pid/cmdline" ] || continue
    name="$(process_name "$( { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null)")"
    [ -n "$name" ] && echo "${local##*:} $name"
  done
}

# The name under which a PostgreSQL process is counted.
postgres_name() {
  local title="$1" port
  [ "$detail" = --postgres ] || { echo "PostgreSQL"; return; }
  case "$title" in
    postgres:\ autovacuum*) echo "PostgreSQL: autovacuum" ;;
    postgres:\ walwriter*) echo "PostgreSQL: WAL writer" ;;
    postgres:\ checkpointer*) echo "PostgreSQL: checkpointer" ;;
    postgres:\ background\ writer*|postgres:\ logical*|postgres:\ stats*) echo "PostgreSQL: other background" ;;
    *"("[0-9]*")"*)
      port="${title#*(}"; port="${port%%)*}"
      echo "PostgreSQL: backends of ${owners[$port]:-another client}" ;;
    *) echo "PostgreSQL: other" ;;
  esac
}

# "uptime <seconds>" then one line per process: pid, CPU ticks, name
snapshot() {
  local up _ stat comm cmd name ticks
  declare -A owners=()
  while read -r port name; do owners[$port]="$name"; done < <(connection_owners)
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
      postgres:*) name="$(postgres_name "$cmd")" ;;
      */postgres\ *) name="PostgreSQL${detail:+: postmaster and workers that ended}"; ticks=$((ticks + f[13] + f[14])) ;; # + reaped children
      *) name="$(process_name "$cmd")"; [ -n "$name" ] || continue ;;
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
