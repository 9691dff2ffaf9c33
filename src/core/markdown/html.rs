//! Recognises CommonMark's raw HTML tags in inline text (open and closing tags, comments,
//! processing instructions, declarations, CDATA). The widget never renders them as HTML: a tag
//! found here is shown as its literal text, but as one unit, so that markdown inside what looks
//! like an attribute is not applied (`**<a href="**">` is not bold), as a reader of the spec
//! expects. Scans that look for a terminator are remembered in `Memo` when they fail.

use super::link::{kind, Memo};

/// The length of the raw HTML tag at `i` (where `s` has a `<`), if there is one.
pub(super) fn tag(s: &str, i: usize, memo: &mut Memo) -> Option<usize> {
    let b = s.as_bytes();
    let rest = &s[i..];
    if rest.starts_with("<!-->") {
        return Some(5);
    }
    if rest.starts_with("<!--->") {
        return Some(6);
    }
    if rest.starts_with("<!--") {
        return until(s, i, 4, "-->", kind::COMMENT, memo);
    }
    if rest.starts_with("<?") {
        return until(s, i, 2, "?>", kind::PROCESSING, memo);
    }
    if rest.starts_with("<![CDATA[") {
        return until(s, i, 9, "]]>", kind::CDATA, memo);
    }
    if rest.starts_with("<!") {
        return if b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) { until(s, i, 2, ">", kind::DECLARATION, memo) } else { None };
    }
    if rest.starts_with("</") {
        let name = tag_name(b, i + 2)?;
        let j = space(b, name);
        return (b.get(j) == Some(&b'>')).then(|| j + 1 - i);
    }
    let mut j = tag_name(b, i + 1)?;
    loop {
        let k = space(b, j);
        match b.get(k)? {
            b'>' => return Some(k + 1 - i),
            b'/' => return (b.get(k + 1) == Some(&b'>')).then(|| k + 2 - i),
            _ if k == j => return None,
            _ => j = attribute(b, k, memo)?,
        }
    }
}

/// The end of `<name` starting at `i` (after the `<` or `</`).
fn tag_name(b: &[u8], i: usize) -> Option<usize> {
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    Some(i + b[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count())
}

/// One attribute (name and optional value) at `i`, after the whitespace that precedes it.
fn attribute(b: &[u8], i: usize, memo: &mut Memo) -> Option<usize> {
    let first = *b.get(i)?;
    if !(first.is_ascii_alphabetic() || first == b'_' || first == b':') {
        return None;
    }
    let name_end = i + 1 + b[i + 1..].iter().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'-')).count();
    let eq = space(b, name_end);
    if b.get(eq) != Some(&b'=') {
        return Some(name_end);
    }
    let v = space(b, eq + 1);
    match *b.get(v)? {
        q @ (b'"' | b'\'') => {
            let k = if q == b'"' { kind::ATTR_DOUBLE } else { kind::ATTR_SINGLE };
            if memo.missing(k, v + 1) {
                return None;
            }
            match b[v + 1..].iter().position(|&c| c == q) {
                Some(n) => Some(v + n + 2),
                None => {
                    memo.record(k, v + 1);
                    None
                }
            }
        }
        _ => {
            let n = b[v..].iter().take_while(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')).count();
            (n > 0).then_some(v + n)
        }
    }
}

/// Skips spaces, tabs and up to one line ending (between a tag's attributes, and in a link
/// reference definition).
pub(super) fn space(b: &[u8], mut i: usize) -> usize {
    let mut newline = false;
    while let Some(&c) = b.get(i) {
        match c {
            b' ' | b'\t' => {}
            b'\n' if !newline => newline = true,
            _ => break,
        }
        i += 1;
    }
    i
}

/// The length of markup from `i` through the first `end` after `skip` bytes.
fn until(s: &str, i: usize, skip: usize, end: &str, k: usize, memo: &mut Memo) -> Option<usize> {
    if memo.missing(k, i + skip) {
        return None;
    }
    match s[i + skip..].find(end) {
        Some(n) => Some(skip + n + end.len()),
        None => {
            memo.record(k, i + skip);
            None
        }
    }
}
