//! The API's error bodies, and `ApiError`: the one error type every API call returns.

pub use quintus_api_types::{ErrorBody, ErrorCode, ErrorEnvelope, LocPart, ValidationErrorBody, ValidationIssue};

/// Details of an HTTP error answer.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorDetails {
    /// HTTP status.
    pub status: u16,
    /// The envelope's code, or one derived from the status when the body had none.
    pub code: ErrorCode,
    /// The server's message, or a short description of the status.
    pub message: String,
    /// The server's request id, if any.
    pub request_id: Option<String>,
}

/// Every way an API call can fail. Built from a status and a body, or from a transport
/// failure; never a panic.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// 400: bad input (e.g. an unsupported file type).
    #[error("bad request ({}): {}", .0.code.as_str(), .0.message)]
    BadRequest(ErrorDetails),
    /// 401: missing or invalid credentials; `expired` when the token only needs a refresh.
    #[error("unauthorized ({}): {}", .details.code.as_str(), .details.message)]
    Unauthorized {
        /// The details.
        details: ErrorDetails,
        /// Whether the session token expired (refresh and retry once).
        expired: bool,
    },
    /// 403: not allowed for this resource.
    #[error("forbidden ({}): {}", .0.code.as_str(), .0.message)]
    Forbidden(ErrorDetails),
    /// 404: not found.
    #[error("not found ({}): {}", .0.code.as_str(), .0.message)]
    NotFound(ErrorDetails),
    /// 409: conflict, e.g. the conversation is closed or expired.
    #[error("conflict ({}): {}", .0.code.as_str(), .0.message)]
    Conflict(ErrorDetails),
    /// 422: the request did not validate.
    #[error("invalid request: {}", .0.iter().map(|i| i.msg.as_str()).collect::<Vec<_>>().join("; "))]
    Validation(Vec<ValidationIssue>),
    /// 429: rate limited; retry after this many seconds, if the server said.
    #[error("rate limited{}", retry_after.map(|s| format!("; retry after {s} s")).unwrap_or_default())]
    RateLimited {
        /// The details.
        details: ErrorDetails,
        /// `Retry-After`, in seconds.
        retry_after: Option<u32>,
    },
    /// 5xx: the server failed.
    #[error("server error {}: {}", .0.status, .0.message)]
    Server(ErrorDetails),
    /// Another non-2xx status.
    #[error("unexpected status {}: {}", .0.status, .0.message)]
    Unexpected(ErrorDetails),
    /// The server could not be reached, or the connection broke.
    #[error("network error: {0}")]
    Network(String),
    /// The call was aborted by the client (Stop, unmount). Not a failure to show.
    #[error("aborted")]
    Aborted,
    /// A 2xx answer, or a stream event, that does not match the contract.
    #[error("malformed response: {0}")]
    Decode(String),
}

impl ApiError {
    /// Builds the error for a non-2xx answer from its status, body and `Retry-After` header.
    pub fn from_response(status: u16, body: &str, retry_after: Option<&str>) -> ApiError {
        if status == 422 {
            if let Ok(v) = serde_json::from_str::<ValidationErrorBody>(body) {
                return ApiError::Validation(v.detail);
            }
        }
        let envelope = serde_json::from_str::<ErrorEnvelope>(body).ok();
        let details = match envelope {
            Some(env) => ErrorDetails {
                status,
                code: env.error.code,
                message: env.error.message,
                request_id: env.request_id,
            },
            None => ErrorDetails {
                status,
                code: fallback_code(status),
                message: fallback_message(status, body),
                request_id: None,
            },
        };
        match status {
            400 => ApiError::BadRequest(details),
            401 => {
                let expired = details.code == ErrorCode::SessionTokenExpired;
                ApiError::Unauthorized { details, expired }
            }
            403 => ApiError::Forbidden(details),
            404 => ApiError::NotFound(details),
            409 => ApiError::Conflict(details),
            422 => ApiError::Validation(vec![ValidationIssue { loc: Vec::new(), msg: details.message, kind: String::new() }]),
            429 => ApiError::RateLimited { details, retry_after: retry_after.and_then(parse_retry_after) },
            500..=599 => ApiError::Server(details),
            _ => ApiError::Unexpected(details),
        }
    }

