//! Renders the safe markdown tree of `core::markdown` as a view. Text only ever enters the DOM
//! as text nodes, and the only attributes set are fixed ones (href after the scheme check,
//! target, rel, class, start, and tabindex on scrollers).

use crate::core::markdown::{self, Align, MdNode, MdTag};
use leptos::prelude::*;

/// An assistant reply rendered as markdown into a `div.qc-md`: once, and again only if the
/// text changes (a reply is shown this way once it is complete, never per streamed token).
#[component]
pub fn Markdown(
    /// The markdown source.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    view! { <div class="qc-md">{move || nodes(markdown::parse(&text.get()))}</div> }
}

/// The views of `nodes`, in order. Depth is bounded by `markdown::MAX_DEPTH`, so the recursion
/// here is bounded too.
fn nodes(nodes: Vec<MdNode>) -> Vec<AnyView> {
    nodes.into_iter().map(node).collect()
}

fn node(node: MdNode) -> AnyView {
    let (tag, children) = match node {
        MdNode::Text(text) => return text.into_any(),
        MdNode::Element(tag, children) => (tag, nodes(children)),
    };
    match tag {
        MdTag::Paragraph => view! { <p>{children}</p> }.into_any(),
        // Headings sit below the panel's own h2.
        MdTag::Heading(1) => view! { <h3>{children}</h3> }.into_any(),
        MdTag::Heading(2) => view! { <h4>{children}</h4> }.into_any(),
        MdTag::Heading(3) => view! { <h5>{children}</h5> }.into_any(),
        MdTag::Heading(_) => view! { <h6>{children}</h6> }.into_any(),
        MdTag::BlockQuote => view! { <blockquote>{children}</blockquote> }.into_any(),
        // It may scroll sideways: keyboard users must reach it.
        MdTag::CodeBlock => view! { <pre tabindex="0"><code>{children}</code></pre> }.into_any(),
        MdTag::Code => view! { <code>{children}</code> }.into_any(),
        MdTag::List => view! { <ul>{children}</ul> }.into_any(),
        MdTag::OrderedList(start) => {
            let start = (start != 1).then(|| start.to_string());
            view! { <ol start=start>{children}</ol> }.into_any()
        }
        MdTag::Item => view! { <li>{children}</li> }.into_any(),
        MdTag::Emphasis => view! { <em>{children}</em> }.into_any(),
        MdTag::Strong => view! { <strong>{children}</strong> }.into_any(),
        MdTag::Strikethrough => view! { <del>{children}</del> }.into_any(),
        // `href` passed markdown::safe_href: http, https or mailto only.
        MdTag::Link(href) => view! { <a href=href target="_blank" rel="noopener noreferrer">{children}</a> }.into_any(),
        // It may scroll sideways: keyboard users must reach it.
        MdTag::Table => view! {
            <div class="qc-table-wrap" tabindex="0">
                <table>{children}</table>
            </div>
        }
        .into_any(),
        MdTag::TableHead => view! { <thead>{children}</thead> }.into_any(),
        MdTag::TableBody => view! { <tbody>{children}</tbody> }.into_any(),
        MdTag::TableRow => view! { <tr>{children}</tr> }.into_any(),
        MdTag::TableCell { header: true, align } => view! { <th class=align_class(align)>{children}</th> }.into_any(),
        MdTag::TableCell { header: false, align } => view! { <td class=align_class(align)>{children}</td> }.into_any(),
        MdTag::LineBreak => view! { <br /> }.into_any(),
        MdTag::Rule => view! { <hr /> }.into_any(),
    }
}

/// A table cell's class for its column's alignment; none when the column has none.
fn align_class(align: Align) -> Option<&'static str> {
    match align {
        Align::Left => Some("qc-left"),
        Align::Center => Some("qc-center"),
        Align::Right => Some("qc-right"),
        Align::None => None,
    }
}
