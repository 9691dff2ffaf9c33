//! Assistant markdown → a small tree of safe nodes, which the browser shell turns into DOM with
//! text set as text. Model output is untrusted: raw HTML stays literal text, links keep only
//! `http`, `https` and `mailto`, images become links (no tracking pixels), and nesting is
//! capped so hostile input cannot exhaust the stack.

use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};

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
/// whitespace and control characters inside a scheme (`java\tscript:`), so those are removed
/// before the check; relative URLs and every other scheme are refused.
pub fn safe_href(url: &str) -> Option<String> {
    let cleaned: String = url.chars().filter(|c| !c.is_ascii_control() && !c.is_ascii_whitespace()).collect();
    let lower = cleaned.to_ascii_lowercase();
    let ok = ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p) && lower.len() > p.len());
    ok.then_some(cleaned)
}

/// An open element while the tree is built.
struct Open {
    tag: Option<MdTag>,
    children: Vec<MdNode>,
}

/// Builds the tree without recursion: a stack of open elements. Elements past `MAX_DEPTH`
/// (and refused links) are "transparent": their children go to the nearest kept ancestor.
struct Builder {
    stack: Vec<Open>,
    alignments: Vec<Align>,
    column: usize,
    in_head: bool,
}

impl Builder {
    fn new() -> Builder {
        Builder { stack: vec![Open { tag: None, children: Vec::new() }], alignments: Vec::new(), column: 0, in_head: false }
    }

    fn depth(&self) -> usize {
        self.stack.iter().filter(|o| o.tag.is_some()).count()
    }

    fn push(&mut self, tag: Option<MdTag>) {
        let tag = if self.depth() >= MAX_DEPTH { None } else { tag };
        self.stack.push(Open { tag, children: Vec::new() });
    }

    fn pop(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(open) = self.stack.pop() else { return };
        let node_children = open.children;
        let parent = match self.stack.last_mut() {
            Some(parent) => parent,
            None => return,
        };
        match open.tag {
            Some(tag) => parent.children.push(MdNode::Element(tag, node_children)),
            None => parent.children.extend(node_children),
        }
    }

    fn leaf(&mut self, node: MdNode) {
        if let Some(top) = self.stack.last_mut() {
            // Adjacent text merges, so a text node is never split needlessly.
            if let (MdNode::Text(new), Some(MdNode::Text(last))) = (&node, top.children.last_mut()) {
                last.push_str(new);
                return;
            }
            top.children.push(node);
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let md = match tag {
            Tag::Paragraph => Some(MdTag::Paragraph),
            Tag::Heading { level, .. } => Some(MdTag::Heading(level as u8)),
            Tag::BlockQuote(_) => Some(MdTag::BlockQuote),
            Tag::CodeBlock(_) => Some(MdTag::CodeBlock),
            Tag::List(Some(start)) => Some(MdTag::OrderedList(start)),
            Tag::List(None) => Some(MdTag::List),
            Tag::Item => Some(MdTag::Item),
            Tag::Emphasis => Some(MdTag::Emphasis),
            Tag::Strong => Some(MdTag::Strong),
            Tag::Strikethrough => Some(MdTag::Strikethrough),
            Tag::Link { dest_url, .. } => safe_href(&dest_url).map(MdTag::Link),
            Tag::Image { dest_url, .. } => {
                // An image is shown as a link to it (its alt text is the link text).
                safe_href(&dest_url).map(MdTag::Link)
            }
            Tag::Table(alignments) => {
                self.alignments = alignments
                    .iter()
                    .map(|a| match a {
                        Alignment::None => Align::None,
                        Alignment::Left => Align::Left,
                        Alignment::Center => Align::Center,
                        Alignment::Right => Align::Right,
                    })
                    .collect();
                Some(MdTag::Table)
            }
            Tag::TableHead => {
                self.in_head = true;
                self.column = 0;
                self.push(Some(MdTag::TableHead));
                Some(MdTag::TableRow)
            }
            Tag::TableRow => {
                self.column = 0;
                // Body rows go into one tbody, opened before the first of them.
                let in_body = self.stack.last().is_some_and(|o| o.tag == Some(MdTag::TableBody));
                if !in_body {
                    self.push(Some(MdTag::TableBody));
                }
                Some(MdTag::TableRow)
            }
            Tag::TableCell => {
                let align = self.alignments.get(self.column).copied().unwrap_or(Align::None);
                self.column += 1;
                Some(MdTag::TableCell { header: self.in_head, align })
            }
            // Footnotes, definition lists, metadata, HTML blocks, super/subscript: their
            // content is kept, the element is not.
            _ => None,
        };
        self.push(md);
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead => {
                self.pop(); // the row
                self.pop(); // thead
                self.in_head = false;
            }
            TagEnd::Table => {
                // Close a tbody left open by the rows.
                if self.stack.last().is_some_and(|o| o.tag == Some(MdTag::TableBody)) {
                    self.pop();
                }
                self.pop();
            }
            _ => self.pop(),
        }
    }

