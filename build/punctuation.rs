//! Generates `OUT_DIR/punctuation.rs`: the ranges of non-ASCII characters in Unicode's P
//! (punctuation) and S (symbol) general categories, and those in Zs (space separators), which
//! CommonMark's emphasis rules need, and the lower-case mapping reference labels are matched
//! with. The data comes from the `unicode-properties` crate and from std, at build time only:
//! the crate's full category table would cost the wasm about 11 KB brotli and std's
//! `to_lowercase` tables about 10 KB; these runs cost about 3 KB together.
//! `src/core/markdown/unicode.rs` tests them against their sources for every character.

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

/// Runs `(first, count, delta, stride)` of non-ASCII characters whose lower case is one other
/// character: for `first + k * stride` (`k < count`) it is that plus `delta`. Upper and lower
/// case often alternate (stride 2) or sit a block apart (stride 1), so runs are few.
fn lower_runs() -> Vec<(u32, u32, i32, u32)> {
    let mut out: Vec<(u32, u32, i32, u32)> = Vec::new();
    for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
        let mut lower = c.to_lowercase();
        let (Some(l), None) = (lower.next(), lower.next()) else { continue };
        if l == c {
            continue;
        }
        let (c, delta) = (c as u32, l as i32 - c as i32);
        let extends = match out.last() {
            Some(&(first, count, d, stride)) if d == delta => {
                if count == 1 {
                    matches!(c - first, 1 | 2)
                } else {
                    c == first + count * stride
                }
            }
            _ => false,
        };
        match out.last_mut() {
            Some((first, count, _, stride)) if extends => {
                *stride = (c - *first) / *count;
                *count += 1;
            }
            _ => out.push((c, 1, delta, 1)),
        }
    }
    out
}

/// Writes the tables to `path`.
pub fn write(path: &std::path::Path) {
    let punct = ranges(|c| matches!(c.general_category_group(), GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol));
    let space = ranges(|c| c.general_category() == GeneralCategory::SpaceSeparator);
    let runs: String = lower_runs().iter().map(|(f, n, d, s)| format!("({f:#x}, {n}, {d}, {s}),")).collect();
    let code = table("PUNCTUATION", "Non-ASCII characters in categories P and S (inclusive ranges).", &punct)
        + &table("SPACE_SEPARATORS", "Non-ASCII characters in category Zs (inclusive ranges).", &space)
        + &format!("/// Lower case of non-ASCII characters: runs `(first, count, delta, stride)`.\nstatic LOWER: &[(u32, u32, i32, u32)] = &[{runs}];\n");
    std::fs::write(path, code).expect("OUT_DIR is writable");
}
