# Shared by the benchmark scripts: a local stack on an empty data folder, stopped on exit.
# After `start_stack`, $data is a scratch folder removed with the stack.

start_stack() {
  data="$(mktemp -d)"
  local log="$data/up.log"
  "$ROOT/robovis" up --no-demo --data "$data/stack" > "$log" 2>&1 &
  stack_pid=$!
  # set -e holds in traps too: the stack's exit status (143 after TERM) must not stop the cleanup
  trap 'kill -TERM $stack_pid 2>/dev/null || true; wait $stack_pid 2>/dev/null || true; rm -rf "$data"' EXIT
  until grep -q "RoboVis ready on" "$log"; do
    if ! kill -0 "$stack_pid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
    sleep 0.5
  done
}

machine() {
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%d)"
}
