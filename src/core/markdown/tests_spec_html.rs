//! What a reader sees, as one comparable string: element names, the attributes that matter
//! (`href`, `start`, `align`) and text, with whitespace collapsed the way a browser shows it
//! (kept inside `<pre>`). Both sides of the spec test go through `normalise`: our tree via
//! `from_tree`, the spec's expected HTML via `from_html`, which also applies the widget's
//! policy (raw HTML as text, images as links, only http/https/mailto links).
//!
//! The expected side is cmark's own serialiser output (tags, double-quoted attributes, `&lt;
//! &gt; &amp; &quot;` in text), so a small tokenizer reads it exactly; an HTML5 tokenizer crate
//! (html5ever) would add a dozen crates to the native test build for the same result.

use super::{safe_href, Align, MdNode, MdTag};

/// One token of the normalised form.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Open(String, Vec<(String, String)>),
    Close(String),
    Text(String),
}

const BLOCKS: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "li", "table", "thead", "tbody", "tr",
    "th", "td", "hr", "br",
];
/// Elements markdown itself produces (anything else in the expected HTML is raw HTML).
const MARKDOWN: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "ul", "ol", "li", "em", "strong", "del",
    "a", "img", "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "input",
];
const VOID: &[&str] = &["hr", "br", "img", "input"];

/// Our tree as tokens.
pub(super) fn from_tree(nodes: &[MdNode]) -> Vec<Tok> {
    let mut out = Vec::new();
    // An explicit stack: (node, closing tag names to emit after its children).
    enum Step<'a> {
        Node(&'a MdNode),
        Close(&'static str),
    }
    let mut stack: Vec<Step> = nodes.iter().rev().map(Step::Node).collect();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Close(name) => {
                out.push(Tok::Close(name.into()));
                continue;
            }
            Step::Node(node) => node,
        };
        let (tag, children) = match node {
            MdNode::Text(t) => {
                out.push(Tok::Text(t.clone()));
                continue;
            }
            MdNode::Element(tag, children) => (tag, children),
        };
        let (name, attrs): (&'static str, Vec<(String, String)>) = match tag {
            MdTag::Paragraph => ("p", vec![]),
            MdTag::Heading(l) => (["h1", "h2", "h3", "h4", "h5", "h6"][usize::from(l.clamp(&1, &6) - 1)], vec![]),
            MdTag::BlockQuote => ("blockquote", vec![]),
            MdTag::CodeBlock => {
                out.push(Tok::Open("pre".into(), vec![]));
                stack.push(Step::Close("pre"));
                ("code", vec![])
            }
            MdTag::Code => ("code", vec![]),
            MdTag::List => ("ul", vec![]),
            MdTag::OrderedList(n) => ("ol", if *n == 1 { vec![] } else { vec![("start".into(), n.to_string())] }),
            MdTag::Item => ("li", vec![]),
            MdTag::Emphasis => ("em", vec![]),
            MdTag::Strong => ("strong", vec![]),
            MdTag::Strikethrough => ("del", vec![]),
            MdTag::Link(href) => ("a", vec![("href".into(), percent_encode(href))]),
            MdTag::Table => ("table", vec![]),
            MdTag::TableHead => ("thead", vec![]),
            MdTag::TableBody => ("tbody", vec![]),
            MdTag::TableRow => ("tr", vec![]),
            MdTag::TableCell { header, align } => {
                let align = match align {
                    Align::None => vec![],
                    Align::Left => vec![("align".into(), "left".into())],
                    Align::Center => vec![("align".into(), "center".into())],
                    Align::Right => vec![("align".into(), "right".into())],
                };
                (if *header { "th" } else { "td" }, align)
            }
            MdTag::LineBreak => ("br", vec![]),
            MdTag::Rule => ("hr", vec![]),
        };
        out.push(Tok::Open(name.into(), attrs));
        if !VOID.contains(&name) {
            stack.push(Step::Close(name));
        }
        stack.extend(children.iter().rev().map(Step::Node));
    }
    out
}

