//! Upload rules checked before a file leaves the browser: size, type and count. The server
//! checks again (by the file's bytes); checking here first means a 40 MB video or an `.exe`
//! gets a clear message at once and never costs the visitor an upload.

/// Largest file the API accepts (`POST /{id}/files`: 25 MB).
pub const MAX_FILE_BYTES: u64 = 25 * 1024 * 1024;

/// Most files attached to one message.
pub const MAX_FILES: usize = 10;

/// Accepted types, as (MIME type, file name extensions). The same list as the server's.
pub const ACCEPTED: &[(&str, &[&str])] = &[
    ("image/png", &["png"]),
    ("image/jpeg", &["jpg", "jpeg"]),
    ("image/gif", &["gif"]),
    ("image/webp", &["webp"]),
    ("application/pdf", &["pdf"]),
    ("text/plain", &["txt", "text", "log", "md"]),
    ("text/csv", &["csv"]),
    ("application/json", &["json"]),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", &["docx"]),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &["xlsx"]),
];

/// How a file is sent: an `image` block or a `file` block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Sent as an `image` block, with a preview.
    Image,
    /// Sent as a `file` block.
    File,
}

/// Why a file was not attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// Larger than `MAX_FILE_BYTES`.
    #[error("larger than 25 MB")]
    TooLarge,
    /// Neither its MIME type nor its extension is accepted.
    #[error("type not accepted")]
    Unsupported,
    /// Zero bytes: nothing to send.
    #[error("empty file")]
    Empty,
    /// The message already has `MAX_FILES` files.
    #[error("too many files")]
    TooMany,
}

/// Checks one file. `mime` is what the browser reported, often empty (then the extension
/// decides); `already` is how many files the message has.
pub fn check(name: &str, size: u64, mime: &str, already: usize) -> Result<FileKind, Rejection> {
    if already >= MAX_FILES {
        return Err(Rejection::TooMany);
    }
    let mime = accepted_mime(name, mime).ok_or(Rejection::Unsupported)?;
    if size > MAX_FILE_BYTES {
        return Err(Rejection::TooLarge);
    }
    if size == 0 {
        return Err(Rejection::Empty);
    }
    Ok(if mime.starts_with("image/") { FileKind::Image } else { FileKind::File })
}

/// The accepted MIME type for a file: the browser's type when it is on the list, else the one
/// its extension names. A known but refused browser type (`application/x-msdownload`) is not
/// overridden by a friendly extension.
fn accepted_mime(name: &str, mime: &str) -> Option<&'static str> {
    let mime = mime.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if let Some((accepted, _)) = ACCEPTED.iter().find(|(m, _)| *m == mime) {
        return Some(accepted);
    }
    if !mime.is_empty() && mime != "application/octet-stream" {
        return None;
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    ACCEPTED.iter().find(|(_, exts)| exts.contains(&ext.as_str())).map(|(m, _)| *m)
}

/// The `accept` attribute of the file input: every accepted MIME type and extension.
pub fn accept_attribute() -> String {
    let mut parts: Vec<String> = Vec::new();
    for (mime, exts) in ACCEPTED {
        parts.push((*mime).to_string());
        parts.extend(exts.iter().map(|e| format!(".{e}")));
    }
    parts.join(",")
}

