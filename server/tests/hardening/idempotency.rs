//! One Idempotency-Key, one user message and one reply.

use crate::support::*;
use futures_util::future::join_all;
use futures_util::StreamExt;
use serde_json::{json, Value};

fn send(s: &Server, id: &str, token: &str, path: &str, key: &str, text: &str) -> reqwest::RequestBuilder {
    s.http.post(format!("{}/{id}/messages{path}", s.base)).bearer_auth(token).header("Idempotency-Key", key).json(&json!({"content": text}))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_concurrent_sends_with_one_key_store_one_reply() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    let answers = join_all((0..16).map(|_| async { send(&s, &id, &token, "", "k-16", "same message").send().await.unwrap() })).await;
    let mut pairs = Vec::new();
    for res in answers {
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, 200, "{body}");
        pairs.push((body["user_message"]["id"].clone(), body["agent_message"]["id"].clone()));
    }
    pairs.dedup();
    assert_eq!(pairs.len(), 1, "every send answers the same exchange: {pairs:?}");
    let page: Value = s.get(&format!("/{id}/messages?limit=100"), &token).await.json().await.unwrap();
    let roles: Vec<&str> = page["items"].as_array().unwrap().iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["user", "assistant"]);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_concurrent_streams_with_one_key_store_one_reply() {
    let s = Server::start(|c| c.pace_ms = 20).await;
    let (id, token) = s.create().await;
    let answers = join_all((0..16).map(|_| async { send(&s, &id, &token, "/stream", "k-s16", "same message").send().await.unwrap() })).await;
    let mut streamed = 0;
    for res in answers {
        match res.status().as_u16() {
            200 => {
                let (events, _) = read_sse(res).await;
                assert!(events.iter().any(|(name, _, _)| name == "message.completed"));
                streamed += 1;
            }
            409 => {
                expect_error(res, 409, "request_in_progress").await;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(streamed >= 1);
    let items = wait_for_messages(&s, &id, &token, 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let page: Value = s.get(&format!("/{id}/messages?limit=100"), &token).await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 2, "{items:?}");
    s.stop().await;
}

#[tokio::test]
async fn a_retry_while_the_reply_streams_is_told_or_joins() {
    let s = Server::start(|c| c.pace_ms = 30).await;
    let (id, token) = s.create().await;
    let first = send(&s, &id, &token, "/stream", "k-retry", "/long").send().await.unwrap();
    assert_eq!(first.status().as_u16(), 200);
    let mut body = first.bytes_stream();
    // Wait until the reply has started.
    let mut seen = String::new();
    while !seen.contains("message.delta") {
        let chunk = body.next().await.expect("more events").unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    // A streamed retry is told the reply is still being written.
    let retry = send(&s, &id, &token, "/stream", "k-retry", "/long").send().await.unwrap();
    let err = expect_error(retry, 409, "request_in_progress").await;
    assert!(err["error"]["context"]["message_id"].is_string());
    // A whole-exchange retry waits for that very reply.
    let joined: Value = send(&s, &id, &token, "", "k-retry", "/long").send().await.unwrap().json().await.unwrap();
    while let Some(chunk) = body.next().await {
        seen.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
    }
    let reply_id = joined["agent_message"]["id"].as_str().unwrap();
    assert!(seen.contains(reply_id), "the joined reply is the streamed one");
    let page: Value = s.get(&format!("/{id}/messages?limit=100"), &token).await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    // Once stored, a retry replays it.
    let again = send(&s, &id, &token, "/stream", "k-retry", "/long").send().await.unwrap();
    let (events, _) = read_sse(again).await;
    assert!(events.iter().any(|(name, _, data)| name == "message.completed" && data["id"] == reply_id));
    s.stop().await;
}
