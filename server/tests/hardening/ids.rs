//! Ids are unguessable, order comes from storage, and probing ids gains nothing.

use crate::support::*;
use futures_util::future::join_all;
use serde_json::{json, Value};

/// The 128-bit number behind an id like `conv_<32 hex digits>`.
fn number(id: &str, prefix: &str) -> u128 {
    let hex = id.strip_prefix(prefix).unwrap_or_else(|| panic!("{id} starts with {prefix}"));
    assert_eq!(hex.len(), 32, "{id}");
    u128::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("{id} is hex"))
}

/// No two ids are close: sorted, every gap is above 2^64 (random 122-bit ids have gaps near
/// 2^100 among a thousand; ids from a counter or a clock have gaps of 1).
fn assert_unrelated(ids: &[String], prefix: &str) {
    let mut numbers: Vec<u128> = ids.iter().map(|id| number(id, prefix)).collect();
    numbers.sort_unstable();
    for pair in numbers.windows(2) {
        assert!(pair[1] - pair[0] > 1u128 << 64, "two ids differ by {}", pair[1] - pair[0]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_creates_give_unrelated_ids() {
    let s = Server::start(|c| {
        c.rate_limit = 1_000_000;
        c.client_rate_limit = 1_000_000;
    })
    .await;
    let creates = (0..1000).map(|_| async {
        let res = s.http.post(&s.base).header("X-API-Key", KEY).json(&json!({"agent_id": AGENT})).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 201);
        res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
    });
    let ids = join_all(creates).await;
    assert_unrelated(&ids, "conv_");
    s.stop().await;
}

#[tokio::test]
async fn message_ids_are_unrelated_and_the_list_keeps_the_order_they_were_sent() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    for i in 0..10 {
        assert_eq!(s.post(&format!("/{id}/messages"), &token, json!({"content": format!("m{i}")})).await.status().as_u16(), 200);
    }
    let page: Value = s.get(&format!("/{id}/messages?limit=100"), &token).await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    let ids: Vec<String> = items.iter().map(|m| m["id"].as_str().unwrap().to_string()).collect();
    assert_unrelated(&ids, "msg_");
    let users: Vec<String> = items.iter().filter(|m| m["role"] == "user").map(text_of).collect();
    assert_eq!(users, (0..10).map(|i| format!("m{i}")).collect::<Vec<_>>());
    // `after` and `before` follow the stored order, not the ids' values.
    let third = &ids[2];
    let after: Value = s.get(&format!("/{id}/messages?limit=100&after={third}"), &token).await.json().await.unwrap();
    assert_eq!(after["items"].as_array().unwrap().len(), 17);
    assert_eq!(after["items"][0]["id"], ids[3].as_str());
    let before: Value = s.get(&format!("/{id}/messages?limit=100&before={third}"), &token).await.json().await.unwrap();
    let before_ids: Vec<&str> = before["items"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(before_ids, [ids[0].as_str(), ids[1].as_str()]);
    s.stop().await;
}

#[tokio::test]
async fn another_visitors_conversation_answers_like_one_that_does_not_exist() {
    let s = Server::start(|_| {}).await;
    let (_mine, token) = s.create().await;
    let (theirs, _) = s.create().await;
    let missing = "conv_0123456789abcdef0123456789abcdef";
    for path in ["", "/messages", "/files", "/messages/msg_x"] {
        let a = expect_error(s.get(&format!("/{theirs}{path}"), &token).await, 404, "conversation_not_found").await;
        let b = expect_error(s.get(&format!("/{missing}{path}"), &token).await, 404, "conversation_not_found").await;
        assert_eq!(a["error"]["message"], b["error"]["message"]);
        assert_eq!(a["error"]["name"], b["error"]["name"]);
    }
    let a = expect_error(s.post(&format!("/{theirs}/messages"), &token, json!({"content": "hi"})).await, 404, "conversation_not_found").await;
    let b = expect_error(s.post(&format!("/{missing}/messages"), &token, json!({"content": "hi"})).await, 404, "conversation_not_found").await;
    assert_eq!(a["error"]["message"], b["error"]["message"]);
    s.stop().await;
}

#[tokio::test]
async fn probing_ids_with_a_token_is_rate_limited() {
    let s = Server::start(|c| c.rate_limit = 5).await;
    let (_mine, token) = s.create().await;
    for i in 0..5 {
        let res = s.get(&format!("/conv_{i:032x}"), &token).await;
        assert_eq!(res.status().as_u16(), 404);
    }
    let res = s.get(&format!("/conv_{:032x}", 99), &token).await;
    assert!(res.headers().contains_key("retry-after"));
    expect_error(res, 429, "rate_limited").await;
    s.stop().await;
}

#[tokio::test]
async fn probing_ids_with_the_api_key_is_rate_limited() {
    let s = Server::start(|c| c.rate_limit = 5).await;
    let mut statuses = Vec::new();
    for i in 0..8 {
        let res = s.http.post(format!("{}/conv_{i:032x}/token/refresh", s.base)).header("X-API-Key", KEY).send().await.unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [404, 404, 404, 404, 404, 429, 429, 429]);
    s.stop().await;
}
