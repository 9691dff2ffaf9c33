//! Parts that come and go with the state (what `<Show>` and a `move || view! {..}` child do in
//! a `view!`).

use super::built::{anchored, Built};
use super::effect;
use leptos::prelude::*;
use web_sys::Node;

/// `build`'s node while `cond` is true. The node is built when `cond` turns true (under its own
/// owner, so its effects and listeners go with it) and removed when it turns false; while `cond`
/// stays true it is kept as it is.
pub fn show(cond: impl Fn() -> bool + 'static, build: impl Fn() -> Node + 'static) -> Node {
    switch_boxed(Box::new(move || u8::from(cond())), Box::new(move |on| (on == 1).then(&build)))
}

/// `then`'s node while `cond` is true, `otherwise`'s while it is false.
pub fn either(
    cond: impl Fn() -> bool + 'static,
    then: impl Fn() -> Node + 'static,
    otherwise: impl Fn() -> Node + 'static,
) -> Node {
    switch_boxed(
        Box::new(move || u8::from(cond())),
        Box::new(move |on| Some(if on == 1 { then() } else { otherwise() })),
    )
}

/// The node `build` makes for the current value of `which` (a small number naming a variant),
/// rebuilt only when that value changes; `None` shows nothing. The node may be a fragment.
pub fn switch(which: impl Fn() -> u8 + 'static, build: impl Fn(u8) -> Option<Node> + 'static) -> Node {
    switch_boxed(Box::new(which), Box::new(build))
}

fn switch_boxed(which: Box<dyn Fn() -> u8>, build: Box<dyn Fn(u8) -> Option<Node>>) -> Node {
    let (fragment, anchor) = anchored();
    let parent = Owner::current().unwrap_or_default();
    let mut shown: Option<(u8, Option<Built>)> = None;
    effect(Box::new(move || {
        let now = which();
        if shown.as_ref().is_some_and(|(was, _)| *was == now) {
            return;
        }
        if let Some((_, Some(old))) = shown.take() {
            old.remove();
        }
        let built = Built::new(&parent, || build(now));
        if let Some(built) = &built {
            built.insert_before(&anchor);
        }
        shown = Some((now, built));
    }));
    fragment
}
