//! Unicode punctuation and whitespace as CommonMark defines them for emphasis (punctuation is
//! general categories P and S, whitespace is Zs plus tab, line feed, form feed and carriage
//! return), and lower case for matching reference labels. The non-ASCII tables are generated at
//! build time from `unicode-properties` and std (`build/punctuation.rs`), smaller than theirs.

use std::cmp::Ordering;

include!(concat!(env!("OUT_DIR"), "/punctuation.rs"));

fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                Ordering::Less
            } else if lo > c {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .is_ok()
}

/// A Unicode punctuation character (categories P and S).
pub(super) fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_punctuation()
    } else {
        in_ranges(PUNCTUATION, c)
    }
}

/// A Unicode whitespace character (category Zs, tab, line feed, form feed, carriage return).
pub(super) fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r') || (!c.is_ascii() && in_ranges(SPACE_SEPARATORS, c))
}

/// Appends the lower case of `c`, as `char::to_lowercase` gives it.
pub(super) fn push_lower(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // The one character whose lower case is two (`İ` → `i̇`).
    if c == '\u{130}' {
        out.push_str("i\u{307}");
        return;
    }
    let code = c as u32;
    let run = LOWER.partition_point(|&(first, ..)| first <= code).checked_sub(1).and_then(|i| LOWER.get(i));
    let lower = run.and_then(|&(first, count, delta, stride)| {
        let k = code - first;
        (k.is_multiple_of(stride) && k / stride < count).then(|| char::from_u32(code.wrapping_add_signed(delta))).flatten()
    });
    out.push(lower.unwrap_or(c));
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

    #[test]
    fn generated_ranges_match_the_categories_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let group = c.general_category_group();
            let punct = matches!(group, GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol);
            assert_eq!(is_punctuation(c), punct, "{:#x}", c as u32);
            let space = c.general_category() == GeneralCategory::SpaceSeparator || matches!(c, '\t' | '\n' | '\x0c' | '\r');
            assert_eq!(is_whitespace(c), space, "{:#x}", c as u32);
            let mut lower = String::new();
            push_lower(c, &mut lower);
            assert_eq!(lower, c.to_lowercase().collect::<String>(), "{:#x}", c as u32);
        }
    }
}
