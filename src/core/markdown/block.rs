//! Block structure, one line at a time: the open containers (block quotes, lists, items) live
//! on the tree's stack, the open leaf (paragraph, code block, table) here. Each line first
//! continues the containers it can, then opens new ones, then feeds or starts a leaf. The
//! number of open containers is capped, so every line costs O(its length + MAX_DEPTH).

use super::line::{Line, Start};
use super::tree::{Kind, Tree};
use super::{inline, table, Align, MdNode, MdTag, MAX_DEPTH};

/// The leaf block being filled.
enum Leaf {
    None,
    /// Paragraph lines, joined by `\n`, indentation removed (trailing spaces kept for breaks).
    Para(String),
    /// A fenced code block: fence character and length, the fence's indentation, the text.
    Fence { ch: u8, len: usize, indent: usize, text: String },
    /// An indented code block and the blank lines not yet known to belong to it.
    Code { text: String, blanks: usize },
    /// A table: column alignments and rows of cells (the first row is the head).
    Table { aligns: Vec<Align>, rows: Vec<Vec<String>> },
}

struct Blocks {
    tree: Tree,
    leaf: Leaf,
    /// The previous line was blank (decides loose lists).
    blank: bool,
}

/// Parses a document into nodes.
pub(super) fn parse(text: &str) -> Vec<MdNode> {
    let mut blocks = Blocks { tree: Tree::new(), leaf: Leaf::None, blank: false };
    for line in text.split('\n') {
        blocks.line(line.strip_suffix('\r').unwrap_or(line));
    }
    blocks.close_leaf();
    blocks.tree.finish()
}

impl Blocks {
    fn line(&mut self, raw: &str) {
        let mut ln = Line::new(raw);
        let open = self.tree.len();
        let mut matched = 1;
        while matched < open {
            let continues = match self.tree.kind(matched) {
                Kind::Quote => ln.take_quote(),
                Kind::Item { indent } if !ln.is_blank() => {
                    let ok = ln.indent() >= indent;
                    if ok {
                        ln.skip_indent(indent);
                    }
                    ok
                }
                _ => true,
            };
            if !continues {
                break;
            }
            matched += 1;
        }
        // A list whose item did not continue stays open only if a sibling item starts here.
        let pending = matched < open && matches!(self.tree.kind(matched - 1), Kind::List { .. });
        if pending {
            matched -= 1;
        }
        let all = matched == open;

        if all && self.code_line(&mut ln) {
            return;
        }
        if ln.is_blank() {
            self.close_leaf();
            self.tree.truncate(matched);
            self.blank = true;
            return;
        }
        let was_blank = std::mem::take(&mut self.blank);

        let start = ln.start();
        let continues_list = match (&start, self.tree.kind(matched)) {
            (Start::Item(m), Kind::List { marker, .. }) => pending && m.kind == marker,
            _ => false,
        };
        let interrupts = match &start {
            Start::None => false,
            // Only a non-empty bullet or `1.` may start a list inside a paragraph.
            Start::Item(m) => continues_list || (!m.empty && m.start.is_none_or(|n| n == 1)),
            _ => true,
        };
        if all && self.extend_leaf(&ln, interrupts) {
            return;
        }
        if let (Leaf::Para(text), false) = (&mut self.leaf, interrupts) {
            // Paragraph continuation, also "lazy" (without the containers' markers).
            text.push('\n');
            text.push_str(ln.trimmed());
            return;
        }

        self.close_leaf();
        if continues_list {
            self.tree.truncate(matched + 1);
            if was_blank {
                self.tree.loosen(matched);
            }
        } else {
            self.tree.truncate(matched);
            if was_blank && matches!(self.tree.top(), Kind::Item { .. }) {
                // A blank line between two blocks of one item.
                self.tree.loosen(self.tree.len() - 2);
            }
        }
        let new_item = self.open_containers(&mut ln);
        self.start_leaf(ln, new_item);
    }

    /// Feeds a line to an open code block; false when the line is not code.
    fn code_line(&mut self, ln: &mut Line) -> bool {
        match &mut self.leaf {
            Leaf::Fence { ch, len, indent, text } => {
                if ln.closes_fence(*ch, *len) {
                    self.close_leaf();
                } else {
                    ln.skip_indent(*indent);
                    text.push_str(ln.rest());
                    text.push('\n');
                }
                true
            }
            Leaf::Code { text, blanks } => {
                if ln.is_blank() {
                    *blanks += 1;
                    self.blank = true;
                    return true;
                }
                if ln.indent() < 4 {
                    return false;
                }
                ln.skip_indent(4);
                for _ in 0..std::mem::take(blanks) {
                    text.push('\n');
                }
                text.push_str(ln.rest());
                text.push('\n');
                self.blank = false;
                true
            }
            _ => false,
        }
    }

