//! A conservative CSS minifier for the widget's own stylesheet, run by `build.rs` so that the
//! wasm carries the stylesheet without its comments and indentation. It only drops comments and
//! whitespace that cannot matter: runs of whitespace become one space, and spaces next to `{`,
//! `}`, `;`, `,` and `>` go. Quoted strings are copied as they are. Spaces elsewhere stay
//! (`.a :hover` is not `.a:hover`, and `calc(1px - 2px)` needs its spaces).

/// `css` without comments and needless whitespace.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    // A whitespace run (or comment) was skipped and may need to become one space.
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = '\0';
            for c in chars.by_ref() {
                if last == '*' && c == '/' {
                    break;
                }
                last = c;
            }
            pending_space = true;
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        let tight = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>');
        if pending_space && !out.is_empty() && !tight(c) && !out.ends_with(tight) {
            out.push(' ');
        }
        pending_space = false;
        if c == '}' && out.ends_with(';') {
            out.pop();
        }
        out.push(c);
        if c == '"' || c == '\'' {
            let mut escaped = false;
            for s in chars.by_ref() {
                out.push(s);
                if escaped {
                    escaped = false;
                } else if s == '\\' {
                    escaped = true;
                } else if s == c {
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_comments_and_needless_whitespace_only() {
        let css = "/* head */\n:host {\n  --a: 1px; /* why */\n  font: 12px \"Segoe  UI\", serif;\n}\n\n.a :hover, .b > .c { width: calc(100% - 2 * 3px); }\n.d[x=\"a  b\"] { d: path('M6 9l6  6'); content: \"/* not a comment */\"; }\n@media (max-width: 480px) {\n  .e { margin: 0 auto; }\n}\n";
        assert_eq!(
            minify(css),
            ":host{--a: 1px;font: 12px \"Segoe  UI\",serif}.a :hover,.b>.c{width: calc(100% - 2 * 3px)}.d[x=\"a  b\"]{d: path('M6 9l6  6');content: \"/* not a comment */\"}@media (max-width: 480px){.e{margin: 0 auto}}"
        );
    }

    /// Removes comments and all whitespace outside strings: what minifying may not change.
    fn skeleton(css: &str) -> String {
        let mut out = String::new();
        let mut rest = css;
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("/*") {
                rest = rest.find("*/").map_or("", |end| &rest[end + 2..]);
                continue;
            }
            rest = &rest[c.len_utf8()..];
            if c == '"' || c == '\'' {
                let end = rest.find(c).map_or(rest.len(), |e| e + 1);
                out.push(c);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            } else if !c.is_whitespace() {
                out.push(c);
            }
        }
        out.replace(";}", "}")
    }

    #[test]
    fn the_widget_stylesheet_keeps_every_rule() {
        let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/style/widget.css")).unwrap();
        let small = minify(&css);
        assert!(small.len() * 10 < css.len() * 9, "{} of {} bytes", small.len(), css.len());
        assert!(!small.contains("/*") && !small.contains('\n') && !small.contains("  "));
        assert_eq!(skeleton(&small), skeleton(&css));
        // Descendant combinators keep their space.
        assert!(small.contains(".qc-widget[data-position=\"left\"] .qc-launcher{"));
        assert!(small.contains(":host{all: initial !important;"));
    }
}
