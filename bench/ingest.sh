#!/usr/bin/env bash
# Ingestion benchmark: starts a local stack on an empty data folder (no demo fleet), provisions
# 1,000 robots, measures the raw baseline (plain Kafka producer, Postgres COPY), warms the services
# up (--warmup seconds of the same load, then until the projections caught up; 0: measure them
# cold) and then measures events through the gateway into PostgreSQL for 60 s, with the lag from
# 202 to visible. Stops the stack.
# Usage: bench/ingest.sh [--duration 60] [--warmup 60] [--warmup-rate RATE] [--rate 100000] [--robots 1000]
#        [--in-flight 6] [--batch 1000]
#        [--credential jwt|key]  (key: the events carry an ingest key rather than a token)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/bench/lib.sh"
start_stack
java -jar "$ROOT/deploy/local/target/local-stack-exec.jar" bench-ingest "$@"
machine