    /// Setext underlines, a table's alignment row and its body rows; false when none applies.
    fn extend_leaf(&mut self, ln: &Line, interrupts: bool) -> bool {
        match &mut self.leaf {
            Leaf::Para(text) => {
                if let Some(level) = ln.setext() {
                    let text = std::mem::take(text);
                    self.leaf = Leaf::None;
                    self.block(MdTag::Heading(level), &text);
                    return true;
                }
                let Some(aligns) = table::delimiter_row(ln.rest()) else { return false };
                let split = text.rfind('\n').map_or(0, |i| i + 1);
                let head = table::cells(&text[split..]);
                if head.len() != aligns.len() {
                    return false;
                }
                let before = text[..split].to_string();
                self.leaf = Leaf::None;
                self.block(MdTag::Paragraph, &before);
                self.leaf = Leaf::Table { aligns, rows: vec![head] };
                true
            }
            Leaf::Table { rows, .. } if !interrupts => {
                rows.push(table::cells(ln.rest()));
                true
            }
            _ => false,
        }
    }

    /// Opens the block quotes and list items that start this line; true if an item was opened
    /// last (its text may begin with a task marker).
    fn open_containers(&mut self, ln: &mut Line) -> bool {
        let mut new_item = false;
        loop {
            match ln.start() {
                Start::Quote if self.tree.len() < MAX_DEPTH => {
                    ln.take_quote();
                    self.tree.push(Kind::Quote, MdTag::BlockQuote);
                    new_item = false;
                }
                Start::Item(m) => {
                    let same = matches!(self.tree.top(), Kind::List { marker, .. } if marker == m.kind);
                    if self.tree.len() + usize::from(!same) >= MAX_DEPTH {
                        break;
                    }
                    if !same {
                        let tag = m.start.map_or(MdTag::List, MdTag::OrderedList);
                        self.tree.push(Kind::List { marker: m.kind, loose: false }, tag);
                    }
                    ln.take_marker(&m);
                    self.tree.push(Kind::Item { indent: m.indent() }, MdTag::Item);
                    new_item = true;
                }
                _ => break,
            }
        }
        new_item
    }

    /// Starts the leaf block of a line whose containers are open.
    fn start_leaf(&mut self, mut ln: Line, new_item: bool) {
        match ln.start() {
            Start::Rule => self.tree.empty(MdTag::Rule),
            Start::Heading(level, text) => self.block(MdTag::Heading(level), text),
            Start::Fence(ch, len) => self.leaf = Leaf::Fence { ch, len, indent: ln.indent(), text: String::new() },
            _ if ln.indent() >= 4 => {
                ln.skip_indent(4);
                self.leaf = Leaf::Code { text: format!("{}\n", ln.rest()), blanks: 0 };
            }
            _ if ln.is_blank() => {}
            _ => {
                let text = ln.trimmed();
                let text = match (new_item, text.get(..4)) {
                    (true, Some("[ ] ")) => format!("☐ {}", &text[4..]),
                    (true, Some("[x] " | "[X] ")) => format!("☑ {}", &text[4..]),
                    _ => text.to_string(),
                };
                self.leaf = Leaf::Para(text);
            }
        }
    }

    /// Emits the open leaf, if any.
    fn close_leaf(&mut self) {
        match std::mem::replace(&mut self.leaf, Leaf::None) {
            Leaf::None => {}
            Leaf::Para(text) => self.block(MdTag::Paragraph, &text),
            Leaf::Fence { text, .. } | Leaf::Code { text, .. } => {
                self.tree.push(Kind::Leaf, MdTag::CodeBlock);
                if !text.is_empty() {
                    self.tree.text(text);
                }
                self.tree.pop();
            }
            Leaf::Table { aligns, rows } => table::emit(&mut self.tree, &aligns, rows),
        }
    }

    /// A paragraph or heading with inline content (an empty paragraph is dropped).
    fn block(&mut self, tag: MdTag, text: &str) {
        let text = text.trim_end();
        if text.is_empty() && tag == MdTag::Paragraph {
            return;
        }
        self.tree.push(Kind::Leaf, tag);
        self.tree.emit(inline::parse(text));
        self.tree.pop();
    }
}
