//! Keyed lists (what `<For>` does in a `view!`): rows are built once per key, kept while their
//! key stays, moved when the order changes, and removed (with their effects) when it goes.

use super::built::{anchored, Built};
use super::effect;
use leptos::prelude::*;
use std::rc::Rc;
use web_sys::Node;

type Entry = (String, Box<dyn FnOnce() -> Node>);

/// One row per item of `items`, in order, keyed by `key`.
pub fn keyed<T: 'static>(
    items: impl Fn() -> Vec<T> + 'static,
    key: impl Fn(&T) -> String + 'static,
    build: impl Fn(T) -> Node + 'static,
) -> Node {
    let build = Rc::new(build);
    keyed_boxed(Box::new(move || {
        items()
            .into_iter()
            .map(|item| {
                let build = build.clone();
                (key(&item), Box::new(move || build(item)) as Box<dyn FnOnce() -> Node>)
            })
            .collect()
    }))
}

fn keyed_boxed(items: Box<dyn Fn() -> Vec<Entry>>) -> Node {
    let (fragment, anchor) = anchored();
    let parent = Owner::current().unwrap_or_default();
    let mut live: Vec<(String, Built)> = Vec::new();
    effect(Box::new(move || {
        let next = items();
        let mut old = std::mem::take(&mut live);
        for (key, build) in next {
            let built = match old.iter().position(|(k, _)| *k == key) {
                Some(i) => Some(old.swap_remove(i).1),
                None => Built::new(&parent, || Some(build())),
            };
            if let Some(built) = built {
                live.push((key, built));
            }
        }
        for (_, gone) in old {
            gone.remove();
        }
        // Put the rows in order, from the end, moving only those out of place.
        let mut before = anchor.clone();
        for (_, built) in live.iter().rev() {
            if !built.is_before(&before) {
                built.insert_before(&before);
            }
            before = built.first().clone();
        }
    }));
    fragment
}
