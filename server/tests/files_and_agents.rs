//! Uploads, file blocks, the openai agent against a fake upstream, and /openapi.json.

mod support;

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::*;

const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
];

async fn upload(s: &Server, id: &str, token: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()));
    s.http.post(format!("{}/{id}/files", s.base)).bearer_auth(token).multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn upload_list_and_send_with_file_blocks() {
    let s = Server::start(|c| c.max_file_mb = 1).await;
    let (id, token) = s.create().await;
    let res = upload(&s, &id, &token, "../../photo.png", PNG.to_vec()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let image: Value = res.json().await.unwrap();
    assert_eq!(image["mime_type"], "image/png");
    assert_eq!(image["name"], "photo.png", "path parts are dropped");
    assert_eq!(image["size"], PNG.len());
    let text: Value = upload(&s, &id, &token, "notes.txt", b"hello".to_vec()).await.json().await.unwrap();
    assert_eq!(text["mime_type"], "text/plain");

    let files: Value = s.get(&format!("/{id}/files"), &token).await.json().await.unwrap();
    assert_eq!(files["items"].as_array().unwrap().len(), 2);
    let page: Value = s.get(&format!("/{id}/files?limit=1"), &token).await.json().await.unwrap();
    assert_eq!(page["next_offset"], 1);

    // A message with only files is allowed, and the agent acknowledges them by name.
    let body = json!({"content": [{"type": "image", "file_id": image["id"]}, {"type": "file", "file_id": text["id"]}]});
    let sent: Value = s.post(&format!("/{id}/messages"), &token, body).await.json().await.unwrap();
    let reply = text_of(&sent["agent_message"]);
    assert!(reply.contains("photo.png") && reply.contains("notes.txt"), "{reply}");
    // A text file is not an image.
    let res = s.post(&format!("/{id}/messages"), &token, json!({"content": [{"type": "image", "file_id": text["id"]}]})).await;
    expect_error(res, 400, "unsupported_file_type").await;
    // Files of another conversation are not reachable.
    let (other, other_token) = s.create().await;
    let res = s.post(&format!("/{other}/messages"), &other_token, json!({"content": [{"type": "file", "file_id": text["id"]}]})).await;
    expect_error(res, 400, "file_not_found").await;
    s.stop().await;
}

#[tokio::test]
async fn upload_rejections() {
    let s = Server::start(|c| c.max_file_mb = 1).await;
    let (id, token) = s.create().await;
    let res = upload(&s, &id, &token, "big.txt", vec![b'a'; 1024 * 1024 + 1]).await;
    expect_error(res, 400, "file_too_large").await;
    let res = upload(&s, &id, &token, "huge.txt", vec![b'a'; 3 * 1024 * 1024]).await;
    expect_error(res, 400, "file_too_large").await;
    // An executable disguised by its name.
    let elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00".to_vec();
    let res = upload(&s, &id, &token, "cat.png", elf).await;
    expect_error(res, 400, "unsupported_file_type").await;
    let res = upload(&s, &id, &token, "empty.txt", Vec::new()).await;
    expect_error(res, 400, "bad_request").await;
    // No `file` field: the published schema's validation answer.
    let form = Form::new().text("other", "x");
    let res = s.http.post(format!("{}/{id}/files", s.base)).bearer_auth(&token).multipart(form).send().await.unwrap();
    let body = expect_422(res).await;
    assert_eq!(body["detail"][0]["loc"], serde_json::json!(["body", "file"]));
    let files: Value = s.get(&format!("/{id}/files"), &token).await.json().await.unwrap();
    assert!(files["items"].as_array().unwrap().is_empty());
    s.stop().await;
}

/// A fake OpenAI-compatible upstream that streams three chunks.
async fn fake_upstream() -> (String, tokio::sync::mpsc::Receiver<Value>) {
    use axum::routing::post;
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let app = axum::Router::new().route(
        "/v1/chat/completions",
        post(move |axum::Json(body): axum::Json<Value>| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(body).await;
                let chunks = ["Olá", ", humano", "!"]
                    .iter()
                    .map(|c| format!("data: {}\n\n", json!({"choices": [{"delta": {"content": c}}]})))
                    .collect::<String>()
                    + "data: [DONE]\n\n";
                ([("content-type", "text/event-stream")], chunks)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, rx)
}

#[tokio::test]
async fn openai_agent_streams_from_the_upstream() {
    let (url, mut seen) = fake_upstream().await;
    let s = Server::start(|c| {
        c.agent = quintus_server::cli::AgentKind::Openai;
        c.llm_url = Some(url);
        c.llm_model = "tiny".into();
        c.llm_key = Some("sk-test".into());
    })
    .await;
    let (id, token) = s.create().await;
    let (events, _) = read_sse(s.post(&format!("/{id}/messages/stream"), &token, json!({"content": "Hi"})).await).await;
    let deltas: Vec<&str> = events.iter().filter(|e| e.0 == "message.delta").map(|e| e.2["delta"].as_str().unwrap()).collect();
    assert_eq!(deltas, ["Olá", ", humano", "!"]);
    assert_eq!(text_of(&events.iter().find(|e| e.0 == "message.completed").unwrap().2), "Olá, humano!");
    let request = seen.recv().await.unwrap();
    assert_eq!(request["model"], "tiny");
    assert_eq!(request["stream"], true);
    assert_eq!(request["messages"], json!([{"role": "user", "content": "Hi"}]));
    s.stop().await;
}

#[tokio::test]
async fn openai_agent_failure_is_an_error_event() {
    let s = Server::start(|c| {
        c.agent = quintus_server::cli::AgentKind::Openai;
        c.llm_url = Some("http://127.0.0.1:9/v1".into());
    })
    .await;
    let (id, token) = s.create().await;
    let (events, _) = read_sse(s.post(&format!("/{id}/messages/stream"), &token, json!({"content": "Hi"})).await).await;
    let error = events.iter().find(|e| e.0 == "error").expect("an error event");
    assert_eq!(error.2["error"]["code"], "internal_error");
    assert_eq!(events.last().unwrap().0, "done");
    s.stop().await;
}

#[tokio::test]
async fn openapi_document_lists_every_endpoint() {
    let s = Server::start(|_| {}).await;
    let doc: Value = s.http.get(format!("{}/openapi.json", s.root())).send().await.unwrap().json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let operations: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(operations, 12);
    s.stop().await;
}
