#!/usr/bin/env bash
# Records what the reference server answers on every endpoint, and a whole reply stream, into
# tests/payloads/ (the round-trip tests read them). Run it again when the server's answers change:
#   cargo build -p quintus-server && bash crates/api-types/tests/record-payloads.sh
# Needs curl and python3. The server runs on a free loopback port with a fresh database.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
source "$root/scripts/env.sh"
out="$here/payloads"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# An 8 s token lifetime gives a real expired-token answer; 40 requests a minute a real 429.
# --dev for the one 403 left: /_dev/faults called from another origin.
"$root/target/debug/quintus-server" --addr 127.0.0.1:0 --db "$work/db.sqlite" --pace-ms 0 \
  --token-ttl 8 --rate-limit 40 --dev > "$work/server.log" 2>&1 &
pid=$!
url="$(ready_url "$work/server.log")" || { cat "$work/server.log"; exit 1; }
api="$url/v1/public/agents/conversations"
key=(-H 'X-API-Key: qts-pk-dev')

# save NAME STATUS curl-args...: the body, pretty-printed, checked to be of that status.
save() {
  local name="$1" want="$2"
  shift 2
  local status
  status="$(curl -s -o "$work/body" -w '%{http_code}' "$@")"
  if [ "$status" != "$want" ]; then
    echo "$name: expected $want, got $status: $(cat "$work/body")" >&2
    exit 1
  fi
  python3 -m json.tool --no-ensure-ascii "$work/body" > "$out/$name.json"
}
json=(-H 'Content-Type: application/json')

printf '{\n    "agent_id": "agent_demo",\n    "user_data": {"name": "Ana"},\n    "context": {"page": "/pricing"},\n    "metadata": {"campaign": "spring"}\n}\n' > "$out/create_conversation_request.json"
save create_conversation_response 201 -X POST "$api" "${key[@]}" "${json[@]}" --data-binary @"$out/create_conversation_request.json"
id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$out/create_conversation_response.json")"
token="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["session_token"])' "$out/create_conversation_response.json")"
bearer=(-H "Authorization: Bearer $token")

save conversation_state 200 "$api/$id" "${bearer[@]}"
save refresh_response 200 -X POST "$api/$id/token/refresh" "${key[@]}"
token="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["session_token"])' "$out/refresh_response.json")"
bearer=(-H "Authorization: Bearer $token")

printf '{"content": "Olá! Quanto custa o plano anual? 🙂"}\n' > "$out/send_message_request_text.json"
save send_message_response 200 -X POST "$api/$id/messages" "${bearer[@]}" "${json[@]}" -H 'Idempotency-Key: rec-1' --data-binary @"$out/send_message_request_text.json"

python3 -c 'import base64,sys; sys.stdout.buffer.write(base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))' > "$work/dot.png"
save file 201 -X POST "$api/$id/files" "${bearer[@]}" -F "file=@$work/dot.png;type=image/png"
python3 -c 'import sys; sys.stdout.buffer.write(b"MZ" + bytes(62))' > "$work/run.exe"
save error_400_unsupported_file_type 400 -X POST "$api/$id/files" "${bearer[@]}" -F "file=@$work/run.exe"
file_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$out/file.json")"
printf '{"content": [{"type": "text", "text": "Veja a imagem"}, {"type": "image", "file_id": "%s"}], "role": "user", "metadata": {"source": "widget"}}\n' "$file_id" > "$out/send_message_request_blocks.json"

# The stream, raw, as it came over the wire.
curl -s -N -X POST "$api/$id/messages/stream" "${bearer[@]}" "${json[@]}" -H 'Accept: text/event-stream' \
  --data-binary @"$out/send_message_request_blocks.json" > "$out/stream.sse"
grep -q '^event: done' "$out/stream.sse"

save files_page 200 "$api/$id/files?limit=20" "${bearer[@]}"
save messages_page 200 "$api/$id/messages?limit=2" "${bearer[@]}"
first="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"][0]["id"])' "$out/messages_page.json")"
save message 200 "$api/$id/messages/$first" "${bearer[@]}"
save inactivity_response_warning 200 -X POST "$api/$id/inactivity" "${bearer[@]}" "${json[@]}" -d '{"step": "warning"}'
printf '{\n    "score": 9,\n    "comment": "Muito útil"\n}\n' > "$out/feedback_request.json"
save feedback_response 200 -X POST "$api/$id/feedback" "${bearer[@]}" "${json[@]}" --data-binary @"$out/feedback_request.json"
save inactivity_response_final 200 -X POST "$api/$id/inactivity" "${bearer[@]}" "${json[@]}" -d '{"step": "final"}'
printf '{\n    "reason": "visitor left"\n}\n' > "$out/terminate_request.json"
save terminate_response 200 -X POST "$api/$id/terminate" "${bearer[@]}" "${json[@]}" --data-binary @"$out/terminate_request.json"

# Errors: each status the contract names, as the server answers it.
save error_404_conversation_not_found 404 "$api/conv_missing" "${bearer[@]}"
save error_401_session_token_invalid 401 "$api/$id" -H 'Authorization: Bearer nope'
save error_409_conversation_closed 409 -X POST "$api/$id/messages" "${bearer[@]}" "${json[@]}" -d '{"content": "still there?"}'
save error_422_validation 422 -X POST "$api/$id/feedback" "${bearer[@]}" "${json[@]}" -d '{"score": 11}'
other="$(curl -s -X POST "$api" "${key[@]}" "${json[@]}" -d '{"agent_id": "agent_demo"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["session_token"])')"
# Another conversation's token answers exactly as a conversation that does not exist.
save error_404_not_yours 404 "$api/$id" -H "Authorization: Bearer $other"
save error_403_cross_origin_refused 403 -X DELETE "$url/_dev/faults" -H 'Origin: http://elsewhere.test'
save error_404_message_not_found 404 "$api/$id/messages/msg_missing" "${bearer[@]}"
sleep 9
save error_401_session_token_expired 401 "$api/$id" "${bearer[@]}"
for _ in $(seq 1 45); do
  status="$(curl -s -o "$work/body" -w '%{http_code}' -X POST "$api" "${key[@]}" "${json[@]}" -d '{"agent_id": "agent_demo"}')"
  if [ "$status" = 429 ]; then
    python3 -m json.tool --no-ensure-ascii "$work/body" > "$out/error_429_rate_limited.json"
    break
  fi
done
[ -f "$out/error_429_rate_limited.json" ]
echo "recorded $(ls "$out" | wc -l) payloads into $out"
