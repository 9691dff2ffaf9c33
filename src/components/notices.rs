//! The notice bar above the composer: offline, rate limited, reconnecting, errors.

use crate::dom;
use crate::i18n::Strings;
use crate::store::Notice;
use leptos::prelude::*;

/// Shows the current notice, if any. It is a polite status region, so screen readers hear it
/// once when it appears.
pub fn notices(
    // The notice to show.
    notice: Signal<Option<Notice>>,
    // Hides a dismissible notice.
    on_dismiss: Callback<()>,
    // Strings of the active language.
    strings: &'static Strings,
) -> web_sys::Node {
    // The notice's element is rebuilt when its kind changes; within a kind only its text
    // changes (another error, the seconds left).
    let kind = move || {
        notice.with(|n| match n {
            None => 0,
            Some(Notice::Offline) => 1,
            Some(Notice::RateLimited { .. }) => 2,
            Some(Notice::Reconnecting) => 3,
            Some(Notice::Error(_)) => 4,
        })
    };
    let text = move || match notice.get() {
        Some(Notice::Offline) => strings.offline.to_string(),
        Some(Notice::RateLimited { seconds }) => strings.rate_limited_for(seconds),
        Some(Notice::Reconnecting) => strings.reconnecting.to_string(),
        Some(Notice::Error(text)) => text,
        None => String::new(),
    };
    let shown = dom::switch(kind, move |k| {
        let name = match k {
            0 => return None,
            1 => "offline",
            4 => "error",
            _ => "wait",
        };
        let bar = dom::el("div").class("qc-notice").part("notice").attr("data-kind", name).child(dom::el("span").child(dom::text(text)));
        // Only errors can be dismissed; the others end by themselves.
        let bar = if k == 4 {
            bar.child(
                dom::el("button")
                    .attr("type", "button")
                    .class("qc-notice-dismiss")
                    .attr("aria-label", strings.dismiss)
                    .on("click", move |_| on_dismiss.run(()))
                    .text("×"),
            )
        } else {
            bar
        };
        Some(bar.into())
    });
    dom::el("div").class("qc-notices").part("notices").attr("role", "status").child(shown).into()
}
