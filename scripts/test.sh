#!/usr/bin/env bash
# README command 2: set up, then run every test suite. Each runner prints its own summary; the
# script exits non-zero if any suite failed, after running all it can.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/setup.sh || exit 1

failed=()
passed=()
skipped=()
stage() {
  local name="$1"; shift
  echo; echo "=== $name: $*"
  if "$@"; then passed+=("$name"); else failed+=("$name"); return 1; fi
}

stage native cargo test --workspace --locked
# The server's whole suite again on PostgreSQL: a throwaway cluster (scripts/postgres.sh), a
# fresh database per test server (QUINTUS_TEST_PG_URL). Skipped, not failed, with the reason
# printed, only when PostgreSQL cannot be started here.
echo; echo "=== server-postgres: cargo test --locked -p quintus-server, with QUINTUS_TEST_PG_URL set"
(
  source scripts/postgres.sh
  pg_start || exit 77
  QUINTUS_TEST_PG_URL="$QUINTUS_PG_URL" cargo test --locked -p quintus-server
)
case $? in
  0) passed+=("server-postgres") ;;
  77) echo "server-postgres: SKIPPED: PostgreSQL could not be started (reason above)"; skipped+=("server-postgres") ;;
  *) failed+=("server-postgres") ;;
esac
# A report, not a gate on speed: parse times of adversarial markdown at 100 KB and 1 MB.
stage markdown-bench cargo run --locked --release --example markdown_bench
stage browser cargo test --locked -p quintus-chat-widget --target wasm32-unknown-unknown --test '*'
if stage build-widget bash scripts/build-widget.sh && stage build-server cargo build --locked -p quintus-server \
  && stage build-npm bash scripts/build-npm.sh; then
  # Fails the run when the widget or a loader is over its budget of DESIGN.md.
  stage size-report node scripts/size-report.mjs --check
  stage contract-fuzz bash scripts/fuzz-contract.sh
  stage e2e node --test --test-concurrency=1 e2e/
  # nginx in front of three replicas on one PostgreSQL database (its own throwaway cluster).
  stage deploy bash scripts/test-deploy.sh --postgres
else
  failed+=("e2e (not run: build failed)")
fi

echo
echo "test suites passed: ${passed[*]:-none}"
if [ ${#skipped[@]} -gt 0 ]; then
  echo "test suites SKIPPED: ${skipped[*]}"
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "test suites FAILED: ${failed[*]}"
  exit 1
fi
