//! Backslash escapes and character references (`&copy;`, `&#39;`, `&#x2014;`), shared by text
//! and link destinations. Named references are all of HTML5's (htmlize's table, generated at
//! build time from the WHATWG list); as CommonMark says, they need their `;`.

use htmlize::{ENTITIES, ENTITY_MAX_LENGTH};

/// If `s` (which begins with `&`) starts with a character reference, pushes what it stands for
/// (a few named references stand for two characters) and returns the reference's length.
pub(super) fn entity(s: &str, out: &mut String) -> Option<usize> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (c, len) = numeric(s)?;
        out.push(c);
        return Some(len);
    }
    // Only letters and digits may form a name, so the scan stops early on anything else.
    let name = b[1..].iter().take(ENTITY_MAX_LENGTH).take_while(|c| c.is_ascii_alphanumeric()).count();
    if name == 0 || b.get(1 + name) != Some(&b';') {
        return None;
    }
    let len = name + 2;
    out.push_str(std::str::from_utf8(ENTITIES.get(&b[..len])?).ok()?);
    Some(len)
}

/// `&#123;` (1 to 7 digits) or `&#x1F600;` (1 to 6 hex digits). NUL and values that are no
/// character become U+FFFD, as CommonMark says.
fn numeric(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let (start, radix, max) = if matches!(b.get(2), Some(b'x' | b'X')) { (3, 16, 6) } else { (2, 10, 7) };
    let digits = b[start.min(b.len())..].iter().take(max + 1).take_while(|c| char::from(**c).is_digit(radix)).count();
    if digits == 0 || digits > max || b.get(start + digits) != Some(&b';') {
        return None;
    }
    let value = u32::from_str_radix(&s[start..start + digits], radix).unwrap_or(0);
    Some((char::from_u32(value).filter(|&c| c != '\0').unwrap_or('\u{fffd}'), start + digits + 1))
}

/// `s` with backslash escapes and character references resolved (link destinations, titles
/// and reference labels).
pub(super) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['\\', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let next = rest.as_bytes().get(1).copied();
        if rest.starts_with('\\') && next.is_some_and(|b| b.is_ascii_punctuation()) {
            out.push(char::from(next.unwrap_or(b'\\')));
            rest = &rest[2..];
        } else if let Some(len) = if rest.starts_with('&') { entity(rest, &mut out) } else { None } {
            rest = &rest[len..];
        } else {
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}
