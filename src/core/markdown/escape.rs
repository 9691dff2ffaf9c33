//! Backslash escapes and character references (`&amp;`, `&#39;`, `&#x2014;`), shared by text
//! and link destinations. Only the common named entities are known; others stay literal.

/// The character a reference at the start of `s` (which begins with `&`) stands for, and the
/// reference's length in bytes.
pub(super) fn entity(s: &str) -> Option<(char, usize)> {
    // The longest reference we accept is `&#x10FFFF;` (10 bytes).
    let end = s.bytes().take(11).position(|b| b == b';')?;
    let name = s.get(1..end)?;
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let num = name.strip_prefix('#')?;
            let (digits, radix) = match num.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (num, 10),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            // NUL and values that are no character become U+FFFD, as CommonMark says.
            let value = u32::from_str_radix(digits, radix).unwrap_or(0);
            char::from_u32(value).filter(|&c| c != '\0').unwrap_or('\u{fffd}')
        }
    };
    Some((c, end + 1))
}

/// `s` with backslash escapes and character references resolved (for link destinations).
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
        } else if let Some((c, len)) = rest.starts_with('&').then(|| entity(rest)).flatten() {
            out.push(c);
            rest = &rest[len..];
        } else {
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}
