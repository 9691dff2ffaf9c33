//! `--database-url`: which storage backend and where: `sqlite://PATH` or `postgres://...`.
//! Error messages name the scheme only: a URL can carry a password.

use std::path::PathBuf;

/// Where the data lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file (uploaded files go in a `files/` folder beside it).
    Sqlite(PathBuf),
    /// A PostgreSQL database, by its URL as given (sqlx reads host, user, password, database
    /// and options such as `sslmode` from it). Several replicas may share it.
    Postgres(String),
}

/// Why a database URL cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DatabaseUrlError {
    /// `postgres://` with nothing after it.
    #[error("--database-url postgres:// needs a host and database, as in postgres://quintus:PASSWORD@127.0.0.1:5432/quintus")]
    EmptyPostgres,
    /// `sqlite://` with no path.
    #[error("--database-url sqlite:// needs a file path, as in sqlite://data/quintus.sqlite or sqlite:///var/lib/quintus/db.sqlite")]
    EmptySqlitePath,
    /// SQLite URL options are not read; refusing them beats silently ignoring them.
    #[error("--database-url sqlite://PATH takes no ?options (the server sets its own pragmas)")]
    SqliteOptions,
    /// Any other scheme.
    #[error("--database-url must start with sqlite:// or postgres://; got a URL with scheme {0:?}")]
    UnknownScheme(String),
}

/// Reads a database URL: `sqlite://PATH` (or `sqlite:PATH`; `sqlite:///abs` is an absolute
/// path), `postgres://` / `postgresql://` (kept whole for the driver).
pub fn parse(url: &str) -> Result<Database, DatabaseUrlError> {
    let url = url.trim();
    let (scheme, rest) = url.split_once(':').unwrap_or(("", url));
    match scheme.to_ascii_lowercase().as_str() {
        "sqlite" => {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.contains('?') {
                return Err(DatabaseUrlError::SqliteOptions);
            }
            if path.is_empty() {
                return Err(DatabaseUrlError::EmptySqlitePath);
            }
            Ok(Database::Sqlite(PathBuf::from(path)))
        }
        "postgres" | "postgresql" => {
            if rest.trim_start_matches('/').is_empty() {
                return Err(DatabaseUrlError::EmptyPostgres);
            }
            Ok(Database::Postgres(url.to_string()))
        }
        "" => Err(DatabaseUrlError::UnknownScheme("(none)".into())),
        other => Err(DatabaseUrlError::UnknownScheme(other.chars().take(20).collect())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_give_the_path() {
        assert_eq!(parse("sqlite://data/q.sqlite"), Ok(Database::Sqlite("data/q.sqlite".into())));
        assert_eq!(parse("sqlite:///var/lib/q.sqlite"), Ok(Database::Sqlite("/var/lib/q.sqlite".into())));
        assert_eq!(parse("sqlite:q.sqlite"), Ok(Database::Sqlite("q.sqlite".into())));
        assert_eq!(parse(" SQLITE://q.sqlite "), Ok(Database::Sqlite("q.sqlite".into())));
    }

    #[test]
    fn postgres_urls_are_kept_whole_for_the_driver() {
        for url in ["postgres://quintus:s3cret@db:5432/quintus", "postgresql://localhost/q?sslmode=require"] {
            assert_eq!(parse(url), Ok(Database::Postgres(url.to_string())));
        }
        let err = parse("postgres://").unwrap_err();
        assert_eq!(err, DatabaseUrlError::EmptyPostgres);
    }

    #[test]
    fn other_urls_are_refused_clearly() {
        assert_eq!(parse("sqlite://"), Err(DatabaseUrlError::EmptySqlitePath));
        assert_eq!(parse("sqlite://q.sqlite?mode=ro"), Err(DatabaseUrlError::SqliteOptions));
        assert_eq!(parse("mysql://u:pw@h/db"), Err(DatabaseUrlError::UnknownScheme("mysql".into())));
        assert_eq!(parse("data/q.sqlite"), Err(DatabaseUrlError::UnknownScheme("(none)".into())));
    }
}
