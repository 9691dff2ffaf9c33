//! What a reader of real replies expects (issue 13): Unicode punctuation around emphasis,
//! citations, entities, code fences cut off mid-reply, lists, raw HTML as text, bare URLs.

use super::*;
use MdNode::{Element as E, Text as T};

fn t(s: &str) -> MdNode {
    T(s.into())
}

fn p(children: Vec<MdNode>) -> MdNode {
    E(MdTag::Paragraph, children)
}

fn link(href: &str, text: &str) -> MdNode {
    E(MdTag::Link(href.into()), vec![t(text)])
}

#[test]
fn emphasis_next_to_unicode_punctuation() {
    let em = |c| E(MdTag::Emphasis, c);
    let strong = |c| E(MdTag::Strong, c);
    assert_eq!(parse("The answer—*\"yes\"*—surprised"), vec![p(vec![t("The answer—"), em(vec![t("\"yes\"")]), t("—surprised")])]);
    assert_eq!(parse("**(voir ci-dessous)**…"), vec![p(vec![strong(vec![t("(voir ci-dessous)")]), t("…")])]);
    // `：` is punctuation and `请` a letter: the closing run is not right-flanking.
    assert_eq!(parse("**重要：**请"), vec![p(vec![t("**重要：**请")])]);
    // Symbols count too (category S): `*€*x` is no emphasis, as `*$*x` is not.
    assert_eq!(parse("*€*charlie"), vec![p(vec![t("*€*charlie")])]);
}

#[test]
fn citations_and_reference_links() {
    let reply = "Rust is memory safe [1] and fast [2][]. See [the book][book].\n\n\
                 [1]: https://www.rust-lang.org \"Rust\"\n[2]: <https://example.com/a b>\n[Book]:\n  https://doc.rust-lang.org/book/\n";
    assert_eq!(
        parse(reply),
        vec![p(vec![
            t("Rust is memory safe "),
            link("https://www.rust-lang.org", "1"),
            t(" and fast "),
            link("https://example.com/a%20b", "2"),
            t(". See "),
            link("https://doc.rust-lang.org/book/", "the book"),
            t("."),
        ])]
    );
    // Definitions first, labels matched without case; an undefined label stays text; an
    // unsafe definition gives no link; definitions are never shown.
    let reply = "[A]: https://a.example\n[x]: javascript:alert(1)\n\n[a] [b] [x]";
    assert_eq!(parse(reply), vec![p(vec![link("https://a.example", "a"), t(" [b] x")])]);
    // Inside a list item, a definition still counts and is not shown.
    assert_eq!(plain_text(&parse("- see [1]\n\n  [1]: https://a.b\n")), "see 1");
}

#[test]
fn named_and_numeric_entities() {
    assert_eq!(
        parse("&copy; 2024 &mdash; &hellip; &nbsp;&frac12; &ngE; &#x1F600; &#1114112; &#87654321; &copy &unknown;"),
        vec![p(vec![t("© 2024 — … \u{a0}½ \u{2267}\u{338} 😀 \u{fffd} &#87654321; &copy &unknown;")])]
    );
}

#[test]
fn fences_cut_off_empty_and_closing_rules() {
    let code = |s: &str| E(MdTag::CodeBlock, if s.is_empty() { vec![] } else { vec![t(s)] });
    // A reply cut off inside a fence: no extra empty line.
    assert_eq!(parse("```py\nx = 1\n"), vec![code("x = 1\n")]);
    assert_eq!(parse("```py\nx = 1"), vec![code("x = 1\n")]);
    assert_eq!(parse("```\n```\n"), vec![code("")]);
    // A closing fence indented four spaces, or followed by text, is content.
    assert_eq!(parse("```\na\n    ```\n```"), vec![code("a\n    ```\n")]);
    assert_eq!(parse("```\na\n``` b\n```"), vec![code("a\n``` b\n")]);
    // Tabs in code are kept; a lone CR ends a line.
    assert_eq!(parse("    a\tb\r    c"), vec![code("a\tb\nc\n")]);
}

#[test]
fn list_looseness_and_delimiters() {
    let item = |c| E(MdTag::Item, c);
    let quote = |c| E(MdTag::BlockQuote, c);
    // A blank `>` line in a quote inside an item keeps the list tight.
    assert_eq!(
        parse("* a\n  > b\n  >\n* c"),
        vec![E(MdTag::List, vec![item(vec![t("a"), quote(vec![p(vec![t("b")])])]), item(vec![t("c")])])]
    );
    // Changing the delimiter starts a new list.
    assert_eq!(
        parse("1. a\n2. b\n3) c"),
        vec![E(MdTag::OrderedList(1), vec![item(vec![t("a")]), item(vec![t("b")])]), E(MdTag::OrderedList(3), vec![item(vec![t("c")])])]
    );
}

#[test]
fn raw_html_is_text_and_hides_no_markdown() {
    assert_eq!(parse("**<a href=\"**\">"), vec![p(vec![t("**<a href=\"**\">")])]);
    assert_eq!(parse("<span title=\"`x`\">*a*</span>"), vec![p(vec![t("<span title=\"`x`\">"), E(MdTag::Emphasis, vec![t("a")]), t("</span>")])]);
    assert_eq!(parse("<!-- *no* -->"), vec![p(vec![t("<!-- *no* -->")])]);
}

#[test]
fn bare_urls_follow_gfm() {
    assert_eq!(
        parse("www.example.com/a\"b[c]`d`, mail me@example.org."),
        vec![p(vec![link("http://www.example.com/a\"b[c]`d`", "www.example.com/a\"b[c]`d`"), t(", mail "), link("mailto:me@example.org", "me@example.org"), t(".")])]
    );
    assert_eq!(parse("(see https://x.y/a_(b))"), vec![p(vec![t("(see "), link("https://x.y/a_(b)", "https://x.y/a_(b)"), t(")")])]);
}
