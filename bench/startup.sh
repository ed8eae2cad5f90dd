#!/usr/bin/env bash
# Measures how long ./robovis up takes to be ready, on a first start (empty data folder) and on
# a second start (same folder), with the jars already built, without the demo fleet (its first
# generation is timed by ./robovis up itself). Usage: bench/startup.sh [runs]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-2}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

one_start() {
  local log="$data/up.log" start end
  start=$(date +%s.%N)
  "$ROOT/robovis" up --no-demo --data "$data/stack" > "$log" 2>&1 &
  local pid=$!
  until grep -q "RoboVis ready on" "$log"; do
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
    sleep 0.2
  done
  end=$(date +%s.%N)
  kill -TERM "$pid"; wait "$pid" || true
  echo "$1: ready in $(awk "BEGIN{printf \"%.1f\", $end - $start}") s (the launcher says: $(grep -o 'started in [0-9.]* s' "$log"))"
}

for i in $(seq 1 "$runs"); do
  rm -rf "$data/stack"
  one_start "run $i, first start (empty data folder)"
  one_start "run $i, second start (same data folder)"
done
. "$ROOT/bench/lib.sh"
machine
