//! Creates a widget's store, session, client and actions, and connects them to the browser
//! (online/offline events, the stored conversation). Runs inside the widget's reactive owner,
//! so everything it creates is freed when the widget unmounts.

use crate::api::ApiClient;
use crate::config::{Lang, WidgetConfig};
use crate::i18n;
use crate::session::Session;
use crate::store::actions::Actions;
use crate::store::Store;
use crate::reactive::effect;
use leptos::prelude::*;

/// Builds the store and its actions for `config`, restores a stored conversation if there is
/// one, and follows the browser's online state.
pub fn start(config: &WidgetConfig, lang: Lang) -> (Store, Actions) {
    let strings = i18n::strings(lang);
    let store = Store::new(config.open);
    let session = Session::new(&config.api_url, &config.agent_id);
    let client = ApiClient::new(&config.api_url, &config.agent_id, &config.api_key, session.clone());
    let actions = Actions::new(store, client, session, strings, (config.inactivity_warning_secs, config.inactivity_final_secs));
    watch_online(actions);
    // Opening the panel reads the replies: the unread count goes back to zero.
    effect(move || {
        if store.open.get() {
            store.unread.set(0);
        }
    });
    lock_page_scroll_when_fullscreen(store);
    // Typing counts as activity for the inactivity messages.
    Effect::new(move |first: Option<()>| {
        store.draft.track();
        if first.is_some() {
            actions.touch();
        }
    });
    actions.rehydrate();
    (store, actions)
}

/// While the panel fills a phone's screen, the page behind it must not scroll. The page's own
/// `overflow` is restored on close (set through the CSSOM, which CSP allows).
fn lock_page_scroll_when_fullscreen(store: Store) {
    let saved = StoredValue::new(None::<String>);
    let apply = move |lock: bool| {
        let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else { return };
        let style = body.style();
        // try_*: this also runs while the widget is being torn down.
        match (lock, saved.try_get_value().flatten()) {
            (true, None) => {
                saved.try_set_value(Some(style.get_property_value("overflow").unwrap_or_default()));
                let _ = style.set_property("overflow", "hidden");
            }
            (false, Some(previous)) => {
                let _ = style.set_property("overflow", &previous);
                saved.try_set_value(None);
            }
            _ => {}
        }
    };
    effect(move || {
        apply(store.open.get() && crate::components::focus::is_fullscreen());
    });
    on_cleanup(move || apply(false));
}

/// Listens for `online` / `offline` on the window until the widget unmounts.
fn watch_online(actions: Actions) {
    let Some(window) = web_sys::window() else { return };
    if !window.navigator().on_line() {
        actions.online_changed(false);
    }
    let online = window_event_listener(leptos::ev::online, move |_| actions.online_changed(true));
    let offline = window_event_listener(leptos::ev::offline, move |_| actions.online_changed(false));
    on_cleanup(move || {
        online.remove();
        offline.remove();
    });
}
