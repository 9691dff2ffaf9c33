//! Script-tag boot: finds the configuration element, mounts the widget into an open shadow root
//! on its own host element.

use crate::components::widget::Widget;
use crate::embed::js_api::ChatHandle;
use crate::embed::takeover;
use crate::store::actions::Actions;
use crate::store::Store;
use std::cell::RefCell;
use std::rc::Rc;
use crate::config::{Lang, WidgetConfig};
use leptos::mount::{mount_to, UnmountHandle};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element, HtmlElement, ShadowRootInit, ShadowRootMode};

/// Tag name of the element that hosts the widget's shadow root.
pub const HOST_TAG: &str = "quintus-chat";

/// A mounted widget: its host element and what Leptos mounted in it.
pub struct MountedWidget {
    /// The host element in the page; removing it removes every node of the widget.
    pub host: Element,
    /// Unmounts the view when dropped.
    view: Option<UnmountHandle<AnyViewState>>,
    /// The owner the view was mounted under (its reactive state belongs to a child of it).
    owner: Owner,
}

impl Drop for MountedWidget {
    /// Removes the widget's nodes, ends every effect and listener it started, and frees its
    /// signals, also those a task still in flight holds on to.
    fn drop(&mut self) {
        drop(self.view.take());
        self.owner.cleanup();
    }
}

/// Runs at wasm start. Does nothing on a page without a `[data-quintus-chat]` element (for
/// example in tests, or when the page mounts the widget itself).
pub fn boot_from_page() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(Some(source)) = document.query_selector("[data-quintus-chat]") else { return };
    // Loading the script twice must not mount two widgets.
    if let Ok(Some(_)) = document.query_selector(HOST_TAG) {
        return;
    }
    let config = match WidgetConfig::read(|name| source.get_attribute(&format!("data-{name}"))) {
        Ok((config, issues)) => {
            for issue in issues {
                web_sys::console::error_1(&issue.to_string().into());
            }
            config
        }
        Err(missing) => {
            web_sys::console::error_1(&missing.to_string().into());
            return;
        }
    };
    match mount(&document, config, None) {
        Ok(handle) => {
            // The page's handle on the widget: window.QuintusChat.open(), .on("message", ...).
            if let Some(window) = web_sys::window() {
                let _ = js_sys::Reflect::set(&window, &"QuintusChat".into(), &JsValue::from(handle));
            }
        }
        Err(err) => web_sys::console::error_2(&"Quintus chat: could not mount".into(), &err),
    }
}

/// Mounts a widget for `config` into a shadow root (on a new host element in `target`, or at
/// the end of `<body>`) and returns its JS API object.
pub fn mount(document: &Document, config: WidgetConfig, target: Option<Element>) -> Result<ChatHandle, JsValue> {
    let slot: Rc<RefCell<Option<ChatHandle>>> = Rc::new(RefCell::new(None));
    let out = slot.clone();
    let mounted = mount_with(document, config, target, move |store, actions| {
        *out.borrow_mut() = Some(ChatHandle::new(store, actions));
    })?;
    let handle = slot.borrow_mut().take().ok_or_else(|| JsValue::from_str("the widget did not start"))?;
    handle.attach(mounted);
    Ok(handle)
}

/// The language to speak: the configured one, else the browser's preferences, else English.
pub fn resolve_lang(config: &WidgetConfig) -> Lang {
    if let Some(lang) = config.lang {
        return lang;
    }
    let preferred: Vec<String> = web_sys::window()
        .map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default();
    Lang::negotiate(preferred.iter().map(String::as_str))
}

/// Creates `<quintus-chat>` at the end of `<body>`, attaches an open shadow root with the
/// widget's CSS, and mounts the widget inside it.
pub fn mount_in_shadow(document: &Document, config: WidgetConfig) -> Result<MountedWidget, JsValue> {
    mount_with(document, config, None, |_, _| {})
}

/// The mount itself; `started` sees the store and actions inside the widget's reactive owner.
fn mount_with(
    document: &Document,
    config: WidgetConfig,
    target: Option<Element>,
    started: impl FnOnce(Store, Actions) + 'static,
) -> Result<MountedWidget, JsValue> {
    // Into the host and shadow root where the loader drew the launcher's first frame, if it did.
    let loader = target.is_none().then(|| takeover::loader_host(document, HOST_TAG)).flatten();
    let took_over = loader.is_some();
    let (host, root) = match loader {
        Some(found) => found,
        None => {
            let parent: Element = match target {
                Some(target) => target,
                None => document.body().ok_or_else(|| JsValue::from_str("the page has no <body>"))?.into(),
            };
            let host = document.create_element(HOST_TAG)?;
            parent.append_child(&host)?;
            let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
            (host, root)
        }
    };
    // What the visitor did in the loader's panel, if it drew one, goes on in the widget's.
    let shell = took_over.then(|| takeover::panel_shell(&root)).flatten();
    let carried = shell.as_ref().map(|s| (s.open, s.draft.clone()));
    super::styles::install(document, &root, &config)?;
    let container = document.create_element("div")?;
    container.set_class_name("qc-root");
    root.append_child(&container)?;
    let lang = resolve_lang(&config);
    let container: HtmlElement = container.unchecked_into();
    let owner = Owner::new();
    // `mount_to` starts Leptos's executor (effects and tasks run on the microtask queue).
    let view = owner.with(move || {
        mount_to(container, move || {
            let (store, actions) = crate::embed::wiring::start(&config, lang);
            started(store, actions);
            // After `started`, so the JS API sees the panel open (its `open` event fires).
            if let Some((open, draft)) = carried {
                store.draft.set(draft);
                store.open.set(open);
            }
            view! { <Widget store actions config lang /> }.into_any()
        })
    });
    if took_over {
        takeover::finish(&host, &root, shell.as_ref());
    }
    Ok(MountedWidget { host, view: Some(view), owner })
}
