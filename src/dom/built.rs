//! Nodes built under their own owner, and the marker that dynamic parts are placed before.

use super::document;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DocumentFragment, Node};

/// Nodes built under their own owner: removing them also ends their effects and listeners.
///
/// They are the siblings from `first` to `last`. A builder that returns a fragment gets two
/// empty marker nodes around its children, because what lies between can change later (a
/// `show` inside it adds and removes nodes before its own marker).
pub(crate) struct Built {
    first: Node,
    last: Node,
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
        let (first, last) = match node.dyn_ref::<DocumentFragment>() {
            Some(fragment) => {
                let doc = document();
                let (first, last): (Node, Node) = (doc.create_text_node("").into(), doc.create_text_node("").into());
                let _ = fragment.insert_before(&first, fragment.first_child().as_ref());
                let _ = fragment.append_child(&last);
                (first, last)
            }
            None => (node.clone(), node),
        };
        Some(Built { first, last, owner })
    }

    /// The nodes, in order, as they are now.
    fn nodes(&self) -> Vec<Node> {
        let mut nodes = vec![self.first.clone()];
        let mut at = self.first.clone();
        while at != self.last {
            let Some(next) = at.next_sibling() else { break };
            nodes.push(next.clone());
            at = next;
        }
        nodes
    }

    /// Whether the nodes sit just before `node`.
    pub fn is_before(&self, node: &Node) -> bool {
        self.last.next_sibling().as_ref() == Some(node)
    }

    /// The first node, for placing others before it.
    pub fn first(&self) -> &Node {
        &self.first
    }

    /// Puts the nodes, in order, just before `anchor`.
    pub fn insert_before(&self, anchor: &Node) {
        if let Some(parent) = anchor.parent_node() {
            for node in self.nodes() {
                let _ = parent.insert_before(&node, Some(anchor));
            }
        }
    }

    /// Takes the nodes out of the page and cleans up what they started.
    pub fn remove(self) {
        let nodes = self.nodes();
        self.owner.cleanup();
        for node in nodes {
            if let Some(parent) = node.parent_node() {
                let _ = parent.remove_child(&node);
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
