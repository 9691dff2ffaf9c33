#!/usr/bin/env bash
# Tests deploy/nginx.conf and scripts/replicas.sh with real processes: three replicas behind
# nginx, requests made with curl through nginx. Ends with "N passed, N failed".
#
#   bash scripts/test-deploy.sh [--postgres]
#
# By default the replicas run on three separate SQLite files (what works without the
# PostgreSQL backend): a conversation lives on one replica, so a call for it lands on its
# owner one time in three; the streaming check retries the others' 404s. With --postgres
# (once the PostgreSQL backend is built) the replicas share one database and every call
# must succeed wherever it lands.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

MODE=(--sqlite)
[ "${1:-}" = "--postgres" ] && MODE=()
PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAILED - $1"; }
check() { local name="$1"; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

if ! command -v nginx >/dev/null; then
  echo "skipped: nginx is not installed (bash scripts/setup.sh installs it)"
  echo "0 passed, 0 failed"
  exit 0
fi

cargo build --locked -q -p quintus-server --bin quintus-server || { echo "0 passed, 1 failed"; exit 1; }
WORK="$(mktemp -d /tmp/quintus-test-deploy.XXXXXX)"
LOG="$WORK/replicas.out"
# Slow words (40 ms) so a reply streams for seconds; a client budget of 6 per replica.
QUINTUS_REPLICAS_DIR="$WORK/run" bash scripts/replicas.sh "${MODE[@]}" --bin "$ROOT/target/debug/quintus-server" \
  -- --pace-ms 40 --client-rate-limit 6 >"$LOG" 2>&1 &
RUNNER=$!
cleanup() {
  kill -TERM "$RUNNER" 2>/dev/null
  wait "$RUNNER" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! URL="$(announced_url "$LOG" "Quintus replicas:" "$RUNNER" 60)"; then
  cat "$LOG"
  fail "replicas.sh starts three replicas and nginx"
  echo "$PASSED passed, $FAILED failed"
  exit 1
fi
pass "replicas.sh starts three replicas and nginx ($URL)"
API="$URL/v1/public/agents/conversations"

# The generated config is the template with the ports filled in, and nginx accepts it.
CONF="$WORK/run/nginx/nginx.conf"
check "the generated config names three replica ports and no template port" \
  bash -c "[ \$(grep -cE '^\s*server 127\.0\.0\.1:[0-9]+ ' '$CONF') -eq 3 ] && ! grep -qE '127\.0\.0\.1:(8080|878[123])\b' '$CONF'"

# Health through the balancer: every replica answers it.
health_ok=1
for _ in 1 2 3 4 5 6; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" = 200 ] || health_ok=0
done
check "/healthz answers 200 through nginx, six times in a row" [ "$health_ok" = 1 ]

# The widget's files come from disk with the server's caching headers.
if [ -f dist/index.html ]; then
  headers="$(curl -s -D - -o /dev/null "$URL/")"
  check "the demo page is served from dist/ with a short Cache-Control and no Referer" \
    bash -c "grep -qi '^cache-control: public, max-age=300' <<<\"\$1\" && grep -qi '^referrer-policy: no-referrer' <<<\"\$1\"" _ "$headers"
  hashed="$(ls dist | grep -E -- '-[0-9a-f]{16}\.(js|wasm)$' | head -n 1)"
  if [ -n "$hashed" ]; then
    headers="$(curl -s -D - -o /dev/null "$URL/$hashed")"
    check "a content-hashed file is immutable and open to any origin" \
      bash -c "grep -qi '^cache-control: public, max-age=31536000, immutable' <<<\"\$1\" && grep -qi '^access-control-allow-origin: \*' <<<\"\$1\"" _ "$headers"
  fi
else
  echo "skipped: no dist/ (bash scripts/build-widget.sh builds it); static-file checks not run"
fi

# The conversation's owner: create, then stream the reply through nginx. With SQLite replicas
# a call lands on another replica (404) two times in three: retried, as a new request.
# From 127.0.0.5: this client's budget is its own, untouched by the flood below.
created="$(curl -s --interface 127.0.0.5 -H 'X-API-Key: qts-pk-dev' -H 'Content-Type: application/json' \
  -d '{"agent_id":"agent_demo"}' "$API/")"
ID="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$created" 2>/dev/null)"
TOKEN="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["session_token"])' "$created" 2>/dev/null)"
check "a conversation is created through nginx" [ -n "$ID" ]

# curl -N prints each chunk as it comes (asking for gzip, as browsers do); each line is stamped
# with its arrival time.
STREAM="$WORK/stream.txt"
status=404
ATTEMPTS=9
[ "${#MODE[@]}" = 0 ] && ATTEMPTS=1 # one database: every replica knows the conversation
for _ in $(seq 1 "$ATTEMPTS"); do
  status="$(curl -sN --compressed --interface 127.0.0.5 -o >(python3 -u -c '
import sys, time
t0 = time.monotonic()
for line in sys.stdin:
    print(f"{time.monotonic() - t0:.3f} {line}", end="", flush=True)' >"$STREAM") -w '%{http_code}' \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"content":"/long"}' \
    "$API/$ID/messages/stream")"
  sleep 0.2 # lets the stamping process flush
  [ "$status" = 200 ] && break
