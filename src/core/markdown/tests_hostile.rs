//! Hostile and random input. Pathological shapes (200 KB of brackets, delimiters, backticks,
//! nesting) must parse; they run here so that a quadratic or recursive path shows up as a hang
//! or a stack overflow (no timings are asserted). No input, including every prefix of a reply
//! as it streams in, may panic, nest deeper than `MAX_DEPTH`, or link to an unsafe URL.

use super::*;

const SIZE: usize = 200_000;

/// Parses `input` and checks the invariants every result keeps; returns the nodes.
fn check(input: &str) -> Vec<MdNode> {
    let nodes = parse(input);
    let mut stack: Vec<(&MdNode, usize)> = nodes.iter().map(|n| (n, 1)).collect();
    while let Some((node, depth)) = stack.pop() {
        if let MdNode::Element(tag, children) = node {
            let shown: String = input.chars().take(60).collect();
            assert!(depth <= MAX_DEPTH, "depth {depth} for {} bytes: {shown:?}", input.len());
            if let MdTag::Link(href) = tag {
                let lower = href.to_ascii_lowercase();
                let schemes = ["http://", "https://", "mailto:"];
                assert!(schemes.iter().any(|s| lower.starts_with(s)), "{href} for {shown:?}");
                assert_eq!(safe_href(href).as_deref(), Some(href.as_str()), "{shown:?}");
            }
            if matches!(tag, MdTag::Heading(l) if !(1..=6).contains(l)) {
                panic!("{tag:?} for {shown:?}");
            }
            stack.extend(children.iter().map(|c| (c, depth + 1)));
        }
    }
    nodes
}

/// `unit` repeated to about `SIZE` bytes.
fn fill(unit: &str) -> String {
    unit.repeat(SIZE / unit.len().max(1) + 1)
}

#[test]
fn pathological_inline_input_parses() {
    let units = [
        "[", "]", "[](", "[a](", "![", "![[", "](", "[a](<", "[a](b \"", "((((", "[]",
        "*", "**", "*a", "**a", "a*", "*a*", "_a_b_c", "_a", "a_", "*_", "_*", "*a _b ", "~~", "~~a", "~",
        "`", "``", "` ", "a`", "<", "<a", "<a:", "<a@", "&", "&#", "&#x", "&amp", "&amp;", "\\", "\\*",
        "h", "http://", "https://a", "(http://a", "xhttp://a", "http://a)", "http://a.", "| ", "  \n", "\\\n",
        "[a](b (", "[a](b \"", "[a](b '", "[a](b(c)", "<a href=\"", "<a b='", "<a b", "</a", "<!--", "<?", "<![CDATA[", "<!a",
        "[a][", "[a][]", "[a]: ", "www.", "(www.a", "www.a.b", "a@", "a.b@c", "@a.b", "&copy;", "&#1114112;", "*a_", "\t",
    ];
    for unit in units {
        check(&fill(unit));
    }
    // Growing backtick strings that never close; nested openers that all close at the end.
    let ticks: String = (1..600).map(|n| "`".repeat(n) + "x").collect();
    check(&ticks);
    let n = SIZE / 8;
    check(&("*a _b ".repeat(n) + &" c_ d*".repeat(n)));
    check(&("[a ".repeat(n) + &"](https://x.y)".repeat(n)));
    check(&("![a ".repeat(n) + &"](https://x.y)".repeat(n)));
    check(&("**".repeat(n) + "x" + &"**".repeat(n)));
}

#[test]
fn pathological_block_input_parses() {
    let units = [
        ">", "> ", ">\n", "> a\n", "- ", "- - - -\n", "-\n", "* a\n  ", "1. ", "1.\n", "1) a\n", "+ [ ] ",
        "#", "# a\n", "######\n", "=\n", "a\n=\n", "---\n", "```\n", "```", "~~~\n", "    a\n", "\t", "\n",
        " \n", "|", "|-", "|a|\n|-|\n", "a|b\n", "\r\n", "\r", "[a]: https://x\n", "[a]:\n", "-\n\n", "\t- a\n", "- \t\ta\n",
        ">\t\ta\n", "[a]\n\n[a]: https://x \"t\"\n",
    ];
    for unit in units {
        check(&fill(unit));
    }
    // Deep nesting on one line and over many lines; a very wide table with many short rows.
    check(&("> ".repeat(SIZE / 2) + "x"));
    check(&("- ".repeat(SIZE / 2) + "x"));
    check(&("1. ".repeat(SIZE / 3) + "x"));
    check(&("> - ".repeat(SIZE / 4) + "x"));
    let stairs: String = (0..400).map(|i| format!("{}- a\n", " ".repeat(i % 200))).collect();
    check(&stairs.repeat(SIZE / stairs.len() + 1));
    let quotes: String = (0..SIZE / 30).map(|i| ">".repeat(i % 50) + " q\n").collect();
    check(&quotes);
    let wide = format!("{}\n{}\n{}", "|a".repeat(SIZE / 8), "|-".repeat(SIZE / 8), "x\n".repeat(SIZE / 4));
    let nodes = check(&wide);
    let cells = {
        let mut count = 0;
        let mut stack: Vec<&MdNode> = nodes.iter().collect();
        while let Some(MdNode::Element(tag, children)) = stack.pop() {
            count += usize::from(matches!(tag, MdTag::TableCell { .. }));
            stack.extend(children.iter());
        }
        count
    };
    // The head keeps all its cells; padding short rows adds at most about as many again.
    assert!(cells <= 2 * (SIZE / 8 + SIZE / 4) + 4096, "{cells}");
}

