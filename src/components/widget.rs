//! The widget's root component.

use crate::components::launcher::Launcher;
use crate::components::panel::Panel;
use crate::config::{Lang, Position, Theme, WidgetConfig};
use crate::i18n;
use crate::store::actions::Actions;
use crate::store::Store;
use leptos::html;
use leptos::prelude::*;

/// The widget's language tag, given to every component through context (dates are formatted
/// in it).
#[derive(Clone, Copy, Debug)]
pub struct LangTag(pub &'static str);

/// Everything the widget draws: the launcher, the panel, and the live region, themed and
/// placed per config.
#[component]
pub fn Widget(
    /// The widget's state.
    store: Store,
    /// What the widget's buttons do to that state.
    actions: Actions,
    /// The validated configuration.
    config: WidgetConfig,
    /// The language to speak (resolved by the embed from the config or the browser).
    lang: Lang,
) -> impl IntoView {
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
    let launcher = NodeRef::<html::Button>::new();
    let on_dismiss = Callback::new(move |_| {
        store.open.set(false);
        // Focus goes back to the launcher once the close has rendered (the effects that
        // `set` woke run in the microtask queued before this one): while a full-screen panel
        // is open (phones) the launcher is hidden, and focusing it now would leave focus on
        // the page's body.
        queue_microtask(move || {
            if let Some(button) = launcher.try_get_untracked().flatten() {
                let _ = button.focus();
            }
        });
    });
    view! {
        <div
            class="qc-widget"
            lang=lang.tag()
            data-theme=theme
            data-position=position
            data-embed=if config.frame { "frame" } else { "page" }
        >
            <Panel store actions title greeting=config.greeting.clone() strings on_dismiss />
            // In frame mode the host page's own button opens the frame.
            {(!config.frame)
                .then(|| view! { <Launcher open=store.open unread=store.unread strings node_ref=launcher /> })}
            // Each reply is announced once, complete; the log itself is aria-live="off".
            <div class="qc-sr-only" role="status" aria-live="polite" aria-atomic="true">
                {move || store.announcement.get()}
            </div>
        </div>
    }
}
