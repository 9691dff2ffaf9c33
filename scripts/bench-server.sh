#!/usr/bin/env bash
# Load benchmark of the reference server: prints figures (exchanges per second, concurrent
# streams and memory). It measures; it asserts nothing. Loopback only, bounded in time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
cargo build --locked --profile server-bench -p quintus-server --bins --examples
ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true
exec target/server-bench/examples/bench