    fn finish(mut self) -> Vec<MdNode> {
        while self.stack.len() > 1 {
            self.pop();
        }
        self.stack.pop().map(|o| o.children).unwrap_or_default()
    }
}

/// Parses markdown into safe nodes.
pub fn parse(text: &str) -> Vec<MdNode> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut builder = Builder::new();
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => builder.start(tag),
            Event::End(tag) => builder.end(tag),
            Event::Text(t) => builder.leaf(MdNode::Text(t.into_string())),
            Event::Code(code) => builder.leaf(MdNode::Element(MdTag::Code, vec![MdNode::Text(code.into_string())])),
            // Raw HTML is shown as the text it is.
            Event::Html(html) | Event::InlineHtml(html) => builder.leaf(MdNode::Text(html.into_string())),
            Event::InlineMath(t) | Event::DisplayMath(t) => builder.leaf(MdNode::Text(t.into_string())),
            Event::FootnoteReference(name) => builder.leaf(MdNode::Text(format!("[{name}]"))),
            Event::SoftBreak => builder.leaf(MdNode::Text("\n".into())),
            Event::HardBreak => builder.leaf(MdNode::Element(MdTag::LineBreak, Vec::new())),
            Event::Rule => builder.leaf(MdNode::Element(MdTag::Rule, Vec::new())),
            Event::TaskListMarker(done) => builder.leaf(MdNode::Text(if done { "☑ " } else { "☐ " }.into())),
        }
    }
    builder.finish()
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

#[cfg(test)]
mod tests {
    use super::*;
    use MdNode::{Element as E, Text as T};

    fn t(s: &str) -> MdNode {
        T(s.into())
    }

    /// Every tag in a tree, depth first.
    fn tags(nodes: &[MdNode]) -> Vec<MdTag> {
        let mut out = Vec::new();
        let mut stack: Vec<&MdNode> = nodes.iter().collect();
        while let Some(n) = stack.pop() {
            if let E(tag, children) = n {
                out.push(tag.clone());
                stack.extend(children.iter());
            }
        }
        out
    }

    fn max_depth(nodes: &[MdNode]) -> usize {
        let mut best = 0;
        let mut stack: Vec<(&MdNode, usize)> = nodes.iter().map(|n| (n, 1)).collect();
        while let Some((n, d)) = stack.pop() {
            if let E(_, children) = n {
                best = best.max(d);
                stack.extend(children.iter().map(|c| (c, d + 1)));
            }
        }
        best
    }

    #[test]
    fn paragraphs_emphasis_and_inline_code() {
        assert_eq!(
            parse("Hello **bold** and *em* ~~gone~~ `x < y`\n\nSecond"),
            vec![
                E(
                    MdTag::Paragraph,
                    vec![
                        t("Hello "),
                        E(MdTag::Strong, vec![t("bold")]),
                        t(" and "),
                        E(MdTag::Emphasis, vec![t("em")]),
                        t(" "),
                        E(MdTag::Strikethrough, vec![t("gone")]),
                        t(" "),
                        E(MdTag::Code, vec![t("x < y")]),
                    ]
                ),
                E(MdTag::Paragraph, vec![t("Second")]),
            ]
        );
    }

    #[test]
    fn headings_quotes_rules_and_breaks() {
        let nodes = parse("# Title\n\n> quoted\n\n---\n\nline one  \nline two");
        assert_eq!(nodes[0], E(MdTag::Heading(1), vec![t("Title")]));
        assert_eq!(nodes[1], E(MdTag::BlockQuote, vec![E(MdTag::Paragraph, vec![t("quoted")])]));
        assert_eq!(nodes[2], E(MdTag::Rule, vec![]));
        assert_eq!(nodes[3], E(MdTag::Paragraph, vec![t("line one"), E(MdTag::LineBreak, vec![]), t("line two")]));
    }

    #[test]
    fn lists_nested_and_ordered() {
        let nodes = parse("3. three\n4. four\n   - nested\n");
        let E(MdTag::OrderedList(3), items) = &nodes[0] else { panic!("{nodes:?}") };
        assert_eq!(items.len(), 2);
        assert!(tags(&nodes).contains(&MdTag::List));
        assert_eq!(plain_text(&nodes), "threefournested");
    }

    #[test]
    fn fenced_and_indented_code_blocks_keep_their_text() {
        let nodes = parse("```rust\nfn main() { println!(\"<b>\"); }\n```\n\n    indented <i>\n");
        assert_eq!(nodes[0], E(MdTag::CodeBlock, vec![t("fn main() { println!(\"<b>\"); }\n")]));
        assert_eq!(nodes[1], E(MdTag::CodeBlock, vec![t("indented <i>\n")]));
    }

