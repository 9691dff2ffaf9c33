//! The strict-CSP demo page: served with a `Content-Security-Policy` header and a fresh nonce
//! per request, so the page proves the widget needs no inline script, no eval, and no inline
//! style but the one it may insert with the page's nonce.

use crate::app::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Path of the page, under the static directory.
pub const CSP_PAGE: &str = "demo/csp.html";

/// Where the page's template puts the nonce.
const NONCE_SLOT: &str = "__CSP_NONCE__";

/// The policy of the issue: same-origin scripts plus wasm compilation, same-origin styles plus
/// the nonce, API calls to this origin only.
pub fn policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{nonce}'; \
         connect-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'"
    )
}

/// `GET /demo/csp.html`.
pub async fn csp_page(State(state): State<AppState>) -> Response {
    let Some(dir) = &state.config.static_dir else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(template) = tokio::fs::read_to_string(dir.join(CSP_PAGE)).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // 128 random bits from a v4 UUID, as the nonce.
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let html = template.replace(NONCE_SLOT, &nonce);
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    if let Ok(value) = HeaderValue::from_str(&policy(&nonce)) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}