done
check "the reply streams through nginx (200)" [ "$status" = 200 ]
check "the reply arrives event by event, not buffered until its end" python3 - "$STREAM" <<'EOF'
import sys
stamps = [float(l.split(" ", 1)[0]) for l in open(sys.argv[1]) if " event: message.delta" in l]
ends = [float(l.split(" ", 1)[0]) for l in open(sys.argv[1]) if " event: message.completed" in l]
ok = len(stamps) >= 20 and ends and stamps[0] < 0.5 * ends[0] and (stamps[-1] - stamps[0]) > 1.0
print(f"  {len(stamps)} deltas, first at {stamps[0] if stamps else -1:.2f} s, last at {stamps[-1] if stamps else -1:.2f} s, completed at {ends[0] if ends else -1:.2f} s")
sys.exit(0 if ok else 1)
EOF

# Per-client limits behind nginx: the visitor's address is the last X-Forwarded-For entry,
# which nginx appends; a client cannot spoof it by sending its own.
create_as() { # $1: local address to connect from, $2: X-Forwarded-For the client sends
  curl -s -o /dev/null -w '%{http_code}' --interface "$1" ${2:+-H "X-Forwarded-For: $2"} \
    -H 'X-API-Key: qts-pk-dev' -H 'Content-Type: application/json' -d '{"agent_id":"agent_demo"}' "$API/"
}
# Until three refusals in a row: every replica has spent this client's budget (the replicas'
# buckets are their own until the PostgreSQL limiter is shared).
refused=0
created=0
for _ in $(seq 1 60); do
  if [ "$(create_as 127.0.0.1)" = 429 ]; then refused=$((refused + 1)); else refused=0; created=$((created + 1)); fi
  [ "$refused" -ge 3 ] && break
done
check "one client flooding creates is limited (429) through nginx" [ "$refused" -ge 3 ]
echo "  $created created before the limit held on every replica (budget 6 a minute per client)"
if [ "${#MODE[@]}" = 0 ]; then
  # One budget in PostgreSQL for all three replicas (plus at most one refilled meanwhile).
  check "the client's budget holds across the three replicas" [ "$created" -le 7 ]
fi
spoofed=1
for _ in 1 2 3; do [ "$(create_as 127.0.0.1 203.0.113.99)" = 429 ] || spoofed=0; done
check "a forged X-Forwarded-For does not escape the limit" [ "$spoofed" = 1 ]
check "another client address still creates" [ "$(create_as 127.0.0.2)" = 201 ]

# Uploads up to the replicas' own limit reach them: a file just over 25 MB gets the server's
# typed answer, not nginx's 413 page.
head -c $((25 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$WORK/big.txt"
upload_status=""
for _ in $(seq 1 "$ATTEMPTS"); do
  upload_status="$(curl -s -o "$WORK/upload.json" -w '%{http_code}' --interface 127.0.0.3 -H "Authorization: Bearer $TOKEN" \
    -F "file=@$WORK/big.txt" "$API/$ID/files")"
  [ "$upload_status" != 404 ] && break
done
check "a 25 MB + 1 byte upload reaches a replica and gets file_too_large" \
  bash -c "[ '$upload_status' = 400 ] && grep -q file_too_large '$WORK/upload.json'"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
