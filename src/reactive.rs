//! Effects with their bodies boxed, so that the widget's many effects share one copy of
//! Leptos's effect runner.

use leptos::prelude::*;

/// `Effect::new` for an effect that keeps no value between runs, as most of the widget's do
/// (they sync the DOM, focus or the page with signals). Leptos's effect runner is generic over
/// its closure and costs the wasm about 1 KB for each closure type; with the body boxed, these
/// effects all use one copy of it.
pub fn effect(body: impl FnMut() + 'static) {
    boxed_effect(Box::new(body));
}

/// The effect itself: one closure type, whatever the body.
fn boxed_effect(mut body: Box<dyn FnMut()>) {
    Effect::new(move |_| body());
}
