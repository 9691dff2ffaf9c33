//! Uploads bounded on disk and in memory, body limits, validation answers, file names.

use crate::support::*;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

async fn upload(s: &Server, id: &str, token: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    // Names go as UTF-8, as browsers send them.
    let form = Form::new().percent_encode_noop().part("file", Part::bytes(bytes).file_name(name.to_string()));
    s.http.post(format!("{}/{id}/files", s.base)).bearer_auth(token).multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn the_file_limit_is_exact() {
    let s = Server::start(|c| c.max_file_mb = 1).await;
    let (id, token) = s.create().await;
    let res = upload(&s, &id, &token, "exact.txt", vec![b'a'; 1024 * 1024]).await;
    assert_eq!(res.status().as_u16(), 201);
    let res = upload(&s, &id, &token, "over.txt", vec![b'a'; 1024 * 1024 + 1]).await;
    let body = expect_error(res, 400, "file_too_large").await;
    assert_eq!(body["error"]["context"]["max_bytes"], 1024 * 1024);
    // Nothing of the refused upload is left behind, not even its temporary file; the bytes
    // of the accepted one are in the database.
    let spooled: Vec<_> = std::fs::read_dir(s.dir.join("files")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(spooled.is_empty(), "{spooled:?}");
    let stored = s.db.text("SELECT CAST(COUNT(DISTINCT file_id) AS TEXT) FROM file_chunks", &[]).await;
    assert_eq!(stored.as_deref(), Some("1"));
    s.stop().await;
}

#[tokio::test]
async fn a_conversation_has_a_file_quota() {
    let s = Server::start(|c| c.max_files_per_conversation = 2).await;
    let (id, token) = s.create().await;
    for name in ["a.txt", "b.txt"] {
        assert_eq!(upload(&s, &id, &token, name, b"hello".to_vec()).await.status().as_u16(), 201);
    }
    let body = expect_error(upload(&s, &id, &token, "c.txt", b"hello".to_vec()).await, 400, "file_quota_exceeded").await;
    assert_eq!(body["error"]["context"]["max_files"], 2);
    assert_eq!(body["error"]["context"]["files"], 2);
    // Another conversation has its own quota.
    let (other, other_token) = s.create().await;
    assert_eq!(upload(&s, &other, &other_token, "a.txt", b"hello".to_vec()).await.status().as_u16(), 201);
    s.stop().await;

    let s = Server::start(|c| {
        c.max_file_mb = 1;
        c.max_conversation_file_mb = 1;
    })
    .await;
    let (id, token) = s.create().await;
    assert_eq!(upload(&s, &id, &token, "a.txt", vec![b'a'; 600 * 1024]).await.status().as_u16(), 201);
    let body = expect_error(upload(&s, &id, &token, "b.txt", vec![b'b'; 600 * 1024]).await, 400, "file_quota_exceeded").await;
    assert_eq!(body["error"]["context"]["max_bytes"], 1024 * 1024);
    assert!(body["error"]["message"].as_str().unwrap().contains("1 MB"));
    // What still fits is accepted.
    assert_eq!(upload(&s, &id, &token, "c.txt", vec![b'c'; 400 * 1024]).await.status().as_u16(), 201);
    s.stop().await;
}

#[tokio::test]
async fn a_body_without_a_file_field_is_a_validation_error() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    let form = Form::new().text("note", "no file here");
    let res = s.http.post(format!("{}/{id}/files", s.base)).bearer_auth(&token).multipart(form).send().await.unwrap();
    let body = expect_422(res).await;
    assert_eq!(body["detail"][0]["loc"], json!(["body", "file"]));
    assert_eq!(body["detail"][0]["type"], "missing");
    // Not multipart at all: the field is just as missing.
    let res = s.post(&format!("/{id}/files"), &token, json!({"file": "x"})).await;
    let body = expect_422(res).await;
    assert_eq!(body["detail"][0]["loc"], json!(["body", "file"]));
    s.stop().await;
}

#[tokio::test]
async fn json_bodies_over_the_limit_are_413() {
    let s = Server::start(|_| {}).await;
    let big = "x".repeat(80 * 1024);
    let res = s.http.post(&s.base).header("X-API-Key", KEY).json(&json!({"agent_id": AGENT, "context": {"page": big}})).send().await.unwrap();
    let body = expect_error(res, 413, "payload_too_large").await;
    assert_eq!(body["error"]["context"]["max_bytes"], 64 * 1024);
    let (id, token) = s.create().await;
    let res = s.post(&format!("/{id}/messages"), &token, json!({"content": "hi", "metadata": {"blob": big}})).await;
    expect_error(res, 413, "payload_too_large").await;
    let res = s.post(&format!("/{id}/feedback"), &token, json!({"score": 5, "metadata": {"blob": big}})).await;
    expect_error(res, 413, "payload_too_large").await;
    let res = s.post(&format!("/{id}/terminate"), &token, json!({"reason": big})).await;
    expect_error(res, 413, "payload_too_large").await;
    // Under the limit, user_data and metadata are still welcome.
    let res = s
        .http
        .post(&s.base)
        .header("X-API-Key", KEY)
        .json(&json!({"agent_id": AGENT, "user_data": {"name": "Ana"}, "metadata": {"page": "x".repeat(30 * 1024)}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    s.stop().await;
}

#[tokio::test]
async fn hostile_file_names_are_cleaned_and_quoted_as_code() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    let cases = [
        ("invoice\u{202E}txt.exe", "invoicetxt.exe"),
        ("\u{2066}report\u{2069}\u{200B}.txt", "report.txt"),
        ("zero\u{200D}width\u{FEFF}.txt", "zerowidth.txt"),
        ("cafe\u{301}.txt", "caf\u{e9}.txt"),
        ("[click](javascript:alert(1)).txt", "[click](javascript:alert(1)).txt"),
    ];
    for (raw, clean) in cases {
        let res = upload(&s, &id, &token, raw, b"hello".to_vec()).await;
        assert_eq!(res.status().as_u16(), 201, "{raw:?}");
        let file: Value = res.json().await.unwrap();
        assert_eq!(file["name"], clean, "{raw:?}");
        let reply: Value = s
            .post(&format!("/{id}/messages"), &token, json!({"content": [{"type": "text", "text": "here"}, {"type": "file", "file_id": file["id"]}]}))
            .await
            .json()
            .await
            .unwrap();
        let text = text_of(&reply["agent_message"]);
        assert!(text.contains(&format!("`{clean}`")), "the reply quotes the name as code: {text}");
        assert!(!text.contains("**"), "{text}");
    }
    s.stop().await;
}
