#!/usr/bin/env bash
# README command 2: set up, then run every test suite. Each runner prints its own summary; the
# script exits non-zero if any suite failed, after running all it can.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/setup.sh || exit 1

failed=()
passed=()
stage() {
  local name="$1"; shift
  echo; echo "=== $name: $*"
  if "$@"; then passed+=("$name"); else failed+=("$name"); return 1; fi
}

# A throwaway PostgreSQL cluster for the tests that need one; without it they print why they
# are skipped.
source scripts/postgres.sh
if pg_start; then
  export QUINTUS_TEST_PG_URL="$QUINTUS_PG_URL"
else
  echo "PostgreSQL tests will be skipped: the cluster did not start (reason above)"
fi

stage native cargo test --workspace --locked
# A report, not a gate on speed: parse times of adversarial markdown at 100 KB and 1 MB.
stage markdown-bench cargo run --locked --release --example markdown_bench
stage browser cargo test --locked -p quintus-chat-widget --target wasm32-unknown-unknown --test '*'
if stage build-widget bash scripts/build-widget.sh && stage build-server cargo build --locked -p quintus-server \
  && stage build-npm bash scripts/build-npm.sh; then
  # Fails the run when the widget or a loader is over its budget of DESIGN.md.
  stage size-report node scripts/size-report.mjs --check
  stage contract-fuzz bash scripts/fuzz-contract.sh
  stage e2e node --test --test-concurrency=1 e2e/
  stage deploy bash scripts/test-deploy.sh
else
  failed+=("e2e (not run: build failed)")
fi

echo
echo "test suites passed: ${passed[*]:-none}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "test suites FAILED: ${failed[*]}"
  exit 1
fi
