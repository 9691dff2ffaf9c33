//! Block structure, one line at a time: the open containers (block quotes, lists, items) live
//! on the tree's stack, the open leaf (paragraph, code block, table) here. Each line first
//! continues the containers it can, then opens new ones, then feeds or starts a leaf. The
//! number of open containers is capped, so every line costs O(its length + MAX_DEPTH).

use super::line::{lines, Line, Start};
use super::refs::{strip_definitions, Refs};
use super::tree::{Kind, Tree};
use super::{inline, table, Align, MdNode, MdTag, MAX_DEPTH};

/// The leaf block being filled.
enum Leaf {
    None,
    /// Paragraph lines, joined by `\n`, indentation removed (trailing spaces kept for breaks).
    Para(String),
    /// A fenced code block: fence character and length, the fence's indentation, the text.
    Fence { ch: u8, len: usize, indent: usize, text: String },
    /// An indented code block and the blank lines not yet known to belong to it (with what
    /// they hold past the indentation).
    Code { text: String, blanks: String },
    /// A table: column alignments and rows of cells (the first row is the head).
    Table { aligns: Vec<Align>, rows: Vec<Vec<String>> },
}

struct Blocks {
    tree: Tree,
    leaf: Leaf,
    /// The previous line was blank: the number of open elements below the lists and items it
    /// ended (see `blank_line`; a blank line inside a quote in an item does not loosen the
    /// item's list).
    blank: Option<usize>,
    /// An item opened on the previous line with nothing after its marker (`tree.len()` then):
    /// it ends at a blank line.
    empty_item: Option<usize>,
    /// The reply's link reference definitions.
    refs: Refs,
    /// The first pass: only collect definitions, build nothing inline.
    collecting: bool,
}

/// Parses a document into nodes: a first pass collects the link reference definitions (a
/// citation may come before its definition), the second renders. Both are linear.
pub(super) fn parse(text: &str) -> Vec<MdNode> {
    let mut refs = Refs::default();
    if text.contains("]:") {
        refs = run(text, refs, true).refs.finish();
    }
    run(text, refs, false).tree.finish()
}

fn run(text: &str, refs: Refs, collecting: bool) -> Blocks {
    let mut blocks = Blocks { tree: Tree::new(), leaf: Leaf::None, blank: None, empty_item: None, refs, collecting };
    for line in lines(text) {
        blocks.line(line);
    }
    blocks.close_leaf();
    blocks
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
        let pending = matches!(self.tree.kind(matched - 1), Kind::List { .. });
        if pending {
            matched -= 1;
        }
        let all = matched == open;

        if all && self.code_line(&mut ln) {
            return;
        }
        let empty_item = self.empty_item.take();
        if ln.is_blank() {
            self.close_leaf();
            // An item may start with at most one blank line: an empty one ends here.
            let keep = if empty_item == Some(open) && matched == open { matched - 1 } else { matched };
            self.tree.truncate(keep);
            self.blank_line();
            return;
        }
        // The previous line was blank at this level or an outer one.
        let blank_at = self.blank.take();
        let was_blank = |level: usize| blank_at.is_some_and(|b| b <= level + 1);

        let start = ln.start();
        let continues_list = match (&start, self.tree.kind(matched)) {
            (Start::Item(m), Kind::List { marker, .. }) => pending && m.kind == marker,
            _ => false,
        };
        let interrupts = match &start {
            Start::None => false,
            // Only a non-empty bullet or `1.` may start a list inside a paragraph (when the
            // paragraph's containers all continue; otherwise the item is no continuation).
            Start::Item(m) => !all || continues_list || (!m.empty && m.start.is_none_or(|n| n == 1)),
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
            if was_blank(matched + 1) {
                self.tree.loosen(matched);
            }
        } else {
            self.tree.truncate(matched);
            if was_blank(self.tree.len() - 1) && matches!(self.tree.top(), Kind::Item { .. }) {
                // A blank line between two blocks of one item.
                self.tree.loosen(self.tree.len() - 2);
            }
        }
        let new_item = self.open_containers(&mut ln);
        if new_item && ln.is_blank() {
            self.empty_item = Some(self.tree.len());
        }
        self.start_leaf(ln, new_item);
    }

    /// Records a blank line. It counts for every list and item it ends (a blank line at the
    /// end of a nested item separates the outer item's blocks too), but not past a quote.
    fn blank_line(&mut self) {
        let mut level = self.tree.len();
        while level > 1 && matches!(self.tree.kind(level - 1), Kind::List { .. } | Kind::Item { .. }) {
            level -= 1;
        }
        self.blank = Some(self.blank.map_or(level, |b| b.min(level)));
    }

    /// Feeds a line to an open code block; false when the line is not code.
    fn code_line(&mut self, ln: &mut Line) -> bool {
        match &mut self.leaf {
            Leaf::Fence { ch, len, indent, text } => {
                if ln.closes_fence(*ch, *len) {
                    self.close_leaf();
                } else {
                    ln.skip_indent(*indent);
                    ln.push_rest(text);
                    text.push('\n');
                }
                true
            }
            Leaf::Code { text, blanks } => {
                if ln.is_blank() {
                    ln.skip_indent(4);
                    ln.push_rest(blanks);
                    blanks.push('\n');
                    self.blank_line();
                    return true;
                }
                if ln.indent() < 4 {
                    return false;
                }
                ln.skip_indent(4);
                text.push_str(&std::mem::take(blanks));
                ln.push_rest(text);
                text.push('\n');
                self.blank = None;
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
                    let rest = strip_definitions(&text, if self.collecting { Some(&mut self.refs) } else { None });
                    if rest.trim().is_empty() {
                        // Only definitions: the underline is paragraph text.
                        self.leaf = Leaf::Para(format!("{text}\n{}", ln.trimmed()));
                        return true;
                    }
                    self.block(MdTag::Heading(level), rest);
                    return true;
                }
                let Some(aligns) = table::delimiter_row(ln.rest()) else { return false };
                let split = text.rfind('\n').map_or(0, |i| i + 1);
                let head = table::cells(&text[split..]);
                if head.len() != aligns.len() {
                    return false;
                }
                let before = text[..split].to_string();
                self.leaf = Leaf::Para(before);
                self.close_leaf();
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
                let mut text = String::new();
                ln.push_rest(&mut text);
                text.push('\n');
                self.leaf = Leaf::Code { text, blanks: String::new() };
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
            Leaf::Para(text) => {
                let rest = strip_definitions(&text, if self.collecting { Some(&mut self.refs) } else { None });
                self.block(MdTag::Paragraph, rest);
            }
            Leaf::Fence { text, .. } | Leaf::Code { text, .. } => {
                self.tree.push(Kind::Leaf, MdTag::CodeBlock);
                if !text.is_empty() {
                    self.tree.text(text);
                }
                self.tree.pop();
            }
            Leaf::Table { .. } if self.collecting => {}
            Leaf::Table { aligns, rows } => table::emit(&mut self.tree, &aligns, rows, &self.refs),
        }
    }

    /// A paragraph or heading with inline content (an empty paragraph is dropped).
    fn block(&mut self, tag: MdTag, text: &str) {
        let text = text.trim_end();
        if (text.is_empty() && tag == MdTag::Paragraph) || self.collecting {
            return;
        }
        self.tree.push(Kind::Leaf, tag);
        self.tree.emit(inline::parse(text, &self.refs));
        self.tree.pop();
    }
}
