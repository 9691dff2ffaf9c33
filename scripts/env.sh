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

# Prints the URL that a quintus-server logging to file $1 announces on its ready line
# ("Quintus demo: http://HOST:PORT/"), waiting up to 10 s; fails, printing nothing, if it never does
# (at once if process $2, when given, has exited).
ready_url() {
  local url
  for _ in $(seq 1 100); do
    url="$(sed -n 's|^Quintus demo: \(http://[^ ]*\)/$|\1|p' "$1")"
    if [ -n "$url" ]; then echo "$url"; return 0; fi
    if [ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}
