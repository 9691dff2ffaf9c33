//! The syntax of link targets: the `(url "title")` after link text, the destination and title
//! of a reference definition, autolinks `<scheme:...>` and `<user@host>`, and GFM's extended
//! autolinks in text (`https://…`, `www.…`, `user@host`). Every scan stops at the first byte
//! that cannot belong to what it reads; the one that could run to the end of the paragraph (a
//! title's closing quote) is remembered in `Memo`, so nothing is rescanned quadratically.

use super::escape::unescape;

/// Deepest parenthesis nesting inside a bare link destination (as CommonMark).
const MAX_PARENS: usize = 32;

/// Scans known to find no closer from some position on. Index: the closer's kind.
#[derive(Clone)]
pub(super) struct Memo {
    from: [usize; 9],
}

/// Kinds of closers remembered in `Memo`.
pub(super) mod kind {
    pub const DOUBLE: usize = 0;
    pub const SINGLE: usize = 1;
    pub const COMMENT: usize = 2;
    pub const PROCESSING: usize = 3;
    pub const CDATA: usize = 4;
    pub const DECLARATION: usize = 5;
    pub const PAREN: usize = 6;
    pub const ATTR_DOUBLE: usize = 7;
    pub const ATTR_SINGLE: usize = 8;
}

impl Memo {
    /// Nothing known yet.
    pub fn new() -> Memo {
        Memo { from: [usize::MAX; 9] }
    }

    /// A scan for `kind` starting at `at` is known to fail.
    pub fn missing(&self, kind: usize, at: usize) -> bool {
        at >= self.from[kind]
    }

    /// A scan for `kind` starting at `at` ran to the end without its closer; so will any
    /// scan starting later (each starts fresh after an opener, never inside an escape).
    pub fn record(&mut self, kind: usize, at: usize) {
        self.from[kind] = self.from[kind].min(at);
    }
}

/// Parses `(destination "title")` starting at `i`; returns the destination (escapes and
/// references resolved) and the index after the closing parenthesis.
pub(super) fn tail(s: &str, i: usize, memo: &mut Memo) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.get(i) != Some(&b'(') {
        return None;
    }
    let start = skip_space(b, i + 1);
    if b.get(start) == Some(&b')') {
        return Some((String::new(), start + 1));
    }
    let (dest, after) = destination(s, start)?;
    let mut i = skip_space(b, after);
    if i > after {
        if let Some(end) = title(s, i, memo) {
            i = skip_space(b, end);
        }
    }
    (b.get(i) == Some(&b')')).then(|| (unescape(dest), i + 1))
}

/// A link destination at `i`: `<...>` (no line break, `<` or `>` unless escaped) or a
/// non-empty run without spaces or controls whose parentheses balance. Returns the raw
/// destination and the index after it.
pub(super) fn destination(s: &str, i: usize) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    if b.get(i) == Some(&b'<') {
        let mut j = i + 1;
        loop {
            match *b.get(j)? {
                b'\\' if b.get(j + 1).is_some_and(u8::is_ascii_punctuation) => j += 2,
                b'>' => return Some((&s[i + 1..j], j + 1)),
                b'<' | b'\n' | b'\r' => return None,
                _ => j += 1,
            }
        }
    }
    let mut j = i;
    let mut depth = 0;
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' if b.get(j + 1).is_some_and(u8::is_ascii_punctuation) => j += 1,
            b'(' if depth == MAX_PARENS => return None,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            c if c <= b' ' || c == 0x7f => break,
            _ => {}
        }
        j += 1;
    }
    (depth == 0 && j > i).then(|| (&s[i..j], j))
}

/// A link title at `i` (`"…"`, `'…'` or `(…)`, backslash escapes allowed); the index after it.
pub(super) fn title(s: &str, i: usize, memo: &mut Memo) -> Option<usize> {
    let b = s.as_bytes();
    let (close, k) = match b.get(i)? {
        b'"' => (b'"', kind::DOUBLE),
        b'\'' => (b'\'', kind::SINGLE),
        b'(' => (b')', kind::PAREN),
        _ => return None,
    };
    if memo.missing(k, i + 1) {
        return None;
    }
    let mut j = i + 1;
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => j += 2,
            c if c == close => return Some(j + 1),
            // A title in parentheses may not hold an unescaped `(`.
            b'(' if close == b')' => return None,
            _ => j += 1,
        }
    }
    memo.record(k, i + 1);
    None
}

