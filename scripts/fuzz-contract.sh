#!/usr/bin/env bash
# Contract fuzzing: schemathesis generates requests from the server's /openapi.json and checks
# that no answer is a 5xx and every answer matches the documented status codes, content types
# and schemas. Needs target/debug/quintus-server and .venv (scripts/setup.sh makes both).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
EXAMPLES="${FUZZ_EXAMPLES:-30}"

work="$(mktemp -d)"
trap 'kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
target/debug/quintus-server --addr 127.0.0.1:0 --db "$work/db.sqlite" --pace-ms 0 --rate-limit 1000000 --client-rate-limit 1000000 > "$work/server.log" 2>&1 &
server_pid=$!
if ! url="$(ready_url "$work/server.log")"; then
  cat "$work/server.log"
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi

# A real conversation, so that operations on /{conversation_id} get past authorization.
created="$(curl -sf -X POST "$url/v1/public/agents/conversations" -H 'X-API-Key: qts-pk-dev' \
  -H 'Content-Type: application/json' -d '{"agent_id":"agent_demo"}')"
id="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$created")"
token="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["session_token"])' "$created")"
cat > "$work/schemathesis.toml" <<TOML
[parameters]
conversation_id = "$id"
TOML

cd "$work"
"$ROOT/.venv/bin/schemathesis" run "$url/openapi.json" \
  -H "Authorization: Bearer $token" -H "X-API-Key: qts-pk-dev" \
  --max-examples "$EXAMPLES" --workers 1 --seed 1 \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  2>&1 | tee "$work/report.txt"
status=${PIPESTATUS[0]}
generated="$(sed -n 's/.* \([0-9]\+\) generated.*/\1/p' "$work/report.txt" | tail -1)"
failures="$(sed -n 's/.* found \([0-9]\+\) unique failure.*/\1/p' "$work/report.txt" | tail -1)"
generated="${generated:-0}"
failures="${failures:-$([ "$status" -eq 0 ] && echo 0 || echo 1)}"
echo "fuzz: $((generated - failures)) passed, $failures failed"
exit "$status"
