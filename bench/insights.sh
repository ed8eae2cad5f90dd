#!/usr/bin/env bash
# Insights at scale: starts a local stack on an empty data folder (no demo), provisions 10,000
# robots at client-alpha through the API, writes 30 days of insight-service projections for them
# straight into its tables, and times POST /v1/insights/analyze for each kind (template narration:
# no Ollama answers). Then runs the ingestion simulator through the API for 60 s and samples the
# projections' consumer lag. Stops the stack.
# Usage: bench/insights.sh [robots] [events-per-second]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/bench/lib.sh"
robots="${1:-10000}"
rate="${2:-20000}"
start_stack
"$ROOT/robovis" simulate --robots "$robots" --clients client-alpha --prefix INS --seed 1 \
  --ground-truth "$data/ground-truth.jsonl" > /dev/null
bench() { java -jar "$ROOT/deploy/local/target/local-stack-exec.jar" bench-insights "$@"; }
bench --prefix INS --robots "$robots" --days 30
echo "Projection lag while $rate events/s go through the API for 60 s:"
"$ROOT/robovis" simulate --robots 1000 --clients client-alpha --prefix LAG --seed 2 \
  --rate "$rate" --duration 60 --ground-truth "$data/lag-truth.jsonl" > "$data/simulate.log" &
sim=$!
bench --mode lag --min-seconds 60
wait $sim || true
echo "simulator:"; tail -3 "$data/simulate.log" || true
machine
