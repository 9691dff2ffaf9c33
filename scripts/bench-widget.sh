#!/usr/bin/env bash
# Benchmark of the widget as `quintus-server --static dist` serves it: bytes before interaction,
# time to launcher, click-to-usable, long tasks, streaming cost per 1,000 tokens and older pages,
# without throttling and with Slow 4G + 4x CPU (scripts/bench-widget.mjs). It prints figures and
# asserts nothing. Needs the built widget (bash scripts/build-widget.sh); builds the server.
# Pass --quick for a 300-word stream instead of 2,000 (a smoke run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
[[ -f dist/quintus-chat-manifest.json ]] || { echo "bench-widget: no dist/; run bash scripts/build-widget.sh first" >&2; exit 1; }
cargo build --locked -p quintus-server
DATA="$(mktemp -d)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$DATA"; }
trap cleanup EXIT
# Starts a server on a free loopback port with the given pace (in this shell, so that the trap
# stops it).
start() {
  local name=$1 pace=$2
  target/debug/quintus-server --addr 127.0.0.1:0 --static dist --db "$DATA/$name.sqlite" --pace-ms "$pace" \
    --rate-limit 100000 > "$DATA/$name.log" 2>&1 &
  PIDS+=($!)
}
# Prints the URL the server prints once ready.
url_of() {
  local name=$1
  ready_url "$DATA/$name.log" && return
  echo "bench-widget: the $name server did not start" >&2; cat "$DATA/$name.log" >&2; exit 1
}
start stream 40
start history 0
STREAM_URL="$(url_of stream)"
HISTORY_URL="$(url_of history)"
node scripts/bench-widget.mjs "$STREAM_URL" "$HISTORY_URL" "$@"
