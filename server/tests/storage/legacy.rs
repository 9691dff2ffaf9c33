//! A SQLite file written by the last build before migrations (`meta.schema_version` "2") opens
//! with its data intact, is migrated, and keeps its behaviour (order, idempotent replays).

use crate::support::{Server, TestDb};
use serde_json::{json, Value};
use sqlx::Connection;

/// The schema that build wrote (its `SCHEMA`, the `seq` and reply columns it added, and its
/// indexes), as its file holds it.
const V2_SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE conversations (
  id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, status TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, expires_at TEXT NOT NULL,
  closed_at TEXT, close_reason TEXT, user_data TEXT, context TEXT, metadata TEXT);
CREATE TABLE messages (
  id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL,
  created_at TEXT NOT NULL, metadata TEXT, idempotency_key TEXT, seq INTEGER);
CREATE UNIQUE INDEX messages_idempotency ON messages (conversation_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE TABLE files (
  id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,
  mime_type TEXT NOT NULL, created_at TEXT NOT NULL, seq INTEGER);
CREATE TABLE feedback (
  conversation_id TEXT PRIMARY KEY, id TEXT NOT NULL, score INTEGER NOT NULL, comment TEXT,
  metadata TEXT, submitted_at TEXT NOT NULL);
CREATE INDEX messages_by_seq ON messages (conversation_id, seq);
CREATE INDEX files_by_seq ON files (conversation_id, seq);
ALTER TABLE messages ADD COLUMN state TEXT NOT NULL DEFAULT 'complete';
ALTER TABLE messages ADD COLUMN owner TEXT;
CREATE INDEX messages_streaming ON messages (state) WHERE state = 'streaming';
INSERT INTO meta (key, value) VALUES ('schema_version', '2');
INSERT INTO meta (key, value) VALUES ('jwt_secret', 'a-secret-the-old-build-generated-and-kept');
";

/// Its data: a conversation with an idempotent exchange, a plain one, a reply cut by a hard
/// kill (still `streaming`), and a file. Its `seq` numbers came from one counter for all
/// conversations, so they start high.
const V2_DATA: &str = r#"
INSERT INTO conversations (id, agent_id, status, created_at, updated_at, expires_at)
  VALUES ('conv_old', 'agent_demo', 'active', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z');
INSERT INTO messages (id, conversation_id, role, content, created_at, idempotency_key, seq)
  VALUES ('msg_u1', 'conv_old', 'user', '[{"type":"text","text":"first"}]', '2026-01-01T00:00:01.000Z', 'k-old', 41);
INSERT INTO messages (id, conversation_id, role, content, created_at, seq)
  VALUES ('msg_a1', 'conv_old', 'assistant', '[{"type":"text","text":"first answer"}]', '2026-01-01T00:00:02.000Z', 42);
INSERT INTO messages (id, conversation_id, role, content, created_at, seq)
  VALUES ('msg_u2', 'conv_old', 'user', '[{"type":"text","text":"second"}]', '2026-01-01T00:00:03.000Z', 45);
INSERT INTO messages (id, conversation_id, role, content, created_at, seq, state, owner)
  VALUES ('msg_a2', 'conv_old', 'assistant', '[{"type":"text","text":"half an ans"}]', '2026-01-01T00:00:04.000Z', 46, 'streaming', 'old-process');
INSERT INTO files (id, conversation_id, name, size, mime_type, created_at, seq)
  VALUES ('file_old', 'conv_old', 'notes.txt', 5, 'text/plain', '2026-01-01T00:00:05.000Z', 47);
"#;

#[tokio::test]
async fn a_database_of_the_build_before_migrations_opens_and_keeps_its_behaviour() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::sqlite(dir.path());
    {
        let url = format!("{}?mode=rwc", db.url);
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::raw_sql(V2_SCHEMA).execute(&mut conn).await.unwrap();
        sqlx::raw_sql(V2_DATA).execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
    }
    let s = Server::start_on(db.clone(), dir.path().to_path_buf(), |_| {}).await;
    let ready = s.http.get(format!("{}/readyz", s.root())).send().await.unwrap();
    assert_eq!(ready.status().as_u16(), 200, "{}", ready.text().await.unwrap());
    assert_eq!(db.text("SELECT value FROM meta WHERE key = 'schema_version'", &[]).await.as_deref(), Some("3"));

    let refreshed: Value = s.http.post(format!("{}/conv_old/token/refresh", s.base)).header("X-API-Key", crate::support::KEY).send().await.unwrap().json().await.unwrap();
    let token = refreshed["session_token"].as_str().expect("a token for the old conversation").to_string();
    // The reply cut by the old build's hard kill has no lease: failed at start, text kept.
    let items = crate::support::wait_for_messages(&s, "conv_old", &token, 4).await;
    let ids: Vec<&str> = items.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["msg_u1", "msg_a1", "msg_u2", "msg_a2"]);
    assert_eq!(items[3]["metadata"]["reason"], "server_stopped");
    assert!(crate::support::text_of(&items[3]).starts_with("half an ans"), "{}", items[3]);
    let files: Value = s.get("/conv_old/files", &token).await.json().await.unwrap();
    assert_eq!(files["items"][0]["id"], "file_old");

    // The old idempotent exchange replays its stored reply.
    let again = crate::support::send_with_key(&s.http, &s.base, "conv_old", &token, "k-old", "first").await;
    assert_eq!(again["user_message"]["id"], "msg_u1");
    assert_eq!(again["agent_message"]["id"], "msg_a1");
    // A new exchange goes after everything stored before.
    let new: Value = s.post("/conv_old/messages", &token, json!({"content": "third"})).await.json().await.unwrap();
    let items = crate::support::wait_for_messages(&s, "conv_old", &token, 6).await;
    assert_eq!(items[4]["id"], new["user_message"]["id"]);
    assert_eq!(items[5]["id"], new["agent_message"]["id"]);
    let state: Value = s.get("/conv_old", &token).await.json().await.unwrap();
    assert_eq!(state["messages_count"], 6);
    s.stop().await;
}
