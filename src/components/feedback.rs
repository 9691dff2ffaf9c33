//! The feedback form shown when a conversation has ended: a 0 to 10 score and an optional
//! comment. Sending again replaces the stored feedback.

use crate::core::validate::MAX_COMMENT_CHARS;
use crate::dom;
use crate::i18n::Strings;
use crate::store::{FeedbackState, FeedbackStatus};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The form.
pub fn feedback(
    // The form's state.
    state: RwSignal<FeedbackState>,
    // Sends it.
    on_submit: Callback<()>,
    // Strings of the active language.
    strings: &'static Strings,
) -> web_sys::Node {
    let saved_once = RwSignal::new(false);
    // Any change after a save makes the form sendable again.
    let edit = move |change: &mut dyn FnMut(&mut FeedbackState)| {
        state.update(|f| {
            change(f);
            if f.status == FeedbackStatus::Saved {
                f.status = FeedbackStatus::Idle;
            }
        })
    };
    let status = move || state.with(|f| f.status.clone());
    dom::effect(Box::new(move || {
        if status() == FeedbackStatus::Saved {
            saved_once.set(true);
        }
    }));
    let scores = dom::el("div").class("qc-scores");
    let mut radios = Vec::new();
    for (n, label) in (0u8..).zip(SCORES) {
        let radio = dom::el("input")
            .attr("type", "radio")
            .attr("name", "qc-score")
            .attr("value", label)
            .on("change", move |_| edit(&mut |f| f.score = Some(n)));
        radios.push(radio.el().clone().unchecked_into::<web_sys::HtmlInputElement>());
        let _ = scores.el().append_child(
            dom::el("label").class("qc-score").part("score").child(radio).child(dom::el("span").text(label)).el(),
        );
    }
    // One effect checks the chosen score's radio (a property: the attribute is only the default).
    dom::effect(Box::new(move || {
        let score = state.with(|f| f.score);
        for (n, radio) in (0u8..).zip(&radios) {
            radio.set_checked(score == Some(n));
        }
    }));
    let comment = dom::el("textarea")
        .part("comment")
        .attr("rows", "2")
        .attr("maxlength", &MAX_COMMENT_CHARS.to_string());
    let textarea: web_sys::HtmlTextAreaElement = comment.el().clone().unchecked_into();
    let typed = textarea.clone();
    let comment = comment.on("input", move |_| {
        let value = typed.value();
        edit(&mut |f| f.comment = value.clone());
    });
    // The comment shown; set only when it differs, so typing keeps the caret where it is.
    dom::effect(Box::new(move || {
        state.with(|f| {
            if textarea.value() != f.comment {
                textarea.set_value(&f.comment);
            }
        })
    }));
    dom::el("form")
        .class("qc-feedback")
        .part("feedback")
        .on("submit", move |ev| {
            ev.prevent_default();
            on_submit.run(());
        })
        .child(
            dom::el("fieldset")
                .class("qc-scores-set")
                .child(dom::el("legend").class("qc-feedback-question").text(strings.feedback_question))
                .child(scores),
        )
        .child(
            dom::el("label")
                .class("qc-feedback-comment")
                .child(dom::el("span").text(strings.feedback_comment))
                .child(comment),
        )
        .child(
            dom::el("button")
                .attr("type", "submit")
                .class("qc-feedback-submit")
                .part("feedback-submit")
                .flag_dyn("disabled", move || state.with(|f| f.score.is_none() || f.status == FeedbackStatus::Sending))
                .child(dom::text(move || {
                    if saved_once.get() { strings.feedback_update } else { strings.feedback_submit }.to_string()
                })),
        )
        .child(
            dom::el("p").class("qc-feedback-status").attr("role", "status").child(dom::text(move || match status() {
                FeedbackStatus::Saved => strings.feedback_saved.to_string(),
                FeedbackStatus::Failed(text) => text,
                _ => String::new(),
            })),
        )
        .into()
}

const SCORES: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];
