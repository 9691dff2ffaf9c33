//! The iframe embed, frame side: `frame.html` calls [`mount_frame`], which mounts the widget in
//! frame mode from the query parameters and bridges its JS API over postMessage.
//!
//! The bridge trusts one window only: `window.parent`, at the origin the host named in
//! `parent_origin`. It obeys a message only when both match (and the message is ours), and it
//! posts only to that origin, never to `"*"`, so a page that frames us under another origin
//! neither drives the chat nor hears it.

use crate::config::{ConfigIssue, WidgetConfig};
use crate::embed::js_api::ChatHandle;
use crate::frame_protocol::{self, HostCall, Rejected};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, UrlSearchParams, Window};

/// The host page, as far as the frame trusts it.
#[derive(Clone)]
struct Parent {
    window: Window,
    /// Serialized like `event.origin`.
    origin: String,
}

/// Mounts the widget into `frame.html` from `location.search` (`agent_id`, `api_key`, `api_url`,
/// `lang`, `parent_origin`, and the other options with `_` for `-`), open and filling the frame
/// unless `open=false`, and relays the JS API to and from `parent_origin`. Returns the widget's
/// JS API for the frame's own page (the loader there replays what its panel queued), or
/// nothing when a required parameter is missing.
#[wasm_bindgen(js_name = mountFrame)]
pub fn mount_frame() -> Result<Option<ChatHandle>, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("Quintus chat frame: no window"))?;
    let document = window.document().ok_or_else(|| JsValue::from_str("Quintus chat frame: no document"))?;
    let params = UrlSearchParams::new_with_str(&window.location().search()?)?;

    let parent = match frame_protocol::parse_origin(params.get("parent_origin").as_deref()) {
        Ok(origin) => match window.parent() {
            // Opened on its own (not in a frame), the page has no host to talk to.
            Ok(Some(parent)) if !js_sys::Object::is(&parent, &window) => Some(Parent { window: parent, origin }),
            _ => None,
        },
        Err(problem) => {
            web_sys::console::error_1(&problem.to_string().into());
            None
        }
    };

    let get = |name: &str| match name {
        "frame" => Some("true".to_string()),
        // The frame shows the open panel unless the host says otherwise.
        "open" => Some(params.get("open").unwrap_or_else(|| "true".to_string())),
        _ => params.get(&frame_protocol::query_name(name)),
    };
    let config = match WidgetConfig::read(get) {
        Ok((config, issues)) => {
            for issue in issues {
                web_sys::console::error_1(&issue.to_string().into());
            }
            config
        }
        Err(missing) => {
            let message = match missing {
                ConfigIssue::Missing { attr } => format!(
                    "Quintus chat frame: the required parameter `{}` is missing",
                    frame_protocol::query_name(attr.trim_start_matches("data-"))
                ),
                other => other.to_string(),
            };
            web_sys::console::error_1(&message.clone().into());
            if let Some(parent) = &parent {
                let payload = js_sys::Object::new();
                js_sys::Reflect::set(&payload, &"code".into(), &"config_invalid".into())?;
                js_sys::Reflect::set(&payload, &"message".into(), &message.into())?;
                post(parent, "error", &payload);
            }
            return Ok(None);
        }
    };

    let handle = Rc::new(super::boot::mount(&document, config, None)?);
    let page = handle.share();
    match parent {
        Some(parent) => relay(&window, handle, parent)?,
        // Without a host to talk to the chat still works on its own; it lives as long as the
        // frame's page, so its handle is never dropped (dropping the last would unmount).
        None => std::mem::forget(handle),
    }
    Ok(Some(page))
}

/// Connects the widget to the host: every JS API event is posted to it, and its messages
/// become JS API calls. The listeners live as long as the frame's page.
fn relay(window: &Window, handle: Rc<ChatHandle>, parent: Parent) -> Result<(), JsValue> {
    for event in frame_protocol::EVENTS {
        let to = parent.clone();
        let forward = Closure::<dyn Fn(JsValue)>::new(move |payload: JsValue| post(&to, event, &payload));
        handle.on(event.to_string(), forward.as_ref().unchecked_ref::<js_sys::Function>().clone())?;
        forward.forget();
    }
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        // Only the parent window, at the origin it was named with.
        if ev.origin() != parent.origin {
            return;
        }
        let from_parent = ev.source().is_some_and(|source| js_sys::Object::is(&source, &parent.window));
        if !from_parent {
            return;
        }
        let data = ev.data();
        let field = |value: &JsValue, name: &str| js_sys::Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED);
        let source = field(&data, "source").as_string();
        let kind = field(&data, "type").as_string();
        let payload = field(&data, "payload");
        let text = field(&payload, "text").as_string();
        match frame_protocol::decode(source.as_deref(), kind.as_deref(), text) {
            Ok(call) => dispatch(&handle, call, payload),
            Err(Rejected::NotOurs) => {}
            Err(problem) => web_sys::console::error_1(&problem.to_string().into()),
        }
    });
    window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref())?;
    on_message.forget();
    Ok(())
}

/// Makes the JS API call the host asked for; `payload` is the message's, for `setUser` and
/// `setContext`.
fn dispatch(handle: &ChatHandle, call: HostCall, payload: JsValue) {
    match call {
        HostCall::Open => handle.open(),
        HostCall::Close => handle.close(),
        HostCall::Toggle => handle.toggle(),
        HostCall::Reset => handle.reset(),
        HostCall::SetUser => handle.set_user(payload),
        HostCall::SetContext => handle.set_context(payload),
        HostCall::Send(text) => handle.send(text),
    }
}

/// Posts `{ source, type, payload }` to the parent, addressed to its origin only.
fn post(parent: &Parent, kind: &str, payload: &JsValue) {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"source".into(), &frame_protocol::SOURCE.into());
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    if !payload.is_undefined() {
        let _ = js_sys::Reflect::set(&message, &"payload".into(), payload);
    }
    if let Err(err) = parent.window.post_message(&message, &parent.origin) {
        web_sys::console::error_2(&format!("Quintus chat frame: could not post `{kind}` to the host").into(), &err);
    }
}
