//! `/_dev/faults` (only with `--dev`).

use super::extract::ApiJson;
use crate::app::AppState;
use crate::faults::Fault;
use crate::error::{codes, AppError, AppResult};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

/// `POST /_dev/faults`: arms a fault (204).
pub async fn arm(State(state): State<AppState>, headers: HeaderMap, ApiJson(fault): ApiJson<Fault>) -> AppResult<StatusCode> {
    same_origin(&headers)?;
    state.faults.arm(fault);
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /_dev/faults`: disarms every fault (204).
pub async fn clear(State(state): State<AppState>, headers: HeaderMap) -> AppResult<StatusCode> {
    same_origin(&headers)?;
    state.faults.clear();
    Ok(StatusCode::NO_CONTENT)
}

/// Refuses a call a page of another origin made (403): a browser sends `Origin` on every
/// cross-origin call and `Sec-Fetch-Site` with any call; tests and curl send neither. Without
/// CORS headers the browser would not show such a page the answer, but a simple POST still
/// arrives, so it is checked here.
fn same_origin(headers: &HeaderMap) -> AppResult<()> {
    let refused = || AppError::new(StatusCode::FORBIDDEN, codes::CROSS_ORIGIN, "/_dev/faults takes calls from its own origin only.");
    // A header that is not text counts as foreign.
    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap_or("\u{0}"));
    if matches!(header("sec-fetch-site"), Some(site) if site != "same-origin" && site != "none") {
        return Err(refused());
    }
    let Some(origin) = header("origin") else { return Ok(()) };
    let host = header("host").unwrap_or_default();
    let origin_host = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    if origin_host.is_some_and(|h| !host.is_empty() && h.eq_ignore_ascii_case(host)) {
        Ok(())
    } else {
        Err(refused())
    }
}
