//! Generates `OUT_DIR/punctuation.rs`: the ranges of non-ASCII characters in Unicode's P
//! (punctuation) and S (symbol) general categories, and those in Zs (space separators), which
//! CommonMark's emphasis rules need. The data comes from the `unicode-properties` crate, at build
//! time only: its full category table would cost the wasm about 11 KB brotli, these ranges about
//! 1.5 KB. `src/core/markdown/unicode.rs` tests them against the crate for every character.

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Inclusive ranges of the non-ASCII characters for which `keep` holds.
fn ranges(keep: impl Fn(char) -> bool) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for c in (0x80..=0x10FFFF).filter_map(char::from_u32).filter(|&c| keep(c)) {
        let c = c as u32;
        match out.last_mut() {
            Some((_, hi)) if *hi + 1 == c => *hi = c,
            _ => out.push((c, c)),
        }
    }
    out
}

fn table(name: &str, doc: &str, ranges: &[(u32, u32)]) -> String {
    let body: String = ranges.iter().map(|(lo, hi)| format!("({lo:#x}, {hi:#x}),")).collect();
    format!("/// {doc}\nstatic {name}: &[(u32, u32)] = &[{body}];\n")
}

/// Writes the tables to `path`.
pub fn write(path: &std::path::Path) {
    let punct = ranges(|c| matches!(c.general_category_group(), GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol));
    let space = ranges(|c| c.general_category() == GeneralCategory::SpaceSeparator);
    let code = table("PUNCTUATION", "Non-ASCII characters in categories P and S (inclusive ranges).", &punct)
        + &table("SPACE_SEPARATORS", "Non-ASCII characters in category Zs (inclusive ranges).", &space);
    std::fs::write(path, code).expect("OUT_DIR is writable");
}
