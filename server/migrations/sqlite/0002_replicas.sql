-- Several servers on one database: order, idempotency and reply ownership decided by the
-- database, never by one process's memory.

-- Each conversation numbers its own messages and files (one row update in the writing
-- transaction), so two servers never hand out one position twice.
ALTER TABLE conversations ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;
UPDATE conversations SET last_seq = MAX(
  COALESCE((SELECT MAX(seq) FROM messages m WHERE m.conversation_id = conversations.id), 0),
  COALESCE((SELECT MAX(seq) FROM files f WHERE f.conversation_id = conversations.id), 0));
DROP INDEX IF EXISTS messages_by_seq;
DROP INDEX IF EXISTS files_by_seq;
CREATE UNIQUE INDEX messages_by_seq ON messages (conversation_id, seq);
CREATE UNIQUE INDEX files_by_seq ON files (conversation_id, seq);

-- A reply names the user message it answers; at most one reply per message is streaming or
-- complete (a failed one may be retried), so concurrent repeats of one send start one run.
ALTER TABLE messages ADD COLUMN reply_to TEXT;
-- The lease of a streaming reply (Unix milliseconds): its owner renews it while it writes; past
-- it, any server stores the reply as failed.
ALTER TABLE messages ADD COLUMN lease_until INTEGER;
-- Replies stored before: the first complete message after a user message, if an assistant's.
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

-- Uploaded bytes, in chunks: every server reads them, and memory holds one chunk at a time.
CREATE TABLE file_chunks (
  file_id TEXT NOT NULL, idx INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (file_id, idx));

UPDATE meta SET value = '3' WHERE key = 'schema_version';
