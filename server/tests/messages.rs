//! Messages: sync and streamed sends, idempotency, lists and pagination, faults.

mod support;

use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::*;

#[tokio::test]
async fn sync_send_stores_both_messages() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    let res = s.post(&format!("/{id}/messages"), &token, json!({"content": "olá, niño 🙂"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user_message"]["role"], "user");
    assert_eq!(text_of(&body["user_message"]), "olá, niño 🙂");
    assert_eq!(body["agent_message"]["role"], "assistant");
    assert!(text_of(&body["agent_message"]).contains("olá, niño 🙂"));
    // Ids are random; the list keeps the order of creation.
    let page: Value = s.get(&format!("/{id}/messages"), &token).await.json().await.unwrap();
    assert_eq!(page["items"][0]["id"], body["user_message"]["id"]);
    assert_eq!(page["items"][1]["id"], body["agent_message"]["id"]);
    let one: Value = s.get(&format!("/{id}/messages/{}", body["agent_message"]["id"].as_str().unwrap()), &token).await.json().await.unwrap();
    assert_eq!(one, body["agent_message"]);
    s.stop().await;
}

#[tokio::test]
async fn send_validation() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    for bad in [
        json!({}),
        json!({"content": ""}),
        json!({"content": "   "}),
        json!({"content": []}),
        json!({"content": [{"type": "text", "text": ""}]}),
        json!({"content": [{"type": "video", "url": "x"}]}),
        json!({"content": "hi", "role": "assistant"}),
        json!({"content": 42}),
    ] {
        expect_422(s.post(&format!("/{id}/messages"), &token, bad.clone()).await).await;
        expect_422(s.post(&format!("/{id}/messages/stream"), &token, bad).await).await;
    }
    let res = s.post(&format!("/{id}/messages"), &token, json!({"content": [{"type": "image", "file_id": "file_nope"}]})).await;
    expect_error(res, 400, "file_not_found").await;
    let page: Value = s.get(&format!("/{id}/messages"), &token).await.json().await.unwrap();
    assert!(page["items"].as_array().unwrap().is_empty(), "nothing stored by rejected sends");
    s.stop().await;
}

#[tokio::test]
async fn idempotency_key_stores_once() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    let send = || {
        s.http
            .post(format!("{}/{id}/messages", s.base))
            .bearer_auth(&token)
            .header("Idempotency-Key", "k-1")
            .json(&json!({"content": "only once"}))
            .send()
    };
    let first: Value = send().await.unwrap().json().await.unwrap();
    let second: Value = send().await.unwrap().json().await.unwrap();
    assert_eq!(first, second);
    // The streamed repeat replays the stored exchange.
    let res = s
        .http
        .post(format!("{}/{id}/messages/stream", s.base))
        .bearer_auth(&token)
        .header("Idempotency-Key", "k-1")
        .json(&json!({"content": "only once"}))
        .send()
        .await
        .unwrap();
    let (events, _) = read_sse(res).await;
    assert_eq!(events.iter().find(|e| e.0 == "message.completed").unwrap().2, first["agent_message"]);
    let page: Value = s.get(&format!("/{id}/messages"), &token).await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    s.stop().await;
}

#[tokio::test]
async fn stream_events_in_order_with_ids() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    let res = s.post(&format!("/{id}/messages/stream"), &token, json!({"content": "/list"})).await;
    let (events, _) = read_sse(res).await;
    let names: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names[0], "message.created");
    assert_eq!(names[1], "message.started");
    assert!(names.contains(&"agent.status"), "an event type clients must ignore");
    assert_eq!(names[names.len() - 2], "message.completed");
    assert_eq!(names[names.len() - 1], "done");
    let ids: Vec<u64> = events.iter().map(|e| e.1.parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "increasing ids: {ids:?}");
    let reply_id = events[1].2["message_id"].as_str().unwrap();
    let streamed: String = events.iter().filter(|e| e.0 == "message.delta").map(|e| {
        assert_eq!(e.2["message_id"], reply_id);
        e.2["delta"].as_str().unwrap().to_string()
    }).collect();
    let completed = &events[events.len() - 2].2;
    assert_eq!(completed["id"], reply_id);
    assert_eq!(text_of(completed), streamed, "the deltas add up to the stored reply");
    let stored = wait_for_messages(&s, &id, &token, 2).await;
    assert_eq!(&stored[1], completed);
    s.stop().await;
}

#[tokio::test]
async fn client_disconnect_mid_stream_still_stores_the_reply() {
    let s = Server::start(|c| c.pace_ms = 20).await;
    let (id, token) = s.create().await;
    let res = s.post(&format!("/{id}/messages/stream"), &token, json!({"content": "/long"})).await;
    let mut body = res.bytes_stream();
    let _ = body.next().await; // the user message is stored before the reply starts
    drop(body);
    let page: Value = s.get(&format!("/{id}/messages"), &token).await.json().await.unwrap();
    assert_eq!(page["items"][0]["role"], "user");
    let stored = wait_for_messages(&s, &id, &token, 2).await;
    assert!(text_of(&stored[1]).contains("longer answer"));
    s.stop().await;
}

