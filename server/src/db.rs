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

/// The database.
pub struct Db {
    conn: Mutex<Connection>,
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
        let last: i64 = conn.query_row(
            "SELECT MAX(COALESCE((SELECT MAX(seq) FROM messages), 0), COALESCE((SELECT MAX(seq) FROM files), 0))",
            [],
            |r| r.get(0),
        )?;
        Ok(Db { conn: Mutex::new(conn), seq: AtomicI64::new(last), files_dir })
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
                        (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.role IN ('user','assistant'))
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

    /// Stores an assistant reply under the id and position chosen when it started (so the
    /// streamed `message.started` and the stored message agree).
    pub fn insert_reply(&self, conversation_id: &str, id: &str, seq: i64, created_at: &str, text: &str) -> rusqlite::Result<Message> {
        let message = Message {
            id: id.to_string(),
            role: Role::Assistant,
            content: vec![Block::Text { text: text.to_string() }],
            created_at: created_at.to_string(),
            metadata: None,
        };
        let content_json = serde_json::to_string(&message.content).unwrap_or_else(|_| "[]".into());
        let conn = lock(&self.conn);
        conn.execute(
            "INSERT INTO messages (id, conversation_id, role, content, created_at, metadata, seq) VALUES (?1, ?2, 'assistant', ?3, ?4, NULL, ?5)",
            params![message.id, conversation_id, content_json, message.created_at, seq],
        )?;
        conn.execute("UPDATE conversations SET updated_at = ?2 WHERE id = ?1", params![conversation_id, crate::time::now()])?;
        Ok(message)
    }

    /// The first stored message after `id` (the reply to a user message), if any.
    pub fn message_after(&self, conversation_id: &str, id: &str) -> rusqlite::Result<Option<Message>> {
        let conn = lock(&self.conn);
        conn.query_row(
            "SELECT id, role, content, created_at, metadata FROM messages
             WHERE conversation_id = ?1 AND seq > (SELECT seq FROM messages WHERE conversation_id = ?1 AND id = ?2) ORDER BY seq LIMIT 1",
            params![conversation_id, id],
            row_to_message,
        )
        .optional()
    }

    /// One message.
    pub fn message(&self, conversation_id: &str, id: &str) -> rusqlite::Result<Option<Message>> {
        let conn = lock(&self.conn);
        conn.query_row(
            "SELECT id, role, content, created_at, metadata FROM messages WHERE conversation_id = ?1 AND id = ?2",
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
             WHERE conversation_id = ?1 AND role IN (SELECT value FROM json_each(?2))
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

    /// Every user and assistant message of a conversation, oldest first (for the agent).
    pub fn history(&self, conversation_id: &str) -> rusqlite::Result<Vec<Message>> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare(
            "SELECT id, role, content, created_at, metadata FROM messages WHERE conversation_id = ?1 ORDER BY seq",
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
