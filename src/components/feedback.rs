//! The feedback form shown when a conversation has ended: a 0 to 10 score and an optional
//! comment. Sending again replaces the stored feedback.

use crate::core::validate::MAX_COMMENT_CHARS;
use crate::i18n::Strings;
use crate::store::{FeedbackState, FeedbackStatus};
use leptos::prelude::*;

/// The form.
#[component]
pub fn Feedback(
    /// The form's state.
    state: RwSignal<FeedbackState>,
    /// Sends it.
    on_submit: Callback<()>,
    /// Strings of the active language.
    strings: &'static Strings,
) -> impl IntoView {
    let saved_once = RwSignal::new(false);
    let choose = move |score: u8| {
        state.update(|f| {
            f.score = Some(score);
            if f.status == FeedbackStatus::Saved {
                f.status = FeedbackStatus::Idle;
            }
        })
    };
    let status = move || state.with(|f| f.status.clone());
    Effect::new(move |_| {
        if status() == FeedbackStatus::Saved {
            saved_once.set(true);
        }
    });
    let scores = (0..=10u8)
        .map(|n| {
            view! {
                <label class="qc-score" part="score">
                    <input
                        type="radio"
                        name="qc-score"
                        value=n.to_string()
                        prop:checked=move || state.with(|f| f.score == Some(n))
                        on:change=move |_| choose(n)
                    />
                    <span>{n.to_string()}</span>
                </label>
            }
        })
        .collect_view();
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
                <div class="qc-scores">{scores}</div>
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
                        state.update(|f| {
                            f.comment = value;
                            if f.status == FeedbackStatus::Saved {
                                f.status = FeedbackStatus::Idle;
                            }
                        });
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
                    _ => String::new(),
                }}
            </p>
        </form>
    }
}
