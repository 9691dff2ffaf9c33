//! `GET /openapi.json`: the API as this server implements it (OpenAPI 3.1), built from the
//! same paths and schema names as the handlers.

use crate::app::BASE;
use axum::Json;
use serde_json::{json, Value};

fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn errors(statuses: &[u16]) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for s in statuses {
        let schema = if *s == 422 { r("HTTPValidationError") } else { r("ErrorEnvelope") };
        out.insert(s.to_string(), json!({"description": "Error", "content": {"application/json": {"schema": schema}}}));
    }
    out
}

fn op(id: &str, security: &str, ok_status: u16, ok_schema: Value, body: Option<Value>, params: Vec<Value>, errs: &[u16]) -> Value {
    let mut responses = errors(errs);
    responses.insert(ok_status.to_string(), json!({"description": "Success", "content": {"application/json": {"schema": ok_schema}}}));
    let mut o = json!({
        "operationId": id,
        "security": [{security: []}],
        "parameters": params,
        "responses": responses,
    });
    if let Some(body) = body {
        o["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": body}}});
        // A JSON body over `--max-json-kb`.
        o["responses"]["413"] = json!({"description": "Payload too large", "content": {"application/json": {"schema": r("ErrorEnvelope")}}});
    }
    o
}

fn path_id() -> Value {
    json!({"name": "conversation_id", "in": "path", "required": true, "schema": {"type": "string"}})
}

fn query(name: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "schema": schema})
}

