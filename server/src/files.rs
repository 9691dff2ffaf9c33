//! Upload checks: the type is decided by the bytes, not by the name the browser sent.

/// Types this server accepts, as (MIME type, what sniffing must find).
pub const ALLOWED: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/json",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

/// The MIME type of an upload from its first bytes (and, for text, its name), or `None` when
/// the type is not allowed. `is_text`: the whole file is UTF-8 without NUL bytes.
pub fn sniff(head: &[u8], is_text: bool, name: &str) -> Option<&'static str> {
    if let Some(kind) = infer::get(head) {
        let mime = kind.mime_type();
        if let Some(allowed) = ALLOWED.iter().find(|a| **a == mime) {
            return Some(allowed);
        }
        // docx and xlsx are zip files; infer names them when it can see inside.
        return None;
    }
    // Text has no magic number: accept valid UTF-8 without NUL bytes.
    if is_text {
        let lower = name.to_ascii_lowercase();
        let trimmed = head.iter().position(|b| !b.is_ascii_whitespace()).map(|i| head[i]);
        return Some(if lower.ends_with(".csv") {
            "text/csv"
        } else if lower.ends_with(".json") && matches!(trimmed, Some(b'{') | Some(b'[')) {
            "application/json"
        } else {
            "text/plain"
        });
    }
    None
}

#[cfg(test)]
mod tests {
    fn sniff(bytes: &[u8], name: &str) -> Option<&'static str> {
        super::sniff(bytes, std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0), name)
    }

    #[test]
    fn sniffs_by_bytes_not_name() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];
        assert_eq!(sniff(&png, "photo.txt"), Some("image/png"));
        assert_eq!(sniff(b"hello, world\n", "notes.png"), Some("text/plain"));
        assert_eq!(sniff(b"a,b\n1,2\n", "t.csv"), Some("text/csv"));
        assert_eq!(sniff(b"{\"a\":1}", "d.json"), Some("application/json"));
        // An executable named like a picture is refused.
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", "cat.png"), None);
        assert_eq!(sniff(&[0, 159, 146, 150], "x.txt"), None);
    }
}
