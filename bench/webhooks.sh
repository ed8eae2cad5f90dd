#!/usr/bin/env bash
# Webhook fan-out benchmark: starts a local stack on an empty data folder (no demo fleet), starts
# 10 local receivers with one signed webhook each, writes platform events at a steady rate (600/s,
# so 6,000 deliveries/s) for 60 s, and reports deliveries/s and p99 from each event's Kafka
# timestamp to its receiver; then the same with one receiver hanging, then refusing connections.
# Stops the stack.
# Usage: bench/webhooks.sh [--rate 600] [--duration 60] [--endpoints 10]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/bench/lib.sh"
start_stack
java -jar "$ROOT/deploy/local/target/local-stack-exec.jar" bench-webhooks "$@"
machine
