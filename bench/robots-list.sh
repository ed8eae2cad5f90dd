#!/usr/bin/env bash
# Registry listing at 100,000 robots: starts a local stack on an empty data folder (no demo),
# provisions N robots through the API, then times GET /v1/robots (first page, pages followed
# through the Link header, filters) as the constructor and as a client. Stops the stack.
# Usage: bench/robots-list.sh [robots] [requests per case]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
robots="${1:-100000}"
n="${2:-50}"
. "$ROOT/bench/lib.sh"
start_stack
start=$(date +%s.%N)
java -jar "$ROOT/deploy/local/target/local-stack-exec.jar" simulate --robots "$robots" --prefix FLEET \
  --seed 1 --fault-share 0 --ground-truth "$data/gt.jsonl" > "$data/sim.log"
echo "provisioned $robots robots through the API in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $start}") s"

login() {
  curl -s -X POST http://localhost:8080/v1/auth/login -H "Content-Type: application/json" \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
CTOR=$(login constructor_admin constructor123)
CLIENT=$(login client_admin client123)

# times one URL n times; prints p50 and p99 of the total time in ms
timeit() {
  local label="$1" token="$2" url="$3"
  for _ in $(seq 1 "$n"); do
    curl -s -o /dev/null -w '%{time_total}\n' "http://localhost:8080$url" -H "Authorization: Bearer $token"
  done | sort -n | awk -v label="$label" '{a[NR]=$1*1000} END {p50=a[int((NR+1)/2)]; i=int(NR*0.99+0.999); if (i<1) i=1; printf "%-58s p50 %6.1f ms  p99 %6.1f ms  (%d requests)\n", label, p50, a[i], NR}'
}

timeit "constructor, first page (limit=100)" "$CTOR" "/v1/robots?limit=100"
timeit "constructor, first page at the maximum (limit=1000)" "$CTOR" "/v1/robots?limit=1000"
cursor=$(curl -s -D - -o /dev/null "http://localhost:8080/v1/robots?limit=1000" -H "Authorization: Bearer $CTOR" \
  | tr -d '\r' | sed -nE 's/^Link: <([^>]+)>.*/\1/p')
for _ in $(seq 1 40); do
  next=$(curl -s -D - -o /dev/null "http://localhost:8080$cursor" -H "Authorization: Bearer $CTOR" \
    | tr -d '\r' | sed -nE 's/^Link: <([^>]+)>.*/\1/p')
  [ -n "$next" ] && cursor="$next"
done
timeit "constructor, a page deep in the list (after 41,000 robots)" "$CTOR" "$cursor"
timeit "constructor, filter site (limit=100)" "$CTOR" "/v1/robots?site=beta-site-2&limit=100"
timeit "constructor, filter client_id + environment" "$CTOR" "/v1/robots?client_id=client-beta&environment=school&limit=100"
timeit "constructor, filter status=online (none online)" "$CTOR" "/v1/robots?status=online&limit=100"
timeit "client-alpha, first page (limit=100)" "$CLIENT" "/v1/robots?limit=100"
machine
