//! The notice bar above the composer: offline, rate limited, reconnecting, errors.

use crate::i18n::Strings;
use crate::store::Notice;
use leptos::prelude::*;

/// The kinds of notice, as the stylesheet tells them apart (`data-kind`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The browser is offline.
    Offline,
    /// Waiting: rate limited, or a reply being recovered.
    Wait,
    /// Something failed; the visitor may dismiss it.
    Error,
}

impl Kind {
    fn of(notice: &Notice) -> Kind {
        match notice {
            Notice::Offline => Kind::Offline,
            Notice::RateLimited { .. } | Notice::Reconnecting => Kind::Wait,
            Notice::Error(_) => Kind::Error,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Offline => "offline",
            Kind::Wait => "wait",
            Kind::Error => "error",
        }
    }
}

/// Shows the current notice, if any. It is a polite status region, so screen readers hear it
/// once when it appears.
#[component]
pub fn Notices(
    /// The notice to show.
    #[prop(into)]
    notice: Signal<Option<Notice>>,
    /// Hides a dismissible notice.
    #[prop(into)]
    on_dismiss: Callback<()>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    // The bar is rebuilt when the notice's kind changes; within a kind only its text changes
    // (another error, the seconds left).
    let kind = Memo::new(move |_| notice.with(|n| n.as_ref().map(Kind::of)));
    let text = move || match notice.get() {
        Some(Notice::Offline) => strings.offline.to_string(),
        Some(Notice::RateLimited { seconds }) => strings.rate_limited_for(seconds),
        Some(Notice::Reconnecting) => strings.reconnecting.to_string(),
        Some(Notice::Error(text)) => text,
        None => String::new(),
    };
    view! {
        <div class="qc-notices" part="notices" role="status">
            {move || {
                kind.get().map(|kind| {
                    view! {
                        <div class="qc-notice" part="notice" data-kind=kind.name()>
                            <span>{text}</span>
                            // Only errors can be dismissed; the others end by themselves.
                            {(kind == Kind::Error).then(|| view! {
                                <button
                                    type="button"
                                    class="qc-notice-dismiss"
                                    aria-label=strings.dismiss
                                    on:click=move |_| on_dismiss.run(())
                                >
                                    "×"
                                </button>
                            })}
                        </div>
                    }
                })
            }}
        </div>
    }
}
