//! Inline spans of one paragraph, heading or table cell: emphasis, strong, strikethrough, code,
//! links (inline and by reference), images (as links), autolinks, extended autolinks, escapes,
//! character references, raw HTML (as text) and line breaks.
//!
//! One pass, left to right, in the manner of CommonMark's delimiter stack: `*`, `_`, `~~` runs
//! and `[` / `![` are remembered as openers; a closing run or `]` looks back for its opener and
//! wraps what lies between into an element. The stack holds at most `MAX_OPEN` openers (the
//! oldest beyond that becomes literal text), which bounds both the work per closer and how deep
//! inline elements can nest. Raw HTML is recognised only to be shown as its literal text.

use super::escape::entity;
use super::link::{self, Memo};
use super::refs::{Refs, MAX_LABEL};
use super::{html, plain_text, safe_href, unicode, MdNode, MdTag};

/// Most openers kept at once.
const MAX_OPEN: usize = 16;
/// Longest backtick string that opens a code span; longer ones stay literal.
const MAX_TICKS: usize = 16;
/// Longest `*` or `_` run that can open or close (with `MAX_OPEN`, it bounds nesting).
const MAX_RUN: usize = 32;
/// Bytes that may start something other than plain text.
const SPECIAL: &[u8] = b"\\`*_~[]!<&\nhw@";

/// An opening delimiter run or bracket. Its literal text is the node at `at` in the output.
#[derive(Clone, Copy)]
struct Opener {
    at: usize,
    /// Where a bracket's text starts in the source.
    src: usize,
    /// `*`, `_`, `~`, or `[` for brackets.
    ch: u8,
    /// Delimiters left in the run.
    count: usize,
    /// The run's length in the source (for the "multiple of 3" rule).
    len: usize,
    /// The run can also close (then the multiple of 3 rule applies).
    both: bool,
    /// `![`
    image: bool,
    /// A bracket inside which a link was already made cannot make another one.
    active: bool,
}

struct Inline<'a> {
    s: &'a str,
    out: Vec<MdNode>,
    /// Plain text not yet pushed to `out`.
    text: String,
    open: Vec<Opener>,
    /// Backtick lengths known to have no closing run further on.
    no_closer: [bool; MAX_TICKS + 1],
    /// Other scans known to find no closer.
    memo: Memo,
    /// The reply's link reference definitions.
    refs: &'a Refs,
    /// Where the last `[` or `]` was (a reference label may hold neither).
    last_bracket: Option<usize>,
}

/// Parses the inline content of one block.
pub(super) fn parse(s: &str, refs: &Refs) -> Vec<MdNode> {
    let mut p = Inline {
        s,
        out: Vec::new(),
        text: String::new(),
        open: Vec::new(),
        no_closer: [false; MAX_TICKS + 1],
        memo: Memo::new(),
        refs,
        last_bracket: None,
    };
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        i = match b[i] {
            b'\\' => p.escape(i),
            b'`' => p.code(i),
            b'*' | b'_' | b'~' => p.delimiter(i),
            b'[' => p.bracket(i, false),
            b'!' if b.get(i + 1) == Some(&b'[') => p.bracket(i, true),
            b']' => p.close_bracket(i),
            b'<' => p.angle(i),
            b'&' => p.reference(i),
            b'\n' => p.newline(i),
            b'h' | b'w' => p.bare_url(i),
            b'@' => p.email(i),
            _ => {
                let end = b[i + 1..].iter().position(|c| SPECIAL.contains(c)).map_or(b.len(), |n| i + 1 + n);
                p.text.push_str(&s[i..end]);
                end
            }
        };
    }
    p.flush();
    p.out
}

