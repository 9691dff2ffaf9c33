//! SQLite persistence: conversations, messages, files (metadata; the bytes live on disk beside
//! the database) and feedback. One connection behind a mutex: every statement is short.

use crate::models::{Block, ConversationState, ConversationStatus, FileInfo, Message, Page, Role};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, status TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, expires_at TEXT NOT NULL,
  closed_at TEXT, close_reason TEXT, user_data TEXT, context TEXT, metadata TEXT);
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL,
  created_at TEXT NOT NULL, metadata TEXT, idempotency_key TEXT, seq INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS messages_idempotency ON messages (conversation_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS files (
  id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,
  mime_type TEXT NOT NULL, created_at TEXT NOT NULL, seq INTEGER);
CREATE TABLE IF NOT EXISTS feedback (
  conversation_id TEXT PRIMARY KEY, id TEXT NOT NULL, score INTEGER NOT NULL, comment TEXT,
  metadata TEXT, submitted_at TEXT NOT NULL);
";

/// Ids are random, so order comes from `seq`. Databases made before it get the column, filled
/// in their old order (the old ids sorted in creation order), and its indexes.
const ORDER_BY_SEQ: &str = "
CREATE INDEX IF NOT EXISTS messages_by_seq ON messages (conversation_id, seq);
CREATE INDEX IF NOT EXISTS files_by_seq ON files (conversation_id, seq);
DROP INDEX IF EXISTS messages_by_conversation;
DROP INDEX IF EXISTS files_by_conversation;
";

/// The schema version this build writes and expects (`meta.schema_version`); `/readyz` fails
/// when the database does not say it.
pub const SCHEMA_VERSION: &str = "2";

/// Why a reply was stored as failed. (`messages.state` is `streaming` while a reply is being
/// written, `failed` or `complete` after; every other message is `complete`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailReason {
    /// The agent reported an error.
    Agent,
    /// The server stopped (shutdown grace ran out, or a hard kill found at the next start).
    Stopped,
}

impl FailReason {
    fn code(self) -> &'static str {
        match self {
            FailReason::Agent => "agent_failed",
            FailReason::Stopped => "server_stopped",
        }
    }

    /// The line appended to what was written before the cut, so that any client showing the
    /// stored text shows that the reply is incomplete.
    fn note(self) -> &'static str {
        match self {
            FailReason::Agent => "_The reply failed: the agent could not finish it. Please send your message again._",
            FailReason::Stopped => "_The reply was cut off: the server stopped before it was finished. Please send your message again._",
        }
    }

    /// The stored text of a failed reply: what was written, then the note.
    fn text(self, partial: &str) -> String {
        if partial.trim().is_empty() {
            self.note().to_string()
        } else {
            format!("{partial}\n\n{}", self.note())
        }
    }
}

/// The database.
pub struct Db {
    conn: Mutex<Connection>,
    /// The database file, and its identity when opened (readiness checks it is still there).
    path: PathBuf,
    identity: Option<(u64, u64)>,
    /// This process's mark on the replies it streams, so that at shutdown it fails only its own.
    owner: String,
    /// The last `seq` handed out (messages and files share it: only the order matters).
    seq: AtomicI64,
    files_dir: PathBuf,
}

/// Stored feedback.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Feedback {
    /// Id.
    pub id: String,
    /// Score.
    pub score: i64,
    /// Comment.
    pub comment: Option<String>,
    /// Last submission time.
    pub submitted_at: String,
}

