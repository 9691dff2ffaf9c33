//! The JS API object every embed exposes: `open`, `close`, `toggle`, `send`, `reset`,
//! `destroy`, `setUser`, `setContext` and `on(event, callback)` (which returns an unsubscribe
//! function), with the events `ready`, `open`, `close`, `message`, `unread` and `error`.

use crate::core::models::Json;
use crate::embed::boot::MountedWidget;
use crate::store::actions::Actions;
use crate::store::{Notice, Store};
use crate::reactive::effect;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The events a page can listen to.
const EVENTS: &[&str] = &["ready", "open", "close", "message", "unread", "error"];

/// A mounted widget, as the page sees it.
#[wasm_bindgen]
pub struct ChatHandle {
    inner: Rc<HandleInner>,
}

struct HandleInner {
    store: Store,
    actions: Actions,
    listeners: RefCell<Vec<(u32, String, js_sys::Function)>>,
    next_listener: Cell<u32>,
    ready: Cell<bool>,
    /// Events that happened before `ready`: they are delivered right after it.
    early: RefCell<Vec<(&'static str, JsValue)>>,
    mounted: RefCell<Option<MountedWidget>>,
}

impl HandleInner {
    /// Delivers an event; before `ready` has fired, keeps it for later.
    fn dispatch(&self, event: &'static str, payload: JsValue) {
        if self.ready.get() {
            self.emit(event, &payload);
        } else {
            self.early.borrow_mut().push((event, payload));
        }
    }

    /// Fires `ready`, then whatever happened before it.
    fn fire_ready(&self) {
        self.ready.set(true);
        self.emit("ready", &JsValue::UNDEFINED);
        let early: Vec<_> = self.early.borrow_mut().drain(..).collect();
        for (event, payload) in early {
            self.emit(event, &payload);
        }
    }

    fn emit(&self, event: &str, payload: &JsValue) {
        let callbacks: Vec<js_sys::Function> =
            self.listeners.borrow().iter().filter(|(_, e, _)| e == event).map(|(_, _, f)| f.clone()).collect();
        for callback in callbacks {
            // A throwing listener is the page's bug; it must not stop the widget or other listeners.
            if let Err(err) = callback.call1(&JsValue::NULL, payload) {
                web_sys::console::error_2(&format!("Quintus chat: a `{event}` listener threw").into(), &err);
            }
        }
    }
}

/// Turns a value into a plain JS object (through JSON text: no extra crate).
fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value).ok().and_then(|text| js_sys::JSON::parse(&text).ok()).unwrap_or(JsValue::NULL)
}

/// Reads a JS object as JSON; `null`/`undefined` are `None`, anything not JSON-able too.
fn from_js(value: &JsValue) -> Option<Json> {
    if value.is_null() || value.is_undefined() {
        return None;
    }
    js_sys::JSON::stringify(value).ok()?.as_string().and_then(|s| serde_json::from_str(&s).ok())
}

