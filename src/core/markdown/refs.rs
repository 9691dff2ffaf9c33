//! Link reference definitions (`[1]: https://example.com "Title"`), which models write to cite
//! sources, and the labels that find them (`[text][1]`, `[1][]`, `[1]`). Definitions are
//! collected from the whole reply before any inline content is parsed, so a citation may come
//! before its definition.

use super::escape::unescape;
use super::link::{destination, title, Memo};
use super::unicode::push_lower;

/// Longest label, in characters (CommonMark's limit; it also bounds every lookup).
pub(super) const MAX_LABEL: usize = 999;

/// Definitions as `(normalised label, destination)`, sorted by label once all are read (a
/// sorted `Vec` rather than a `HashMap`, whose hashing code the wasm does without).
#[derive(Default)]
pub(super) struct Refs {
    defs: Vec<(String, String)>,
}

impl Refs {
    /// The destination defined for a label (as written between the brackets).
    pub fn get(&self, label: &str) -> Option<&str> {
        if self.defs.is_empty() {
            return None;
        }
        let key = normalise(label)?;
        let i = self.defs.binary_search_by(|(l, _)| l.as_str().cmp(&key)).ok()?;
        Some(&self.defs[i].1)
    }

    /// No definitions at all.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// Sorts the definitions for lookup; of several with one label, the first wins.
    pub fn finish(mut self) -> Refs {
        // A stable sort keeps equal labels in document order; dedup keeps the first of them.
        self.defs.sort_by(|a, b| a.0.cmp(&b.0));
        self.defs.dedup_by(|later, first| later.0 == first.0);
        self
    }

    fn define(&mut self, label: String, dest: String) {
        self.defs.push((label, dest));
    }
}

/// A label's lookup key: case-folded, inner whitespace collapsed; `None` if it is no label
/// (empty, too long, or holding an unescaped bracket).
pub(super) fn normalise(label: &str) -> Option<String> {
    if label.chars().count() > MAX_LABEL || label.trim().is_empty() {
        return None;
    }
    let b = label.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'[' | b']' => return None,
            _ => i += 1,
        }
    }
    // Unicode case folding, close enough: lower case, and `ß`/`ẞ` fold to `ss`; inner
    // whitespace collapsed to one space.
    let mut folded = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        for c in word.chars() {
            match c {
                'ß' | 'ẞ' => folded.push_str("ss"),
                c => push_lower(c, &mut folded),
            }
        }
    }
    Some(folded)
}

/// Removes the definitions at the start of a paragraph's text (its lines joined by `\n`),
/// recording them in `refs` when given. Returns the rest of the text.
pub(super) fn strip_definitions<'a>(mut text: &'a str, mut refs: Option<&mut Refs>) -> &'a str {
    while let Some((label, dest, len)) = definition(text) {
        if let Some(refs) = refs.as_deref_mut() {
            refs.define(label, dest);
        }
        text = &text[len..];
    }
    text
}

/// One definition at the start of `s`: its label, destination and length (through the end of
/// its last line).
fn definition(s: &str) -> Option<(String, String, usize)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    let mut i = 1;
    while i < b.len() && i <= MAX_LABEL * 4 + 1 {
        match b[i] {
            b'\\' => i += 2,
            b'[' => return None,
            b']' => break,
            _ => i += 1,
        }
    }
    if b.get(i) != Some(&b']') || b.get(i + 1) != Some(&b':') {
        return None;
    }
    let label = normalise(&s[1..i])?;
    let start = super::html::space(b, i + 2);
    let (dest, after) = destination(s, start)?;
    // An empty `<>` destination is allowed; a bare one never is.
    let dest = unescape(dest);
    let line_end = |j: usize| -> Option<usize> {
        let j = j + b[j..].iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
        match b.get(j) {
            None => Some(j),
            Some(b'\n') => Some(j + 1),
            _ => None,
        }
    };
    let title_start = super::html::space(b, after);
    if title_start > after {
        if let Some(end) = title(s, title_start, &mut Memo::new()).and_then(line_end) {
            return Some((label, dest, end));
        }
    }
    // Without a (valid) title the destination must end its line.
    let end = line_end(after)?;
    Some((label, dest, end))
}

