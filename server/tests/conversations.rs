//! Conversation lifecycle, authentication and tokens, over real HTTP.

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::*;

#[tokio::test]
async fn create_then_state() {
    let s = Server::start(|_| {}).await;
    let res = s.http.post(&s.base).header("X-API-Key", KEY).json(&json!({"agent_id": AGENT, "user_data": {"name": "Ana"}})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    for field in ["id", "agent_id", "session_token", "expires_at", "created_at"] {
        assert!(created[field].is_string(), "{field}");
    }
    assert_eq!(created["expires_in"], 3600);
    let id = created["id"].as_str().unwrap();
    let token = created["session_token"].as_str().unwrap();
    let state: Value = s.get(&format!("/{id}"), token).await.json().await.unwrap();
    assert_eq!(state["status"], "active");
    assert_eq!(state["messages_count"], 0);
    assert_eq!(state["user_data"]["name"], "Ana");
    assert!(state.get("session_token").is_none() && state.get("messages").is_none());
    // The trailing-slash form of create works too.
    let res = s.http.post(format!("{}/", s.base)).header("X-API-Key", KEY).json(&json!({"agent_id": AGENT})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    s.stop().await;
}

#[tokio::test]
async fn create_rejects_bad_keys_agents_and_bodies() {
    let s = Server::start(|_| {}).await;
    let res = s.http.post(&s.base).json(&json!({"agent_id": AGENT})).send().await.unwrap();
    expect_error(res, 401, "api_key_invalid").await;
    let res = s.http.post(&s.base).header("X-API-Key", "qts-pk-wrong").json(&json!({"agent_id": AGENT})).send().await.unwrap();
    expect_error(res, 401, "api_key_invalid").await;
    let res = s.http.post(&s.base).header("X-API-Key", KEY).json(&json!({"agent_id": "other"})).send().await.unwrap();
    expect_error(res, 404, "agent_not_found").await;
    let res = s.http.post(&s.base).header("X-API-Key", KEY).json(&json!({})).send().await.unwrap();
    expect_422(res).await;
    let res = s.http.post(&s.base).header("X-API-Key", KEY).header("Content-Type", "application/json").body("{nope").send().await.unwrap();
    expect_422(res).await;
    s.stop().await;
}

#[tokio::test]
async fn bearer_errors_401_404() {
    let s = Server::start(|_| {}).await;
    let (a, token_a) = s.create().await;
    let (b, _) = s.create().await;
    let res = s.http.get(format!("{}/{a}", s.base)).send().await.unwrap();
    expect_error(res, 401, "session_token_invalid").await;
    expect_error(s.get(&format!("/{a}"), "not-a-jwt").await, 401, "session_token_invalid").await;
    // A token signed elsewhere is invalid, not expired.
    let forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJl";
    expect_error(s.get(&format!("/{a}"), forged).await, 401, "session_token_invalid").await;
    // Another visitor's conversation answers as if it did not exist.
    expect_error(s.get(&format!("/{b}"), &token_a).await, 404, "conversation_not_found").await;
    expect_error(s.get("/conv_missing", &token_a).await, 404, "conversation_not_found").await;
    expect_error(s.get(&format!("/{a}/messages/msg_missing"), &token_a).await, 404, "message_not_found").await;
    let res = s.http.get(format!("{}/nope", s.root())).send().await.unwrap();
    expect_error(res, 404, "not_found").await;
    s.stop().await;
}

#[tokio::test]
async fn token_expiry_refresh_and_old_token_until_its_expiry() {
    let s = Server::start(|c| c.token_ttl = 2).await;
    let (id, old) = s.create().await;
    assert_eq!(s.get(&format!("/{id}"), &old).await.status(), StatusCode::OK);
    // Refresh needs the API key, not the token.
    let res = s.http.post(format!("{}/{id}/token/refresh", s.base)).bearer_auth(&old).send().await.unwrap();
    expect_error(res, 401, "api_key_invalid").await;
    let res = s.http.post(format!("{}/{id}/token/refresh", s.base)).header("X-API-Key", KEY).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let refreshed: Value = res.json().await.unwrap();
    let new = refreshed["session_token"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert_eq!(refreshed["expires_in"], 2);
    // Both work until their own expiry.
    assert_eq!(s.get(&format!("/{id}"), &old).await.status(), StatusCode::OK);
    assert_eq!(s.get(&format!("/{id}"), &new).await.status(), StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    let body = expect_error(s.get(&format!("/{id}"), &old).await, 401, "session_token_expired").await;
    assert_eq!(body["error"]["name"], "SessionTokenExpiredError");
    // Refreshing an unknown conversation is a 404.
    let res = s.http.post(format!("{}/conv_missing/token/refresh", s.base)).header("X-API-Key", KEY).send().await.unwrap();
    expect_error(res, 404, "conversation_not_found").await;
    s.stop().await;
}

#[tokio::test]
async fn terminate_is_idempotent_and_closes_writes() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    let first: Value = s.post(&format!("/{id}/terminate"), &token, json!({"reason": "done"})).await.json().await.unwrap();
    assert_eq!(first["status"], "closed");
    assert_eq!(first["reason"], "done");
    let second: Value = s.post(&format!("/{id}/terminate"), &token, json!({"reason": "again"})).await.json().await.unwrap();
    assert_eq!(first, second, "the same answer on every call");
    // An empty body is fine too.
    let res = s.http.post(format!("{}/{id}/terminate", s.base)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    expect_422(s.post(&format!("/{id}/terminate"), &token, json!({"reason": "x".repeat(501)})).await).await;

    let state: Value = s.get(&format!("/{id}"), &token).await.json().await.unwrap();
    assert_eq!(state["status"], "closed");
    assert!(state["closed_at"].is_string());
    expect_error(s.post(&format!("/{id}/messages"), &token, json!({"content": "hi"})).await, 409, "conversation_closed").await;
    expect_error(s.post(&format!("/{id}/messages/stream"), &token, json!({"content": "hi"})).await, 409, "conversation_closed").await;
    expect_error(s.post(&format!("/{id}/inactivity"), &token, json!({"step": "warning"})).await, 409, "conversation_closed").await;
    // Reads and feedback still work.
    assert_eq!(s.get(&format!("/{id}/messages"), &token).await.status(), StatusCode::OK);
    assert_eq!(s.post(&format!("/{id}/feedback"), &token, json!({"score": 8})).await.status(), StatusCode::OK);
    s.stop().await;
}

#[tokio::test]
async fn expired_conversation_answers_409_on_writes() {
    let s = Server::start(|c| c.conversation_ttl = 1).await;
    let (id, token) = s.create().await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let state: Value = s.get(&format!("/{id}"), &token).await.json().await.unwrap();
    assert_eq!(state["status"], "expired");
    expect_error(s.post(&format!("/{id}/messages"), &token, json!({"content": "hi"})).await, 409, "conversation_expired").await;
    s.stop().await;
}

#[tokio::test]
async fn feedback_upsert_and_validation() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    let first: Value = s.post(&format!("/{id}/feedback"), &token, json!({"score": 3, "comment": "meh"})).await.json().await.unwrap();
    assert_eq!(first["score"], 3);
    let second: Value = s.post(&format!("/{id}/feedback"), &token, json!({"score": 10, "comment": null})).await.json().await.unwrap();
    assert_eq!(second["score"], 10);
    assert_eq!(second["comment"], Value::Null);
    assert_eq!(first["id"], second["id"], "one feedback per conversation, replaced");
    for bad in [json!({"score": 11}), json!({"score": -1}), json!({}), json!({"score": 5, "comment": "x".repeat(2001)}), json!({"score": "7"})] {
        expect_422(s.post(&format!("/{id}/feedback"), &token, bad).await).await;
    }
    s.stop().await;
}

#[tokio::test]
async fn inactivity_warning_then_final_closes() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    let warning: Value = s.post(&format!("/{id}/inactivity"), &token, json!({"step": "warning"})).await.json().await.unwrap();
    assert_eq!(warning["step"], "warning");
    assert_eq!(warning["conversation_status"], "active");
    assert_eq!(warning["message"]["role"], "assistant");
    expect_422(s.post(&format!("/{id}/inactivity"), &token, json!({"step": "later"})).await).await;
    let fin: Value = s.post(&format!("/{id}/inactivity"), &token, json!({"step": "final"})).await.json().await.unwrap();
    assert_eq!(fin["conversation_status"], "closed");
    let messages: Value = s.get(&format!("/{id}/messages"), &token).await.json().await.unwrap();
    assert_eq!(messages["items"].as_array().unwrap().len(), 2, "both inactivity messages are stored");
    let state: Value = s.get(&format!("/{id}"), &token).await.json().await.unwrap();
    assert_eq!(state["status"], "closed");
    s.stop().await;
}

#[tokio::test]
async fn rate_limit_per_key_and_per_token_with_retry_after() {
    let s = Server::start(|c| c.rate_limit = 3).await;
    let (id, token) = s.create().await;
    for _ in 0..3 {
        assert_eq!(s.get(&format!("/{id}"), &token).await.status(), StatusCode::OK);
    }
    let res = s.get(&format!("/{id}"), &token).await;
    let retry_after: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after >= 1);
    expect_error(res, 429, "rate_limited").await;
    // The API key has its own budget: two creates left of three (one used above).
    s.create().await;
    s.create().await;
    let res = s.http.post(&s.base).header("X-API-Key", KEY).json(&json!({"agent_id": AGENT})).send().await.unwrap();
    assert!(res.headers().contains_key("retry-after"));
    expect_error(res, 429, "rate_limited").await;
    s.stop().await;
}

#[tokio::test]
async fn restart_keeps_conversations_messages_and_tokens() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    let sent: Value = s.post(&format!("/{id}/messages"), &token, json!({"content": "remember me"})).await.json().await.unwrap();
    let s = s.restart(|_| {}).await;
    let state: Value = s.get(&format!("/{id}"), &token).await.json().await.unwrap();
    assert_eq!(state["messages_count"], 2);
    let page: Value = s.get(&format!("/{id}/messages"), &token).await.json().await.unwrap();
    assert_eq!(page["items"][0], sent["user_message"]);
    assert_eq!(page["items"][1], sent["agent_message"]);
    s.stop().await;
}

#[tokio::test]
async fn cors_preflight_and_exposed_headers() {
    let s = Server::start(|_| {}).await;
    let res = s
        .http
        .request(reqwest::Method::OPTIONS, format!("{}/x/messages/stream", s.base))
        .header("Origin", "https://shop.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let res = s.http.get(format!("{}/x", s.base)).header("Origin", "https://shop.example").send().await.unwrap();
    let exposed = res.headers()["access-control-expose-headers"].to_str().unwrap().to_lowercase();
    assert!(exposed.contains("retry-after") && exposed.contains("x-request-id"));
    s.stop().await;
}
