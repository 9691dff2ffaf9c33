//! Error answers: the envelope of the contract for every non-2xx status except 422, and the
//! `detail` shape for 422. Codes and names are kept here, so that the project's own choices
//! ([P] in CONTRACT.md) change in one place.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use quintus_api_types::{ErrorEnvelope, LocPart, ValidationErrorBody, ValidationIssue};
use serde_json::{json, Value};

/// The error codes this server answers with. Their spelling and PascalCase names are the
/// shared `ErrorCode`'s (`quintus-api-types`), which the widget reads.
pub mod codes {
    use quintus_api_types::ErrorCode;
    /// A code; its envelope `name` is `ErrorCode::name`.
    pub type Code = ErrorCode;
    /// Published by Quintus.
    pub const SESSION_TOKEN_EXPIRED: Code = ErrorCode::SessionTokenExpired;
    /// The rest are this project's choices.
    pub const SESSION_TOKEN_INVALID: Code = ErrorCode::SessionTokenInvalid;
    /// Missing or wrong API key.
    pub const API_KEY_INVALID: Code = ErrorCode::ApiKeyInvalid;
    /// The key is not scoped to that agent.
    pub const AGENT_NOT_FOUND: Code = ErrorCode::AgentNotFound;
    /// No such conversation.
    pub const CONVERSATION_NOT_FOUND: Code = ErrorCode::ConversationNotFound;
    /// Token of another conversation.
    pub const FORBIDDEN: Code = ErrorCode::Forbidden;
    /// Closed conversation.
    pub const CONVERSATION_CLOSED: Code = ErrorCode::ConversationClosed;
    /// Expired conversation.
    pub const CONVERSATION_EXPIRED: Code = ErrorCode::ConversationExpired;
    /// No such message.
    pub const MESSAGE_NOT_FOUND: Code = ErrorCode::MessageNotFound;
    /// No such file, or a file of another conversation.
    pub const FILE_NOT_FOUND: Code = ErrorCode::FileNotFound;
    /// Upload over the limit.
    pub const FILE_TOO_LARGE: Code = ErrorCode::FileTooLarge;
    /// The conversation holds its most files (count or bytes).
    pub const FILE_QUOTA_EXCEEDED: Code = ErrorCode::FileQuotaExceeded;
    /// A body over the endpoint's size limit.
    pub const PAYLOAD_TOO_LARGE: Code = ErrorCode::PayloadTooLarge;
    /// A request that took longer than the server allows.
    pub const REQUEST_TIMEOUT: Code = ErrorCode::RequestTimeout;
    /// A send with the Idempotency-Key of one whose reply is still being streamed.
    pub const REQUEST_IN_PROGRESS: Code = ErrorCode::RequestInProgress;
    /// A `/_dev` call from another origin.
    pub const CROSS_ORIGIN: Code = ErrorCode::CrossOriginRefused;
    /// Upload type not allowed.
    pub const UNSUPPORTED_FILE_TYPE: Code = ErrorCode::UnsupportedFileType;
    /// Malformed request that is not a 422 (e.g. a multipart body cut in the middle).
    pub const BAD_REQUEST: Code = ErrorCode::BadRequest;
    /// Too many requests.
    pub const RATE_LIMITED: Code = ErrorCode::RateLimited;
    /// Server failure.
    pub const INTERNAL_ERROR: Code = ErrorCode::InternalError;
    /// No such route.
    pub const NOT_FOUND: Code = ErrorCode::NotFound;
}

/// An error answer.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// An envelope answer.
    #[error("{status}: {message}")]
    Envelope {
        /// HTTP status.
        status: StatusCode,
        /// Code and name.
        code: codes::Code,
        /// Human text.
        message: String,
        /// Structured context.
        context: Value,
        /// `Retry-After` seconds, for 429.
        retry_after: Option<u64>,
    },
    /// A 422 with the `detail` shape.
    #[error("validation failed")]
    Validation(Vec<ValidationIssue>),
}

impl AppError {
    /// An envelope error.
    pub fn new(status: StatusCode, code: codes::Code, message: impl Into<String>) -> AppError {
        AppError::Envelope { status, code, message: message.into(), context: json!({}), retry_after: None }
    }

    /// Adds structured context.
    pub fn with_context(mut self, value: Value) -> AppError {
        if let AppError::Envelope { context, .. } = &mut self {
            *context = value;
        }
        self
    }

    /// A 422 for one field.
    pub fn invalid(loc: &[&str], msg: impl Into<String>, kind: &str) -> AppError {
        let loc = loc.iter().map(|part| LocPart::from(*part)).collect();
        AppError::Validation(vec![ValidationIssue { loc, msg: msg.into(), kind: kind.to_string() }])
    }

    /// A 429 with `Retry-After`.
    pub fn rate_limited(retry_after: u64) -> AppError {
        let retry_after = retry_after.max(1);
        AppError::Envelope {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: codes::RATE_LIMITED,
            message: format!("Too many requests. Retry after {retry_after} s."),
            context: json!({"retry_after": retry_after}),
            retry_after: Some(retry_after),
        }
    }

    /// A 500 that hides the cause from the client (it is logged).
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        eprintln!("quintus-server: internal error: {cause}");
        AppError::new(StatusCode::INTERNAL_SERVER_ERROR, codes::INTERNAL_ERROR, "The server failed to handle the request.")
    }

    /// A 413 for a body over `max_bytes`.
    pub fn payload_too_large(max_bytes: u64) -> AppError {
        AppError::new(StatusCode::PAYLOAD_TOO_LARGE, codes::PAYLOAD_TOO_LARGE, format!("The request body is larger than {max_bytes} bytes."))
            .with_context(json!({"max_bytes": max_bytes}))
    }

    /// The session token expired.
    pub fn token_expired() -> AppError {
        AppError::new(StatusCode::UNAUTHORIZED, codes::SESSION_TOKEN_EXPIRED, "Session token has expired. Refresh to continue.")
    }

    /// The JSON body of this error (the envelope or the detail shape).
    pub fn body(&self, request_id: &str) -> Value {
        let body = match self {
            AppError::Envelope { code, message, context, .. } => {
                serde_json::to_value(envelope(code.clone(), message.clone(), context.clone(), request_id))
            }
            AppError::Validation(detail) => serde_json::to_value(ValidationErrorBody { detail: detail.clone() }),
        };
        // Plain strings and JSON values: serializing them cannot fail.
        body.unwrap_or_else(|_| json!({}))
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> AppError {
        AppError::internal(err)
    }
}

/// The envelope of an error answer (or of a stream's `error` event), stamped now.
pub fn envelope(code: codes::Code, message: String, context: Value, request_id: &str) -> ErrorEnvelope {
    ErrorEnvelope::new(code, message, Some(context), Some(request_id.to_string()), Some(crate::time::now()))
}

/// A new request id.
pub fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let id = request_id();
        let (status, retry_after) = match &self {
            AppError::Envelope { status, retry_after, .. } => (*status, *retry_after),
            AppError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, None),
        };
        let mut response = (status, axum::Json(self.body(&id))).into_response();
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&id) {
            headers.insert("x-request-id", value);
        }
        if let Some(secs) = retry_after {
            headers.insert("retry-after", HeaderValue::from(secs));
        }
        response
    }
}

/// Result of a handler.
pub type AppResult<T> = Result<T, AppError>;
