//! API keys and session tokens (JWT, HS256).

use crate::error::{codes, AppError, AppResult};
use axum::http::{HeaderMap, StatusCode};
use jsonwebtoken::{decode, encode, errors::ErrorKind, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// The claims of a session token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The conversation the token is for.
    pub sub: String,
    /// Expiry (seconds since the epoch).
    pub exp: u64,
    /// Issued at.
    pub iat: u64,
    /// Unique id, so two tokens issued in the same second differ.
    pub jti: String,
}

/// Signs and checks session tokens.
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl_secs: u64,
}

/// A freshly issued token.
pub struct Issued {
    /// The JWT.
    pub token: String,
    /// RFC 3339 expiry.
    pub expires_at: String,
    /// Seconds until expiry.
    pub expires_in: u64,
}

impl Tokens {
    /// Tokens signed with `secret`, valid `ttl_secs`.
    pub fn new(secret: &str, ttl_secs: u64) -> Tokens {
        Tokens { encoding: EncodingKey::from_secret(secret.as_bytes()), decoding: DecodingKey::from_secret(secret.as_bytes()), ttl_secs }
    }

    /// Issues a token for a conversation.
    pub fn issue(&self, conversation_id: &str) -> AppResult<Issued> {
        let now = chrono::Utc::now().timestamp().max(0) as u64;
        let claims = Claims { sub: conversation_id.to_string(), exp: now + self.ttl_secs, iat: now, jti: uuid::Uuid::new_v4().to_string() };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(AppError::internal)?;
        Ok(Issued { token, expires_at: crate::time::in_secs(self.ttl_secs), expires_in: self.ttl_secs })
    }

    /// Checks a token and returns the conversation it is for.
    pub fn verify(&self, token: &str) -> AppResult<String> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        match decode::<Claims>(token, &self.decoding, &validation) {
            Ok(data) => Ok(data.claims.sub),
            Err(err) if matches!(err.kind(), ErrorKind::ExpiredSignature) => Err(AppError::token_expired()),
            Err(_) => Err(AppError::new(StatusCode::UNAUTHORIZED, codes::SESSION_TOKEN_INVALID, "The session token is not valid.")),
        }
    }
}

/// The bearer token of a request, if any.
pub fn bearer(headers: &HeaderMap) -> AppResult<&str> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| AppError::new(StatusCode::UNAUTHORIZED, codes::SESSION_TOKEN_INVALID, "Authorization: Bearer <session_token> is required."))
}

/// The API key of a request, if any.
pub fn api_key(headers: &HeaderMap) -> AppResult<&str> {
    headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| AppError::new(StatusCode::UNAUTHORIZED, codes::API_KEY_INVALID, "X-API-Key is required."))
}