/// A small deterministic PRNG (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_token_soup_never_panics() {
    let tokens = [
        "*", "**", "_", "__", "~~", "~", "`", "```", "[", "]", "(", ")", "![", "<", ">", "&", "&amp;", "&#", ";",
        "\\", "\n", "\n\n", " ", "  ", "\t", "    ", "-", "- ", "+ ", "1. ", "2) ", "# ", "> ", "|", "|-|", ":", "=",
        "a", "word", "é", "😀", "\u{0}", "\r", "http://", "https://x.y", "javascript:", "mailto:", "@", ".", "\"",
        "'", "[ ] ", "---", "~~~", "]: ", "www.a.b", "<a b=\"", "<!--", "-->", "&copy;", "me@x.y",
    ];
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    for _ in 0..20_000 {
        let len = rng.below(60);
        let input: String = (0..len).map(|_| tokens[rng.below(tokens.len())]).collect();
        check(&input);
    }
}

#[test]
fn random_bytes_never_panic() {
    const ALPHABET: &[u8] = b" \n*_`[]()<>&#!-|~\\ah:/.";
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    for _ in 0..5_000 {
        let len = rng.below(200);
        // Mostly ASCII punctuation and letters, sometimes any byte (lossily decoded).
        let bytes: Vec<u8> = (0..len).map(|_| if rng.below(4) == 0 { rng.next() as u8 } else { ALPHABET[rng.below(ALPHABET.len())] }).collect();
        check(&String::from_utf8_lossy(&bytes));
    }
}

const REPLY: &str = "# Résumé\n\nHere is **bold**, *em*, ~~gone~~, `code`, and a [link](https://quintus.tec.br \"t\").\n\
Bare: https://example.com/a_(b). Mail <a@b.co>. Escaped \\* and &amp; &#x1F600;.\n\n\
> Quote with *emphasis*\n> > nested\nlazy\n\n\
1. one\n2. two\n   - nested [x](javascript:alert(1))\n   - ![img](http://t/x.png)\n\n\
- [x] done\n- [ ] to do\n\n\
| A | B |\n|:--|--:|\n| 1 | `|` |\n| 2 |\n\n\
```rust\nfn main() { println!(\"<b>\"); }\n```\n\n    indented\n\n---\n\nline one  \nline two\\\nend <script>x</script>";

#[test]
fn every_streamed_prefix_and_slice_of_a_reply_parses() {
    let bounds: Vec<usize> = REPLY.char_indices().map(|(i, _)| i).chain([REPLY.len()]).collect();
    for &end in &bounds {
        check(&REPLY[..end]);
        check(&REPLY[end..]);
    }
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let a = bounds[rng.below(bounds.len())];
        let b = bounds[rng.below(bounds.len())];
        check(&REPLY[a.min(b)..a.max(b)]);
    }
    // The whole reply renders the way it reads.
    let nodes = check(REPLY);
    let text = plain_text(&nodes);
    for part in ["Résumé", "bold", "nested x", "☑ done", "fn main()", "<script>x</script>", "😀"] {
        assert!(text.contains(part), "{part} in {text:?}");
    }
}

/// Depth of the inline nodes before the tree flattens them: what dropping them or `unlink`
/// recurses through. Openers (at most 16) times delimiters per run (at most 32) bound it.
#[test]
fn inline_nesting_before_flattening_is_bounded() {
    fn depth(nodes: &[MdNode]) -> usize {
        let mut best = 0;
        let mut stack: Vec<(&MdNode, usize)> = nodes.iter().map(|n| (n, 1)).collect();
        while let Some((n, d)) = stack.pop() {
            if let MdNode::Element(_, children) = n {
                best = best.max(d);
                stack.extend(children.iter().map(|c| (c, d + 1)));
            }
        }
        best
    }
    let refs = super::refs::Refs::default();
    let n = 2_000;
    let runs = |open: &str, close: &str| open.repeat(n) + "x" + &close.repeat(n);
    for input in [
        runs("*", "*"),
        runs(&"*".repeat(32), &"*".repeat(32)),
        runs(&("*".repeat(32) + "a"), &("a".to_string() + &"*".repeat(32))),
        runs("[*a ", " a*](https://x.y)"),
        runs("**_~~", "~~_**"),
    ] {
        let nodes = super::inline::parse(&input, &refs);
        assert!(depth(&nodes) <= 16 * 32 + 16, "{}", depth(&nodes));
    }
}