impl ChatHandle {
    /// Wraps a mounted widget; must be called inside the widget's reactive owner, where its
    /// effects live as long as it does.
    pub(crate) fn new(store: Store, actions: Actions) -> ChatHandle {
        let inner = Rc::new(HandleInner {
            store,
            actions,
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(0),
            ready: Cell::new(false),
            early: RefCell::new(Vec::new()),
            mounted: RefCell::new(None),
        });
        let weak = Rc::downgrade(&inner);
        let emitter = move |event: &'static str, payload: JsValue| {
            if let Some(inner) = weak.upgrade() {
                inner.dispatch(event, payload);
            }
        };
        let emit = send_wrapper::SendWrapper::new(Rc::new(emitter));
        {
            let emit = emit.clone();
            // Compared with the state at mount, so a call made right after mount (a queued
            // `open()`) still fires its event.
            let initial = store.open.get_untracked();
            Effect::new(move |previous: Option<bool>| {
                let open = store.open.get();
                if previous.unwrap_or(initial) != open {
                    emit(if open { "open" } else { "close" }, JsValue::UNDEFINED);
                }
                open
            });
        }
        {
            let emit = emit.clone();
            let initial = store.unread.get_untracked();
            Effect::new(move |previous: Option<u32>| {
                let unread = store.unread.get();
                if previous.unwrap_or(initial) != unread {
                    emit("unread", JsValue::from(unread));
                }
                unread
            });
        }
        {
            let emit = emit.clone();
            effect(move || {
                if let Some(Notice::Error(message)) = store.notice.get() {
                    let payload = js_sys::Object::new();
                    let _ = js_sys::Reflect::set(&payload, &"code".into(), &"error".into());
                    let _ = js_sys::Reflect::set(&payload, &"message".into(), &message.into());
                    emit("error", payload.into());
                }
            });
        }
        let message_emit = emit.clone();
        actions.on_message(Rc::new(move |message| message_emit("message", to_js(message))));
        // `ready` fires once, before any other event, after the caller had a chance to listen.
        let ready_inner = Rc::downgrade(&inner);
        leptos::task::spawn_local(async move {
            if let Some(inner) = ready_inner.upgrade() {
                inner.fire_ready();
            }
        });
        ChatHandle { inner }
    }

    /// Another handle on the same widget (the iframe embed's bridge keeps one, the frame's
    /// page gets the other).
    pub(crate) fn share(&self) -> ChatHandle {
        ChatHandle { inner: self.inner.clone() }
    }

    /// Keeps the mounted widget, so `destroy` can remove it.
    pub(crate) fn attach(&self, mounted: MountedWidget) {
        *self.inner.mounted.borrow_mut() = Some(mounted);
    }
}

#[wasm_bindgen]
impl ChatHandle {
    /// Opens the panel.
    pub fn open(&self) {
        self.inner.store.open.try_set(true);
    }

    /// Closes the panel.
    pub fn close(&self) {
        self.inner.store.open.try_set(false);
    }

    /// Opens the panel if closed, closes it if open.
    pub fn toggle(&self) {
        self.inner.store.open.try_update(|o| *o = !*o);
    }

    /// Sends a message as the visitor (opening the panel so the reply is seen). What the
    /// visitor is typing in the composer stays there.
    pub fn send(&self, text: String) {
        self.inner.actions.send(text);
    }

    /// Forgets this conversation and starts fresh.
    pub fn reset(&self) {
        self.inner.actions.reset();
    }

    /// Sets the visitor's data (`{name, email, external_id}`) for the next conversation.
    #[wasm_bindgen(js_name = setUser)]
    pub fn set_user(&self, user: JsValue) {
        self.inner.actions.set_user(from_js(&user));
    }

    /// Sets page context for the next conversation.
    #[wasm_bindgen(js_name = setContext)]
    pub fn set_context(&self, context: JsValue) {
        self.inner.actions.set_context(from_js(&context));
    }

    /// Listens to `event`; returns a function that stops listening. Listening to `ready` after
    /// it fired calls back at once.
    pub fn on(&self, event: String, callback: js_sys::Function) -> Result<js_sys::Function, JsValue> {
        if !EVENTS.contains(&event.as_str()) {
            return Err(JsValue::from_str(&format!("Quintus chat: unknown event `{event}`; known: {}", EVENTS.join(", "))));
        }
        if event == "ready" && self.inner.ready.get() {
            let _ = callback.call0(&JsValue::NULL);
        }
        let id = self.inner.next_listener.get() + 1;
        self.inner.next_listener.set(id);
        self.inner.listeners.borrow_mut().push((id, event, callback));
        let weak = Rc::downgrade(&self.inner);
        // `Fn`, not once: calling the unsubscribe function twice must be harmless.
        let unsubscribe = Closure::<dyn Fn()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.listeners.borrow_mut().retain(|(i, _, _)| *i != id);
            }
        });
        Ok(unsubscribe.into_js_value().unchecked_into())
    }

    /// Removes the widget: every node, listener and piece of state. A later mount works again.
    pub fn destroy(&self) {
        self.inner.actions.stop();
        self.inner.listeners.borrow_mut().clear();
        if let Some(mounted) = self.inner.mounted.borrow_mut().take() {
            mounted.host.remove();
            drop(mounted);
        }
    }
}