/// The document.
pub fn document() -> Value {
    let common = [401, 403, 404, 422, 429];
    let writes = [400, 401, 403, 404, 409, 422, 429];
    let paging = || vec![path_id(), query("limit", json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 20})), query("offset", json!({"type": "integer", "minimum": 0, "default": 0}))];
    let mut list_params = paging();
    list_params.push(query("after", json!({"type": "string"})));
    list_params.push(query("before", json!({"type": "string"})));
    list_params.push(query("roles", json!({"type": "string"})));
    let msg_params = vec![path_id(), json!({"name": "message_id", "in": "path", "required": true, "schema": {"type": "string"}})];
    let send_body = r("SendMessageRequest");
    let mut stream = op("sendMessageStream", "SessionToken", 200, json!({"type": "string"}), Some(send_body.clone()), vec![path_id()], &writes);
    stream["responses"]["200"] = json!({"description": "Server-Sent Events", "content": {"text/event-stream": {"schema": {"type": "string"}}}});
    let mut upload = op("uploadConversationFile", "SessionToken", 201, r("File"), None, vec![path_id()], &writes);
    upload["requestBody"] = json!({"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}}}}}});

    json!({
        "openapi": "3.1.0",
        "info": {"title": "Quintus Public Chat API (reference server)", "version": "1.0.0"},
        "paths": {
            format!("{BASE}/"): {"post": op("createConversation", "ApiKey", 201, r("CreateConversationResponse"), Some(r("CreateConversationRequest")), vec![], &[401, 404, 422, 429])},
            format!("{BASE}/{{conversation_id}}"): {"get": op("getConversationState", "SessionToken", 200, r("ConversationState"), None, vec![path_id()], &common)},
            format!("{BASE}/{{conversation_id}}/token/refresh"): {"post": op("refreshSessionToken", "ApiKey", 200, r("RefreshResponse"), None, vec![path_id()], &common)},
            format!("{BASE}/{{conversation_id}}/inactivity"): {"post": op("generateInactivityMessage", "SessionToken", 200, r("InactivityResponse"), Some(r("InactivityRequest")), vec![path_id()], &writes)},
            format!("{BASE}/{{conversation_id}}/terminate"): {"post": op("terminateConversation", "SessionToken", 200, r("TerminateResponse"), Some(r("TerminateRequest")), vec![path_id()], &common)},
            format!("{BASE}/{{conversation_id}}/feedback"): {"post": op("submitFeedback", "SessionToken", 200, r("FeedbackResponse"), Some(r("FeedbackRequest")), vec![path_id()], &common)},
            format!("{BASE}/{{conversation_id}}/messages"): {
                "post": op("sendMessage", "SessionToken", 200, r("SendMessageResponse"), Some(send_body), vec![path_id()], &writes),
                "get": op("listMessages", "SessionToken", 200, r("MessageList"), None, list_params, &common),
            },
            format!("{BASE}/{{conversation_id}}/messages/stream"): {"post": stream},
            format!("{BASE}/{{conversation_id}}/messages/{{message_id}}"): {"get": op("getMessage", "SessionToken", 200, r("Message"), None, msg_params, &common)},
            format!("{BASE}/{{conversation_id}}/files"): {
                "post": upload,
                "get": op("listConversationFiles", "SessionToken", 200, r("FileList"), None, paging(), &common),
            },
        },
        "components": {
            "securitySchemes": {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "SessionToken": {"type": "http", "scheme": "bearer"},
            },
            "schemas": schemas(),
        }
    })
}

fn schemas() -> Value {
    let nullable = |t: &str| json!({"anyOf": [{"type": t}, {"type": "null"}]});
    json!({
        "TextBlock": {"type": "object", "required": ["type", "text"], "properties": {"type": {"const": "text"}, "text": {"type": "string", "minLength": 1}}},
        "ImageBlock": {"type": "object", "required": ["type", "file_id"], "properties": {"type": {"const": "image"}, "file_id": {"type": "string"}}},
        "FileBlock": {"type": "object", "required": ["type", "file_id"], "properties": {"type": {"const": "file"}, "file_id": {"type": "string"}}},
        "Block": {"oneOf": [r("TextBlock"), r("ImageBlock"), r("FileBlock")]},
        "Message": {"type": "object", "required": ["id", "role", "content", "created_at"], "properties": {
            "id": {"type": "string"}, "role": {"enum": ["user", "assistant"]},
            "content": {"type": "array", "items": r("Block")}, "created_at": {"type": "string", "format": "date-time"},
            "metadata": {"anyOf": [{"type": "object"}, {"type": "null"}]}}},
        "MessageList": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": r("Message")}, "next_offset": nullable("integer")}},
        "File": {"type": "object", "required": ["id", "name", "size", "mime_type", "created_at"], "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}, "size": {"type": "integer"}, "mime_type": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"}}},
        "FileList": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": r("File")}, "next_offset": nullable("integer")}},
        "ConversationState": {"type": "object", "required": ["id", "agent_id", "status", "messages_count", "created_at", "updated_at", "expires_at"], "properties": {
            "id": {"type": "string"}, "agent_id": {"type": "string"}, "status": {"enum": ["active", "closed", "expired"]},
            "messages_count": {"type": "integer", "minimum": 0}, "created_at": {"type": "string"}, "updated_at": {"type": "string"},
            "expires_at": {"type": "string"}, "closed_at": {"type": "string"}, "user_data": {}, "metadata": {}}},
        "CreateConversationRequest": {"type": "object", "required": ["agent_id"], "properties": {"agent_id": {"type": "string"}, "user_data": {}, "context": {}, "metadata": {}}},
        "CreateConversationResponse": {"type": "object", "required": ["id", "agent_id", "session_token", "expires_at", "expires_in", "created_at"], "properties": {
            "id": {"type": "string"}, "agent_id": {"type": "string"}, "session_token": {"type": "string"}, "expires_at": {"type": "string"}, "expires_in": {"type": "integer"}, "created_at": {"type": "string"}}},
        "RefreshResponse": {"type": "object", "required": ["session_token", "expires_at", "expires_in"], "properties": {"session_token": {"type": "string"}, "expires_at": {"type": "string"}, "expires_in": {"type": "integer"}}},
        "SendMessageRequest": {"type": "object", "required": ["content"], "properties": {
            "content": {"anyOf": [{"type": "string", "minLength": 1}, {"type": "array", "minItems": 1, "items": r("Block")}]},
            "role": {"enum": ["user"]}, "metadata": {"anyOf": [{"type": "object"}, {"type": "null"}]}}},
        "SendMessageResponse": {"type": "object", "required": ["user_message", "agent_message"], "properties": {"user_message": r("Message"), "agent_message": r("Message")}},
        "FeedbackRequest": {"type": "object", "required": ["score"], "properties": {"score": {"type": "integer", "minimum": 0, "maximum": 10}, "comment": {"anyOf": [{"type": "string", "maxLength": 2000}, {"type": "null"}]}, "metadata": {}}},
        "FeedbackResponse": {"type": "object", "required": ["id", "score", "submitted_at"], "properties": {"id": {"type": "string"}, "score": {"type": "integer"}, "comment": nullable("string"), "submitted_at": {"type": "string"}}},
        "InactivityRequest": {"type": "object", "required": ["step"], "properties": {"step": {"enum": ["warning", "final"]}}},
        "InactivityResponse": {"type": "object", "required": ["step", "message", "conversation_status"], "properties": {"step": {"enum": ["warning", "final"]}, "message": r("Message"), "conversation_status": {"enum": ["active", "closed", "expired"]}}},
        "TerminateRequest": {"type": "object", "properties": {"reason": {"anyOf": [{"type": "string", "maxLength": 500}, {"type": "null"}]}}},
        "TerminateResponse": {"type": "object", "required": ["id", "status", "closed_at"], "properties": {"id": {"type": "string"}, "status": {"const": "closed"}, "closed_at": {"type": "string"}, "reason": nullable("string")}},
        "ErrorBody": {"type": "object", "required": ["code", "name", "message"], "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "message": {"type": "string"}, "context": {"type": "object"}}},
        "ErrorEnvelope": {"type": "object", "required": ["error"], "properties": {"error": r("ErrorBody"), "request_id": nullable("string"), "timestamp": nullable("string")}},
        "ValidationError": {"type": "object", "required": ["loc", "msg", "type"], "properties": {"loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}, "msg": {"type": "string"}, "type": {"type": "string"}}},
        "HTTPValidationError": {"type": "object", "properties": {"detail": {"type": "array", "items": r("ValidationError")}}},
    })
}

/// `GET /openapi.json`.
pub async fn spec() -> Json<Value> {
    Json(document())
}
