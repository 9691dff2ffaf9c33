//! Elements: created, given attributes, children and listeners, by a chain of calls.

use super::{document, effect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, Node};

/// An element being built. `.el()` (or `Into<Node>`) gives the element itself.
#[derive(Clone)]
pub struct El(pub Element);

/// A new HTML element.
pub fn el(tag: &str) -> El {
    El(document().create_element(tag).unwrap_or_else(|_| fallback()))
}

#[cold]
fn fallback() -> Element {
    // Only an invalid tag name fails, and every tag here is a literal.
    wasm_bindgen::throw_str("quintus-chat: element")
}

/// A 24×24 stroke icon (decorative: hidden from assistive technology) with one path.
pub fn svg_icon(class: &str, d: &str) -> El {
    const NS: &str = "http://www.w3.org/2000/svg";
    let doc = document();
    let svg = doc.create_element_ns(Some(NS), "svg").unwrap_or_else(|_| fallback());
    let _ = svg.set_attribute("class", class);
    let _ = svg.set_attribute("viewBox", "0 0 24 24");
    let _ = svg.set_attribute("aria-hidden", "true");
    let _ = svg.set_attribute("focusable", "false");
    if let Ok(path) = doc.create_element_ns(Some(NS), "path") {
        let _ = path.set_attribute("d", d);
        let _ = svg.append_child(&path);
    }
    El(svg)
}

impl El {
    /// The element.
    pub fn el(&self) -> &Element {
        &self.0
    }

    /// Sets an attribute.
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets `class`.
    pub fn class(self, value: &str) -> Self {
        self.0.set_class_name(value);
        self
    }

    /// Sets `part` (for the host page's `::part()`).
    pub fn part(self, value: &str) -> Self {
        self.attr("part", value)
    }

    /// An attribute that follows `value`; `None` removes it.
    pub fn attr_dyn(self, name: &'static str, value: impl Fn() -> Option<String> + 'static) -> Self {
        attr_dyn_boxed(&self.0, name, Box::new(value));
        self
    }

    /// A boolean attribute (present or absent) that follows `on`.
    pub fn flag_dyn(self, name: &'static str, on: impl Fn() -> bool + 'static) -> Self {
        self.attr_dyn(name, move || on().then(String::new))
    }

    /// Appends a text node.
    pub fn text(self, text: &str) -> Self {
        let _ = self.0.append_child(&document().create_text_node(text));
        self
    }

    /// Appends a child.
    pub fn child(self, child: impl Into<Node>) -> Self {
        let _ = self.0.append_child(&child.into());
        self
    }

    /// Appends a child when there is one.
    pub fn child_opt(self, child: Option<impl Into<Node>>) -> Self {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }

    /// Listens for `event` for as long as the current owner lives.
    pub fn on(self, event: &str, handler: impl FnMut(Event) + 'static) -> Self {
        listen(self.0.as_ref(), event, Box::new(handler));
        self
    }
}

impl From<El> for Node {
    fn from(el: El) -> Node {
        el.0.into()
    }
}

/// Adds a listener to `target`, removed again (and its closure freed) on the current owner's
/// cleanup.
pub fn listen(target: &web_sys::EventTarget, event: &str, handler: Box<dyn FnMut(Event)>) {
    let closure = Closure::<dyn FnMut(Event)>::wrap(handler);
    if target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref()).is_err() {
        return;
    }
    let target = target.clone();
    let event = event.to_string();
    super::on_cleanup_local(move || {
        let _ = target.remove_event_listener_with_callback(&event, closure.as_ref().unchecked_ref());
    });
}

fn attr_dyn_boxed(el: &Element, name: &'static str, value: Box<dyn Fn() -> Option<String>>) {
    let el = el.clone();
    effect(Box::new(move || {
        let _ = match value() {
            Some(v) => el.set_attribute(name, &v),
            None => el.remove_attribute(name),
        };
    }));
}