    /// The error's details, for HTTP errors.
    pub fn details(&self) -> Option<&ErrorDetails> {
        match self {
            ApiError::BadRequest(d) | ApiError::Forbidden(d) | ApiError::NotFound(d) | ApiError::Conflict(d) => Some(d),
            ApiError::Server(d) | ApiError::Unexpected(d) => Some(d),
            ApiError::Unauthorized { details, .. } | ApiError::RateLimited { details, .. } => Some(details),
            _ => None,
        }
    }

    /// The error code, for HTTP errors with one.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.details().map(|d| &d.code)
    }

    /// HTTP status, for HTTP errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Validation(_) => Some(422),
            other => other.details().map(|d| d.status),
        }
    }

    /// Whether the session token expired: refresh, then retry once.
    pub fn is_token_expired(&self) -> bool {
        matches!(self, ApiError::Unauthorized { expired: true, .. })
    }

    /// Seconds to wait before retrying a 429.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ApiError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether trying the same call again later may succeed.
    pub fn is_retriable(&self) -> bool {
        matches!(self, ApiError::Network(_) | ApiError::Server(_) | ApiError::RateLimited { .. })
    }

    /// Whether the conversation can take no more messages (closed or expired).
    pub fn is_conversation_over(&self) -> bool {
        matches!(self.code(), Some(ErrorCode::ConversationClosed | ErrorCode::ConversationExpired))
            || (matches!(self, ApiError::Conflict(_)) && !self.is_request_in_progress())
    }

    /// Whether the message was already sent and its reply is still being written (a 409
    /// `request_in_progress`): the message list has both.
    pub fn is_request_in_progress(&self) -> bool {
        matches!(self.code(), Some(ErrorCode::RequestInProgress))
    }

    /// Whether the stored conversation is gone or no longer ours (start a new one).
    pub fn is_conversation_lost(&self) -> bool {
        matches!(self, ApiError::NotFound(_) | ApiError::Forbidden(_))
            || matches!(self, ApiError::Unauthorized { expired: false, .. })
    }
}

/// Reads `Retry-After` as seconds (the HTTP-date form is not used by this API): digits, with an
/// optional fraction that rounds up. Parsed by hand: float parsing would cost the wasm ~5 KB.
fn parse_retry_after(raw: &str) -> Option<u32> {
    let raw = raw.trim();
    let raw = raw.strip_prefix('+').unwrap_or(raw);
    let (whole, fraction) = raw.split_once('.').unwrap_or((raw, ""));
    if (whole.is_empty() && fraction.is_empty()) || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut secs: u32 = 0;
    for b in whole.bytes() {
        secs = secs.saturating_mul(10).saturating_add(u32::from(b - b'0'));
    }
    let round_up = fraction.bytes().any(|b| b != b'0');
    Some(if round_up { secs.saturating_add(1) } else { secs })
}

fn fallback_code(status: u16) -> ErrorCode {
    match status {
        429 => ErrorCode::RateLimited,
        500..=599 => ErrorCode::InternalError,
        _ => ErrorCode::Other(format!("http_{status}")),
    }
}

