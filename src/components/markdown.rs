//! Renders the safe markdown tree of `core::markdown` into DOM nodes. Text only ever enters
//! the DOM as text nodes, and the only attributes set are fixed ones (href after the scheme
//! check, target, rel, class, start, and tabindex on scrollers).

use crate::core::markdown::{self, Align, MdNode, MdTag};
use crate::dom;
use web_sys::{Document, Element, Node};

/// Appends the DOM for `nodes` to `parent`. Depth is bounded by `markdown::MAX_DEPTH`, so the
/// recursion here is bounded too.
pub fn render_into(document: &Document, parent: &Node, nodes: &[MdNode]) {
    for node in nodes {
        match node {
            MdNode::Text(text) => {
                let _ = parent.append_child(&document.create_text_node(text));
            }
            MdNode::Element(tag, children) => {
                if let Some(el) = element_for(document, tag) {
                    // A code block is <pre><code>; a table sits in a scroller.
                    let (outer, inner): (Element, Element) = match tag {
                        MdTag::CodeBlock => match document.create_element("code") {
                            Ok(code) => {
                                // It may scroll sideways: keyboard users must reach it.
                                let _ = el.set_attribute("tabindex", "0");
                                let _ = el.append_child(&code);
                                (el.clone(), code)
                            }
                            Err(_) => (el.clone(), el),
                        },
                        MdTag::Table => match document.create_element("div") {
                            Ok(wrap) => {
                                wrap.set_class_name("qc-table-wrap");
                                // It may scroll sideways: keyboard users must reach it.
                                let _ = wrap.set_attribute("tabindex", "0");
                                let _ = wrap.append_child(&el);
                                (wrap, el)
                            }
                            Err(_) => (el.clone(), el),
                        },
                        _ => (el.clone(), el),
                    };
                    render_into(document, &inner, children);
                    let _ = parent.append_child(&outer);
                }
            }
        }
    }
}

fn element_for(document: &Document, tag: &MdTag) -> Option<Element> {
    let name = match tag {
        MdTag::Paragraph => "p",
        // Headings sit below the panel's own h2.
        MdTag::Heading(1) => "h3",
        MdTag::Heading(2) => "h4",
        MdTag::Heading(3) => "h5",
        MdTag::Heading(_) => "h6",
        MdTag::BlockQuote => "blockquote",
        MdTag::CodeBlock => "pre",
        MdTag::Code => "code",
        MdTag::List => "ul",
        MdTag::OrderedList(_) => "ol",
        MdTag::Item => "li",
        MdTag::Emphasis => "em",
        MdTag::Strong => "strong",
        MdTag::Strikethrough => "del",
        MdTag::Link(_) => "a",
        MdTag::Table => "table",
        MdTag::TableHead => "thead",
        MdTag::TableBody => "tbody",
        MdTag::TableRow => "tr",
        MdTag::TableCell { header: true, .. } => "th",
        MdTag::TableCell { header: false, .. } => "td",
        MdTag::LineBreak => "br",
        MdTag::Rule => "hr",
    };
    let el = document.create_element(name).ok()?;
    match tag {
        MdTag::Link(href) => {
            // `href` passed markdown::safe_href: http, https or mailto only.
            let _ = el.set_attribute("href", href);
            let _ = el.set_attribute("target", "_blank");
            let _ = el.set_attribute("rel", "noopener noreferrer");
        }
        MdTag::OrderedList(start) if *start != 1 => {
            let _ = el.set_attribute("start", &start.to_string());
        }
        MdTag::TableCell { align, .. } => match align {
            Align::Left => el.set_class_name("qc-left"),
            Align::Center => el.set_class_name("qc-center"),
            Align::Right => el.set_class_name("qc-right"),
            Align::None => {}
        },
        _ => {}
    }
    Some(el)
}

/// An assistant reply rendered as markdown into a `div.qc-md`: once, and again only if the
/// finished text changes (never per streamed token: a streaming reply is not shown this way).
pub fn markdown(text: impl Fn() -> String + 'static) -> Node {
    markdown_boxed(Box::new(text))
}

fn markdown_boxed(text: Box<dyn Fn() -> String>) -> Node {
    let container = dom::el("div").class("qc-md");
    let el = container.el().clone();
    dom::effect(Box::new(move || {
        let nodes = markdown::parse(&text());
        el.set_text_content(None);
        render_into(&dom::document(), &el, &nodes);
    }));
    container.into()
}
