-- The same change as migrations/sqlite/0002_replicas.sql (see the reasons there).
ALTER TABLE conversations ADD COLUMN last_seq BIGINT NOT NULL DEFAULT 0;
UPDATE conversations SET last_seq = GREATEST(
  COALESCE((SELECT MAX(seq) FROM messages m WHERE m.conversation_id = conversations.id), 0),
  COALESCE((SELECT MAX(seq) FROM files f WHERE f.conversation_id = conversations.id), 0));
DROP INDEX IF EXISTS messages_by_seq;
DROP INDEX IF EXISTS files_by_seq;
CREATE UNIQUE INDEX messages_by_seq ON messages (conversation_id, seq);
CREATE UNIQUE INDEX files_by_seq ON files (conversation_id, seq);

ALTER TABLE messages ADD COLUMN reply_to TEXT;
ALTER TABLE messages ADD COLUMN lease_until BIGINT;
UPDATE messages SET reply_to = (
    SELECT u.id FROM messages u WHERE u.conversation_id = messages.conversation_id AND u.role = 'user'
      AND u.seq < messages.seq ORDER BY u.seq DESC LIMIT 1)
  WHERE role = 'assistant' AND state = 'complete' AND NOT EXISTS (
    SELECT 1 FROM messages p WHERE p.conversation_id = messages.conversation_id AND p.state = 'complete'
      AND p.seq < messages.seq
      AND p.seq > (SELECT MAX(u.seq) FROM messages u WHERE u.conversation_id = messages.conversation_id
                     AND u.role = 'user' AND u.seq < messages.seq));
CREATE UNIQUE INDEX messages_one_reply ON messages (conversation_id, reply_to)
  WHERE reply_to IS NOT NULL AND state <> 'failed';

CREATE TABLE file_chunks (
  file_id TEXT NOT NULL, idx BIGINT NOT NULL, bytes BYTEA NOT NULL, PRIMARY KEY (file_id, idx));

UPDATE meta SET value = '3' WHERE key = 'schema_version';
