#!/usr/bin/env bash
# Release build of the widget into dist/ (trunk + wasm-bindgen + wasm-opt -Oz, all offline), then
# scripts/shrink-widget.mjs: short import/export names, a second wasm-opt, the JS glue minified;
# then scripts/hash-widget.mjs: content-hashed names for the wasm and glue (written into the
# loaders), and .br/.gz copies beside every wasm, JS, CSS and HTML file.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
trunk build --release --locked
node scripts/shrink-widget.mjs dist
node scripts/hash-widget.mjs dist
