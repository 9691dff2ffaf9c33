-- The same tables as migrations/sqlite/0001_initial.sql, in PostgreSQL's types.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, status TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, expires_at TEXT NOT NULL,
  closed_at TEXT, close_reason TEXT, user_data TEXT, context TEXT, metadata TEXT);
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL,
  created_at TEXT NOT NULL, metadata TEXT, idempotency_key TEXT, seq BIGINT,
  state TEXT NOT NULL DEFAULT 'complete', owner TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS messages_idempotency ON messages (conversation_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS files (
  id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, name TEXT NOT NULL, size BIGINT NOT NULL,
  mime_type TEXT NOT NULL, created_at TEXT NOT NULL, seq BIGINT);
CREATE TABLE IF NOT EXISTS feedback (
  conversation_id TEXT PRIMARY KEY, id TEXT NOT NULL, score BIGINT NOT NULL, comment TEXT,
  metadata TEXT, submitted_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS messages_by_seq ON messages (conversation_id, seq);
CREATE INDEX IF NOT EXISTS files_by_seq ON files (conversation_id, seq);
CREATE INDEX IF NOT EXISTS messages_streaming ON messages (state) WHERE state = 'streaming';
INSERT INTO meta (key, value) VALUES ('schema_version', '2') ON CONFLICT (key) DO NOTHING;
