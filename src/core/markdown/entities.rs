//! HTML5's named character references (`&copy;`, `&ngE;`), all of them, as CommonMark reads
//! them (with their `;`). The table is generated at build time from the `htmlize` crate's
//! (`build/entities.rs`) in a layout about a third the size of the crate's in the wasm: one
//! string sorted by name, searched by blocks.

include!(concat!(env!("OUT_DIR"), "/entities.rs"));

/// The first entry of `text`: its name, its value and what follows it.
fn split(text: &'static str) -> Option<(&'static str, &'static str, &'static str)> {
    let end = text.find([';', ','])?;
    let chars = if text.as_bytes()[end] == b';' { 1 } else { 2 };
    let rest = &text[end + 1..];
    let value = rest.char_indices().nth(chars).map_or(rest.len(), |(i, _)| i);
    Some((&text[..end], &rest[..value], &rest[value..]))
}

/// The entries of block `i` of `ENTITY_BLOCKS`, in order.
fn block(i: usize) -> impl Iterator<Item = (&'static str, &'static str)> {
    let start = ENTITY_BLOCKS.get(i).map_or(ENTITY_TEXT.len(), |&s| usize::from(s));
    let end = ENTITY_BLOCKS.get(i + 1).map_or(ENTITY_TEXT.len(), |&e| usize::from(e));
    let mut text = ENTITY_TEXT.get(start..end).unwrap_or("");
    std::iter::from_fn(move || {
        let (name, value, rest) = split(text)?;
        text = rest;
        Some((name, value))
    })
}

/// What the reference `&name;` stands for (one or two characters), if it is one.
pub(super) fn lookup(name: &str) -> Option<&'static str> {
    // The last block whose first name is not after `name`: if `name` is anywhere, it is there.
    let i = ENTITY_BLOCKS.partition_point(|&start| block_first(start) <= name).checked_sub(1)?;
    block(i).find(|&(n, _)| n == name).map(|(_, value)| value)
}

/// The name of the entry that starts at `start`.
fn block_first(start: u16) -> &'static str {
    ENTITY_TEXT.get(usize::from(start)..).and_then(split).map_or("", |(name, ..)| name)
}

#[cfg(test)]
mod tests {
    use super::super::escape::entity;
    use super::*;

    /// `htmlize`'s entries that end in `;`, as (name, value).
    fn references() -> Vec<(String, String)> {
        htmlize::ENTITIES
            .entries()
            .filter_map(|(key, value)| {
                let key = std::str::from_utf8(key).expect("names are ASCII");
                let name = key.strip_prefix('&')?.strip_suffix(';')?;
                Some((name.to_owned(), String::from_utf8(value.to_vec()).expect("values are UTF-8")))
            })
            .collect()
    }

    #[test]
    fn every_htmlize_entity_decodes_identically() {
        for (key, value) in htmlize::ENTITIES.entries() {
            let key = std::str::from_utf8(key).expect("names are ASCII");
            let value = std::str::from_utf8(value).expect("values are UTF-8");
            let mut out = String::new();
            if key.ends_with(';') {
                // Followed by text, as in a reply: the reference ends at its `;`.
                assert_eq!(entity(&format!("{key}x;"), &mut out), Some(key.len()), "{key}");
                assert_eq!(out, value, "{key}");
            } else {
                // The legacy forms without `;` are text in CommonMark; each has a `;` form.
                assert_eq!(entity(&format!("{key} x"), &mut out), None, "{key}");
                assert!(htmlize::ENTITIES.contains_key(format!("{key};").as_bytes()), "{key}");
            }
        }
    }

    #[test]
    fn the_table_holds_exactly_htmlizes_references() {
        let ours: Vec<(&str, &str)> = (0..ENTITY_BLOCKS.len()).flat_map(block).collect();
        assert!(ours.windows(2).all(|w| w[0].0 < w[1].0), "sorted, no name twice");
        let mut theirs = references();
        theirs.sort();
        let theirs: Vec<(&str, &str)> = theirs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn near_misses_are_no_references_unless_htmlize_has_them() {
        for (name, _) in references() {
            let first_case = name.chars().next().map(|c| if c.is_ascii_uppercase() { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() });
            let misses = [
                name[..name.len() - 1].to_owned(),
                format!("{name}x"),
                format!("{name}0"),
                format!("a{name}"),
                format!("{}{}", first_case.unwrap_or('a'), &name[1..]),
            ];
            for miss in misses {
                let theirs = htmlize::ENTITIES.get(format!("&{miss};").as_bytes()).map(|v| std::str::from_utf8(v).expect("UTF-8"));
                assert_eq!(lookup(&miss), theirs, "&{miss};");
            }
        }
        assert_eq!(lookup(""), None);
        assert_eq!(lookup("zzzz"), None);
        assert_eq!(lookup("AAAA"), None);
    }

    #[test]
    fn the_longest_name_fits_the_scan_and_longer_runs_are_text() {
        // `htmlize`'s longest entity is one with `;`: its length less `&` and `;`.
        assert_eq!(ENTITY_NAME_MAX_LENGTH, htmlize::ENTITY_MAX_LENGTH - 2);
        let longest = references().into_iter().map(|(name, _)| name).max_by_key(String::len).expect("entities");
        assert_eq!(longest.len(), ENTITY_NAME_MAX_LENGTH);
        let mut out = String::new();
        assert_eq!(entity(&format!("&{longest};"), &mut out), Some(ENTITY_NAME_MAX_LENGTH + 2));
        for longer in [format!("&x{longest};"), format!("&{longest}x;"), format!("&{}x;", "a".repeat(ENTITY_NAME_MAX_LENGTH))] {
            assert_eq!(entity(&longer, &mut out), None, "{longer}");
        }
    }
}
