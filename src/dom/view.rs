//! A built element as a Leptos view, so builder parts sit inside `view!` (and `mount_to`).

use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use wasm_bindgen::JsCast;
use web_sys::{DocumentFragment, Element, Node};

/// Nodes built by this module, as a view. The builder runs when the view is built, under the
/// owner Leptos gives that place, so their effects end when the view is unmounted. A fragment
/// (several nodes, or a `show`/`keyed` part) is kept between two empty marker nodes.
// SendWrapper: views must be Send, and the widget runs on one thread.
pub struct Dom(send_wrapper::SendWrapper<Box<dyn FnOnce() -> Node>>);

impl Dom {
    /// A view of the node `build` returns.
    pub fn new(build: impl FnOnce() -> Node + 'static) -> Dom {
        Dom(send_wrapper::SendWrapper::new(Box::new(build)))
    }
}

/// The mounted nodes: `start` to `end`, inclusive (one node when both are the same).
pub struct DomState {
    start: Node,
    end: Node,
    /// Holds the nodes while they are not in the page.
    fragment: Option<DocumentFragment>,
}

impl DomState {
    fn of(node: Node) -> DomState {
        match node.dyn_into::<DocumentFragment>() {
            Ok(fragment) => {
                let doc = super::document();
                let (start, end): (Node, Node) = (doc.create_text_node("").into(), doc.create_text_node("").into());
                let _ = fragment.insert_before(&start, fragment.first_child().as_ref());
                let _ = fragment.append_child(&end);
                DomState { start, end, fragment: Some(fragment) }
            }
            Err(node) => DomState { start: node.clone(), end: node, fragment: None },
        }
    }
}

impl Mountable for DomState {
    fn unmount(&mut self) {
        if self.start == self.end {
            if let Some(parent) = self.start.parent_node() {
                let _ = parent.remove_child(&self.start);
            }
            return;
        }
        // Gather start..=end back into a fragment, ready to be mounted again.
        let fragment = self.fragment.get_or_insert_with(|| super::document().create_document_fragment());
        let mut next = Some(self.start.clone());
        while let Some(node) = next {
            next = if node == self.end { None } else { node.next_sibling() };
            let _ = fragment.append_child(&node);
        }
    }

    fn mount(&mut self, parent: &types::Element, marker: Option<&types::Node>) {
        match self.fragment.take() {
            Some(fragment) => {
                let _ = parent.insert_before(&fragment, marker);
            }
            None => {
                let _ = parent.insert_before(&self.start, marker);
            }
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match self.start.parent_element() {
            Some(parent) => {
                child.mount(&parent, Some(&self.start));
                true
            }
            None => false,
        }
    }

    fn elements(&self) -> Vec<types::Element> {
        self.start.clone().dyn_into::<Element>().into_iter().collect()
    }
}

impl Render for Dom {
    type State = DomState;

    fn build(self) -> DomState {
        DomState::of((self.0.take())())
    }

    fn rebuild(self, state: &mut DomState) {
        let mut new = self.build();
        state.insert_before_this(&mut new);
        state.unmount();
        *state = new;
    }
}

impl AddAnyAttr for Dom {
    type Output<SomeNewAttr: Attribute> = Dom;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Dom {
        // Attributes are set by the builder itself.
        self
    }
}

impl RenderHtml for Dom {
    type AsyncOutput = Dom;
    type Owned = Dom;
    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Dom {
        self
    }

    fn to_html_with_buf(self, _: &mut String, _: &mut Position, _: bool, _: bool, _: Vec<AnyAttribute>) {
        // Client-side rendering only: there is no HTML to write.
    }

    fn hydrate<const FROM_SERVER: bool>(self, _: &Cursor, _: &PositionState) -> DomState {
        // Nothing is server-rendered, so "hydrating" is building.
        self.build()
    }

    fn into_owned(self) -> Dom {
        self
    }
}
