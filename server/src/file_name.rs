//! The display name of an uploaded file, made safe to show: no path, no characters that are
//! invisible or that reorder the text around them, one normal form.
//!
//! A name like `invoice\u{202E}fdp.exe` shows as `invoiceexe.pdf`; zero-width characters make
//! two different names look alike. Those are format characters (general category Cf: the
//! bidi embeddings, overrides and isolates U+202A–202E and U+2066–2069, the zero-width space,
//! joiners and the byte-order mark among them), removed with control characters and line or
//! paragraph separators. NFC makes a name typed in decomposed form equal to the composed one.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Longest name kept, in characters.
pub const MAX_CHARS: usize = 255;

/// The name to store for `raw` (what the browser sent); `file` when nothing is left.
pub fn sanitize(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let visible: String = base.chars().filter(|c| !is_hidden(*c)).collect();
    let normal: String = visible.nfc().take(MAX_CHARS).collect();
    let trimmed = normal.trim();
    if trimmed.is_empty() || trimmed == "." || trimmed == ".." {
        "file".into()
    } else {
        trimmed.to_string()
    }
}

/// Characters that are invisible or change how the text around them shows.
fn is_hidden(c: char) -> bool {
    matches!(
        c.general_category(),
        GeneralCategory::Control | GeneralCategory::Format | GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator
    ) || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bidi_zero_width_and_control_characters() {
        assert_eq!(sanitize("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(sanitize("\u{2066}a\u{2067}b\u{2068}c\u{2069}.txt"), "abc.txt");
        assert_eq!(sanitize("re\u{200B}port\u{200D}\u{FEFF}.pdf"), "report.pdf");
        assert_eq!(sanitize("a\u{0}b\u{7}c\nd\u{2028}.txt"), "abcd.txt");
        assert_eq!(sanitize("../../etc/passwd"), "passwd");
        assert_eq!(sanitize("C:\\Users\\x\\notes.txt"), "notes.txt");
        assert_eq!(sanitize("\u{202E}\u{200B}"), "file");
        assert_eq!(sanitize(".."), "file");
    }

    #[test]
    fn normalises_to_nfc() {
        // "é" as e + combining acute becomes the one precomposed character.
        assert_eq!(sanitize("cafe\u{301}.txt"), "caf\u{e9}.txt");
        assert_eq!(sanitize(&"x".repeat(300)).chars().count(), MAX_CHARS);
    }
}
