//! Extractors whose rejections are contract answers (422 `detail`), never the framework's
//! plain-text errors.

use crate::app::AppState;
use crate::error::AppError;
use axum::http::StatusCode;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A JSON body; an invalid one is a 422.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(too_large(state)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// The 413 for a body over `--max-json-kb` (the limit the router sets for JSON bodies).
fn too_large(state: &AppState) -> AppError {
    AppError::payload_too_large(state.config.max_json_kb.saturating_mul(1024))
}

/// An optional JSON body: empty is `None`.
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned> FromRequest<AppState> for OptionalJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let bytes = match axum::body::Bytes::from_request(req, state).await {
            Ok(bytes) => bytes,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large(state)),
            Err(rejection) => return Err(AppError::invalid(&["body"], rejection.body_text(), "value_error")),
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(None));
        }
        serde_json::from_slice(&bytes)
            .map(|v| OptionalJson(Some(v)))
            .map_err(|e| AppError::invalid(&["body"], format!("Invalid JSON body: {e}"), "json_invalid"))
    }
}

fn json_rejection(rejection: JsonRejection) -> AppError {
    let kind = match &rejection {
        JsonRejection::MissingJsonContentType(_) => "content_type",
        JsonRejection::JsonSyntaxError(_) => "json_invalid",
        _ => "value_error",
    };
    AppError::invalid(&["body"], rejection.body_text(), kind)
}

/// Query parameters; invalid ones are a 422.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(query_rejection(rejection)),
        }
    }
}

fn query_rejection(rejection: QueryRejection) -> AppError {
    AppError::invalid(&["query"], rejection.body_text(), "value_error")
}

/// Checks `limit` (1..=100, default 20) and `offset` (≥ 0, default 0).
pub fn paging(limit: Option<i64>, offset: Option<i64>) -> Result<(u64, u64), AppError> {
    let limit = limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(AppError::invalid(&["query", "limit"], "limit must be between 1 and 100", "value_error"));
    }
    let offset = offset.unwrap_or(0);
    if offset < 0 {
        return Err(AppError::invalid(&["query", "offset"], "offset must be 0 or more", "value_error"));
    }
    Ok((limit as u64, offset as u64))
}