/// Filters of the message list.
#[derive(Debug, Default, Clone)]
pub struct MessageFilter {
    /// Page size.
    pub limit: u64,
    /// Items to skip.
    pub offset: u64,
    /// Only ids greater than this.
    pub after: Option<String>,
    /// Only ids smaller than this.
    pub before: Option<String>,
    /// Roles to include.
    pub roles: Vec<String>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave SQLite inconsistent (it has its own
    // transactions), so a poisoned lock is still usable.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn json_text(v: &Option<Value>) -> Option<String> {
    v.as_ref().map(Value::to_string)
}

fn parse_json(s: Option<String>) -> Option<Value> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

impl Db {
    /// Opens (or creates) the database at `path`, with a `files/` folder beside it.
    pub fn open(path: &Path) -> Result<Db, Box<dyn std::error::Error + Send + Sync>> {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let files_dir = dir.join("files");
        std::fs::create_dir_all(&files_dir)?;
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        for table in ["messages", "files"] {
            add_seq_column(&conn, table)?;
        }
        conn.execute_batch(ORDER_BY_SEQ)?;
        // Replies are stored when they start (`streaming`), as they go, and when they end.
        add_column(&conn, "messages", "state", "TEXT NOT NULL DEFAULT 'complete'")?;
        add_column(&conn, "messages", "owner", "TEXT")?;
        conn.execute_batch("CREATE INDEX IF NOT EXISTS messages_streaming ON messages (state) WHERE state = 'streaming';")?;
        conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [SCHEMA_VERSION])?;
        let last: i64 = conn.query_row(
            "SELECT MAX(COALESCE((SELECT MAX(seq) FROM messages), 0), COALESCE((SELECT MAX(seq) FROM files), 0))",
            [],
            |r| r.get(0),
        )?;
        let identity = file_identity(path);
        let owner = uuid::Uuid::new_v4().simple().to_string();
        Ok(Db { conn: Mutex::new(conn), path: path.to_path_buf(), identity, owner, seq: AtomicI64::new(last), files_dir })
    }

    /// A new id: the prefix and a v4 UUID, 122 bits from the operating system's CSPRNG
    /// (`getrandom`), with no relation to any other id. The id is the secret that lets its
    /// holder refresh a conversation's token, so it must not be guessable from another one.
    pub fn new_id(&self, prefix: &str) -> String {
        format!("{prefix}{}", uuid::Uuid::new_v4().simple())
    }

