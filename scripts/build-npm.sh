#!/usr/bin/env bash
# Builds the npm package @quintus/chat-widget into target/npm/ (all offline, idempotent):
# the release wasm (the same cargo build trunk runs, so either reuses the other's work),
# wasm-bindgen --target web, scripts/shrink-widget.mjs (wasm-opt -Oz, short names, minified glue), the
# hand-written files of npm/, then `npm pack`. Prints the tarball's path and sizes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

CRATE=quintus-chat-widget
STAGE=target/npm-package
OUT=target/npm
# wasm-bindgen names its output after this: quintus_chat_widget.js and quintus_chat_widget_bg.wasm.
NAME=quintus_chat_widget

say() { echo "[build-npm] $*"; }

VERSION="$(cargo pkgid --offline -p "$CRATE" | sed 's/.*[@#]//')"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "build-npm: cannot read the crate version (got '$VERSION')" >&2; exit 1; }

say "cargo build --release (wasm32) of $CRATE $VERSION"
cargo build --release --locked --offline --target wasm32-unknown-unknown -p "$CRATE"

rm -rf "$STAGE"
mkdir -p "$STAGE" "$OUT"
say "wasm-bindgen --target web into $STAGE/"
wasm-bindgen --target web --no-typescript --out-dir "$STAGE" --out-name "$NAME" \
  "target/wasm32-unknown-unknown/release/$NAME.wasm"
# The same shrink step as the script-tag build: wasm-opt -Oz, short import/export names, and
# the glue minified.
say "shrink ($(wasm-opt --version))"
node scripts/shrink-widget.mjs "$STAGE" "$NAME"

cp npm/index.js npm/index.d.ts npm/README.md "$STAGE/"
# npm/package.json is a template without a version: the crate's version is the package's.
node -e '
  const fs = require("fs");
  const [template, out, version] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(template, "utf8"));
  if ("version" in pkg) throw new Error(`${template} must not hold a version: the version of the crate is used`);
  const manifest = { name: pkg.name, version, ...pkg };
  fs.writeFileSync(out, JSON.stringify(manifest, null, 2) + "\n");
' npm/package.json "$STAGE/package.json" "$VERSION"

rm -f "$OUT"/quintus-chat-widget-*.tgz
say "npm pack into $OUT/"
(cd "$STAGE" && npm pack --ignore-scripts --loglevel=error --pack-destination "$ROOT/$OUT" >/dev/null)
TARBALL="$OUT/quintus-chat-widget-$VERSION.tgz"
[ -f "$TARBALL" ] || { echo "build-npm: npm pack did not write $TARBALL" >&2; exit 1; }

node -e '
  const fs = require("fs"), zlib = require("zlib");
  const [tarball, wasm] = process.argv.slice(1);
  const kb = (n) => (n / 1024).toFixed(1) + " KB";
  const bytes = fs.readFileSync(wasm);
  const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`[build-npm] ${tarball}: ${kb(fs.statSync(tarball).size)} packed; wasm ${kb(bytes.length)} raw, ${kb(brotli)} brotli`);
' "$TARBALL" "$STAGE/${NAME}_bg.wasm"
