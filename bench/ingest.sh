#!/usr/bin/env bash
# Ingestion benchmark: starts a local stack on an empty data folder (no demo fleet), provisions
# 1,000 robots, measures the raw baseline (plain Kafka producer, Postgres COPY) and then events
# through the gateway into PostgreSQL for 60 s, with the lag from 202 to visible. Stops the stack.
# Usage: bench/ingest.sh [--duration 60] [--rate 100000] [--robots 1000] [--in-flight 6]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
data="$(mktemp -d)"
log="$data/up.log"
"$ROOT/robovis" up --no-demo --data "$data/stack" > "$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
until grep -q "RoboVis ready on" "$log"; do
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
  sleep 0.5
done
java -jar "$ROOT/deploy/local/target/local-stack-exec.jar" bench-ingest "$@"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%d)"