    /// The next position in the stored order. A reply takes its position when it starts, so
    /// it sorts right after the message it answers even if the visitor writes meanwhile.
    pub fn next_seq(&self) -> i64 {
        self.seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Where the bytes of file `id` live.
    pub fn file_path(&self, id: &str) -> PathBuf {
        self.files_dir.join(id)
    }

    /// A value of the meta table, created by `init` the first time.
    pub fn meta_or_init(&self, key: &str, init: impl FnOnce() -> String) -> rusqlite::Result<String> {
        let conn = lock(&self.conn);
        if let Some(v) = conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()? {
            return Ok(v);
        }
        let value = init();
        conn.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", params![key, value])?;
        Ok(value)
    }

    /// Creates a conversation.
    pub fn create_conversation(
        &self,
        agent_id: &str,
        user_data: &Option<Value>,
        context: &Option<Value>,
        metadata: &Option<Value>,
        ttl_secs: u64,
    ) -> rusqlite::Result<ConversationState> {
        let id = self.new_id("conv_");
        let now = crate::time::now();
        let expires_at = crate::time::in_secs(ttl_secs);
        lock(&self.conn).execute(
            "INSERT INTO conversations (id, agent_id, status, created_at, updated_at, expires_at, user_data, context, metadata)
             VALUES (?1, ?2, 'active', ?3, ?3, ?4, ?5, ?6, ?7)",
            params![id, agent_id, now, expires_at, json_text(user_data), json_text(context), json_text(metadata)],
        )?;
        self.conversation(&id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)
    }

    /// A conversation, with `expired` reported once past its expiry.
    pub fn conversation(&self, id: &str) -> rusqlite::Result<Option<ConversationState>> {
        let conn = lock(&self.conn);
        let row = conn
            .query_row(
                "SELECT id, agent_id, status, created_at, updated_at, expires_at, closed_at, user_data, metadata,
                        (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.role IN ('user','assistant') AND m.state <> 'streaming')
                 FROM conversations c WHERE id = ?1",
                [id],
                |r| {
                    Ok(ConversationState {
                        id: r.get(0)?,
                        agent_id: r.get(1)?,
                        status: ConversationStatus::parse(&r.get::<_, String>(2)?),
                        created_at: r.get(3)?,
                        updated_at: r.get(4)?,
                        expires_at: r.get(5)?,
                        closed_at: r.get(6)?,
                        user_data: parse_json(r.get(7)?),
                        metadata: parse_json(r.get(8)?),
                        messages_count: r.get::<_, i64>(9)?.max(0) as u64,
                    })
                },
            )
            .optional()?;
        Ok(row.map(|mut c| {
            if c.status == ConversationStatus::Active && crate::time::is_past(&c.expires_at) {
                c.status = ConversationStatus::Expired;
            }
            c
        }))
    }

    /// Context given at creation (for the agent).
    pub fn conversation_context(&self, id: &str) -> rusqlite::Result<Option<Value>> {
        let conn = lock(&self.conn);
        let raw: Option<Option<String>> = conn.query_row("SELECT context FROM conversations WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        Ok(parse_json(raw.flatten()))
    }

    /// Closes a conversation; a second call keeps the first closing time and reason.
    pub fn close(&self, id: &str, reason: Option<&str>) -> rusqlite::Result<(String, Option<String>)> {
        let conn = lock(&self.conn);
        let now = crate::time::now();
        conn.execute(
            "UPDATE conversations SET status = 'closed', closed_at = ?2, close_reason = ?3, updated_at = ?2
             WHERE id = ?1 AND closed_at IS NULL",
            params![id, now, reason],
        )?;
        conn.query_row("SELECT closed_at, close_reason FROM conversations WHERE id = ?1", [id], |r| {
            Ok((r.get::<_, Option<String>>(0)?.unwrap_or(now.clone()), r.get(1)?))
        })
    }

    /// Stores a message. With an idempotency key already used in this conversation, returns
    /// the message stored then, and `false`.
    pub fn insert_message(
        &self,
        conversation_id: &str,
        role: &str,
        content: &[Block],
        metadata: &Option<Value>,
        idempotency_key: Option<&str>,
    ) -> rusqlite::Result<(Message, bool)> {
        // The lookup and the insert happen under one lock, so concurrent sends with one key
        // store one message.
        let conn = lock(&self.conn);
        if let Some(key) = idempotency_key {
            if let Some(existing) = message_by_key(&conn, conversation_id, key)? {
                return Ok((existing, false));
            }
        }
        let message = Message {
            id: self.new_id("msg_"),
            role: Role::parse(role),
            content: content.to_vec(),
            created_at: crate::time::now(),
            metadata: metadata.clone(),
        };
        let content_json = serde_json::to_string(&message.content).unwrap_or_else(|_| "[]".into());
        conn.execute(
            "INSERT INTO messages (id, conversation_id, role, content, created_at, metadata, idempotency_key, seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![message.id, conversation_id, role, content_json, message.created_at, json_text(metadata), idempotency_key, self.next_seq()],
        )?;
        conn.execute("UPDATE conversations SET updated_at = ?2 WHERE id = ?1", params![conversation_id, message.created_at])?;
        Ok((message, true))
    }

    /// Stores the start of an assistant reply (`streaming`, no text yet) under the id and
    /// position chosen when it started, so the streamed `message.started` and the stored
    /// message agree. Lists leave it out until it is complete or failed.
    pub fn start_reply(&self, conversation_id: &str, id: &str, seq: i64, created_at: &str) -> rusqlite::Result<()> {
        lock(&self.conn).execute(
            "INSERT INTO messages (id, conversation_id, role, content, created_at, metadata, seq, state, owner)
             VALUES (?1, ?2, 'assistant', '[]', ?3, NULL, ?4, 'streaming', ?5)",
            params![id, conversation_id, created_at, seq, self.owner],
        )?;
        Ok(())
    }

    /// Saves the text written so far of a streaming reply (what a cut reply keeps).
    pub fn save_partial(&self, id: &str, text: &str) -> rusqlite::Result<()> {
        lock(&self.conn).execute(
            "UPDATE messages SET content = ?2 WHERE id = ?1 AND state = 'streaming'",
            params![id, text_content(text)],
        )?;
        Ok(())
    }

    /// Completes a streaming reply with its whole text. `None` when it is no longer streaming
    /// (the shutdown grace ran out and it was stored as failed first).
    pub fn finish_reply(&self, conversation_id: &str, id: &str, text: &str) -> rusqlite::Result<Option<Message>> {
        let conn = lock(&self.conn);
        let done = conn.execute(
            "UPDATE messages SET content = ?3, state = 'complete', owner = NULL WHERE conversation_id = ?1 AND id = ?2 AND state = 'streaming'",
            params![conversation_id, id, text_content(text)],
        )?;
        if done == 0 {
            return Ok(None);
        }
        conn.execute("UPDATE conversations SET updated_at = ?2 WHERE id = ?1", params![conversation_id, crate::time::now()])?;
        conn.query_row(
            "SELECT id, role, content, created_at, metadata FROM messages WHERE conversation_id = ?1 AND id = ?2",
            params![conversation_id, id],
            row_to_message,
        )
        .optional()
    }

    /// Stores a streaming reply as failed: what was written, then a note saying why, and
    /// `metadata.status = "failed"`.
    pub fn fail_reply(&self, id: &str, partial: &str, reason: FailReason) -> rusqlite::Result<()> {
        let conn = lock(&self.conn);
        conn.execute(
            "UPDATE messages SET content = ?2, state = 'failed', owner = NULL, metadata = ?3 WHERE id = ?1 AND state = 'streaming'",
            params![id, text_content(&reason.text(partial)), failed_metadata(reason)],
        )?;
        Ok(())
    }

    /// Stores every reply still streaming as failed (their saved text, then the note): this
    /// process's own when `all` is false (the shutdown grace ran out), every one when true (at
    /// start: one process serves a SQLite file, so a reply streaming then was cut by a hard
    /// kill). Returns how many.
    pub fn fail_streaming(&self, all: bool) -> rusqlite::Result<usize> {
        let conn = lock(&self.conn);
        let owner: Option<&str> = (!all).then_some(self.owner.as_str());
        let mut stmt = conn.prepare(
            "SELECT id, conversation_id, content FROM messages WHERE state = 'streaming' AND (?1 IS NULL OR owner = ?1)",
        )?;
        let cut: Vec<(String, String, String)> =
            stmt.query_map(params![owner], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        let reason = FailReason::Stopped;
        let now = crate::time::now();
        for (id, conversation_id, content) in &cut {
            let blocks: Vec<Block> = serde_json::from_str(content).unwrap_or_default();
            let partial: String = blocks.iter().filter_map(|b| if let Block::Text { text } = b { Some(text.as_str()) } else { None }).collect();
            conn.execute(
                "UPDATE messages SET content = ?2, state = 'failed', owner = NULL, metadata = ?3 WHERE id = ?1 AND state = 'streaming'",
                params![id, text_content(&reason.text(&partial)), failed_metadata(reason)],
            )?;
            conn.execute("UPDATE conversations SET updated_at = ?2 WHERE id = ?1", params![conversation_id, now])?;
        }
        Ok(cut.len())
    }

    /// Whether the database can serve: its file is still the one opened (not removed or
    /// replaced under the running server, which would write into a file no one will read
    /// again), it answers a query, and its schema is this build's. The error says what is wrong.
    pub fn ready(&self) -> Result<(), String> {
        if self.identity.is_some() && file_identity(&self.path) != self.identity {
            return Err(format!("the database file {} was removed or replaced", self.path.display()));
        }
        let conn = lock(&self.conn);
        let version: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get(0))
            .optional()
            .map_err(|e| format!("the database does not answer: {e}"))?;
        match version.as_deref() {
            Some(SCHEMA_VERSION) => Ok(()),
            Some(other) => Err(format!("the database schema is version {other}, this server needs {SCHEMA_VERSION}")),
            None => Err("the database schema is not applied".into()),
        }
    }

    /// The first stored message after `id` (the reply to a user message), if any.
    pub fn message_after(&self, conversation_id: &str, id: &str) -> rusqlite::Result<Option<Message>> {
        let conn = lock(&self.conn);
        conn.query_row(
            "SELECT id, role, content, created_at, metadata FROM messages
             WHERE conversation_id = ?1 AND state = 'complete'
               AND seq > (SELECT seq FROM messages WHERE conversation_id = ?1 AND id = ?2) ORDER BY seq LIMIT 1",
            params![conversation_id, id],
            row_to_message,
        )
        .optional()
    }

    /// One message.
    pub fn message(&self, conversation_id: &str, id: &str) -> rusqlite::Result<Option<Message>> {
        let conn = lock(&self.conn);
        conn.query_row(
            "SELECT id, role, content, created_at, metadata FROM messages WHERE conversation_id = ?1 AND id = ?2 AND state <> 'streaming'",
            params![conversation_id, id],
            row_to_message,
        )
        .optional()
    }

    /// A page of messages, oldest first.
    pub fn messages(&self, conversation_id: &str, filter: &MessageFilter) -> rusqlite::Result<Page<Message>> {
        let conn = lock(&self.conn);
        let roles = serde_json::to_string(&filter.roles).unwrap_or_else(|_| "[]".into());
        let mut stmt = conn.prepare(
            "SELECT id, role, content, created_at, metadata FROM messages
             WHERE conversation_id = ?1 AND role IN (SELECT value FROM json_each(?2)) AND state <> 'streaming'
               AND (?3 IS NULL OR seq > (SELECT seq FROM messages WHERE conversation_id = ?1 AND id = ?3))
               AND (?4 IS NULL OR seq < (SELECT seq FROM messages WHERE conversation_id = ?1 AND id = ?4))
             ORDER BY seq LIMIT ?5 OFFSET ?6",
        )?;
        // One extra row tells whether another page exists.
        let items: Vec<Message> = stmt
            .query_map(
                params![conversation_id, roles, filter.after, filter.before, (filter.limit + 1) as i64, filter.offset as i64],
                row_to_message,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(page(items, filter.limit, filter.offset))
    }

    /// Every user and complete assistant message of a conversation, oldest first (for the
    /// agent): a failed reply is an unfinished text with our note, not something it said.
    pub fn history(&self, conversation_id: &str) -> rusqlite::Result<Vec<Message>> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare(
            "SELECT id, role, content, created_at, metadata FROM messages WHERE conversation_id = ?1 AND state = 'complete' ORDER BY seq",
        )?;
        let rows = stmt.query_map([conversation_id], row_to_message)?.collect();
        rows
    }

    /// Stores a file's metadata (its bytes are already at `file_path(id)`) if the
    /// conversation then holds at most `max_files` files and `max_bytes` bytes; `false`
    /// (nothing stored) otherwise. Checked and stored under one lock.
    pub fn insert_file_within(&self, conversation_id: &str, file: &FileInfo, max_files: u64, max_bytes: u64) -> rusqlite::Result<bool> {
        let conn = lock(&self.conn);
        let inserted = conn.execute(
            "INSERT INTO files (id, conversation_id, name, size, mime_type, created_at, seq)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
             WHERE (SELECT COUNT(*) FROM files WHERE conversation_id = ?2) < ?8
               AND (SELECT COALESCE(SUM(size), 0) FROM files WHERE conversation_id = ?2) + ?4 <= ?9",
            params![
                file.id,
                conversation_id,
                file.name,
                file.size as i64,
                file.mime_type,
                file.created_at,
                self.next_seq(),
                max_files.min(i64::MAX as u64) as i64,
                max_bytes.min(i64::MAX as u64) as i64
            ],
        )?;
        Ok(inserted == 1)
    }

    /// How many files a conversation holds, and their bytes in all (for its quota).
    pub fn file_usage(&self, conversation_id: &str) -> rusqlite::Result<(u64, u64)> {
        let conn = lock(&self.conn);
        conn.query_row("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM files WHERE conversation_id = ?1", [conversation_id], |r| {
            Ok((r.get::<_, i64>(0)?.max(0) as u64, r.get::<_, i64>(1)?.max(0) as u64))
        })
    }

    /// The folder of uploaded files (temporary uploads are written there too, so that keeping
    /// one is a rename).
    pub fn files_dir(&self) -> &Path {
        &self.files_dir
    }

    /// One file of a conversation.
    pub fn file(&self, conversation_id: &str, id: &str) -> rusqlite::Result<Option<FileInfo>> {
        let conn = lock(&self.conn);
        conn.query_row(
            "SELECT id, name, size, mime_type, created_at FROM files WHERE conversation_id = ?1 AND id = ?2",
            params![conversation_id, id],
            row_to_file,
        )
        .optional()
    }

    /// A page of a conversation's files.
    pub fn files(&self, conversation_id: &str, limit: u64, offset: u64) -> rusqlite::Result<Page<FileInfo>> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare(
            "SELECT id, name, size, mime_type, created_at FROM files WHERE conversation_id = ?1 ORDER BY seq LIMIT ?2 OFFSET ?3",
        )?;
        let items: Vec<FileInfo> =
            stmt.query_map(params![conversation_id, (limit + 1) as i64, offset as i64], row_to_file)?.collect::<rusqlite::Result<_>>()?;
        Ok(page(items, limit, offset))
    }

    /// Stores or replaces the conversation's feedback.
    pub fn upsert_feedback(&self, conversation_id: &str, score: i64, comment: &Option<String>, metadata: &Option<Value>) -> rusqlite::Result<Feedback> {
        let id = self.new_id("fb_");
        let now = crate::time::now();
        let conn = lock(&self.conn);
        conn.execute(
            "INSERT INTO feedback (conversation_id, id, score, comment, metadata, submitted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(conversation_id) DO UPDATE SET score = excluded.score, comment = excluded.comment,
               metadata = excluded.metadata, submitted_at = excluded.submitted_at",
            params![conversation_id, id, score, comment, json_text(metadata), now],
        )?;
        conn.query_row(
            "SELECT id, score, comment, submitted_at FROM feedback WHERE conversation_id = ?1",
            [conversation_id],
            |r| Ok(Feedback { id: r.get(0)?, score: r.get(1)?, comment: r.get(2)?, submitted_at: r.get(3)? }),
        )
    }

    /// The conversation's feedback, if any.
    pub fn feedback(&self, conversation_id: &str) -> rusqlite::Result<Option<Feedback>> {
        let conn = lock(&self.conn);
        conn.query_row(
            "SELECT id, score, comment, submitted_at FROM feedback WHERE conversation_id = ?1",
            [conversation_id],
            |r| Ok(Feedback { id: r.get(0)?, score: r.get(1)?, comment: r.get(2)?, submitted_at: r.get(3)? }),
        )
        .optional()
    }
}

/// Adds a column to a table made before it.
fn add_column(conn: &Connection, table: &str, column: &str, decl: &str) -> rusqlite::Result<()> {
    let has: bool = conn.query_row(&format!("SELECT COUNT(*) > 0 FROM pragma_table_info('{table}') WHERE name = ?1"), [column], |r| r.get(0))?;
    if !has {
        conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {decl};"))?;
    }
    Ok(())
}

/// The device and inode of a file, to tell when it was removed or replaced.
#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|_| (0, 0))
}

