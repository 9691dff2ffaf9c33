# Sourced by the other scripts: puts the pinned tools first on PATH and sets the browser-test
# environment. Safe to source twice.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# node_modules/.bin first: its wasm-opt (binaryen 132) must win over any Debian one (see README).
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# wasm-bindgen-test-runner waits this long for the browser (seconds); CI machines are small.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"

# Prints the URL announced in file $1 on a line "$2 http://HOST:PORT/", waiting up to $4 seconds
# (default 10); fails, printing nothing, if it never comes (at once if process $3, when given,
# has exited).
announced_url() {
  local url
  for _ in $(seq 1 $((${4:-10} * 10))); do
    url="$(sed -n "s|^$2 \(http://[^ ]*\)/\$|\1|p" "$1" 2>/dev/null)" # the file may not exist yet
    if [ -n "$url" ]; then echo "$url"; return 0; fi
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

# The URL of a quintus-server logging to file $1 ("Quintus demo: http://HOST:PORT/"), waiting up
# to 10 s (less if its process $2 exits first).
ready_url() {
  announced_url "$1" "Quintus demo:" "${2:-}" 10
}
