//! The feedback form shown when a conversation has ended: a 0 to 10 score and an optional
//! comment. Sending again replaces the stored feedback.

use crate::core::validate::MAX_COMMENT_CHARS;
use crate::i18n::Strings;
use crate::store::{FeedbackState, FeedbackStatus};
use leptos::prelude::*;

const SCORES: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

/// The form.
#[component]
pub fn Feedback(
    /// The form's state.
    state: RwSignal<FeedbackState>,
    /// Sends it.
    #[prop(into)]
    on_submit: Callback<()>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    // Any change after a save makes the form sendable again.
    let edit = move |change: &dyn Fn(&mut FeedbackState)| {
        state.update(|f| {
            change(f);
            if f.status == FeedbackStatus::Saved {
                f.status = FeedbackStatus::Idle;
            }
        })
    };
    let status = move || state.with(|f| f.status.clone());
    // Once saved, the button offers to update the feedback, even after a later change.
    let saved_once = Memo::new(move |before: Option<&bool>| before == Some(&true) || status() == FeedbackStatus::Saved);
    let scores = (0u8..).zip(SCORES).map(|(n, label)| {
        view! {
            <label class="qc-score" part="score">
                <input
                    type="radio"
                    name="qc-score"
                    value=label
                    // A property: the attribute would only be the default.
                    prop:checked=move || state.with(|f| f.score == Some(n))
                    on:change=move |_| edit(&|f| f.score = Some(n))
                />
                <span>{label}</span>
            </label>
        }
    });
    view! {
        <form
            class="qc-feedback"
            part="feedback"
            on:submit=move |ev| {
                ev.prevent_default();
                on_submit.run(());
            }
        >
            <fieldset class="qc-scores-set">
                <legend class="qc-feedback-question">{strings.feedback_question}</legend>
                <div class="qc-scores">{scores.collect_view()}</div>
            </fieldset>
            <label class="qc-feedback-comment">
                <span>{strings.feedback_comment}</span>
                <textarea
                    part="comment"
                    rows="2"
                    maxlength=MAX_COMMENT_CHARS.to_string()
                    prop:value=move || state.with(|f| f.comment.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        edit(&|f| f.comment = value.clone());
                    }
                ></textarea>
            </label>
            <button
                type="submit"
                class="qc-feedback-submit"
                part="feedback-submit"
                disabled=move || state.with(|f| f.score.is_none() || f.status == FeedbackStatus::Sending)
            >
                {move || if saved_once.get() { strings.feedback_update } else { strings.feedback_submit }}
            </button>
            <p class="qc-feedback-status" role="status">
                {move || match status() {
                    FeedbackStatus::Saved => strings.feedback_saved.to_string(),
                    FeedbackStatus::Failed(text) => text,
                    FeedbackStatus::Idle | FeedbackStatus::Sending => String::new(),
                }}
            </p>
        </form>
    }
}
