//! The parser's behaviour on everyday replies, and its safety rules.

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