/// A reply's content column: one text block.
fn text_content(text: &str) -> String {
    serde_json::to_string(&[Block::Text { text: text.to_string() }]).unwrap_or_else(|_| "[]".into())
}

/// The metadata of a failed reply.
fn failed_metadata(reason: FailReason) -> String {
    serde_json::json!({"status": "failed", "reason": reason.code()}).to_string()
}

/// Adds `seq` to a table made before it, numbered in the old id order.
fn add_seq_column(conn: &Connection, table: &str) -> rusqlite::Result<()> {
    let has_seq: bool = conn.query_row(&format!("SELECT COUNT(*) > 0 FROM pragma_table_info('{table}') WHERE name = 'seq'"), [], |r| r.get(0))?;
    if !has_seq {
        conn.execute_batch(&format!(
            "ALTER TABLE {table} ADD COLUMN seq INTEGER;
             UPDATE {table} SET seq = (SELECT COUNT(*) FROM {table} o WHERE o.id <= {table}.id);"
        ))?;
    }
    Ok(())
}

fn message_by_key(conn: &Connection, conversation_id: &str, key: &str) -> rusqlite::Result<Option<Message>> {
    conn.query_row(
        "SELECT id, role, content, created_at, metadata FROM messages WHERE conversation_id = ?1 AND idempotency_key = ?2",
        params![conversation_id, key],
        row_to_message,
    )
    .optional()
}

fn page<T>(mut items: Vec<T>, limit: u64, offset: u64) -> Page<T> {
    let more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    Page { next_offset: more.then_some(offset + limit), items }
}

fn row_to_message(r: &rusqlite::Row<'_>) -> rusqlite::Result<Message> {
    let content: String = r.get(2)?;
    Ok(Message {
        id: r.get(0)?,
        role: Role::parse(&r.get::<_, String>(1)?),
        content: serde_json::from_str(&content).unwrap_or_default(),
        created_at: r.get(3)?,
        metadata: parse_json(r.get(4)?),
    })
}

fn row_to_file(r: &rusqlite::Row<'_>) -> rusqlite::Result<FileInfo> {
    Ok(FileInfo { id: r.get(0)?, name: r.get(1)?, size: r.get::<_, i64>(2)?.max(0) as u64, mime_type: r.get(3)?, created_at: r.get(4)? })
}
