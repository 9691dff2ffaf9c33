//! The reply stream: the fetch body's `ReadableStream`, read chunk by chunk and decoded by the
//! core SSE decoder in each read's own promise continuation.
//!
//! Not a Rust `Stream` (wasm-streams and a `JsFuture` per read): per chunk that made two new
//! closures, woke the reading task through `queueMicrotask` and polled the whole send future
//! again, most of the widget's script time per streamed token (README, "Per delta,
//! measured"). Here one pair of closures serves the whole reply, and a chunk is one call into
//! the wasm, which decodes it and hands its events on before the next read starts.

use super::http::from_js;
use crate::core::error::ApiError;
use crate::core::sse::{Decoder, SseEvent};
use gloo_net::http::Response;
use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::prelude::*;

/// What the reader of a stream wants after an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// Read on.
    Continue,
    /// Stop reading and cancel the body (the rest is recovered another way).
    Stop,
}

#[wasm_bindgen]
extern "C" {
    /// A pending `read()`.
    #[wasm_bindgen(extends = js_sys::Promise)]
    type PendingRead;

    /// `then(ok, err)` with functions already made, so the same two closures serve every
    /// read (js-sys's `then2` takes `Closure`s, which a closure cannot pass itself).
    #[wasm_bindgen(method, js_name = then)]
    fn then_with(this: &PendingRead, ok: &js_sys::Function, err: &js_sys::Function) -> js_sys::Promise;

    /// What a `read()` gives: `{ done, value }`. Read through getters, not `Reflect.get`, whose
    /// property names would be strings made anew from the wasm on every chunk.
    type ReadResult;

    #[wasm_bindgen(method, getter)]
    fn done(this: &ReadResult) -> bool;

    #[wasm_bindgen(method, getter)]
    fn value(this: &ReadResult) -> JsValue;
}

/// A 200 `text/event-stream` answer, not read yet.
pub struct ReplyStream {
    response: Response,
}

impl ReplyStream {
    /// Wraps an answer whose status and type were checked.
    pub(super) fn new(response: Response) -> ReplyStream {
        ReplyStream { response }
    }

    /// Reads the stream to its end, calling `on_event` with each event (or decode error) as
    /// soon as its chunk arrives. Ends with `Ok` when the body ended or `on_event` said
    /// [`Flow::Stop`], `Err(Network)` when the connection broke, `Err(Aborted)` on an abort.
    pub async fn read(self, on_event: impl FnMut(Result<SseEvent, ApiError>) -> Flow + 'static) -> Result<(), ApiError> {
        let body = self.response.body().ok_or_else(|| ApiError::Decode("the stream answer has no body".into()))?;
        let shared = Rc::new(Reading {
            reader: body.get_reader().unchecked_into(),
            decoder: RefCell::new(Decoder::new()),
            on_event: RefCell::new(Box::new(on_event)),
            outcome: RefCell::new(None),
            ended: Cell::new(false),
            waker: RefCell::new(None),
            next: RefCell::new(None),
        });
        let on_chunk = Closure::<dyn FnMut(JsValue)>::new({
            let shared = shared.clone();
            move |result: JsValue| shared.chunk(&result)
        });
        let on_error = Closure::<dyn FnMut(JsValue)>::new({
            let shared = shared.clone();
            move |err: JsValue| shared.end(Err(from_js(err)))
        });
        *shared.next.borrow_mut() = Some((on_chunk.as_ref().clone().unchecked_into(), on_error.as_ref().clone().unchecked_into()));
        let guard = Closures { shared: shared.clone(), closures: Some((on_chunk, on_error)) };
        shared.read_next();
        let outcome = poll_fn(|cx| match shared.outcome.borrow_mut().take() {
            Some(outcome) => Poll::Ready(outcome),
            None => {
                *shared.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        })
        .await;
        drop(guard);
        outcome
    }
}

/// One reply being read: what the two closures share.
struct Reading {
    reader: web_sys::ReadableStreamDefaultReader,
    decoder: RefCell<Decoder>,
    on_event: RefCell<Box<dyn FnMut(Result<SseEvent, ApiError>) -> Flow>>,
    outcome: RefCell<Option<Result<(), ApiError>>>,
    /// Set once the outcome is known: nothing is read or handed on after it.
    ended: Cell<bool>,
    waker: RefCell<Option<Waker>>,
    /// The closures' functions, for the next `read().then(..)`; taken at the end, which
    /// breaks the cycle between them and this.
    next: RefCell<Option<(js_sys::Function, js_sys::Function)>>,
}

impl Reading {
    fn read_next(&self) {
        if let Some((ok, err)) = &*self.next.borrow() {
            let _ = self.reader.read().unchecked_into::<PendingRead>().then_with(ok, err);
        }
    }

    /// One `read()` result: decodes its bytes, hands the events on, and reads on.
    fn chunk(&self, result: &JsValue) {
        if self.ended.get() {
            return;
        }
        let result: &ReadResult = result.unchecked_ref();
        let done = result.done();
        let mut events = Vec::new();
        if done {
            self.decoder.borrow_mut().finish(&mut events);
        } else {
            let Ok(bytes) = result.value().dyn_into::<js_sys::Uint8Array>() else {
                self.cancel();
                self.end(Err(ApiError::Decode("the stream gave a chunk that is not bytes".into())));
                return;
            };
            self.decoder.borrow_mut().push(&bytes.to_vec(), &mut events);
        }
        for event in events {
            let flow = (self.on_event.borrow_mut())(event);
            if flow == Flow::Stop {
                self.cancel();
                self.end(Ok(()));
                return;
            }
        }
        if done {
            self.end(Ok(()));
        } else {
            self.read_next();
        }
    }

    fn cancel(&self) {
        // Its promise settles on its own; there is nothing to wait for.
        let _ = self.reader.cancel();
    }

    fn end(&self, outcome: Result<(), ApiError>) {
        if self.ended.replace(true) {
            return;
        }
        *self.outcome.borrow_mut() = Some(outcome);
        self.next.borrow_mut().take();
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }
}

/// Owns the two closures for as long as the reading lasts. Dropped before the end (the
/// reading future dropped), it cancels the body and leaves the closures to the read still
/// pending, which then finds the reading ended; dropping them would make that read call a
/// freed closure.
struct Closures {
    shared: Rc<Reading>,
    closures: Option<(Closure<dyn FnMut(JsValue)>, Closure<dyn FnMut(JsValue)>)>,
}

impl Drop for Closures {
    fn drop(&mut self) {
        if !self.shared.ended.get() {
            self.shared.cancel();
            self.shared.end(Err(ApiError::Aborted));
            if let Some((ok, err)) = self.closures.take() {
                ok.forget();
                err.forget();
            }
        }
    }
}
