//! The widget's root component.

use crate::components::launcher::launcher;
use crate::components::panel::{panel, PanelProps};
use crate::dom;
use crate::config::{Lang, Position, Theme, WidgetConfig};
use crate::i18n;
use crate::store::actions::Actions;
use crate::store::Store;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The widget's language tag, given to every component through context (dates are formatted
/// in it).
#[derive(Clone, Copy, Debug)]
pub struct LangTag(pub &'static str);

/// Everything the widget draws: the launcher, the panel, and the live region, themed and
/// placed per config.
pub fn widget(store: Store, actions: Actions, config: WidgetConfig, lang: Lang) -> web_sys::Node {
    let strings = i18n::strings(lang);
    provide_context(LangTag(lang.tag()));
    let title = config.title.clone().unwrap_or_else(|| strings.default_title.to_string());
    let theme = match config.theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
        Theme::Auto => "auto",
    };
    let position = match config.position {
        Position::Right => "right",
        Position::Left => "left",
    };
    // In frame mode the host page's own button opens the frame.
    let launcher = (!config.frame).then(|| launcher(store.open, store.unread.into(), strings));
    let back_to = launcher.clone();
    let on_dismiss = Callback::new(move |_| {
        store.open.set(false);
        if let Some(button) = back_to.as_ref().and_then(|b| b.dyn_ref::<web_sys::HtmlElement>()) {
            let _ = button.focus();
        }
    });
    let props = PanelProps { title, greeting: config.greeting.clone(), strings, on_dismiss };
    dom::el("div")
        .class("qc-widget")
        .attr("lang", lang.tag())
        .attr("data-theme", theme)
        .attr("data-position", position)
        .attr("data-embed", if config.frame { "frame" } else { "page" })
        .child(panel(store, actions, props))
        .child_opt(launcher)
        // Each reply is announced once, complete; the log itself is aria-live="off".
        .child(
            dom::el("div")
                .class("qc-sr-only")
                .attr("role", "status")
                .attr("aria-live", "polite")
                .attr("aria-atomic", "true")
                .child(dom::text(move || store.announcement.get())),
        )
        .into()
}