/// A short message for a body that is not an envelope: its start if it is short text (proxies
/// answer with plain text or HTML), else the status.
fn fallback_message(status: u16, body: &str) -> String {
    let body = body.trim();
    if !body.is_empty() && body.len() <= 200 && !body.starts_with('<') {
        body.to_string()
    } else {
        format!("HTTP {status}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(code: &str) -> String {
        format!(
            r#"{{"error":{{"code":"{code}","name":"SomeError","message":"msg for {code}","context":{{}}}},"request_id":"r-1","timestamp":"2026-04-27T12:00:00Z"}}"#
        )
    }

    #[test]
    fn seed_envelope_example_is_token_expired() {
        let body = r#"{"error":{"code":"session_token_expired","context":{},"message":"Session token has expired. Refresh to continue.","name":"SessionTokenExpiredError"},"request_id":"5f0c-...","timestamp":"2026-04-27T12:00:00Z"}"#;
        let err = ApiError::from_response(401, body, None);
        assert!(err.is_token_expired());
        assert_eq!(err.details().unwrap().request_id.as_deref(), Some("5f0c-..."));
        assert_eq!(err.code(), Some(&ErrorCode::SessionTokenExpired));
    }

    #[test]
    fn every_status_maps_to_its_variant() {
        assert!(matches!(ApiError::from_response(400, &envelope("unsupported_file_type"), None), ApiError::BadRequest(d) if d.code == ErrorCode::UnsupportedFileType));
        let invalid = ApiError::from_response(401, &envelope("session_token_invalid"), None);
        assert!(matches!(invalid, ApiError::Unauthorized { expired: false, .. }));
        assert!(invalid.is_conversation_lost());
        assert!(matches!(ApiError::from_response(403, &envelope("forbidden"), None), ApiError::Forbidden(_)));
        assert!(matches!(ApiError::from_response(404, &envelope("conversation_not_found"), None), ApiError::NotFound(_)));
        let closed = ApiError::from_response(409, &envelope("conversation_closed"), None);
        assert!(closed.is_conversation_over());
        assert!(ApiError::from_response(409, &envelope("conversation_expired"), None).is_conversation_over());
        // A repeated send whose reply is still streaming: the conversation goes on.
        let in_progress = ApiError::from_response(409, &envelope("request_in_progress"), None);
        assert!(in_progress.is_request_in_progress() && !in_progress.is_conversation_over());
        let limited = ApiError::from_response(429, &envelope("rate_limited"), Some("3"));
        assert_eq!(limited.retry_after(), Some(3));
        assert!(limited.is_retriable());
        let server = ApiError::from_response(503, &envelope("internal_error"), None);
        assert!(matches!(server, ApiError::Server(_)) && server.is_retriable());
        assert!(matches!(ApiError::from_response(418, &envelope("teapot"), None), ApiError::Unexpected(_)));
        assert!(!ApiError::from_response(400, &envelope("x"), None).is_retriable());
    }

    #[test]
    fn validation_shape() {
        let body = r#"{"detail":[{"loc":["body","score"],"msg":"ensure this value is less than or equal to 10","type":"value_error"}]}"#;
        let err = ApiError::from_response(422, body, None);
        let ApiError::Validation(issues) = &err else { panic!("{err:?}") };
        assert_eq!(issues[0].loc, [LocPart::from("body"), LocPart::from("score")]);
        assert_eq!(err.status(), Some(422));
        assert!(err.to_string().contains("less than or equal"));
    }

    #[test]
    fn unknown_codes_are_kept() {
        let err = ApiError::from_response(400, &envelope("brand_new_code"), None);
        assert_eq!(err.code(), Some(&ErrorCode::Other("brand_new_code".into())));
        assert_eq!(err.code().unwrap().as_str(), "brand_new_code");
        for code in ["session_token_expired", "conversation_closed", "file_too_large", "rate_limited", "internal_error"] {
            assert_eq!(ErrorCode::parse(code).as_str(), code);
        }
    }

    #[test]
    fn garbage_bodies_still_give_typed_errors() {
        for body in ["", "not json", "<html><body>502 Bad Gateway</body></html>", "{\"error\":42}", "{\"detail\":\"x\"}", "\u{0}\u{1}"] {
            for status in [400, 401, 404, 409, 422, 429, 500, 502] {
                let err = ApiError::from_response(status, body, Some("soon"));
                assert_eq!(err.status(), Some(status), "{status} {body:?}");
                assert!(!err.to_string().is_empty());
            }
        }
        let err = ApiError::from_response(502, "<html>gateway</html>", None);
        assert_eq!(err.details().unwrap().message, "HTTP 502");
        let err = ApiError::from_response(429, "slow down", Some("2.5"));
        assert_eq!(err.retry_after(), Some(3));
        assert_eq!(ApiError::from_response(429, "", Some("-1")).retry_after(), None);
        assert_eq!(ApiError::from_response(401, "", None).is_token_expired(), false);
        for (raw, secs) in [(" 7 ", Some(7)), ("0", Some(0)), ("2.0", Some(2)), (".5", Some(1)), ("+4", Some(4)), ("99999999999", Some(u32::MAX))] {
            assert_eq!(parse_retry_after(raw), secs, "{raw:?}");
        }
        for raw in ["", ".", "1e3", "NaN", "inf", "1.2.3", "Wed, 21 Oct 2026 07:28:00 GMT"] {
            assert_eq!(parse_retry_after(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn transport_errors() {
        assert!(ApiError::Network("offline".into()).is_retriable());
        assert!(!ApiError::Aborted.is_retriable());
        assert_eq!(ApiError::Decode("x".into()).status(), None);
    }
}
