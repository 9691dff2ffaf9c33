//! Round trips against payloads recorded from the reference server (`tests/payloads/`, written
//! by `tests/record-payloads.sh`): every endpoint's answer and request body, every error status,
//! and a whole reply stream. Each payload reads into its type and writes back to the same JSON;
//! unknown fields, roles, statuses, block types, error codes and stream events read without
//! failing.

use quintus_api_types::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::Debug;

fn payload(name: &str) -> String {
    let path = format!("{}/tests/payloads/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn value(name: &str) -> Value {
    serde_json::from_str(&payload(&format!("{name}.json"))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Reads a recorded payload as `T`, checks that writing it gives the same JSON, and returns it.
fn round_trip<T: DeserializeOwned + Serialize + Debug>(name: &str) -> T {
    let recorded = value(name);
    let typed: T = serde_json::from_value(recorded.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(serde_json::to_value(&typed).unwrap(), recorded, "{name} written back");
    typed
}

/// The payload with an unknown field added to every object the contract defines (free-form
/// objects such as `metadata` are left as they are).
fn with_unknown_fields(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, item) in map {
                let free_form = matches!(key.as_str(), "metadata" | "user_data" | "context");
                out.insert(key.clone(), if free_form { item.clone() } else { with_unknown_fields(item) });
            }
            out.insert("added_in_a_later_version".into(), json!({"nested": [1, 2.5, null]}));
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(with_unknown_fields).collect()),
        other => other.clone(),
    }
}

/// Reads the payload with unknown fields everywhere: the same value as without them.
fn ignores_unknown_fields<T: DeserializeOwned + PartialEq + Debug>(name: &str) {
    let plain: T = serde_json::from_value(value(name)).unwrap();
    let extended: T = serde_json::from_value(with_unknown_fields(&value(name))).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(plain, extended, "{name}");
}

#[test]
fn conversation_lifecycle() {
    let request: CreateConversationRequest = round_trip("create_conversation_request");
    assert_eq!(request.agent_id, "agent_demo");
    assert_eq!(request.user_data, Some(json!({"name": "Ana"})));
    let created: CreateConversationResponse = round_trip("create_conversation_response");
    assert!(created.expires_in > 0 && !created.session_token.is_empty());
    let state: ConversationState = round_trip("conversation_state");
    assert_eq!((state.id.as_str(), state.status), (created.id.as_str(), ConversationStatus::Active));
    assert_eq!(state.user_data, request.user_data);
    let refreshed: RefreshResponse = round_trip("refresh_response");
    assert_ne!(refreshed.session_token, created.session_token);
    let warning: InactivityResponse = round_trip("inactivity_response_warning");
    assert_eq!((warning.step, warning.conversation_status), (InactivityStep::Warning, ConversationStatus::Active));
    assert_eq!(warning.message.role, Role::Assistant);
    let last: InactivityResponse = round_trip("inactivity_response_final");
    assert_eq!((last.step, last.conversation_status), (InactivityStep::Final, ConversationStatus::Closed));
    let terminate: TerminateRequest = round_trip("terminate_request");
    let closed: TerminateResponse = round_trip("terminate_response");
    assert_eq!(closed.status, ConversationStatus::Closed);
    // The conversation was already closed by inactivity: the first reason stays (idempotent).
    assert_eq!(closed.reason.as_deref(), Some("inactivity"));
    assert_eq!(terminate.reason.as_deref(), Some("visitor left"));
    let feedback: FeedbackRequest = round_trip("feedback_request");
    let stored: FeedbackResponse = round_trip("feedback_response");
    assert_eq!((stored.score, stored.comment), (feedback.score, feedback.comment));
}

#[test]
fn messages_files_and_pages() {
    let text: SendMessageRequest = round_trip("send_message_request_text");
    assert!(matches!(text.content, MessageContent::Text(ref t) if t.starts_with("Olá")));
    let blocks: SendMessageRequest = round_trip("send_message_request_blocks");
    let MessageContent::Blocks(sent) = &blocks.content else { panic!("{blocks:?}") };
    assert!(matches!(sent.as_slice(), [ContentBlock::Text { .. }, ContentBlock::Image { .. }]));
    assert_eq!(blocks.role, Some(Role::User));
    let exchange: SendMessageResponse = round_trip("send_message_response");
    assert_eq!(exchange.user_message.text(), "Olá! Quanto custa o plano anual? 🙂");
    assert_eq!((exchange.user_message.role, exchange.agent_message.role), (Role::User, Role::Assistant));
    assert!(!exchange.agent_message.text().is_empty());
    let file: FileInfo = round_trip("file");
    assert_eq!(file.mime_type, "image/png");
    let files: Page<FileInfo> = round_trip("files_page");
    assert_eq!((files.items.as_slice(), files.next_offset), (std::slice::from_ref(&file), None));
    let page: Page<Message> = round_trip("messages_page");
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.next_offset, Some(2));
    let one: Message = round_trip("message");
    assert_eq!(one, page.items[0]);
}

