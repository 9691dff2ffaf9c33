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

fn p(children: Vec<MdNode>) -> MdNode {
    E(MdTag::Paragraph, children)
}

fn link(href: &str, text: &str) -> MdNode {
    E(MdTag::Link(href.into()), vec![t(text)])
}

#[test]
fn setext_and_atx_headings() {
    assert_eq!(parse("Title\n=====\n\nSub\n---"), vec![E(MdTag::Heading(1), vec![t("Title")]), E(MdTag::Heading(2), vec![t("Sub")])]);
    assert_eq!(parse("### Three ###\n####### seven"), vec![E(MdTag::Heading(3), vec![t("Three")]), p(vec![t("####### seven")])]);
    assert_eq!(parse("#hashtag"), vec![p(vec![t("#hashtag")])]);
    // A heading interrupts a paragraph; `***` is a rule, not emphasis.
    assert_eq!(parse("text\n## Head\n***"), vec![p(vec![t("text")]), E(MdTag::Heading(2), vec![t("Head")]), E(MdTag::Rule, vec![])]);
}

#[test]
fn quotes_nest_and_continue_lazily() {
    let quote = |c| E(MdTag::BlockQuote, c);
    assert_eq!(parse("> one\ntwo\n> > inner\n\nafter"), vec![quote(vec![p(vec![t("one\ntwo")]), quote(vec![p(vec![t("inner")])])]), p(vec![t("after")])]);
    assert_eq!(parse("> a\n>\n> b"), vec![quote(vec![p(vec![t("a")]), p(vec![t("b")])])]);
}

#[test]
fn tight_lists_hold_text_and_loose_lists_paragraphs() {
    let item = |c| E(MdTag::Item, c);
    assert_eq!(parse("- a\n- b"), vec![E(MdTag::List, vec![item(vec![t("a")]), item(vec![t("b")])])]);
    assert_eq!(parse("- a\n\n- b"), vec![E(MdTag::List, vec![item(vec![p(vec![t("a")])]), item(vec![p(vec![t("b")])])])]);
    // A blank line inside the nested list loosens only that list.
    assert_eq!(
        parse("1) x\n   + a\n\n   + b\n2) y"),
        vec![E(
            MdTag::OrderedList(1),
            vec![
                item(vec![t("x"), E(MdTag::List, vec![item(vec![p(vec![t("a")])]), item(vec![p(vec![t("b")])])])]),
                item(vec![t("y")])
            ]
        )]
    );
    // A paragraph after a blank line inside an item loosens its list.
    assert_eq!(parse("- a\n\n  more"), vec![E(MdTag::List, vec![item(vec![p(vec![t("a")]), p(vec![t("more")])])])]);
    // Changing the bullet starts a new list; lazy lines continue the item's paragraph.
    assert_eq!(parse("- a\nlazy\n* b"), vec![E(MdTag::List, vec![item(vec![t("a\nlazy")])]), E(MdTag::List, vec![item(vec![t("b")])])]);
    // Only `1.` may start a list inside a paragraph.
    assert_eq!(parse("In\n2024. a year"), vec![p(vec![t("In\n2024. a year")])]);
    assert_eq!(parse("Steps:\n1. one"), vec![p(vec![t("Steps:")]), E(MdTag::OrderedList(1), vec![item(vec![t("one")])])]);
    assert_eq!(parse("- [x] done\n- [ ] to do"), vec![E(MdTag::List, vec![item(vec![t("☑ done")]), item(vec![t("☐ to do")])])]);
}

#[test]
fn code_blocks_fenced_unterminated_and_in_lists() {
    let code = |s: &str| E(MdTag::CodeBlock, vec![t(s)]);
    // While a reply streams, an open fence runs to the end.
    assert_eq!(parse("```py\nx = 1\n\ny = *2*"), vec![code("x = 1\n\ny = *2*\n")]);
    assert_eq!(parse("~~~\n```\n~~~~\nafter"), vec![code("```\n"), p(vec![t("after")])]);
    assert_eq!(parse("```\n```"), vec![E(MdTag::CodeBlock, vec![])]);
    assert_eq!(
        parse("1. run:\n   ```\n   cargo test\n   ```\n2. done"),
        vec![E(MdTag::OrderedList(1), vec![E(MdTag::Item, vec![t("run:"), code("cargo test\n")]), E(MdTag::Item, vec![t("done")])])]
    );
    assert_eq!(parse("    a\n\n\n    b\n\n"), vec![code("a\n\n\nb\n")]);
    // Indented text continues a paragraph rather than starting code.
    assert_eq!(parse("para\n    more"), vec![p(vec![t("para\nmore")])]);
}

#[test]
fn tables_pad_short_rows_and_drop_extra_cells() {
    let cell = |header, s: &str| E(MdTag::TableCell { header, align: Align::Center }, if s.is_empty() { vec![] } else { vec![t(s)] });
    let row = |c| E(MdTag::TableRow, c);
    assert_eq!(
        parse("Intro\n| a | b |\n|:-:|:-:|\n| 1 |\n| 2 | 3 | 4 |\n| x \\| y | `c|d` |\n\nafter"),
        vec![
            p(vec![t("Intro")]),
            E(
                MdTag::Table,
                vec![
                    E(MdTag::TableHead, vec![row(vec![cell(true, "a"), cell(true, "b")])]),
                    E(
                        MdTag::TableBody,
                        vec![
                            row(vec![cell(false, "1"), cell(false, "")]),
                            row(vec![cell(false, "2"), cell(false, "3")]),
                            row(vec![cell(false, "x | y"), cell(false, "`c")]),
                        ]
                    ),
                ]
            ),
            p(vec![t("after")]),
        ]
    );
    // A head whose width differs from the alignment row is no table.
    assert_eq!(tags(&parse("| a | b |\n|---|\n")), [MdTag::Paragraph]);
    // A table without body rows has no tbody.
    assert_eq!(tags(&parse("a|b\n-|-")).iter().filter(|t| **t == MdTag::TableBody).count(), 0);
}

