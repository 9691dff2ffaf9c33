//! Nodes built under their own owner, and the marker that dynamic parts are placed before.

use super::document;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DocumentFragment, Node};

/// Nodes built under their own owner: removing them also ends their effects and listeners.
pub(crate) struct Built {
    /// The nodes, in order (several when the builder returned a fragment).
    pub nodes: Vec<Node>,
    owner: Owner,
}

impl Built {
    /// Runs `build` under a new child of `parent`, untracked: building reads signals only to
    /// start its own effects. `None` when it built nothing.
    pub fn new(parent: &Owner, build: impl FnOnce() -> Option<Node>) -> Option<Built> {
        let owner = parent.child();
        let node = owner.with(|| untrack(build));
        let Some(node) = node else {
            owner.cleanup();
            return None;
        };
        let nodes = match node.dyn_ref::<DocumentFragment>() {
            Some(fragment) => {
                let children = fragment.child_nodes();
                (0..children.length()).filter_map(|i| children.item(i)).collect()
            }
            None => vec![node.clone()],
        };
        // A fragment empties itself into the page; keep it to insert in one step.
        let _ = node;
        Some(Built { nodes, owner })
    }

    /// Puts the nodes, in order, just before `anchor`.
    pub fn insert_before(&self, anchor: &Node) {
        if let Some(parent) = anchor.parent_node() {
            for node in &self.nodes {
                let _ = parent.insert_before(node, Some(anchor));
            }
        }
    }

    /// Takes the nodes out of the page and cleans up what they started.
    pub fn remove(self) {
        self.owner.cleanup();
        for node in &self.nodes {
            if let Some(parent) = node.parent_node() {
                let _ = parent.remove_child(node);
            }
        }
    }
}

/// A fragment holding only an empty marker node: dynamic content goes before the marker, and
/// stays in place once the fragment is appended to its real parent.
pub(crate) fn anchored() -> (Node, Node) {
    let doc = document();
    let fragment = doc.create_document_fragment();
    let anchor: Node = doc.create_text_node("").into();
    let _ = fragment.append_child(&anchor);
    (fragment.into(), anchor)
}
