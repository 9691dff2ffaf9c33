//! Generates `OUT_DIR/entities.rs`: HTML5's named character references that end in `;` (the
//! only ones CommonMark reads), from the `htmlize` crate's table, at build time only. That
//! table is a perfect-hash map with a (pointer, length) pair per name and per value, which
//! compresses badly: 21.4 KB of the wasm, brotli. Here all entries are one string, sorted by
//! name, plus where every 32nd entry starts, for a binary search: about 9 KB.
//! `src/core/markdown/entities.rs` reads it and tests it against `htmlize` for every entity.

/// Entries per block of the index: a lookup binary-searches the blocks, then reads at most
/// this many entries in order.
const BLOCK: usize = 32;

/// Writes the table to `path`.
pub fn write(path: &std::path::Path) {
    let mut entries: Vec<(&str, &str)> = htmlize::ENTITIES
        .entries()
        .filter_map(|(key, value)| {
            let name = std::str::from_utf8(key).ok()?.strip_prefix('&')?.strip_suffix(';')?;
            Some((name, std::str::from_utf8(value).expect("htmlize's values are UTF-8")))
        })
        .collect();
    entries.sort_unstable();
    let mut text = String::new();
    let mut blocks = Vec::new();
    for (i, (name, value)) in entries.iter().enumerate() {
        assert!(name.bytes().all(|b| b.is_ascii_alphanumeric()), "entity name {name:?}");
        if i % BLOCK == 0 {
            blocks.push(u16::try_from(text.len()).expect("the table stays under 64 KB"));
        }
        // The separator ends the name (names are letters and digits) and says how many
        // characters the value has; where they end, UTF-8 says.
        let separator = match value.chars().count() {
            1 => ';',
            2 => ',',
            n => panic!("&{name}; stands for {n} characters"),
        };
        text.push_str(name);
        text.push(separator);
        text.push_str(value);
    }
    let longest = entries.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let code = format!(
        "/// Every named reference, sorted by name: the name, then `;` before a one-character value or\n\
         /// `,` before a two-character one, then the value.\n\
         static ENTITY_TEXT: &str = {text:?};\n\
         /// Where every {BLOCK}th entry of `ENTITY_TEXT` starts.\n\
         static ENTITY_BLOCKS: &[u16] = &{blocks:?};\n\
         /// Length of the longest name (without `&` and `;`).\n\
         pub(super) const ENTITY_NAME_MAX_LENGTH: usize = {longest};\n",
    );
    std::fs::write(path, code).expect("OUT_DIR is writable");
}
