//! NUL characters: PostgreSQL's text cannot hold one, SQLite's can. Both backends answer alike:
//! an id with NUL names nothing, a free-text field with NUL is a validation error, and message
//! text (stored as JSON, where NUL is escaped) keeps it.

use crate::support::{expect_422, expect_error, text_of, Server, KEY};
use serde_json::{json, Value};

#[tokio::test]
async fn nul_characters_get_the_same_answers_on_both_backends() {
    let s = Server::start(|_| {}).await;
    let (id, token) = s.create().await;
    let sent: Value = s.post(&format!("/{id}/messages"), &token, json!({"content": "a\u{0}b", "metadata": {"k": "\u{0}"}})).await.json().await.unwrap();
    assert_eq!(text_of(&sent["user_message"]), "a\u{0}b");

    let page: Value = s.get(&format!("/{id}/messages?after=%00x"), &token).await.json().await.unwrap();
    assert_eq!(page, json!({"items": [], "next_offset": null}));
    expect_error(s.get(&format!("/{id}/messages/msg%00"), &token).await, 404, "message_not_found").await;
    let res = s.http.post(format!("{}/conv%00x/token/refresh", s.base)).header("X-API-Key", KEY).send().await.unwrap();
    expect_error(res, 404, "conversation_not_found").await;
    let res = s.post(&format!("/{id}/messages"), &token, json!({"content": [{"type": "file", "file_id": "file_\u{0}"}]})).await;
    expect_error(res, 400, "file_not_found").await;

    expect_422(s.post(&format!("/{id}/feedback"), &token, json!({"score": 5, "comment": "x\u{0}"})).await).await;
    expect_422(s.post(&format!("/{id}/terminate"), &token, json!({"reason": "\u{0}"})).await).await;
    let state: Value = s.get(&format!("/{id}"), &token).await.json().await.unwrap();
    assert_eq!(state["status"], "active", "the refused close did nothing");
    s.stop().await;
}
