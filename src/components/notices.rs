//! The notice bar above the composer: offline, rate limited, reconnecting, errors.

use crate::i18n::Strings;
use crate::store::Notice;
use leptos::prelude::*;

/// Shows the current notice, if any. It is a polite status region, so screen readers hear it
/// once when it appears.
#[component]
pub fn Notices(
    /// The notice to show.
    notice: Signal<Option<Notice>>,
    /// Hides a dismissible notice.
    on_dismiss: Callback<()>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    view! {
        <div class="qc-notices" part="notices" role="status">
            {move || {
                notice
                    .get()
                    .map(|n| {
                        let (kind, text, dismissible) = match n {
                            Notice::Offline => ("offline", strings.offline.to_string(), false),
                            Notice::RateLimited { seconds } => ("wait", strings.rate_limited_for(seconds), false),
                            Notice::Reconnecting => ("wait", strings.reconnecting.to_string(), false),
                            Notice::Error(text) => ("error", text, true),
                        };
                        view! {
                            <div class="qc-notice" part="notice" data-kind=kind>
                                <span>{text}</span>
                                {dismissible
                                    .then(|| {
                                        view! {
                                            <button
                                                type="button"
                                                class="qc-notice-dismiss"
                                                aria-label=strings.dismiss
                                                on:click=move |_| on_dismiss.run(())
                                            >
                                                "×"
                                            </button>
                                        }
                                    })}
                            </div>
                        }
                    })
            }}
        </div>
    }
}
