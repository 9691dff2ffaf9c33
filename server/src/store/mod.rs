//! Persistence over sqlx, on SQLite or PostgreSQL with one behaviour: conversations, messages,
//! replies (with their owner and lease), files (metadata and bytes) and feedback.
//!
//! Every statement is written once, in the SQL both databases read (`$n` parameters, `ON
//! CONFLICT`, `RETURNING`, partial unique indexes), and run on whichever pool is open through
//! [`with_pool!`]: the macro compiles the same code once per driver, so nothing goes through
//! sqlx's `Any` driver and its lowest-common-denominator types. Writes that must be atomic rely
//! on the database alone (unique indexes, single statements, short transactions that write
//! first), never on a lock in this process, so several servers can share one database.

mod conversations;
mod files;
mod messages;
mod open;
mod replies;

pub use messages::MessageFilter;
pub use files::StoreFileError;
pub use open::{OpenError, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
pub use replies::{Claim, FailReason, ReplyState};

use crate::models::{Block, FileInfo, Message, Role};
use serde_json::Value;
use sqlx::{PgPool, SqlitePool};
use std::path::PathBuf;
use std::time::Duration;

/// An open pool of one backend.
pub enum Pool {
    /// A SQLite file (one machine; several processes may open it, though one is the intent).
    Sqlite(SqlitePool),
    /// A PostgreSQL database shared by any number of replicas.
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the open backend's pool: the same code, compiled once per
/// driver.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::store::Pool::Sqlite($pool) => $body,
            $crate::store::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// The database.
pub struct Store {
    pool: Pool,
    /// The SQLite file and its identity when opened (readiness checks it is still there).
    sqlite_file: Option<(PathBuf, Option<(u64, u64)>)>,
    /// This server's mark on the replies it streams, so that at shutdown it fails only its own.
    owner: String,
    /// How long a streaming reply stays its owner's without a renewal.
    lease: Duration,
    /// Where uploads are received before they are stored.
    spool_dir: PathBuf,
    /// The database's clock minus this machine's, in milliseconds: leases are stamped and
    /// judged on the database's clock, so replicas whose clocks disagree still agree on them.
    clock_offset_ms: std::sync::atomic::AtomicI64,
}

/// Stored feedback.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
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

/// Options of [`Store::open`].
#[derive(Clone, Debug)]
pub struct StoreOptions {
    /// Most connections the pool opens.
    pub max_connections: u32,
    /// A streaming reply's lease.
    pub lease: Duration,
    /// Where uploads are received; `None`: `files/` beside a SQLite file, or the system's
    /// temporary folder with PostgreSQL.
    pub spool_dir: Option<PathBuf>,
}

/// The statement that takes a conversation's next position (messages and files share the
/// numbering: only the order matters). It is the first write of its transaction, so the
/// conversation's row (PostgreSQL) or the database (SQLite) is locked until the insert that
/// uses the number commits: two servers never hand out one number, and `UNIQUE
/// (conversation_id, seq)` would refuse it if they did.
const NEXT_SEQ: &str = "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq";

impl Store {
    /// A new id: the prefix and a v4 UUID, 122 bits from the operating system's CSPRNG
    /// (`getrandom`), with no relation to any other id. The id is the secret that lets its
    /// holder refresh a conversation's token, so it must not be guessable from another one.
    pub fn new_id(&self, prefix: &str) -> String {
        format!("{prefix}{}", uuid::Uuid::new_v4().simple())
    }

    /// The PostgreSQL pool, when that is the backend (for other parts that keep shared state
    /// in the database, such as rate-limit buckets).
    pub fn pg_pool(&self) -> Option<&PgPool> {
        match &self.pool {
            Pool::Postgres(pool) => Some(pool),
            Pool::Sqlite(_) => None,
        }
    }

    /// The folder uploads are received in before they are stored.
    pub fn spool_dir(&self) -> &std::path::Path {
        &self.spool_dir
    }

    /// A value of the meta table, created by `init` the first time. Two servers starting at
    /// once keep the first one written.
    pub async fn meta_or_init(&self, key: &str, init: impl FnOnce() -> String) -> sqlx::Result<String> {
        let value = init();
        with_pool!(self, pool => {
            sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING").bind(key).bind(&value).execute(pool).await?;
            sqlx::query_scalar::<_, String>("SELECT value FROM meta WHERE key = $1").bind(key).fetch_one(pool).await
        })
    }

    /// Closes the pool (waits for connections to be returned).
    pub async fn close_pool(&self) {
        with_pool!(self, pool => pool.close().await)
    }
}

/// Ends a transaction: commits it when `keep`, else rolls it back (nothing of it happened).
async fn settle<DB: sqlx::Database>(tx: sqlx::Transaction<'static, DB>, keep: bool) -> sqlx::Result<()> {
    if keep {
        tx.commit().await
    } else {
        tx.rollback().await
    }
}

/// Whether `key` (an id from a path or a query) could name a stored row. Generated ids never
/// hold NUL, and PostgreSQL refuses text with one, so such a key is answered "not found" on
/// both backends without asking the database.
fn can_exist(key: &str) -> bool {
    !key.contains('\0')
}

/// This machine's clock, in Unix milliseconds.
fn local_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Store {
    /// Now on the database's clock, in Unix milliseconds (leases).
    fn now_ms(&self) -> i64 {
        local_ms().saturating_add(self.clock_offset_ms.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Measures the database clock's offset from this machine's (half the round trip is
    /// credited to each way). SQLite runs on this machine: its offset is zero.
    pub async fn sync_clock(&self) -> sqlx::Result<()> {
        let Pool::Postgres(pool) = &self.pool else { return Ok(()) };
        let before = local_ms();
        let database: i64 = sqlx::query_scalar("SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)").fetch_one(pool).await?;
        let after = local_ms();
        let offset = database - (before + (after - before) / 2);
        self.clock_offset_ms.store(offset, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

fn json_text(v: &Option<Value>) -> Option<String> {
    v.as_ref().map(Value::to_string)
}

fn parse_json(s: Option<String>) -> Option<Value> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

/// A stored message row (the columns `message_columns!()` names).
#[derive(sqlx::FromRow)]
struct MessageRow {
    id: String,
    role: String,
    content: String,
    created_at: String,
    metadata: Option<String>,
}

/// The columns of a [`MessageRow`], for `concat!` (statements stay `&'static str`).
macro_rules! message_columns {
    () => {
        "id, role, content, created_at, metadata"
    };
}
use message_columns;

impl From<MessageRow> for Message {
    fn from(r: MessageRow) -> Message {
        Message {
            id: r.id,
            role: Role::parse(&r.role),
            content: serde_json::from_str(&r.content).unwrap_or_default(),
            created_at: r.created_at,
            metadata: parse_json(r.metadata),
        }
    }
}

/// A stored file row.
#[derive(sqlx::FromRow)]
struct FileRow {
    id: String,
    name: String,
    size: i64,
    mime_type: String,
    created_at: String,
}

impl From<FileRow> for FileInfo {
    fn from(r: FileRow) -> FileInfo {
        FileInfo { id: r.id, name: r.name, size: r.size.max(0) as u64, mime_type: r.mime_type, created_at: r.created_at }
    }
}

/// A reply's content column: one text block.
fn text_content(text: &str) -> String {
    serde_json::to_string(&[Block::Text { text: text.to_string() }]).unwrap_or_else(|_| "[]".into())
}

/// The text of a content column.
fn text_of_content(content: &str) -> String {
    let blocks: Vec<Block> = serde_json::from_str(content).unwrap_or_default();
    blocks.iter().filter_map(|b| if let Block::Text { text } = b { Some(text.as_str()) } else { None }).collect()
}

fn page<T>(mut items: Vec<T>, limit: u64, offset: u64) -> crate::models::Page<T> {
    let more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    crate::models::Page { next_offset: more.then_some(offset + limit), items }
}

/// A count or size from the database as `i64` (binds are signed).
fn signed(n: u64) -> i64 {
    n.min(i64::MAX as u64) as i64
}
