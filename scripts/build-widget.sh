#!/usr/bin/env bash
# Release build of the widget into dist/ (trunk + wasm-bindgen + wasm-opt -Oz, all offline).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
trunk build --release --locked
