//! The syntax of link targets: the `(url "title")` after link text, autolinks `<scheme:...>`
//! and `<user@host>`, and bare `http(s)://` URLs in text. Every scan stops at the first byte
//! that cannot belong to what it reads, so none of them rescans text quadratically.

use super::escape::unescape;

/// Deepest parenthesis nesting inside a bare link destination (as CommonMark).
const MAX_PARENS: usize = 32;

/// Parses `(destination "title")` starting at `i`; returns the destination (escapes and
/// references resolved) and the index after the closing parenthesis.
pub(super) fn tail(s: &str, i: usize) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.get(i) != Some(&b'(') {
        return None;
    }
    let mut i = skip_space(b, i + 1);
    let dest;
    if b.get(i) == Some(&b'<') {
        let len = b[i + 1..].iter().position(|&c| matches!(c, b'>' | b'<' | b'\n'))?;
        if b[i + 1 + len] != b'>' {
            return None;
        }
        dest = &s[i + 1..i + 1 + len];
        i += len + 2;
    } else {
        let start = i;
        let mut depth = 0;
        while let Some(&c) = b.get(i) {
            match c {
                b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 1,
                b'(' if depth == MAX_PARENS => return None,
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                c if c <= b' ' || c == 0x7f => break,
                _ => {}
            }
            i += 1;
        }
        if depth > 0 {
            return None;
        }
        dest = &s[start..i];
    }
    let after = i;
    i = skip_space(b, i);
    if i > after {
        if let Some(&open @ (b'"' | b'\'' | b'(')) = b.get(i) {
            let close = if open == b'(' { b')' } else { open };
            i += 1;
            loop {
                match *b.get(i)? {
                    b'\\' => i += 2,
                    c if c == close => break,
                    _ => i += 1,
                }
            }
            i = skip_space(b, i + 1);
        }
    }
    (b.get(i) == Some(&b')')).then(|| (unescape(dest), i + 1))
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

/// `user@host.example`.
fn is_email(s: &str) -> bool {
    let Some((user, host)) = s.split_once('@') else { return false };
    !user.is_empty()
        && host.contains('.')
        && user.bytes().all(|c| c.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&c))
        && host.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.')
}

/// The length of a bare `http://` or `https://` URL at the start of `s`, without trailing
/// punctuation and unbalanced closing parentheses (GFM's extended autolinks, simplified).
pub(super) fn bare_url(s: &str) -> Option<usize> {
    let prefix = if s.starts_with("https://") {
        8
    } else if s.starts_with("http://") {
        7
    } else {
        return None;
    };
    if !s.as_bytes().get(prefix).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let mut end = s.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '[' | ']' | '"' | '`')).unwrap_or(s.len());
    let url = &s.as_bytes()[..end];
    let opens = url.iter().filter(|&&c| c == b'(').count();
    let mut closes = url.iter().filter(|&&c| c == b')').count();
    while end > prefix {
        match url[end - 1] {
            b'?' | b'!' | b'.' | b',' | b':' | b';' | b'*' | b'_' | b'~' | b'\'' => end -= 1,
            b')' if closes > opens => {
                closes -= 1;
                end -= 1;
            }
            _ => break,
        }
    }
    Some(end)
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n')) {
        i += 1;
    }
    i
}