    #[test]
    fn tables_with_alignment_head_and_body() {
        let nodes = parse("| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |\n");
        let E(MdTag::Table, parts) = &nodes[0] else { panic!("{nodes:?}") };
        assert!(matches!(&parts[0], E(MdTag::TableHead, rows) if rows.len() == 1));
        let E(MdTag::TableBody, rows) = &parts[1] else { panic!("{parts:?}") };
        assert_eq!(rows.len(), 2);
        let E(MdTag::TableRow, cells) = &rows[0] else { panic!() };
        assert_eq!(cells[0], E(MdTag::TableCell { header: false, align: Align::Left }, vec![t("1")]));
        assert_eq!(cells[1], E(MdTag::TableCell { header: false, align: Align::Right }, vec![t("2")]));
        let E(MdTag::TableHead, head) = &parts[0] else { panic!() };
        let E(MdTag::TableRow, head_cells) = &head[0] else { panic!() };
        assert_eq!(head_cells[0], E(MdTag::TableCell { header: true, align: Align::Left }, vec![t("a")]));
    }

    #[test]
    fn links_keep_only_safe_schemes() {
        let nodes = parse("[site](https://quintus.tec.br) [mail](mailto:a@b.c) [rel](/path) <https://x.y/z>");
        let links: Vec<MdTag> = tags(&nodes).into_iter().filter(|t| matches!(t, MdTag::Link(_))).collect();
        assert_eq!(
            links.iter().map(|l| match l { MdTag::Link(h) => h.as_str(), _ => "" }).collect::<Vec<_>>().len(),
            3
        );
        assert!(links.contains(&MdTag::Link("https://quintus.tec.br".into())));
        assert!(links.contains(&MdTag::Link("mailto:a@b.c".into())));
        assert!(links.contains(&MdTag::Link("https://x.y/z".into())));
        // The relative link's text stays, without an anchor.
        assert!(plain_text(&nodes).contains("rel"));
    }

    #[test]
    fn hostile_input_never_produces_unsafe_nodes() {
        let hostile = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "[x]( java\tscript:alert(1))",
            "[x](java\u{0}script:alert(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "[x](vbscript:msgbox(1))",
            "<javascript:alert(1)>",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "![img](http://t/x.png)",
            "![img](javascript:alert(1))",
            "&lt;script&gt; &#106;avascript:",
            "<a href=\"javascript:alert(1)\">a</a>",
            "<iframe src=x></iframe>\n\n<style>*{display:none}</style>",
        ];
        for input in hostile {
            let nodes = parse(input);
            for tag in tags(&nodes) {
                if let MdTag::Link(href) = &tag {
                    let lower = href.to_ascii_lowercase();
                    assert!(lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"), "{input}: {href}");
                }
            }
        }
        // Raw HTML shows as its text.
        assert_eq!(plain_text(&parse("<script>alert(1)</script>")), "<script>alert(1)</script>");
        assert!(plain_text(&parse("hi <img src=x onerror=alert(1)> there")).contains("<img src=x onerror=alert(1)>"));
        // An image becomes a link with its alt text.
        assert_eq!(tags(&parse("![img](http://t/x.png)")), [MdTag::Paragraph, MdTag::Link("http://t/x.png".into())]);
    }

    #[test]
    fn safe_href_rules() {
        assert_eq!(safe_href(" https://a.b/c "), Some("https://a.b/c".into()));
        assert_eq!(safe_href("HTTPS://A.B"), Some("HTTPS://A.B".into()));
        assert_eq!(safe_href("java\nscript:alert(1)"), None);
        assert_eq!(safe_href("//evil.example"), None);
        assert_eq!(safe_href("https://"), None);
        assert_eq!(safe_href("ftp://x"), None);
        assert_eq!(safe_href(""), None);
    }

    #[test]
    fn deep_nesting_is_capped_and_long_input_is_fine() {
        let quotes = ">".repeat(10_000) + " deep";
        let nodes = parse(&quotes);
        assert!(max_depth(&nodes) <= MAX_DEPTH);
        assert!(plain_text(&nodes).contains("deep"));

        let mut lists = String::new();
        for i in 0..2_000 {
            lists.push_str(&"  ".repeat(i));
            lists.push_str("- item\n");
        }
        assert!(max_depth(&parse(&lists)) <= MAX_DEPTH);

        let long = "word **bold** [l](https://x.y) `c`\n\n".repeat(6_000);
        assert!(long.len() > 200_000);
        let nodes = parse(&long);
        assert_eq!(nodes.len(), 6_000);
    }
}