/// cmark's percent-encoding of an href (a browser does the same before following it).
fn percent_encode(href: &str) -> String {
    let mut out = String::new();
    for b in href.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.+!*'(),%#@?=;:/,+&$~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The spec's expected HTML as tokens, with the widget's policy applied. `markdown` is the
/// example's input: a tag whose exact text appears in it was written as raw HTML.
pub(super) fn from_html(html: &str, markdown: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    // Open elements replaced by policy (unsafe links, raw tags) must drop their closing tag too.
    let mut dropped: Vec<String> = Vec::new();
    let mut open: Vec<String> = Vec::new();
    // Raw HTML outside any paragraph (an HTML block) is shown as a paragraph of its text.
    let mut raw_para = false;
    let raw_text = |out: &mut Vec<Tok>, open: &Vec<String>, raw_para: &mut bool, text: &str| {
        if !*raw_para && open.last().is_none_or(|o| o == "blockquote") {
            out.push(Tok::Open("p".into(), vec![]));
            *raw_para = true;
        }
        out.push(Tok::Text(text.into()));
    };
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Tok::Text(decode(rest)));
            break;
        };
        if lt > 0 {
            out.push(Tok::Text(decode(&rest[..lt])));
            rest = &rest[lt..];
        }
        let len = markup_len(rest);
        let raw = &rest[..len];
        rest = &rest[len..];
        let Some((closing, name, attrs)) = parse_tag(raw) else {
            // Comments, declarations, processing instructions: raw HTML.
            raw_text(&mut out, &open, &mut raw_para, raw);
            continue;
        };
        // Raw HTML is shown as its text (policy). A markdown-made tag never appears verbatim in
        // the input, except tags like `<em>` that a writer could type, hence the check.
        if !MARKDOWN.contains(&name.as_str()) || markdown.contains(raw) {
            raw_text(&mut out, &open, &mut raw_para, raw);
            if !closing {
                dropped.push(name);
            } else if let Some(i) = dropped.iter().rposition(|d| *d == name) {
                dropped.remove(i);
            }
            continue;
        }
        if raw_para && BLOCKS.contains(&name.as_str()) {
            out.push(Tok::Close("p".into()));
            raw_para = false;
        }
        if closing {
            // Without an open element of that name, it was replaced by its text.
            if let Some(i) = open.iter().rposition(|o| *o == name) {
                open.truncate(i);
                out.push(Tok::Close(name));
            }
            continue;
        }
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        match name.as_str() {
            // Policy: a link only to a safe URL; otherwise just its text.
            "a" => {
                if let Some(href) = attr("href").and_then(|h| safe_href(&h)) {
                    out.push(Tok::Open("a".into(), vec![("href".into(), href)]));
                    open.push(name);
                }
            }
            // Policy: an image is a link showing its alt text (the URL when there is none).
            "img" => {
                let alt = attr("alt").unwrap_or_default();
                match attr("src").and_then(|s| safe_href(&s)) {
                    Some(src) => {
                        let text = if alt.is_empty() { src.clone() } else { alt };
                        out.push(Tok::Open("a".into(), vec![("href".into(), src)]));
                        out.push(Tok::Text(text));
                        out.push(Tok::Close("a".into()));
                    }
                    None => out.push(Tok::Text(alt)),
                }
            }
            // Policy: task list checkboxes are the characters ☐ and ☑.
            "input" => out.push(Tok::Text(if attr("checked").is_some() { "☑" } else { "☐" }.into())),
            _ => {
                let keep: &[&str] = match name.as_str() {
                    "ol" => &["start"],
                    "th" | "td" => &["align"],
                    _ => &[],
                };
                let attrs = attrs.into_iter().filter(|(k, _)| keep.contains(&k.as_str())).collect();
                out.push(Tok::Open(name.clone(), attrs));
                if !VOID.contains(&name.as_str()) {
                    open.push(name);
                }
            }
        }
    }
    if raw_para {
        out.push(Tok::Close("p".into()));
    }
    out
}