impl Inline<'_> {
    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.out.push(MdNode::Text(std::mem::take(&mut self.text)));
        }
    }

    fn push(&mut self, node: MdNode) {
        self.flush();
        self.out.push(node);
    }

    fn escape(&mut self, i: usize) -> usize {
        match self.s.as_bytes().get(i + 1) {
            Some(b'\n') => {
                self.push(MdNode::Element(MdTag::LineBreak, Vec::new()));
                i + 2
            }
            Some(&c) if c.is_ascii_punctuation() => {
                self.text.push(char::from(c));
                i + 2
            }
            _ => {
                self.text.push('\\');
                i + 1
            }
        }
    }

    /// A soft break stays a newline; two or more spaces before it make a hard break.
    fn newline(&mut self, i: usize) -> usize {
        let kept = self.text.trim_end_matches(' ').len();
        let spaces = self.text.len() - kept;
        self.text.truncate(kept);
        if spaces >= 2 {
            self.push(MdNode::Element(MdTag::LineBreak, Vec::new()));
        } else {
            self.text.push('\n');
        }
        i + 1
    }

    fn reference(&mut self, i: usize) -> usize {
        match entity(&self.s[i..], &mut self.text) {
            Some(len) => i + len,
            None => {
                self.text.push('&');
                i + 1
            }
        }
    }

    /// A code span runs to the next backtick string of the same length.
    fn code(&mut self, i: usize) -> usize {
        let b = self.s.as_bytes();
        let n = run(b, i);
        if n <= MAX_TICKS && !self.no_closer[n] {
            let mut j = i + n;
            while let Some(k) = b[j..].iter().position(|&c| c == b'`') {
                let k = j + k;
                let m = run(b, k);
                if m == n {
                    let mut code = self.s[i + n..k].replace('\n', " ");
                    if code.len() >= 2 && code.starts_with(' ') && code.ends_with(' ') && code.bytes().any(|c| c != b' ') {
                        code = code[1..code.len() - 1].to_string();
                    }
                    self.push(MdNode::Element(MdTag::Code, vec![MdNode::Text(code)]));
                    return k + n;
                }
                j = k + m;
            }
            // No run of this length follows here, so none follows any later position either.
            self.no_closer[n] = true;
        }
        self.text.push_str(&self.s[i..i + n]);
        i + n
    }

    /// A run of `*`, `_` or `~`: closes what it can, then may open.
    fn delimiter(&mut self, i: usize) -> usize {
        let b = self.s.as_bytes();
        let c = b[i];
        let n = run(b, i);
        let before = self.s[..i].chars().next_back();
        let after = self.s[i + n..].chars().next();
        let left = !space(after) && (!punct(after) || space(before) || punct(before));
        let right = !space(before) && (!punct(before) || space(after) || punct(after));
        let (mut opens, mut closes) = match c {
            // `_` inside a word (snake_case) neither opens nor closes.
            b'_' => (left && (!right || punct(before)), right && (!left || punct(after))),
            _ => (left, right),
        };
        // Only `~~` strikes through (a single `~` means "about" in chat); very long runs stay
        // literal (this bounds nesting).
        if (c == b'~' && n != 2) || n > MAX_RUN {
            (opens, closes) = (false, false);
        }
        if !opens && !closes {
            self.text.push_str(&self.s[i..i + n]);
            return i + n;
        }
        self.flush();
        let mut left_over = n;
        while closes && left_over > 0 {
            let Some(j) = self.find_opener(c, n, opens) else { break };
            let o = self.open[j];
            let used = if c == b'~' || (left_over >= 2 && o.count >= 2) { 2 } else { 1 };
            // Openers between the two are left unmatched: literal text.
            self.open.truncate(j + 1);
            let content = self.out.split_off(o.at + 1);
            if let Some(MdNode::Text(t)) = self.out.last_mut() {
                t.truncate(t.len().saturating_sub(used));
            }
            if o.count == used {
                self.open.pop();
                self.out.pop();
            } else {
                self.open[j].count -= used;
            }
            let tag = match (c, used) {
                (b'~', _) => MdTag::Strikethrough,
                (_, 2) => MdTag::Strong,
                _ => MdTag::Emphasis,
            };
            self.out.push(MdNode::Element(tag, content));
            left_over -= used;
        }
        if left_over > 0 {
            self.out.push(MdNode::Text(self.s[i..i + left_over].to_string()));
            if opens {
                let at = self.out.len() - 1;
                self.add_opener(Opener { at, src: i, ch: c, count: left_over, len: n, both: closes, image: false, active: true });
            }
        }
        i + n
    }

    /// The nearest opener a closing run of `c` (length `len`) matches. Emphasis never reaches
    /// past an open bracket: link text is closed on its own.
    fn find_opener(&self, c: u8, len: usize, both: bool) -> Option<usize> {
        for (j, o) in self.open.iter().enumerate().rev() {
            if o.ch == b'[' {
                return None;
            }
            // CommonMark's rule of 3, so that `*a**b**c*` nests as it should.
            let odd = (o.both || both) && (o.len + len).is_multiple_of(3) && !(o.len.is_multiple_of(3) && len.is_multiple_of(3));
            if o.ch == c && (c == b'~' || !odd) {
                return Some(j);
            }
        }
        None
    }

    fn add_opener(&mut self, opener: Opener) {
        if self.open.len() >= MAX_OPEN {
            self.open.remove(0);
        }
        self.open.push(opener);
    }

    fn bracket(&mut self, i: usize, image: bool) -> usize {
        let len = if image { 2 } else { 1 };
        self.push(MdNode::Text(self.s[i..i + len].to_string()));
        let at = self.out.len() - 1;
        self.add_opener(Opener { at, src: i + len, ch: b'[', count: 0, len, both: false, image, active: true });
        self.last_bracket = Some(i + len - 1);
        i + len
    }

    /// `]`: with an open bracket and a `(target)` or a defined reference after it, a link;
    /// otherwise literal.
    fn close_bracket(&mut self, i: usize) -> usize {
        let before = self.last_bracket.replace(i);
        let Some(j) = self.open.iter().rposition(|o| o.ch == b'[') else {
            self.text.push(']');
            return i + 1;
        };
        let o = self.open[j];
        // The bracket's text can serve as a label only if it holds no other bracket.
        let label = (before.is_none_or(|b| b < o.src) && i - o.src <= 4 * MAX_LABEL).then(|| &self.s[o.src..i]);
        let target = if o.active { link::tail(self.s, i + 1, &mut self.memo).or_else(|| self.reference_link(i, label)) } else { None };
        let Some((dest, end)) = target else {
            self.open.remove(j);
            self.text.push(']');
            return i + 1;
        };
        self.flush();
        self.open.truncate(j);
        let content = self.out.split_off(o.at + 1);
        self.out.pop();
        let mut children = Vec::new();
        if o.image {
            // An image is never loaded: it becomes a link showing its alt text.
            let alt = plain_text(&content);
            if !alt.is_empty() {
                children.push(MdNode::Text(alt));
            }
        } else {
            unlink(content, &mut children);
            // No links inside links: earlier brackets can no longer make one.
            for other in self.open.iter_mut().filter(|b| b.ch == b'[' && !b.image) {
                other.active = false;
            }
        }
        self.link(&dest, children);
        end
    }

    /// A reference after the `]` at `i`: `[label]`, `[]` (the text is the label) or nothing (the
    /// text is the label). Returns the destination and where the reference ends.
    fn reference_link(&mut self, i: usize, text: Option<&str>) -> Option<(String, usize)> {
        if self.refs.is_empty() {
            return None;
        }
        let b = self.s.as_bytes();
        if b.get(i + 1) == Some(&b'[') {
            let mut k = i + 2;
            while k < b.len() && k - i <= 4 * MAX_LABEL {
                match b[k] {
                    b'\\' => k += 2,
                    b'[' => return None,
                    b']' => break,
                    _ => k += 1,
                }
            }
            if b.get(k) != Some(&b']') {
                return None;
            }
            // The label's brackets are part of the reference, not openers or closers.
            self.last_bracket = Some(k);
            let label = if k == i + 2 { text? } else { &self.s[i + 2..k] };
            return self.refs.get(label).map(|d| (d.to_string(), k + 1));
        }
        self.refs.get(text?).map(|d| (d.to_string(), i + 1))
    }

    /// A link to `href` if it is safe; otherwise just its text.
    fn link(&mut self, href: &str, mut children: Vec<MdNode>) {
        match safe_href(href) {
            Some(href) => {
                if children.is_empty() {
                    children.push(MdNode::Text(href.clone()));
                }
                self.push(MdNode::Element(MdTag::Link(href), children));
            }
            None => {
                self.flush();
                self.out.extend(children);
            }
        }
    }

    /// `<`: an autolink, a raw HTML tag (kept as literal text, as one unit), or text.
    fn angle(&mut self, i: usize) -> usize {
        if let Some((text, href, len)) = link::autolink(&self.s[i..]) {
            let text = MdNode::Text(text.to_string());
            self.link(&href, vec![text]);
            return i + len;
        }
        let len = html::tag(self.s, i, &mut self.memo).unwrap_or(1);
        self.text.push_str(&self.s[i..i + len]);
        i + len
    }

    /// `http://`, `https://` or `www.` at the start of a word becomes a link (GFM).
    fn bare_url(&mut self, i: usize) -> usize {
        let at_word_start = self.s[..i].chars().next_back().is_none_or(|c| c.is_whitespace() || matches!(c, '*' | '_' | '~' | '('));
        // Checked first: scanning a URL that is then refused would make `xhttp://…` quadratic.
        let found = if at_word_start { link::extended_url(&self.s[i..]) } else { None };
        match found {
            Some((len, href)) => {
                let text = MdNode::Text(self.s[i..i + len].to_string());
                self.link(&href, vec![text]);
                i + len
            }
            None => {
                self.text.push_str(&self.s[i..i + 1]);
                i + 1
            }
        }
    }

    /// `@` after an address's user part (still in the pending text): an email link (GFM).
    fn email(&mut self, i: usize) -> usize {
        let Some((user, len)) = link::extended_email(&self.text, &self.s[i..]) else {
            self.text.push('@');
            return i + 1;
        };
        let address = format!("{}{}", &self.text[self.text.len() - user..], &self.s[i..i + len]);
        self.text.truncate(self.text.len() - user);
        self.link(&format!("mailto:{address}"), vec![MdNode::Text(address)]);
        i + len
    }
}

/// Moves `nodes` into `out`, replacing every link by its children (a link never holds a link).
/// Recursion is bounded: inline elements nest at most about 3 × `MAX_OPEN` deep.
fn unlink(nodes: Vec<MdNode>, out: &mut Vec<MdNode>) {
    for node in nodes {
        match node {
            MdNode::Element(MdTag::Link(_), children) => unlink(children, out),
            MdNode::Element(tag, children) => {
                let mut inner = Vec::new();
                unlink(children, &mut inner);
                out.push(MdNode::Element(tag, inner));
            }
            text => out.push(text),
        }
    }
}

/// Length of the run of the byte at `i`.
fn run(b: &[u8], i: usize) -> usize {
    b[i..].iter().take_while(|&&c| c == b[i]).count()
}

/// Unicode whitespace; the start and end of the text count as whitespace.
fn space(c: Option<char>) -> bool {
    c.is_none_or(unicode::is_whitespace)
}

/// Unicode punctuation (categories P and S), as CommonMark 0.31 defines it.
fn punct(c: Option<char>) -> bool {
    c.is_some_and(unicode::is_punctuation)
}