#[test]
fn every_error_status_reads_as_its_body() {
    for (name, code) in [
        ("error_400_unsupported_file_type", ErrorCode::UnsupportedFileType),
        ("error_401_session_token_invalid", ErrorCode::SessionTokenInvalid),
        ("error_401_session_token_expired", ErrorCode::SessionTokenExpired),
        ("error_403_cross_origin_refused", ErrorCode::CrossOriginRefused),
        ("error_404_not_yours", ErrorCode::ConversationNotFound),
        ("error_404_conversation_not_found", ErrorCode::ConversationNotFound),
        ("error_404_message_not_found", ErrorCode::MessageNotFound),
        ("error_409_conversation_closed", ErrorCode::ConversationClosed),
        ("error_429_rate_limited", ErrorCode::RateLimited),
    ] {
        let envelope: ErrorEnvelope = round_trip(name);
        assert_eq!(envelope.error.code, code, "{name}");
        assert_eq!(envelope.error.name, code.name(), "{name}");
        assert!(envelope.request_id.is_some() && envelope.timestamp.is_some(), "{name}");
    }
    let invalid: ValidationErrorBody = round_trip("error_422_validation");
    assert_eq!(invalid.detail[0].loc, [LocPart::from("body"), LocPart::from("score")]);
}

#[test]
fn unknown_fields_are_ignored_everywhere() {
    ignores_unknown_fields::<CreateConversationResponse>("create_conversation_response");
    ignores_unknown_fields::<ConversationState>("conversation_state");
    ignores_unknown_fields::<RefreshResponse>("refresh_response");
    ignores_unknown_fields::<InactivityResponse>("inactivity_response_final");
    ignores_unknown_fields::<TerminateResponse>("terminate_response");
    ignores_unknown_fields::<FeedbackResponse>("feedback_response");
    ignores_unknown_fields::<SendMessageResponse>("send_message_response");
    ignores_unknown_fields::<SendMessageRequest>("send_message_request_blocks");
    ignores_unknown_fields::<Page<Message>>("messages_page");
    ignores_unknown_fields::<Page<FileInfo>>("files_page");
    ignores_unknown_fields::<ErrorEnvelope>("error_401_session_token_expired");
    ignores_unknown_fields::<ValidationErrorBody>("error_422_validation");
}

#[test]
fn unknown_codes_roles_statuses_and_blocks_are_kept() {
    let mut body = value("error_404_conversation_not_found");
    body["error"]["code"] = json!("brand_new_code");
    let envelope: ErrorEnvelope = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(envelope.error.code, ErrorCode::Other("brand_new_code".into()));
    assert_eq!(serde_json::to_value(&envelope).unwrap(), body, "an unknown code is written back as it came");

    let mut message = value("message");
    message["role"] = json!("tool");
    message["content"] = json!([{"type": "audio", "url": "x"}, {"type": "text", "text": "ok"}]);
    let read: Message = serde_json::from_value(message).unwrap();
    assert_eq!(read.role, Role::Unknown);
    assert_eq!(read.content[0], ContentBlock::Unknown);
    assert_eq!(read.text(), "ok");

    let mut state = value("conversation_state");
    state["status"] = json!("archived");
    let read: ConversationState = serde_json::from_value(state).unwrap();
    assert_eq!(read.status, ConversationStatus::Unknown);
    assert!(!read.status.is_active());
}

#[test]
fn missing_or_mistyped_required_fields_are_errors() {
    let message = value("message");
    for (field, bad) in [("id", json!(1)), ("role", json!(5)), ("content", json!({})), ("created_at", Value::Null)] {
        let mut broken = message.clone();
        broken[field] = bad;
        assert!(serde_json::from_value::<Message>(broken).is_err(), "{field}");
        let mut missing = message.clone();
        missing.as_object_mut().unwrap().remove(field);
        assert!(serde_json::from_value::<Message>(missing).is_err(), "{field} missing");
    }
    // A known block type without its field is not a block.
    assert!(serde_json::from_value::<ContentBlock>(json!({"type": "text"})).is_err());
    assert!(serde_json::from_value::<Page<Message>>(json!({"items": [], "next_offset": -1})).is_err());
    // next_offset is not required by the seed schema.
    assert_eq!(serde_json::from_value::<Page<Message>>(json!({"items": []})).unwrap().next_offset, None);
}