/// Bytes of the markup at the start of `s` (which starts with `<`), quotes respected.
fn markup_len(s: &str) -> usize {
    // The shortest comments, which hold no `-->` of their own.
    for empty in ["<!-->", "<!--->"] {
        if s.starts_with(empty) {
            return empty.len();
        }
    }
    for (open, close) in [("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>")] {
        if let Some(rest) = s.strip_prefix(open) {
            return rest.find(close).map_or(s.len(), |i| open.len() + i + close.len());
        }
    }
    let b = s.as_bytes();
    let mut quote = None;
    for (i, &c) in b.iter().enumerate().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Attribute names and values.
type Attrs = Vec<(String, String)>;

/// `(closing, name, attributes)` of a tag; `None` for other markup.
fn parse_tag(raw: &str) -> Option<(bool, String, Attrs)> {
    let inner = raw.strip_prefix('<')?.strip_suffix('>')?;
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(i) => (true, i),
        None => (false, inner),
    };
    let name_len = inner.find(|c: char| !c.is_ascii_alphanumeric() && c != '-').unwrap_or(inner.len());
    if name_len == 0 || !inner.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let name = inner[..name_len].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = inner[name_len..].trim_start();
    while !rest.is_empty() {
        let key_len = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let key = rest[..key_len].to_ascii_lowercase();
        rest = rest[key_len..].trim_start();
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let (v, after) = match r.as_bytes().first() {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = r[1..].find(char::from(q)).map_or(r.len(), |i| i + 1);
                    (&r[1..end], r.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = r.find(char::is_whitespace).unwrap_or(r.len());
                    (&r[..end], &r[end..])
                }
            };
            value = decode(v);
            rest = after.trim_start();
        }
        attrs.push((key, value));
    }
    Some((closing, name, attrs))
}

/// Text of cmark's output: only these four are escaped.
fn decode(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

/// Tokens as one string: adjacent text merged, whitespace collapsed outside `<pre>` and
/// trimmed at block boundaries (where a browser does not show it).
pub(super) fn normalise(tokens: Vec<Tok>) -> String {
    let mut merged: Vec<Tok> = Vec::new();
    for tok in tokens {
        match (tok, merged.last_mut()) {
            (Tok::Text(t), Some(Tok::Text(last))) => last.push_str(&t),
            (Tok::Text(t), _) if t.is_empty() => {}
            (tok, _) => merged.push(tok),
        }
    }
    let is_block = |t: Option<&Tok>| match t {
        None => true,
        Some(Tok::Open(n, _) | Tok::Close(n)) => BLOCKS.contains(&n.as_str()),
        Some(Tok::Text(_)) => false,
    };
    let mut out = String::new();
    let mut pre = 0usize;
    for (i, tok) in merged.iter().enumerate() {
        match tok {
            Tok::Open(name, attrs) => {
                pre += usize::from(name == "pre");
                out.push('<');
                out.push_str(name);
                for (k, v) in attrs {
                    out.push_str(&format!(" {k}=\"{v}\""));
                }
                out.push('>');
            }
            Tok::Close(name) => {
                pre -= usize::from(name == "pre" && pre > 0);
                out.push_str(&format!("</{name}>"));
            }
            Tok::Text(t) => {
                let mut text = if pre > 0 {
                    t.clone()
                } else {
                    let collapsed: Vec<&str> = t.split([' ', '\t', '\n', '\r']).collect();
                    let mut s = collapsed.iter().filter(|w| !w.is_empty()).copied().collect::<Vec<_>>().join(" ");
                    if t.starts_with([' ', '\t', '\n', '\r']) && !is_block(i.checked_sub(1).and_then(|j| merged.get(j))) {
                        s.insert(0, ' ');
                    }
                    if t.ends_with([' ', '\t', '\n', '\r']) && !is_block(merged.get(i + 1)) && !s.is_empty() {
                        s.push(' ');
                    }
                    s
                };
                if text == " " && is_block(merged.get(i + 1)) {
                    text.clear();
                }
                out.push_str(&text.replace('&', "&amp;").replace('<', "&lt;"));
            }
        }
    }
    out
}
