#!/usr/bin/env bash
# Installs whatever the demo and the tests need and is missing, and skips what is already there
# at the right version. Idempotent: a second run takes seconds. Used by both README commands.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14
# The CLI must match the wasm-bindgen crate pinned in Cargo.toml exactly.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)"
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: no exact wasm-bindgen pin in Cargo.toml" >&2; exit 1; }

say() { echo "[setup] $*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# True when "$1 --version" prints a line containing "$2".
has_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"; }
# A stamp file holding the hash of an input: reinstall only when the input changed.
stamp_ok() { [ -f "$2" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$(cat "$2")" ]; }
stamp_write() { sha256sum "$1" | cut -d' ' -f1 > "$2"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# From apt: the browser for the browser and e2e tests, PostgreSQL for the server's second
# backend (its tests start a throwaway cluster: scripts/postgres.sh), and nginx, the load
# balancer of the several-replica setup (deploy/).
apt_missing=()
[ -x /usr/bin/chromium ] || apt_missing+=(chromium)
[ -x /usr/bin/chromedriver ] || apt_missing+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_missing+=(postgresql)
[ -x /usr/sbin/nginx ] || apt_missing+=(nginx)
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "installing ${apt_missing[*]} (apt)"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${apt_missing[@]}"
  # Debian starts the packaged services; the tests start their own, on their own ports.
  for svc in postgresql nginx; do as_root systemctl disable --now "$svc" >/dev/null 2>&1 || as_root service "$svc" stop >/dev/null 2>&1 || true; done
fi

if ! has_version trunk "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (cargo, a few minutes)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

if ! has_version wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION" \
   || ! has_version wasm-bindgen-test-runner "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo, about two minutes)"
  # Not --locked: its lockfile wants a webpki-roots release the registry here does not serve.
  cargo install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

if ! stamp_ok package-lock.json node_modules/.setup-stamp; then
  say "installing npm dev dependencies (binaryen's wasm-opt, playwright-core, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
  stamp_write package-lock.json node_modules/.setup-stamp
fi

if [ -f scripts/requirements.txt ] && ! stamp_ok scripts/requirements.txt .venv/.setup-stamp; then
  say "installing Python test tools into .venv"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements.txt
  stamp_write scripts/requirements.txt .venv/.setup-stamp
fi

# Trunk runs cargo offline (Trunk.toml), so every crate must be in the local registry first.
cargo fetch --locked --quiet
say "ready: trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, $(wasm-opt --version), chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"
