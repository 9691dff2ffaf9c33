//! One HTTP exchange: builds the request, sends it, and turns every failure into an `ApiError`.

use crate::core::error::ApiError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use gloo_net::http::{Method, RequestBuilder, Response};
use wasm_bindgen::JsValue;

/// The body of a request.
pub enum Body {
    /// No body.
    Empty,
    /// A JSON document, already serialized.
    Json(String),
}

/// Credentials of a request.
pub enum Credential<'a> {
    /// `X-API-Key` (create, refresh).
    ApiKey(&'a str),
    /// `Authorization: Bearer` (everything else).
    Bearer(&'a str),
}

/// Everything needed to send (and resend) one call.
pub struct Call<'a> {
    /// HTTP method.
    pub method: Method,
    /// Absolute or origin-relative URL.
    pub url: String,
    /// Body.
    pub body: &'a Body,
    /// `Accept` header.
    pub accept: &'a str,
    /// `Idempotency-Key` header, for sends.
    pub idempotency_key: Option<&'a str>,
    /// Aborts the call.
    pub signal: Option<&'a web_sys::AbortSignal>,
}

/// Sends `call` once with `credential`. A non-2xx answer becomes the matching `ApiError`.
pub async fn send(call: &Call<'_>, credential: Credential<'_>) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(&call.url).method(call.method.clone()).header("Accept", call.accept);
    builder = match credential {
        Credential::ApiKey(key) => builder.header("X-API-Key", key),
        Credential::Bearer(token) => builder.header("Authorization", &format!("Bearer {token}")),
    };
    if let Some(key) = call.idempotency_key {
        builder = builder.header("Idempotency-Key", key);
    }
    builder = builder.abort_signal(call.signal);
    let request = match call.body {
        Body::Empty => builder.build(),
        Body::Json(json) => builder.header("Content-Type", "application/json").body(JsValue::from_str(json)),
    }
    .map_err(from_gloo)?;
    let response = request.send().await.map_err(from_gloo)?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let retry_after = response.headers().get("Retry-After");
    let body = response.text().await.unwrap_or_default();
    Err(ApiError::from_response(status, &body, retry_after.as_deref()))
}

/// Reads a 2xx body as text. Not generic: one copy of the await, the typed read comes after.
pub async fn text(response: Response) -> Result<String, ApiError> {
    response.text().await.map_err(from_gloo)
}

/// Reads a `T` from a JSON body (serde_json).
pub fn read<T: DeserializeOwned>(text: Result<String, ApiError>) -> Result<T, ApiError> {
    decode(&text?)
}

/// Reads a `T` from JSON text; a body that does not match is `ApiError::Decode`.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// A request body as JSON (serde_json).
pub fn json_body<T: Serialize>(value: &T) -> Result<Body, ApiError> {
    serde_json::to_string(value).map(Body::Json).map_err(|e| ApiError::Decode(e.to_string()))
}

/// A gloo-net failure: an abort is `Aborted`, anything else on the wire is `Network`.
pub fn from_gloo(err: gloo_net::Error) -> ApiError {
    match err {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => ApiError::Aborted,
        gloo_net::Error::JsError(js) => ApiError::Network(js.message),
        gloo_net::Error::GlooError(e) => ApiError::Network(e),
        // Only gloo's own JSON reading fails this way, and the widget does not use it.
        _ => ApiError::Decode("the response could not be read".into()),
    }
}

/// A failure of the response body stream (a JS value): abort or network.
pub fn from_js(value: JsValue) -> ApiError {
    let name = js_sys::Reflect::get(&value, &"name".into()).ok().and_then(|v| v.as_string());
    if name.as_deref() == Some("AbortError") {
        return ApiError::Aborted;
    }
    let message = js_sys::Reflect::get(&value, &"message".into())
        .ok()
        .and_then(|v| v.as_string())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "the connection broke".to_string());
    ApiError::Network(message)
}
