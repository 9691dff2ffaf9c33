//! Error bodies [Q, seed `ErrorEnvelope`, `ErrorBody`, `HTTPValidationError`,
//! `ValidationError`] and the contract's error codes.

use crate::Json;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The body of every non-2xx answer except 422.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorEnvelope {
    /// What went wrong.
    pub error: ErrorBody,
    /// Request id for support correlation.
    #[serde(default)]
    pub request_id: Option<String>,
    /// RFC 3339 server time of the error.
    #[serde(default)]
    pub timestamp: Option<String>,
}

/// The `error` object of an [`ErrorEnvelope`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable snake_case code.
    pub code: ErrorCode,
    /// PascalCase error class name.
    pub name: String,
    /// Human-readable explanation.
    pub message: String,
    /// Structured context (ids, limits, hints).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub context: Option<Json>,
}

impl ErrorEnvelope {
    /// An envelope for `code`, named by the code's own name.
    pub fn new(code: ErrorCode, message: String, context: Option<Json>, request_id: Option<String>, timestamp: Option<String>) -> ErrorEnvelope {
        let name = code.name().to_string();
        ErrorEnvelope { error: ErrorBody { code, name, message, context }, request_id, timestamp }
    }
}

/// The 422 body: `{"detail": [...]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = HTTPValidationError))]
pub struct ValidationErrorBody {
    /// One entry per invalid field.
    pub detail: Vec<ValidationIssue>,
}

/// One invalid field of a 422 answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ValidationError))]
pub struct ValidationIssue {
    /// Where: e.g. `["body", "score"]` or `["body", "content", 0, "text"]`.
    pub loc: Vec<LocPart>,
    /// What is wrong.
    pub msg: String,
    /// Kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
}

/// One step of a [`ValidationIssue`]'s `loc`: a field name or a list index. Written as an
/// untagged enum; read from its JSON value (`try_from = "Json"`), which costs the widget's wasm
/// less than serde's untagged-enum support (it buffers the value in its private `Content`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged, try_from = "Json")]
pub enum LocPart {
    /// A field name.
    Field(String),
    /// A list index.
    Index(u64),
}

impl TryFrom<Json> for LocPart {
    type Error = &'static str;

    fn try_from(part: Json) -> Result<LocPart, &'static str> {
        match part {
            Json::String(field) => Ok(LocPart::Field(field)),
            Json::Number(n) => n.as_u64().map(LocPart::Index).ok_or("a `loc` index must be a whole number"),
            _ => Err("a `loc` step must be a field name or a list index"),
        }
    }
}

impl From<&str> for LocPart {
    fn from(field: &str) -> LocPart {
        LocPart::Field(field.to_string())
    }
}

/// Declares [`ErrorCode`] with each code's wire spelling and PascalCase name, in one table.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal, $name:literal;)*) => {
        /// The error codes of the contract. Only `session_token_expired` is published by
        /// Quintus [Q]; the rest are this project's [P]. Unknown codes are kept as `Other`,
        /// never rejected.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
            /// A code this client does not know, as it was sent.
            Other(String),
        }

        impl ErrorCode {
            /// Reads a code; an unknown one is `Other`.
            pub fn parse(code: &str) -> ErrorCode {
                match code {
                    $($code => ErrorCode::$variant,)*
                    other => ErrorCode::Other(other.to_string()),
                }
            }

            /// The code as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                    ErrorCode::Other(code) => code,
                }
            }

            /// The error class name (`name` of the envelope) for this code.
            pub fn name(&self) -> &str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                    ErrorCode::Other(_) => "Error",
                }
            }
        }
    };
}

error_codes! {
    /// The session token expired: refresh with the API key, then retry once [Q].
    SessionTokenExpired = "session_token_expired", "SessionTokenExpiredError";
    /// The session token is malformed or not valid.
    SessionTokenInvalid = "session_token_invalid", "SessionTokenInvalidError";
    /// The API key is missing or not valid.
    ApiKeyInvalid = "api_key_invalid", "ApiKeyInvalidError";
    /// No such agent for this key.
    AgentNotFound = "agent_not_found", "AgentNotFoundError";
    /// No such conversation.
    ConversationNotFound = "conversation_not_found", "ConversationNotFoundError";
    /// The token belongs to another conversation.
    Forbidden = "forbidden", "ForbiddenError";
    /// The conversation is closed.
    ConversationClosed = "conversation_closed", "ConversationClosedError";
    /// The conversation is past its expiry.
    ConversationExpired = "conversation_expired", "ConversationExpiredError";
    /// No such message.
    MessageNotFound = "message_not_found", "MessageNotFoundError";
    /// No such file, or a file of another conversation.
    FileNotFound = "file_not_found", "FileNotFoundError";
    /// The upload is over the size limit.
    FileTooLarge = "file_too_large", "FileTooLargeError";
    /// The conversation holds its most files (count or bytes).
    FileQuotaExceeded = "file_quota_exceeded", "FileQuotaExceededError";
    /// A JSON body over the server's size limit (413).
    PayloadTooLarge = "payload_too_large", "PayloadTooLargeError";
    /// The request took longer than the server allows (408).
    RequestTimeout = "request_timeout", "RequestTimeoutError";
    /// A send repeated (same Idempotency-Key) while the first one's reply is still being
    /// written (409): read both from the message list.
    RequestInProgress = "request_in_progress", "RequestInProgressError";
    /// A `/_dev` call from another origin (403).
    CrossOriginRefused = "cross_origin_refused", "CrossOriginRefusedError";
    /// The upload's type is not allowed.
    UnsupportedFileType = "unsupported_file_type", "UnsupportedFileTypeError";
    /// A malformed request that is not a 422 (e.g. a multipart body cut in the middle).
    BadRequest = "bad_request", "BadRequestError";
    /// Too many requests.
    RateLimited = "rate_limited", "RateLimitedError";
    /// The server failed.
    InternalError = "internal_error", "InternalError";
    /// No such route.
    NotFound = "not_found", "NotFoundError";
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ErrorCode, D::Error> {
        let code = String::deserialize(deserializer)?;
        Ok(ErrorCode::parse(&code))
    }
}
