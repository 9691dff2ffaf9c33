#!/usr/bin/env bash
# Contract fuzzing: schemathesis generates requests from the server's /openapi.json and checks
# that no answer is a 5xx and every answer matches the documented status codes, content types
# and schemas. Runs twice: on SQLite, then on PostgreSQL (a throwaway cluster from
# scripts/postgres.sh; skipped, with the reason, when PostgreSQL cannot be started). Needs
# target/debug/quintus-server and .venv (scripts/setup.sh makes both).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
EXAMPLES="${FUZZ_EXAMPLES:-30}"

work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
total_passed=0
total_failed=0

# fuzz_on NAME DATABASE_URL: one server on that database, one schemathesis run against it.
fuzz_on() {
  local name="$1" database_url="$2" dir="$work/$1"
  mkdir -p "$dir"
  echo "--- fuzz on $name"
  target/debug/quintus-server --addr 127.0.0.1:0 --database-url "$database_url" --upload-dir "$dir/uploads" \
    --pace-ms 0 --rate-limit 1000000 --client-rate-limit 1000000 > "$dir/server.log" 2>&1 &
  server_pid=$!
  local url
  if ! url="$(ready_url "$dir/server.log")"; then
    cat "$dir/server.log"
    total_failed=$((total_failed + 1))
    kill "$server_pid" 2>/dev/null; server_pid=""
    return
  fi
  # A real conversation, so that operations on /{conversation_id} get past authorization.
  local created id token
  created="$(curl -sf -X POST "$url/v1/public/agents/conversations" -H 'X-API-Key: qts-pk-dev' \
    -H 'Content-Type: application/json' -d '{"agent_id":"agent_demo"}')"
  id="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$created")"
  token="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["session_token"])' "$created")"
  cat > "$dir/schemathesis.toml" <<TOML
[parameters]
conversation_id = "$id"
TOML
  (cd "$dir" && "$ROOT/.venv/bin/schemathesis" run "$url/openapi.json" \
    -H "Authorization: Bearer $token" -H "X-API-Key: qts-pk-dev" \
    --max-examples "$EXAMPLES" --workers 1 --seed 1 \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    2>&1 | tee "$dir/report.txt"; exit "${PIPESTATUS[0]}")
  local status=$?
  kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=""
  local generated failures
  generated="$(sed -n 's/.* \([0-9]\+\) generated.*/\1/p' "$dir/report.txt" | tail -1)"
  failures="$(sed -n 's/.* found \([0-9]\+\) unique failure.*/\1/p' "$dir/report.txt" | tail -1)"
  generated="${generated:-0}"
  failures="${failures:-$([ "$status" -eq 0 ] && echo 0 || echo 1)}"
  [ "$status" -ne 0 ] && [ "$failures" -eq 0 ] && failures=1
  echo "fuzz on $name: $((generated - failures)) passed, $failures failed"
  total_passed=$((total_passed + generated - failures))
  total_failed=$((total_failed + failures))
}

fuzz_on sqlite "sqlite://$work/db.sqlite"

source scripts/postgres.sh
if pg_start; then
  createdb_url="${QUINTUS_PG_URL%/*}/quintus_fuzz"
  pg_as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres quintus_fuzz
  fuzz_on postgres "$createdb_url"
else
  echo "fuzz on postgres: SKIPPED: PostgreSQL could not be started (reason above)"
fi

echo "fuzz: $total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
