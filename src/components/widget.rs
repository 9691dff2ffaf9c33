//! The widget's root component.

use crate::components::{Launcher, Panel};
use crate::config::{Position, Theme, WidgetConfig};
use crate::i18n;
use leptos::prelude::*;

/// Everything the widget draws: the launcher and the panel, themed and placed per config.
#[component]
pub fn Widget(
    /// Validated configuration.
    config: WidgetConfig,
    /// Language to speak (resolved by the embed from config or browser).
    lang: crate::config::Lang,
) -> impl IntoView {
    let strings = i18n::strings(lang);
    let open = RwSignal::new(config.open);
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
    view! {
        <div class="qc-widget" lang=lang.tag() data-theme=theme data-position=position>
            <Panel open=open title=title strings=strings />
            <Launcher open=open strings=strings />
        </div>
    }
}
