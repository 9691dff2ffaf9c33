//! Assistant markdown → a small tree of safe nodes, which the browser shell turns into DOM with
//! text set as text. Model output is untrusted: raw HTML stays literal text, links keep only
//! `http`, `https` and `mailto`, images become links (no tracking pixels), and nesting is
//! capped so hostile input cannot exhaust the stack.
//!
//! Our own compact parser for the CommonMark + GFM subset that chat models write (paragraphs,
//! headings, rules, quotes, lists, code blocks, tables, emphasis, code, links, reference links
//! and citations, autolinks), checked against the spec examples (`tests_spec`). `block` finds
//! the block structure line by line, `inline` the spans inside each paragraph, heading or cell;
//! `tree` builds the result without recursion. Every scan is bounded or remembered when it fails,
//! so parsing is linear in the input (see `examples/markdown_bench.rs`).
//!
//! Where it differs from CommonMark/GFM on purpose: raw HTML is shown as its text (a tag as one
//! unit, so markdown inside its attributes is not applied); images are links showing their alt
//! text; only http, https and mailto links; a single `~` is no strikethrough (it means "about");
//! `*`/`_` runs longer than 32 and backtick strings longer than 16 are literal; at most 16
//! openers wait for a closer (older ones become text), and emphasis does not close across an
//! unclosed `[`; link text that is empty shows the URL; containers nest at most `MAX_DEPTH` deep
//! (deeper `>` or list markers are text); table rows are padded within a budget.

mod block;
mod escape;
mod html;
mod inline;
mod line;
mod link;
mod refs;
mod table;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_hostile;
#[cfg(test)]
mod tests_reader;
#[cfg(test)]
mod tests_spec;
#[cfg(test)]
mod tests_spec_html;
mod tree;
mod unicode;

/// Deepest element nesting kept; deeper structure is flattened into its ancestor.
pub const MAX_DEPTH: usize = 24;

/// Column alignment of a table cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// No alignment given.
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

/// The elements the renderer may create; nothing else ever reaches the DOM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MdTag {
    /// `<p>`
    Paragraph,
    /// `<h1>`..`<h6>`, rendered one level down in the widget.
    Heading(u8),
    /// `<blockquote>`
    BlockQuote,
    /// `<pre><code>`: a code block.
    CodeBlock,
    /// `<code>`: inline code.
    Code,
    /// `<ul>`
    List,
    /// `<ol start=..>`
    OrderedList(u64),
    /// `<li>`
    Item,
    /// `<em>`
    Emphasis,
    /// `<strong>`
    Strong,
    /// `<del>`
    Strikethrough,
    /// `<a href>` with a checked URL.
    Link(String),
    /// `<table>`
    Table,
    /// `<thead>`
    TableHead,
    /// `<tbody>`
    TableBody,
    /// `<tr>`
    TableRow,
    /// `<th>` or `<td>`, with alignment.
    TableCell {
        /// In the head row.
        header: bool,
        /// Column alignment.
        align: Align,
    },
    /// `<br>`
    LineBreak,
    /// `<hr>`
    Rule,
}

/// A node of the rendered tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MdNode {
    /// Text, always inserted as a text node.
    Text(String),
    /// An element and its children.
    Element(MdTag, Vec<MdNode>),
}

/// The URL if it is safe to link to: `http:`, `https:` or `mailto:`. Browsers ignore ASCII
/// tabs and line breaks inside a scheme (`java\tscript:`), so control characters are removed
/// before the check, and spaces (allowed in `<a b>` destinations) are percent-encoded, as a
/// browser would; relative URLs and every other scheme are refused.
pub fn safe_href(url: &str) -> Option<String> {
    let cleaned: String = url.trim().chars().filter(|c| !c.is_ascii_control()).collect::<String>().replace(' ', "%20");
    let lower = cleaned.to_ascii_lowercase();
    let ok = ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p) && lower.len() > p.len());
    ok.then_some(cleaned)
}

/// Parses markdown into safe nodes. Never panics; linear in the input for practical purposes
/// (every line and every inline span is scanned a bounded number of times).
pub fn parse(text: &str) -> Vec<MdNode> {
    block::parse(text)
}

/// All text of a tree, in order (for tests and for announcing a reply).
pub fn plain_text(nodes: &[MdNode]) -> String {
    let mut out = String::new();
    let mut stack: Vec<&MdNode> = nodes.iter().rev().collect();
    while let Some(node) = stack.pop() {
        match node {
            MdNode::Text(t) => out.push_str(t),
            MdNode::Element(_, children) => stack.extend(children.iter().rev()),
        }
    }
    out
}

