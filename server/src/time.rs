//! Timestamps in the API's format (RFC 3339, UTC, milliseconds).

use chrono::{DateTime, SecondsFormat, Utc};

/// Now, formatted.
pub fn now() -> String {
    format(Utc::now())
}

/// A time, formatted.
pub fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Now plus `secs` seconds, formatted.
pub fn in_secs(secs: u64) -> String {
    format(Utc::now() + chrono::Duration::seconds(secs.min(i64::MAX as u64 / 2000) as i64))
}

/// Whether a stored timestamp is in the past (an unreadable one counts as past).
pub fn is_past(rfc3339: &str) -> bool {
    DateTime::parse_from_rfc3339(rfc3339).map(|t| t.with_timezone(&Utc) <= Utc::now()).unwrap_or(true)
}
