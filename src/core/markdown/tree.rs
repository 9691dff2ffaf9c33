//! The tree under construction: a stack of open elements, without recursion. Elements past
//! `MAX_DEPTH` are "transparent": their children go to the nearest kept ancestor, so the
//! finished tree is never deeper than `MAX_DEPTH`.

use super::{MdNode, MdTag, MAX_DEPTH};

/// What an open element is, for the block parser.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// The document.
    Root,
    /// A block quote: continues on lines starting with `>`.
    Quote,
    /// A list; `marker` is shared by its items, `loose` once a blank line separates them.
    List {
        /// `-`, `*`, `+`, `.` or `)`.
        marker: u8,
        /// Items keep their paragraphs.
        loose: bool,
    },
    /// A list item: continues on lines indented by `indent` columns, and on blank lines.
    Item {
        /// The content column.
        indent: usize,
    },
    /// Anything else: leaves and inline elements, opened and closed within one call.
    Leaf,
}

struct Open {
    kind: Kind,
    tag: Option<MdTag>,
    children: Vec<MdNode>,
}

/// The stack of open elements; index 0 is the document.
pub(super) struct Tree {
    stack: Vec<Open>,
    /// Open elements that are kept (not transparent).
    kept: usize,
}

impl Tree {
    /// An empty document.
    pub fn new() -> Tree {
        Tree { stack: vec![Open { kind: Kind::Root, tag: None, children: Vec::new() }], kept: 0 }
    }

    /// Open elements, the document included.
    pub fn len(&self) -> usize {
        self.stack.len()
    }

    /// The kind of the open element at `index` (`Root` when out of range).
    pub fn kind(&self, index: usize) -> Kind {
        self.stack.get(index).map_or(Kind::Root, |o| o.kind)
    }

    /// The kind of the innermost open element.
    pub fn top(&self) -> Kind {
        self.kind(self.stack.len() - 1)
    }

    /// Marks the list at `index` as loose (its items keep their paragraphs).
    pub fn loosen(&mut self, index: usize) {
        if let Some(Open { kind: Kind::List { loose, .. }, .. }) = self.stack.get_mut(index) {
            *loose = true;
        }
    }

    /// Opens an element; past `MAX_DEPTH` it is transparent.
    pub fn push(&mut self, kind: Kind, tag: MdTag) {
        let tag = (self.kept < MAX_DEPTH).then_some(tag);
        self.kept += usize::from(tag.is_some());
        self.stack.push(Open { kind, tag, children: Vec::new() });
    }

    /// Closes the innermost element (never the document).
    pub fn pop(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(open) = self.stack.pop() else { return };
        let mut children = open.children;
        if let Kind::List { loose: false, .. } = open.kind {
            children = tighten(children);
        }
        let Some(parent) = self.stack.last_mut() else { return };
        match open.tag {
            Some(tag) => {
                self.kept -= 1;
                parent.children.push(MdNode::Element(tag, children));
            }
            None => children.into_iter().for_each(|c| append(&mut parent.children, c)),
        }
    }

    /// Closes elements until `len` remain open.
    pub fn truncate(&mut self, len: usize) {
        while self.stack.len() > len.max(1) {
            self.pop();
        }
    }

    /// An element without children.
    pub fn empty(&mut self, tag: MdTag) {
        self.push(Kind::Leaf, tag);
        self.pop();
    }

    /// Text into the innermost element; adjacent text merges.
    pub fn text(&mut self, text: String) {
        if let Some(top) = self.stack.last_mut() {
            append(&mut top.children, MdNode::Text(text));
        }
    }

    /// Adds finished nodes (inline content) through push/pop, so the depth cap applies to them.
    pub fn emit(&mut self, nodes: Vec<MdNode>) {
        let mut work = vec![nodes.into_iter()];
        while let Some(iter) = work.last_mut() {
            match iter.next() {
                Some(MdNode::Text(t)) => self.text(t),
                Some(MdNode::Element(tag, children)) => {
                    self.push(Kind::Leaf, tag);
                    work.push(children.into_iter());
                }
                None => {
                    work.pop();
                    if !work.is_empty() {
                        self.pop();
                    }
                }
            }
        }
    }

    /// Closes everything and returns the document's nodes.
    pub fn finish(mut self) -> Vec<MdNode> {
        self.truncate(1);
        self.stack.pop().map(|o| o.children).unwrap_or_default()
    }
}

/// Pushes `node`, merging it into a preceding text node.
fn append(children: &mut Vec<MdNode>, node: MdNode) {
    if let (MdNode::Text(new), Some(MdNode::Text(last))) = (&node, children.last_mut()) {
        last.push_str(new);
        return;
    }
    children.push(node);
}

/// A tight list shows its items' paragraphs as bare text.
fn tighten(items: Vec<MdNode>) -> Vec<MdNode> {
    items
        .into_iter()
        .map(|item| match item {
            MdNode::Element(MdTag::Item, children) => {
                let mut out = Vec::new();
                for child in children {
                    match child {
                        MdNode::Element(MdTag::Paragraph, inner) => inner.into_iter().for_each(|n| append(&mut out, n)),
                        other => out.push(other),
                    }
                }
                MdNode::Element(MdTag::Item, out)
            }
            other => other,
        })
        .collect()
}
