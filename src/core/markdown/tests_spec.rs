//! The CommonMark 0.31.2 and GFM 0.29 spec examples of every section the renderer supports,
//! read from `../shared/fixtures/markdown/` at test time (never copied into the repo). Each
//! example's rendered tree is compared with the spec's expected HTML as a reader sees them (see
//! `tests_spec_html`); the expected side first gets the widget's deliberate policy: raw HTML is
//! shown as text, images are links showing their alt text, and only http, https and mailto
//! URLs are links (any other link shows its text only).
//!
//! Prints the pass rate of each section. Fails when an example fails that is not on `ALLOWED`
//! (each entry says why we differ on purpose), or when an allowed example passes (so that the
//! list, and the README that repeats it, stay true).

use super::tests_spec_html::{from_html, from_tree, normalise};
use super::parse;
use std::path::PathBuf;

/// `(spec, sections)`: the CommonMark core sections, and GFM's extensions from its own spec.
const SUITES: &[(&str, &[&str])] = &[
    (
        "commonmark-0.31.2-spec.txt",
        &[
            "Tabs",
            "Backslash escapes",
            "Entity and numeric character references",
            "Thematic breaks",
            "ATX headings",
            "Setext headings",
            "Indented code blocks",
            "Fenced code blocks",
            "Link reference definitions",
            "Paragraphs",
            "Blank lines",
            "Block quotes",
            "List items",
            "Lists",
            "Code spans",
            "Emphasis and strong emphasis",
            "Links",
            "Images",
            "Autolinks",
            "Raw HTML",
            "Hard line breaks",
            "Soft line breaks",
            "Textual content",
        ],
    ),
    (
        "gfm-0.29-spec.txt",
        &["Tables (extension)", "Strikethrough (extension)", "Task list items (extension)", "Autolinks (extension)"],
    ),
];

/// Examples that differ on purpose: `(spec file prefix, example number, why)`.
const ALLOWED: &[(&str, u32, &str)] = &[
    (
        "commonmark",
        525,
        "emphasis is matched as it is read and never across an open `[` (so `*[a*](u)` links right); \
         `*foo [bar* baz]` therefore stays literal where CommonMark, matching at the end, makes `foo [bar` emphasis",
    ),
    ("commonmark", 608, "GFM extended autolinks are on: `foo+@bar.example.com` in text is an email link (CommonMark alone keeps it text)"),
    ("commonmark", 610, "GFM extended autolinks are on: a bare `https://foo.bar` is a link (CommonMark alone keeps it text)"),
    ("commonmark", 613, "GFM extended autolinks are on: a bare `https://example.com` is a link (CommonMark alone keeps it text)"),
    ("commonmark", 614, "GFM extended autolinks are on: a bare `foo@bar.example.com` is a link (CommonMark alone keeps it text)"),
];

struct Example {
    section: String,
    number: u32,
    markdown: String,
    html: String,
}

/// Every example of a spec file, with its section (the last `##` heading before it).
fn examples(text: &str) -> Vec<Example> {
    let fence = "````````````````````````````````";
    let mut out = Vec::new();
    let mut section = String::new();
    let mut number = 0;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(title) = line.strip_prefix("## ") {
            section = title.trim().to_string();
        } else if line.starts_with(fence) && line[fence.len()..].trim_start().starts_with("example") {
            number += 1;
            let (mut markdown, mut html) = (String::new(), String::new());
            let mut in_html = false;
            for l in lines.by_ref() {
                if l == fence {
                    break;
                }
                if l == "." && !in_html {
                    in_html = true;
                    continue;
                }
                let target = if in_html { &mut html } else { &mut markdown };
                target.push_str(&l.replace('→', "\t"));
                target.push('\n');
            }
            out.push(Example { section: section.clone(), number, markdown, html });
        }
    }
    out
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/markdown")
}

#[test]
fn spec_examples_of_supported_sections() {
    let dir = fixtures();
    let mut unexpected = Vec::new();
    let mut stale = Vec::new();
    let (mut total, mut passed) = (0, 0);
    for (file, sections) in SUITES {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("the spec fixtures are required: cannot read {}: {e}", path.display()));
        let all = examples(&text);
        let prefix = file.split('-').next().unwrap_or(file);
        for section in *sections {
            let cases: Vec<&Example> = all.iter().filter(|e| e.section == *section).collect();
            assert!(!cases.is_empty(), "no examples in section {section:?} of {file}");
            let mut ok = 0;
            let mut failed = Vec::new();
            for ex in &cases {
                let ours = normalise(from_tree(&parse(&ex.markdown)));
                let expected = normalise(from_html(&ex.html, &ex.markdown));
                let allowed = ALLOWED.iter().any(|(p, n, _)| *p == prefix && *n == ex.number);
                if ours == expected {
                    ok += 1;
                    if allowed {
                        stale.push(format!("{prefix} #{}", ex.number));
                    }
                } else {
                    failed.push(ex.number);
                    if !allowed {
                        unexpected.push(format!(
                            "{prefix} #{} ({section})\n  markdown: {:?}\n  expected: {expected}\n  ours:     {ours}",
                            ex.number, ex.markdown
                        ));
                    }
                }
            }
            total += cases.len();
            passed += ok;
            println!(
                "{prefix} {section}: {ok}/{} ({:.0}%){}",
                cases.len(),
                100.0 * ok as f64 / cases.len() as f64,
                if failed.is_empty() { String::new() } else { format!(", failing: {failed:?}") }
            );
        }
    }
    println!("spec examples: {passed}/{total} pass");
    assert!(unexpected.is_empty(), "{} examples fail and are not allowed:\n{}", unexpected.len(), unexpected.join("\n"));
    assert!(stale.is_empty(), "allowed examples that now pass (remove them from ALLOWED): {stale:?}");
}
