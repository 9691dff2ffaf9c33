//! `--static`: the built widget and the demo pages, served as a CDN should serve them.
//!
//! tower-http's `ServeDir` picks the precompressed variant the browser accepts (`.br`, `.gz`
//! beside the file, written by `scripts/hash-widget.mjs`), sets `Content-Encoding` and the
//! original file's `Content-Type` (`application/wasm` for wasm), and answers ranges, `HEAD` and
//! `If-Modified-Since`. It sets no `Vary`, no `Cache-Control`, no `ETag` and no CORS header; this
//! layer adds them:
//! - `Vary: Accept-Encoding` on every file, since the body depends on it;
//! - a content-hashed name (`name-<16 hex>.ext`) never changes: `public, max-age=31536000,
//!   immutable`;
//! - every other file (the loader, `frame.html`, the demo pages) may change under its name:
//!   `public, max-age=300` and a strong `ETag` of the bytes sent, so a revalidation is a `304`;
//! - `Access-Control-Allow-Origin: *`, so a page on any origin can load the widget's module and
//!   fetch its wasm (they are public files; the API's own CORS rules still apply to the API).

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use sha2::{Digest, Sha256};
use std::path::Path;
use tower_http::services::ServeDir;

/// `Cache-Control` of content-hashed files.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of files served under a stable name (revalidated with their `ETag`).
pub const SHORT: &str = "public, max-age=300";
/// Files above this size are sent without an `ETag`, as they stream (a tag means reading the whole
/// body first; the stable-named files are a few kilobytes).
const ETAG_MAX_BYTES: usize = 4 * 1024 * 1024;

/// The service for `--static DIR`: the files of `dir`, and `not_found` for anything else.
pub fn service(dir: &Path, not_found: Router) -> Router {
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip().fallback(not_found);
    Router::new().fallback_service(files).layer(axum::middleware::from_fn(headers))
}

/// Whether the last path segment names a content-hashed file: `<name>-<16 hex digits>.<ext>`.
pub fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _ext)) = file.split_once('.') else { return false };
    match stem.rsplit_once('-') {
        Some((name, hash)) => !name.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        None => false,
    }
}

/// The strong `ETag` of a body: the first 128 bits of its SHA-256. A precompressed variant is a
/// different body, so it gets a different tag, as HTTP requires.
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether `If-None-Match` (a list of tags, or `*`) matches `etag` (weak comparison, as RFC 9110
/// asks for `If-None-Match`).
pub fn none_match_hits(if_none_match: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    if_none_match.split(',').any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

async fn headers(mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string);
    // With If-None-Match, If-Modified-Since is to be ignored (RFC 9110 13.2.2): ServeDir would
    // otherwise answer 304 by date alone, and a file rebuilt within the same second would not be
    // fetched again.
    if if_none_match.is_some() {
        request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    }
    let is_get = request.method() == Method::GET;
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    set_common(&mut parts.headers);
    if is_hashed(&path) {
        parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        return Response::from_parts(parts, body);
    }
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(SHORT));
    // HEAD has no body to tag, a range is part of one, and a big file is sent as it streams.
    let length = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if !is_get || status != StatusCode::OK || length.is_none_or(|n| n > ETAG_MAX_BYTES) {
        return Response::from_parts(parts, body);
    }
    let bytes = match to_bytes(body, ETAG_MAX_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let etag = etag_of(&bytes);
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    if if_none_match.as_deref().is_some_and(|inm| none_match_hits(inm, &etag)) {
        let mut not_modified = Response::new(Body::empty());
        *not_modified.status_mut() = StatusCode::NOT_MODIFIED;
        // A 304 carries the headers a 200 would have for caching, and no content headers.
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY, header::ACCESS_CONTROL_ALLOW_ORIGIN, header::LAST_MODIFIED] {
            if let Some(value) = parts.headers.get(&name) {
                not_modified.headers_mut().insert(name, value.clone());
            }
        }
        return not_modified;
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn set_common(headers: &mut HeaderMap) {
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
}
