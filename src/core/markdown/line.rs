//! One input line as the block parser consumes it: indentation in columns, container markers
//! (`>` and list markers) and the lines that start leaf blocks (headings, rules, fences).

/// Tab stops are every 4 columns (CommonMark).
const TAB: usize = 4;

/// A line and how much of it the enclosing containers have consumed. A tab may be consumed in
/// part (`- \tcode` leaves two columns of it): `partial` columns of it remain before `pos`.
#[derive(Clone, Copy)]
pub(super) struct Line<'a> {
    s: &'a str,
    pos: usize,
    /// The column `pos` is at.
    col: usize,
    /// Columns left of a tab consumed in part.
    partial: usize,
}

/// The lines of a text: ended by `\n`, `\r\n` or a lone `\r` (CommonMark's line endings). A
/// final line ending does not start another line.
pub(super) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.find(['\n', '\r']) {
            Some(i) => {
                let next = if r[i..].starts_with("\r\n") { i + 2 } else { i + 1 };
                rest = (next < r.len()).then(|| &r[next..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// A list item marker (`-`, `*`, `+`, `1.`, `1)`) at the start of a line.
#[derive(Clone, Copy)]
pub(super) struct Marker {
    /// The bullet (`-`, `*`, `+`) or the ordered delimiter (`.`, `)`); items of one list share it.
    pub kind: u8,
    /// The number of an ordered item.
    pub start: Option<u64>,
    /// Nothing follows the marker on its line.
    pub empty: bool,
    /// Columns before the marker.
    lead: usize,
    /// Bytes of the marker itself.
    len: usize,
    /// Columns of space taken after the marker.
    pad: usize,
}

impl Marker {
    /// The column where the item's content starts; continuation lines need this much indent.
    pub fn indent(&self) -> usize {
        self.lead + self.len + self.pad
    }
}

/// What a line (after its containers) starts.
pub(super) enum Start<'a> {
    /// `>`
    Quote,
    /// A list item.
    Item(Marker),
    /// `---`, `***`, `___`
    Rule,
    /// `#`..`######` and the heading text.
    Heading(u8, &'a str),
    /// A code fence: its character and length.
    Fence(u8, usize),
    /// A paragraph line, indented code, or nothing.
    None,
}

impl<'a> Line<'a> {
    /// A whole line.
    pub fn new(s: &'a str) -> Line<'a> {
        Line { s, pos: 0, col: 0, partial: 0 }
    }

    /// What the containers left of the line (without the rest of a tab consumed in part).
    pub fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    /// Appends what the containers left, a tab consumed in part as its remaining spaces.
    pub fn push_rest(&self, out: &mut String) {
        out.extend(std::iter::repeat_n(' ', self.partial));
        out.push_str(self.rest());
    }

    /// The rest without its indentation.
    pub fn trimmed(&self) -> &'a str {
        self.rest().trim_start_matches([' ', '\t'])
    }

    /// Nothing but spaces and tabs left.
    pub fn is_blank(&self) -> bool {
        self.trimmed().is_empty()
    }

    /// Columns of indentation left.
    pub fn indent(&self) -> usize {
        self.partial + spaces(self.rest(), self.col)
    }

    /// Consumes up to `cols` columns of indentation; a tab wider than what is left to consume
    /// is consumed in part.
    pub fn skip_indent(&mut self, cols: usize) {
        let take = self.partial.min(cols);
        self.partial -= take;
        let mut done = take;
        while done < cols {
            let width = match self.s.as_bytes().get(self.pos) {
                Some(b' ') => 1,
                Some(b'\t') => TAB - self.col % TAB,
                _ => break,
            };
            self.pos += 1;
            self.col += width;
            if done + width > cols {
                self.partial = done + width - cols;
                break;
            }
            done += width;
        }
    }

    /// Consumes `n` bytes that are no whitespace (a marker).
    fn advance(&mut self, n: usize) {
        self.pos += n;
        self.col += n;
        self.partial = 0;
    }

    /// Consumes a `>` marker (and one space after it) if the line has one.
    pub fn take_quote(&mut self) -> bool {
        let lead = self.indent();
        if lead >= 4 || !self.trimmed().starts_with('>') {
            return false;
        }
        self.skip_indent(lead);
        self.advance(1);
        // One column of space after `>` belongs to the marker.
        self.skip_indent(1);
        true
    }

    /// Consumes a list marker found by `start` on this line.
    pub fn take_marker(&mut self, m: &Marker) {
        self.skip_indent(m.lead);
        self.advance(m.len);
        self.skip_indent(m.pad);
    }

    /// Classifies the rest of the line. Indented code (4+ columns) is `Start::None`.
    pub fn start(&self) -> Start<'a> {
        if self.indent() >= 4 {
            return Start::None;
        }
        let t = self.trimmed();
        let Some(&first) = t.as_bytes().first() else { return Start::None };
        let run = t.bytes().take_while(|&b| b == first).count();
        match first {
            b'>' => return Start::Quote,
            b'`' | b'~' if run >= 3 && !(first == b'`' && t[run..].contains('`')) => return Start::Fence(first, run),
            b'#' if run <= 6 && matches!(t.as_bytes().get(run), None | Some(b' ' | b'\t')) => {
                return Start::Heading(run as u8, heading_text(&t[run..]));
            }
            _ => {}
        }
        if is_rule(t) {
            return Start::Rule;
        }
        match self.marker() {
            Some(m) => Start::Item(m),
            None => Start::None,
        }
    }

    fn marker(&self) -> Option<Marker> {
        let t = self.trimmed();
        let b = t.as_bytes();
        let (kind, start, len) = match *b.first()? {
            c @ (b'-' | b'*' | b'+') => (c, None, 1),
            b'0'..=b'9' => {
                let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let delim = *b.get(digits)?;
                if digits > 9 || (delim != b'.' && delim != b')') {
                    return None;
                }
                (delim, t[..digits].parse().ok(), digits + 1)
            }
            _ => return None,
        };
        let lead = self.indent();
        let after = &t[len..];
        let spaces = spaces(after, self.col + lead - self.partial + len);
        let empty = after.trim_start_matches([' ', '\t']).is_empty();
        if spaces == 0 && !empty {
            return None;
        }
        // Content indented 5+ past the marker is indented code inside the item: take one space.
        let pad = if empty || spaces > 4 { 1 } else { spaces };
        Some(Marker { kind, start, empty, lead, len, pad })
    }

    /// `===` or `---` under a paragraph: the level of the setext heading it makes.
    pub fn setext(&self) -> Option<u8> {
        if self.indent() >= 4 {
            return None;
        }
        let t = self.trimmed().trim_end_matches([' ', '\t']);
        let first = *t.as_bytes().first()?;
        let level = match first {
            b'=' => 1,
            b'-' => 2,
            _ => return None,
        };
        t.bytes().all(|b| b == first).then_some(level)
    }

    /// A closing fence for an open fence of `ch` repeated `len` times.
    pub fn closes_fence(&self, ch: u8, len: usize) -> bool {
        let t = self.trimmed().trim_end_matches([' ', '\t']);
        self.indent() < 4 && t.len() >= len && t.bytes().all(|b| b == ch)
    }
}

/// Columns of the spaces and tabs that start `s`, which starts at column `col`.
fn spaces(s: &str, col: usize) -> usize {
    let mut c = col;
    for b in s.bytes() {
        match b {
            b' ' => c += 1,
            b'\t' => c += TAB - c % TAB,
            _ => break,
        }
    }
    c - col
}

/// Heading text without its optional closing `#`s.
fn heading_text(s: &str) -> &str {
    let s = s.trim_matches([' ', '\t']);
    let body = s.trim_end_matches('#');
    if body.is_empty() {
        ""
    } else if body.len() == s.len() || body.ends_with([' ', '\t']) {
        body.trim_end_matches([' ', '\t'])
    } else {
        s
    }
}

/// Three or more of one of `-*_`, with only spaces and tabs between.
fn is_rule(t: &str) -> bool {
    let Some(&first) = t.as_bytes().first() else { return false };
    matches!(first, b'-' | b'*' | b'_')
        && t.bytes().filter(|&b| b == first).count() >= 3
        && t.bytes().all(|b| b == first || b == b' ' || b == b'\t')
}
