#!/usr/bin/env bash
# Fleet health at scale: starts a local stack on an empty data folder (no demo), provisions
# 10,000 robots at client-alpha through the API, writes eight days of hourly rollups for each
# straight into robot-service's table (one in twenty with a fading battery), reports the duration
# of the next full rescore (from robot-service's log), then times GET /v1/client/fleet-health
# through the gateway. Stops the stack.
# Usage: bench/health.sh [robots]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/bench/lib.sh"
robots="${1:-10000}"
# every 60 s: a pass (about 10 s for 10,000 robots) leaves the timing of the answers alone
export ROBOVIS_HEALTH_FULL_RESCORE_EVERY=60s
start_stack
"$ROOT/robovis" simulate --robots "$robots" --clients client-alpha --prefix HLT --seed 1 \
  --ground-truth "$data/ground-truth.jsonl" > /dev/null
java -jar "$ROOT/deploy/local/target/local-stack-exec.jar" bench-health --prefix HLT \
  --log "$data/stack/logs/robot-service.log"
machine