#[tokio::test]
async fn pagination_edges() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    for i in 0..3 {
        s.post(&format!("/{id}/messages"), &token, json!({"content": format!("m{i}")})).await;
    }
    let all: Value = s.get(&format!("/{id}/messages?limit=100"), &token).await.json().await.unwrap();
    let items = all["items"].as_array().unwrap();
    assert_eq!(items.len(), 6);
    assert_eq!(all["next_offset"], Value::Null);
    let page: Value = s.get(&format!("/{id}/messages?limit=1"), &token).await.json().await.unwrap();
    assert_eq!(page["next_offset"], 1);
    let page: Value = s.get(&format!("/{id}/messages?limit=4&offset=4"), &token).await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["next_offset"], Value::Null);
    let page: Value = s.get(&format!("/{id}/messages?limit=5&offset=0"), &token).await.json().await.unwrap();
    assert_eq!(page["next_offset"], 5);
    let page: Value = s.get(&format!("/{id}/messages?offset=50"), &token).await.json().await.unwrap();
    assert!(page["items"].as_array().unwrap().is_empty());
    let after = items[3]["id"].as_str().unwrap();
    let page: Value = s.get(&format!("/{id}/messages?after={after}"), &token).await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let before = items[2]["id"].as_str().unwrap();
    let page: Value = s.get(&format!("/{id}/messages?before={before}"), &token).await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let page: Value = s.get(&format!("/{id}/messages?roles=user"), &token).await.json().await.unwrap();
    assert!(page["items"].as_array().unwrap().iter().all(|m| m["role"] == "user"));
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    for bad in ["limit=0", "limit=101", "offset=-1", "limit=abc", "roles=system"] {
        expect_422(s.get(&format!("/{id}/messages?{bad}"), &token).await).await;
    }
    let files: Value = s.get(&format!("/{id}/files?limit=100"), &token).await.json().await.unwrap();
    assert_eq!(files, json!({"items": [], "next_offset": null}));
    s.stop().await;
}

#[tokio::test]
async fn faults_status_401_429_500() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    s.arm(json!({"kind": "status", "status": 401, "path_contains": "/messages"})).await;
    expect_error(s.get(&format!("/{id}/messages"), &token).await, 401, "session_token_expired").await;
    assert_eq!(s.get(&format!("/{id}/messages"), &token).await.status(), StatusCode::OK, "one-shot");
    s.arm(json!({"kind": "status", "status": 429, "retry_after": 7})).await;
    let res = s.get(&format!("/{id}"), &token).await;
    assert_eq!(res.headers()["retry-after"], "7");
    expect_error(res, 429, "rate_limited").await;
    s.arm(json!({"kind": "status", "status": 500, "count": 2})).await;
    expect_error(s.get(&format!("/{id}"), &token).await, 500, "internal_error").await;
    expect_error(s.get(&format!("/{id}"), &token).await, 500, "internal_error").await;
    assert_eq!(s.get(&format!("/{id}"), &token).await.status(), StatusCode::OK);
    s.arm(json!({"kind": "status", "status": 500})).await;
    let res = s.http.delete(format!("{}/_dev/faults", s.root())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(s.get(&format!("/{id}"), &token).await.status(), StatusCode::OK, "cleared");
    s.stop().await;
}

#[tokio::test]
async fn fault_drop_stream_and_slow() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    s.arm(json!({"kind": "drop_stream", "after_events": 4})).await;
    let (events, _) = read_sse(s.post(&format!("/{id}/messages/stream"), &token, json!({"content": "/long"})).await).await;
    assert_eq!(events.len(), 4);
    assert!(!events.iter().any(|e| e.0 == "message.completed"));
    let stored = wait_for_messages(&s, &id, &token, 2).await;
    assert!(text_of(&stored[1]).contains("longer answer"), "the reply is stored despite the drop");

    s.arm(json!({"kind": "slow", "pace_ms": 30})).await;
    let started = std::time::Instant::now();
    let (events, _) = read_sse(s.post(&format!("/{id}/messages/stream"), &token, json!({"content": "a b c d e"})).await).await;
    let deltas = events.iter().filter(|e| e.0 == "message.delta").count();
    assert!(deltas >= 5);
    assert!(started.elapsed() >= std::time::Duration::from_millis(30 * deltas as u64));
    s.stop().await;
}

#[tokio::test]
async fn dev_faults_need_dev() {
    let s = Server::start(|c| c.dev = false).await;
    let res = s.http.post(format!("{}/_dev/faults", s.root())).json(&json!({"kind": "status", "status": 500})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    s.stop().await;
}