#[test]
fn emphasis_pairs_and_literal_leftovers() {
    let em = |c| E(MdTag::Emphasis, c);
    let strong = |c| E(MdTag::Strong, c);
    assert_eq!(parse("_a_ __b__ ***c***"), vec![p(vec![em(vec![t("a")]), t(" "), strong(vec![t("b")]), t(" "), em(vec![strong(vec![t("c")])])])]);
    assert_eq!(parse("*a **b** c*"), vec![p(vec![em(vec![t("a "), strong(vec![t("b")]), t(" c")])])]);
    assert_eq!(parse("*foo**bar**baz*"), vec![p(vec![em(vec![t("foo"), strong(vec![t("bar")]), t("baz")])])]);
    // Unclosed delimiters (a reply cut mid-stream) stay as text.
    assert_eq!(parse("**bold and *more"), vec![p(vec![t("**bold and *more")])]);
    assert_eq!(parse("snake_case_name and 2 * 3 * 4"), vec![p(vec![t("snake_case_name and 2 * 3 * 4")])]);
    assert_eq!(parse("~single~ ~~double~~"), vec![p(vec![t("~single~ "), E(MdTag::Strikethrough, vec![t("double")])])]);
    assert_eq!(parse("**a [b** c]"), vec![p(vec![t("**a [b** c]")])]);
}

#[test]
fn code_spans_take_any_backtick_length() {
    let code = |s: &str| E(MdTag::Code, vec![t(s)]);
    assert_eq!(parse("`` a ` b `` and ` `` `"), vec![p(vec![code("a ` b"), t(" and "), code("``")])]);
    assert_eq!(parse("`*not em*` ``unclosed"), vec![p(vec![code("*not em*"), t(" ``unclosed")])]);
    assert_eq!(parse("`a\nb`"), vec![p(vec![code("a b")])]);
}

#[test]
fn links_titles_images_and_nesting() {
    assert_eq!(parse("[a](https://x.y/p_(q) \"title\")"), vec![p(vec![link("https://x.y/p_(q)", "a")])]);
    assert_eq!(parse("[a](<https://x.y/a(b>)"), vec![p(vec![link("https://x.y/a(b", "a")])]);
    assert_eq!(parse("[**b**](https://x.y)"), vec![p(vec![E(MdTag::Link("https://x.y".into()), vec![E(MdTag::Strong, vec![t("b")])])])]);
    // The destination's escapes and references are resolved before the scheme check.
    assert_eq!(parse("[a](&#106;avascript:alert(1)) [b](https://x.y/\\_z)"), vec![p(vec![t("a "), link("https://x.y/_z", "b")])]);
    // A badge: the image inside the link becomes its alt text, so links never nest.
    assert_eq!(parse("[![CI](https://x.y/b.svg)](https://x.y)"), vec![p(vec![link("https://x.y", "CI")])]);
    assert_eq!(parse("[https://a.b](https://a.b)"), vec![p(vec![link("https://a.b", "https://a.b")])]);
    assert_eq!(parse("[a [b](https://b.c)](https://a.c)"), vec![p(vec![t("[a "), link("https://b.c", "b"), t("]("), link("https://a.c", "https://a.c"), t(")")])]);
    // Not links: a reference, a bracket without target, an empty target.
    assert_eq!(plain_text(&parse("[x][r] [y] [z]()")), "[x][r] [y] z");
    assert_eq!(parse("[](https://x.y)"), vec![p(vec![link("https://x.y", "https://x.y")])]);
}

#[test]
fn autolinks_and_bare_urls() {
    assert_eq!(parse("<https://x.y/z> <a@b.co>"), vec![p(vec![link("https://x.y/z", "https://x.y/z"), t(" "), link("mailto:a@b.co", "a@b.co")])]);
    assert_eq!(
        parse("See https://x.y/a_(b)). Or (http://q.r/s?t=1), not xhttp://n.o"),
        vec![p(vec![t("See "), link("https://x.y/a_(b)", "https://x.y/a_(b)"), t("). Or ("), link("http://q.r/s?t=1", "http://q.r/s?t=1"), t("), not xhttp://n.o")])]
    );
    assert_eq!(parse("**https://x.y**"), vec![p(vec![E(MdTag::Strong, vec![link("https://x.y", "https://x.y")])])]);
    // Unsafe autolinks keep their text only; tags that look like HTML stay literal.
    assert_eq!(parse("<javascript:alert(1)> <b>hi</b>"), vec![p(vec![t("javascript:alert(1) <b>hi</b>")])]);
}

#[test]
fn escapes_references_and_breaks() {
    assert_eq!(parse("\\*not em\\* \\a &amp; &lt;b&gt; &quot;&#39;&nbsp;&#x263A;&#0;&bogus; AT&T"), vec![p(vec![t("*not em* \\a & <b> \"'\u{a0}☺\u{fffd}&bogus; AT&T")])]);
    assert_eq!(parse("a\\\nb  \nc\nd"), vec![p(vec![t("a"), E(MdTag::LineBreak, vec![]), t("b"), E(MdTag::LineBreak, vec![]), t("c\nd")])]);
    // Trailing spaces at the end of a paragraph are no break.
    assert_eq!(parse("end  "), vec![p(vec![t("end")])]);
}
