//! Error answers: the envelope of the contract for every non-2xx status except 422, and the
//! `detail` shape for 422. Codes and names are kept here, so that the project's own choices
//! ([P] in CONTRACT.md) change in one place.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// The error codes this server answers with, and their PascalCase names.
pub mod codes {
    /// `(code, name)` pairs.
    pub type Code = (&'static str, &'static str);
    /// Published by Quintus.
    pub const SESSION_TOKEN_EXPIRED: Code = ("session_token_expired", "SessionTokenExpiredError");
    /// The rest are this project's choices.
    pub const SESSION_TOKEN_INVALID: Code = ("session_token_invalid", "SessionTokenInvalidError");
    /// Missing or wrong API key.
    pub const API_KEY_INVALID: Code = ("api_key_invalid", "ApiKeyInvalidError");
    /// The key is not scoped to that agent.
    pub const AGENT_NOT_FOUND: Code = ("agent_not_found", "AgentNotFoundError");
    /// No such conversation.
    pub const CONVERSATION_NOT_FOUND: Code = ("conversation_not_found", "ConversationNotFoundError");
    /// Token of another conversation.
    pub const FORBIDDEN: Code = ("forbidden", "ForbiddenError");
    /// Closed conversation.
    pub const CONVERSATION_CLOSED: Code = ("conversation_closed", "ConversationClosedError");
    /// Expired conversation.
    pub const CONVERSATION_EXPIRED: Code = ("conversation_expired", "ConversationExpiredError");
    /// No such message.
    pub const MESSAGE_NOT_FOUND: Code = ("message_not_found", "MessageNotFoundError");
    /// No such file, or a file of another conversation.
    pub const FILE_NOT_FOUND: Code = ("file_not_found", "FileNotFoundError");
    /// Upload over the limit.
    pub const FILE_TOO_LARGE: Code = ("file_too_large", "FileTooLargeError");
    /// The conversation holds its most files (count or bytes).
    pub const FILE_QUOTA_EXCEEDED: Code = ("file_quota_exceeded", "FileQuotaExceededError");
    /// A body over the endpoint's size limit.
    pub const PAYLOAD_TOO_LARGE: Code = ("payload_too_large", "PayloadTooLargeError");
    /// A request that took longer than the server allows.
    pub const REQUEST_TIMEOUT: Code = ("request_timeout", "RequestTimeoutError");
    /// A send with the Idempotency-Key of one whose reply is still being streamed.
    pub const REQUEST_IN_PROGRESS: Code = ("request_in_progress", "RequestInProgressError");
    /// A `/_dev` call from another origin.
    pub const CROSS_ORIGIN: Code = ("cross_origin_refused", "CrossOriginRefusedError");
    /// Upload type not allowed.
    pub const UNSUPPORTED_FILE_TYPE: Code = ("unsupported_file_type", "UnsupportedFileTypeError");
    /// Malformed request that is not a 422 (e.g. a multipart body cut in the middle).
    pub const BAD_REQUEST: Code = ("bad_request", "BadRequestError");
    /// Too many requests.
    pub const RATE_LIMITED: Code = ("rate_limited", "RateLimitedError");
    /// Server failure.
    pub const INTERNAL_ERROR: Code = ("internal_error", "InternalError");
    /// No such route.
    pub const NOT_FOUND: Code = ("not_found", "NotFoundError");
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
    Validation(Vec<Value>),
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
        AppError::Validation(vec![json!({"loc": loc, "msg": msg.into(), "type": kind})])
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
        match self {
            AppError::Envelope { code, message, context, .. } => json!({
                "error": {"code": code.0, "name": code.1, "message": message, "context": context},
                "request_id": request_id,
                "timestamp": crate::time::now(),
            }),
            AppError::Validation(detail) => json!({ "detail": detail }),
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(err: rusqlite::Error) -> AppError {
        AppError::internal(err)
    }
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