/// An autolink's text (between `<` and `>`) and its target, if `s` starts with one.
pub(super) fn autolink(s: &str) -> Option<(&str, String, usize)> {
    let inner_len = s[1..].bytes().position(|c| matches!(c, b'>' | b'<') || c <= b' ')?;
    if s.as_bytes()[1 + inner_len] != b'>' {
        return None;
    }
    let inner = &s[1..1 + inner_len];
    let href = if is_scheme(inner) {
        inner.to_string()
    } else if is_email(inner) {
        format!("mailto:{inner}")
    } else {
        return None;
    };
    Some((inner, href, inner_len + 2))
}

/// `scheme:...` with a scheme of 2 to 32 letters, digits, `+`, `.` or `-`, starting with a letter.
fn is_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else { return false };
    let scheme = s.as_bytes();
    (2..=32).contains(&colon)
        && scheme[0].is_ascii_alphabetic()
        && scheme[..colon].iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
}

/// `user@host.example` (CommonMark's email autolink).
fn is_email(s: &str) -> bool {
    let Some((user, host)) = s.split_once('@') else { return false };
    !user.is_empty()
        && user.bytes().all(|c| c.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&c))
        && !host.is_empty()
        && host.split('.').all(|label| {
            let l = label.as_bytes();
            (1..=63).contains(&l.len())
                && l.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && l[0] != b'-'
                && l[l.len() - 1] != b'-'
        })
}

/// A GFM extended autolink at the start of `s`: `http://`, `https://` or `www.` and a valid
/// domain, then the path up to a space or `<`, without trailing punctuation. Returns the
/// link's length and its href.
pub(super) fn extended_url(s: &str) -> Option<(usize, String)> {
    let (prefix, scheme) = if s.starts_with("https://") {
        (8, "")
    } else if s.starts_with("http://") {
        (7, "")
    } else if s.starts_with("www.") {
        (0, "http://")
    } else {
        return None;
    };
    let domain = domain_len(&s[prefix..], false)?;
    let mut end = prefix + domain;
    end += s[end..].find(|c: char| c.is_whitespace() || c == '<').unwrap_or(s.len() - end);
    let kept = s[prefix..prefix + domain].trim_end_matches('.').len();
    let end = trim_path(s.as_bytes(), prefix + kept, end);
    Some((end, format!("{scheme}{}", &s[..end])))
}

/// GFM's extended email autolink: `local` is the text just before an `@` at the start of
/// `after`. Returns how many bytes of `local` belong to the address and the length after it.
pub(super) fn extended_email(local: &str, after: &str) -> Option<(usize, usize)> {
    let user = local.bytes().rev().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b'+')).count();
    if user == 0 {
        return None;
    }
    let host = domain_len(after.get(1..)?, true)?;
    Some((user, host + 1))
}

/// A valid domain at the start of `s`: segments of letters, digits, `_` and `-` separated by
/// `.`, at least one `.`. For a URL no `_` in the last two segments; for an email, it may not
/// end in `-` or `_`, and a final `.` is not part of it.
fn domain_len(s: &str, email: bool) -> Option<usize> {
    let b = s.as_bytes();
    let len = b.iter().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.') || **c >= 0x80).count();
    let mut len = len;
    // Stop at a character boundary (non-ASCII letters count as domain characters).
    while !s.is_char_boundary(len) {
        len -= 1;
    }
    // A final `.` is punctuation after the domain, not part of it.
    let domain = s[..len].trim_end_matches('.');
    if email && (domain.ends_with(['-', '_']) || domain.bytes().any(|c| c >= 0x80)) {
        return None;
    }
    let segments: Vec<&str> = domain.split('.').collect();
    if segments.len() < 2 || segments.iter().any(|seg| seg.is_empty()) {
        return None;
    }
    if !email && segments.iter().rev().take(2).any(|seg| seg.contains('_')) {
        return None;
    }
    Some(if email { domain.len() } else { len })
}

/// The end of an extended autolink whose path runs from `start` to `end`, without trailing
/// punctuation, unbalanced closing parentheses and an entity-like `&name;`.
fn trim_path(b: &[u8], start: usize, mut end: usize) -> usize {
    let opens = b[..end].iter().filter(|&&c| c == b'(').count();
    let mut closes = b[..end].iter().filter(|&&c| c == b')').count();
    while end > start {
        match b[end - 1] {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' => end -= 1,
            b')' if closes > opens => {
                closes -= 1;
                end -= 1;
            }
            b';' => {
                let name = b[..end - 1].iter().rev().take_while(|c| c.is_ascii_alphanumeric()).count();
                if name > 0 && end - 1 - name > start && b[end - 2 - name] == b'&' {
                    end -= name + 2;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    end
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n')) {
        i += 1;
    }
    i
}