#[test]
fn requests_are_written_as_the_contract_says() {
    let create = CreateConversationRequest { agent_id: "agent_demo".into(), ..Default::default() };
    assert_eq!(serde_json::to_string(&create).unwrap(), r#"{"agent_id":"agent_demo"}"#);
    let send = SendMessageRequest { content: MessageContent::Text("oi".into()), role: None, metadata: None };
    assert_eq!(serde_json::to_string(&send).unwrap(), r#"{"content":"oi"}"#);
    let feedback = FeedbackRequest { score: 9, comment: None, metadata: None };
    assert_eq!(serde_json::to_string(&feedback).unwrap(), r#"{"score":9,"comment":null}"#);
    assert_eq!(serde_json::to_string(&TerminateRequest::default()).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&InactivityRequest { step: InactivityStep::Final }).unwrap(), r#"{"step":"final"}"#);
    // Files: a text block (if there is text), then an image or file block per file.
    let files = [("f1".to_string(), true), ("f2".to_string(), false)];
    assert_eq!(
        serde_json::to_string(&MessageContent::of("see".into(), &files)).unwrap(),
        r#"[{"type":"text","text":"see"},{"type":"image","file_id":"f1"},{"type":"file","file_id":"f2"}]"#
    );
    assert_eq!(serde_json::to_string(&MessageContent::of(String::new(), &files[1..])).unwrap(), r#"[{"type":"file","file_id":"f2"}]"#);
    assert_eq!(MessageContent::of("hi".into(), &[]), MessageContent::Text("hi".into()));
}

/// The recorded stream's events as (event, data), read line by line: the server writes one
/// `event:` and one `data:` line per event. (The widget's own tests read the same recording
/// with its standard-conformant parser.)
fn recorded_events() -> Vec<(String, String)> {
    let mut events = Vec::new();
    let mut name = String::new();
    for line in payload("stream.sse").lines() {
        if let Some(rest) = line.strip_prefix("event: ").or_else(|| line.strip_prefix("event:")) {
            name = rest.to_string();
        } else if let Some(rest) = line.strip_prefix("data: ").or_else(|| line.strip_prefix("data:")) {
            events.push((std::mem::take(&mut name), rest.to_string()));
        }
    }
    events
}

#[test]
fn every_stream_event_round_trips() {
    let events = recorded_events();
    let mut kinds = Vec::new();
    for (name, data) in &events {
        let event = StreamEvent::decode(name, data).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(event.name(), name);
        let written: Value = serde_json::from_str(&event.data()).unwrap();
        assert_eq!(written, serde_json::from_str::<Value>(data).unwrap(), "{name} written back");
        kinds.push(match &event {
            StreamEvent::MessageCreated(m) => {
                // The image block of the send is stored with the message.
                assert_eq!(m.attachments(), [(value("file")["id"].as_str().unwrap(), true)]);
                format!("created:{}", m.text())
            }
            StreamEvent::MessageStarted(s) => format!("started:{:?}", s.role),
            StreamEvent::MessageDelta(_) => "delta".into(),
            StreamEvent::MessageCompleted(m) => format!("completed:{:?}", m.role),
            StreamEvent::Error(e) => format!("error:{}", e.error.code.as_str()),
            StreamEvent::Done => "done".into(),
            StreamEvent::Other { event, .. } => format!("other:{event}"),
        });
    }
    kinds.dedup();
    assert_eq!(
        kinds,
        ["created:Veja a imagem", "started:Assistant", "other:agent.status", "delta", "completed:Assistant", "done"],
        "{events:?}"
    );
    // The deltas add up to the completed reply.
    let deltas: String = events
        .iter()
        .filter_map(|(n, d)| match StreamEvent::decode(n, d) {
            Ok(StreamEvent::MessageDelta(delta)) => Some(delta.delta),
            _ => None,
        })
        .collect();
    let completed = events.iter().find_map(|(n, d)| match StreamEvent::decode(n, d) {
        Ok(StreamEvent::MessageCompleted(m)) => Some(m.text()),
        _ => None,
    });
    assert_eq!(Some(deltas), completed);
}

#[test]
fn error_and_unknown_stream_events() {
    // An `error` event carries an envelope (the recorded 404 body stands in for one).
    let body = payload("error_404_conversation_not_found.json");
    let StreamEvent::Error(envelope) = StreamEvent::decode("error", &body).unwrap() else { panic!() };
    assert_eq!(envelope.error.code, ErrorCode::ConversationNotFound);
    // An event type nobody knows yet is kept as it came, never an error.
    let other = StreamEvent::decode("message.reaction", "{\"emoji\": \"👍\"}").unwrap();
    assert_eq!(other, StreamEvent::Other { event: "message.reaction".into(), data: "{\"emoji\": \"👍\"}".into() });
    assert_eq!((other.name(), other.data().as_str()), ("message.reaction", "{\"emoji\": \"👍\"}"));
    // Data that is not JSON is kept too, for an unknown event, and an error for a known one.
    assert!(matches!(StreamEvent::decode("ping", "not json"), Ok(StreamEvent::Other { .. })));
    assert!(StreamEvent::decode("message.delta", "{not json").is_err());
    assert!(StreamEvent::decode("message.delta", r#"{"message_id": "m1"}"#).is_err());
    assert_eq!(StreamEvent::decode("done", "{}").unwrap().data(), "{}");
}