/// A size for people: `512 B`, `12 KB`, `3.4 MB`, with `decimal` as the decimal separator
/// (`,` in pt-BR and es).
pub fn format_size(bytes: u64, decimal: char) -> String {
    // Integer arithmetic only: formatting a float would pull ~20 KB of float printing into the wasm.
    const KB: u64 = 1024;
    let b = bytes;
    let (unit_bytes, unit) = if b < KB {
        return format!("{bytes} B");
    } else if b < KB * KB {
        (KB, "KB")
    } else if b < KB * KB * KB {
        (KB * KB, "MB")
    } else {
        (KB * KB * KB, "GB")
    };
    // One decimal below 10, none above: "3.4 MB", "25 MB", "120 KB" (halves round up).
    if b < 10 * unit_bytes {
        let tenths = (b * 10 + unit_bytes / 2) / unit_bytes;
        if tenths % 10 == 0 {
            format!("{} {unit}", tenths / 10)
        } else {
            format!("{}{decimal}{} {unit}", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} {unit}", b / unit_bytes + u64::from(b % unit_bytes >= unit_bytes / 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_documents_are_accepted_by_type_or_extension() {
        assert_eq!(check("cat.png", 10, "image/png", 0), Ok(FileKind::Image));
        assert_eq!(check("photo.JPG", 10, "", 0), Ok(FileKind::Image));
        assert_eq!(check("report.pdf", 10, "application/pdf", 0), Ok(FileKind::File));
        assert_eq!(check("data.csv", 10, "application/octet-stream", 0), Ok(FileKind::File));
        assert_eq!(check("notes", 10, "text/plain; charset=utf-8", 0), Ok(FileKind::File));
        assert_eq!(
            check("sheet.xlsx", 10, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 0),
            Ok(FileKind::File)
        );
    }

    #[test]
    fn refused_types_sizes_and_counts_say_why() {
        assert_eq!(check("setup.exe", 10, "application/x-msdownload", 0), Err(Rejection::Unsupported));
        // A refused browser type is not rescued by a friendly name.
        assert_eq!(check("setup.png", 10, "application/x-msdownload", 0), Err(Rejection::Unsupported));
        assert_eq!(check("movie.mp4", 10, "video/mp4", 0), Err(Rejection::Unsupported));
        assert_eq!(check("noext", 10, "", 0), Err(Rejection::Unsupported));
        assert_eq!(check("big.pdf", 40 * 1024 * 1024, "application/pdf", 0), Err(Rejection::TooLarge));
        assert_eq!(check("edge.pdf", MAX_FILE_BYTES, "application/pdf", 0), Ok(FileKind::File));
        assert_eq!(check("edge.pdf", MAX_FILE_BYTES + 1, "application/pdf", 0), Err(Rejection::TooLarge));
        assert_eq!(check("empty.txt", 0, "text/plain", 0), Err(Rejection::Empty));
        assert_eq!(check("one-more.txt", 5, "text/plain", MAX_FILES), Err(Rejection::TooMany));
    }

    #[test]
    fn accept_attribute_lists_types_and_extensions() {
        let accept = accept_attribute();
        assert!(accept.starts_with("image/png,.png,image/jpeg,.jpg,.jpeg"));
        assert!(accept.contains(".docx") && accept.contains("application/json"));
    }

    #[test]
    fn sizes_read_naturally_in_each_locale() {
        assert_eq!(format_size(0, '.'), "0 B");
        assert_eq!(format_size(512, '.'), "512 B");
        assert_eq!(format_size(1024, '.'), "1 KB");
        assert_eq!(format_size(1536, ','), "1,5 KB");
        assert_eq!(format_size(120 * 1024, '.'), "120 KB");
        assert_eq!(format_size(3_565_158, '.'), "3.4 MB");
        assert_eq!(format_size(3_565_158, ','), "3,4 MB");
        assert_eq!(format_size(MAX_FILE_BYTES, '.'), "25 MB");
        assert_eq!(format_size(5 * 1024 * 1024 * 1024, '.'), "5 GB");
        // Rounding at the edges: 9.96 KB is "10 KB", 1023.6 KB is "1024 KB", 1.05 KB is "1.1 KB".
        assert_eq!(format_size(10_199, '.'), "10 KB");
        assert_eq!(format_size(1_048_166, '.'), "1024 KB");
        assert_eq!(format_size(1_076, '.'), "1.1 KB");
        assert_eq!(format_size(u64::MAX, '.'), "17179869184 GB");
    }
}
