//! The reply stream: the fetch body, read as a `ReadableStream`, decoded by the core SSE
//! decoder.

use super::http::from_js;
use crate::core::error::ApiError;
use crate::core::sse::{decode_stream, SseEvent};
use futures_util::{Stream, StreamExt};
use gloo_net::http::Response;

/// The events of a 200 `text/event-stream` answer. Dropping the stream cancels the body;
/// a broken connection ends it with a `Network` error, an abort with `Aborted`.
pub fn events(response: Response) -> Result<impl Stream<Item = Result<SseEvent, ApiError>>, ApiError> {
    let body = response.body().ok_or_else(|| ApiError::Decode("the stream answer has no body".into()))?;
    // into_stream, never into_async_read: Safari's fetch body is not a byte stream.
    let chunks = wasm_streams::ReadableStream::from_raw(body)
        .into_stream()
        .map(|chunk| chunk.map(|value| js_sys::Uint8Array::new(&value).to_vec()));
    Ok(decode_stream(chunks, from_js))
}
