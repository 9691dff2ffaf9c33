#!/usr/bin/env bash
# README command 1: set up, build the widget, and start the reference server with the demo page.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build-widget.sh
cargo build --locked -p quintus-server
exec target/debug/quintus-server --static dist "$@"
