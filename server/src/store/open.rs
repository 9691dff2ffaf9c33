//! Opening a store (connecting, migrating) and telling whether it can serve.

use super::{with_pool, Pool, Store, StoreOptions};
use crate::database_url::Database;
use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The SQLite migrations, embedded in the binary.
pub static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
/// The PostgreSQL migrations: the same tables and constraints in PostgreSQL's types.
pub static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// How long a caller waits for a connection before the call fails (and `/readyz` says why).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a store could not be opened. Messages never include the URL (it can hold a password).
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The folder beside the database could not be made.
    #[error("cannot create {path}: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database refused the connection or does not answer.
    #[error("cannot connect to the {backend} database: {source}")]
    Connect {
        /// `sqlite` or `postgres`.
        backend: &'static str,
        /// Why.
        source: sqlx::Error,
    },
    /// A migration failed (or the database was migrated by a newer build).
    #[error("cannot migrate the {backend} database: {source}")]
    Migrate {
        /// `sqlite` or `postgres`.
        backend: &'static str,
        /// Why.
        source: sqlx::migrate::MigrateError,
    },
}

impl Store {
    /// Opens the database, creating (SQLite) and migrating it to this build's schema.
    pub async fn open(database: &Database, options: StoreOptions) -> Result<Store, OpenError> {
        let owner = uuid::Uuid::new_v4().simple().to_string();
        let max = options.max_connections.max(1);
        match database {
            Database::Sqlite(path) => {
                let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
                create_dir(&dir)?;
                let spool_dir = options.spool_dir.unwrap_or_else(|| dir.join("files"));
                create_dir(&spool_dir)?;
                let connect = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    // Writers wait for each other (every write transaction writes first, so
                    // waiting is always possible) rather than fail.
                    .busy_timeout(Duration::from_secs(5));
                let pool = SqlitePoolOptions::new()
                    .max_connections(max)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(connect)
                    .await
                    .map_err(|source| OpenError::Connect { backend: "sqlite", source })?;
                migrate_sqlite(&pool).await?;
                let identity = file_identity(path);
                let file = Some((path.clone(), identity));
                Ok(Store { pool: Pool::Sqlite(pool), sqlite_file: file, owner, lease: options.lease, spool_dir, clock_offset_ms: Default::default() })
            }
            Database::Postgres(url) => {
                let spool_dir = options.spool_dir.unwrap_or_else(|| std::env::temp_dir().join("quintus-uploads"));
                create_dir(&spool_dir)?;
                let pool = PgPoolOptions::new()
                    .max_connections(max)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect(url)
                    .await
                    .map_err(|source| OpenError::Connect { backend: "postgres", source })?;
                // sqlx takes an advisory lock around the run: replicas starting together
                // migrate once.
                POSTGRES_MIGRATIONS.run(&pool).await.map_err(|source| OpenError::Migrate { backend: "postgres", source })?;
                let store = Store { pool: Pool::Postgres(pool), sqlite_file: None, owner, lease: options.lease, spool_dir, clock_offset_ms: Default::default() };
                store.sync_clock().await.map_err(|source| OpenError::Connect { backend: "postgres", source })?;
                Ok(store)
            }
        }
    }

    /// The migrations of this backend.
    fn migrations(&self) -> &'static Migrator {
        match &self.pool {
            Pool::Sqlite(_) => &SQLITE_MIGRATIONS,
            Pool::Postgres(_) => &POSTGRES_MIGRATIONS,
        }
    }

    /// Whether the database can serve: a SQLite file is still the one opened (not removed or
    /// replaced under the running server, which would write into a file no one will read
    /// again), the database answers, and every migration of this build, and no later one, is
    /// applied. The error says what is wrong.
    pub async fn ready(&self) -> Result<(), String> {
        if let Some((path, identity)) = &self.sqlite_file {
            if identity.is_some() && file_identity(path) != *identity {
                return Err(format!("the database file {} was removed or replaced", path.display()));
            }
        }
        let applied: Vec<i64> = with_pool!(self, pool => {
            sqlx::query_scalar::<_, i64>("SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version").fetch_all(pool).await
        })
        .map_err(|e| format!("the database does not answer or has no migrations table: {e}"))?;
        let wanted: Vec<i64> = self.migrations().iter().map(|m| m.version).collect();
        let latest = wanted.iter().copied().max().unwrap_or(0);
        match applied.iter().copied().max() {
            None => Err("the database schema is not applied".into()),
            Some(newest) if newest != latest => Err(format!("the database schema is version {newest}, this server needs {latest}")),
            Some(_) => match wanted.iter().find(|v| !applied.contains(v)) {
                Some(missing) => Err(format!("migration {missing} of this server is not applied")),
                None => Ok(()),
            },
        }
    }
}

/// Runs the SQLite migrations. SQLite has no advisory lock: two servers starting together on a
/// new file may both try a migration; each runs in a transaction with its bookkeeping row, so
/// the loser's attempt rolls back whole, and its next attempt finds it applied.
async fn migrate_sqlite(pool: &sqlx::SqlitePool) -> Result<(), OpenError> {
    let mut attempt = 0;
    loop {
        match SQLITE_MIGRATIONS.run(pool).await {
            Ok(()) => return Ok(()),
            Err(source) if attempt >= 4 => return Err(OpenError::Migrate { backend: "sqlite", source }),
            Err(_) => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
            }
        }
    }
}

fn create_dir(path: &Path) -> Result<(), OpenError> {
    std::fs::create_dir_all(path).map_err(|source| OpenError::Folder { path: path.to_path_buf(), source })
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
