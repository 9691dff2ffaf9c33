//! Times the markdown parser on adversarial inputs at 100 KB and 1 MB and prints the figures
//! (it asserts nothing: a report, run by `scripts/test.sh`). Linear parsing shows as a 1 MB
//! time about ten times the 100 KB one; a quadratic path would show as about a hundred.
//!
//! `cargo run --release --example markdown_bench`

use quintus_chat_widget::core::markdown::parse;
use std::time::{Duration, Instant};

const SMALL: usize = 100_000;
const LARGE: usize = 1_000_000;

/// `unit` repeated to at least `size` bytes.
fn fill(unit: &str, size: usize) -> String {
    unit.repeat(size / unit.len().max(1) + 1)
}

/// List items nested 1,000 deep on every line (`- - - … a`).
fn nested_lists(size: usize) -> String {
    fill(&format!("{}a\n", "- ".repeat(1000)), size)
}

/// A staircase of list items, each line indented two more columns (up to 1,000 deep).
fn list_staircase(size: usize) -> String {
    let mut out = String::new();
    let mut depth = 0;
    while out.len() < size {
        out.push_str(&"  ".repeat(depth));
        out.push_str("- a\n");
        depth = (depth + 1) % 1000;
    }
    out
}

/// Block quotes nested 1,000 deep on every line.
fn nested_quotes(size: usize) -> String {
    fill(&format!("{} q\n", ">".repeat(1000)), size)
}

/// A table 5,000 columns wide, its body rows filling `size`.
fn wide_table(size: usize) -> String {
    let head = format!("{}|\n{}|\n", "|a".repeat(5000), "|-".repeat(5000));
    let row = format!("{}|\n", "|x".repeat(5000));
    head + &fill(&row, size)
}

/// Citations `[1]` … `[9]` with their definitions, repeated.
fn citations(size: usize) -> String {
    let defs: String = (1..10).map(|i| format!("[{i}]: https://example.com/{i} \"Source {i}\"\n")).collect();
    format!("{defs}\n{}", fill("A claim [3], another [7][], [text][9]. ", size))
}

/// Brackets holding labels near the 999-character limit, with a definition, repeated.
fn long_labels(size: usize) -> String {
    let label = "a ".repeat(490);
    format!("[{label}]: https://example.com\n\n{}", fill(&format!("[{label}] ["), size))
}

/// The fastest of three runs, so a busy machine (and first-touch page faults) disturb less.
fn time(input: &str) -> Duration {
    let runs = 3;
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let nodes = parse(input);
            let elapsed = start.elapsed();
            std::hint::black_box(nodes);
            elapsed
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let units: &[(&str, &str)] = &[
        ("run of *", "*"),
        ("*a repeated", "*a"),
        ("**a repeated", "**a "),
        ("run of _", "_"),
        ("_a_ repeated", "_a_b"),
        ("run of [", "["),
        ("[a]( repeated", "[a]("),
        ("]( repeated", "]("),
        ("run of (", "("),
        ("[a](b ( repeated", "[a](b ("),
        ("[a](b \" repeated", "[a](b \""),
        ("[a][ repeated", "[a]["),
        ("run of <", "<"),
        ("<a href=\" repeated", "<a href=\""),
        ("<!-- repeated", "<!--"),
        ("run of `", "`"),
        ("` and text", "`a"),
        ("&# repeated", "&#"),
        ("&#1 repeated", "&#1"),
        ("&amp repeated", "&amp"),
        ("www. after (", "(www.a"),
        ("a@ repeated", "a@"),
        ("> nesting, one line", "> "),
        ("- nesting, one line", "- "),
    ];
    type Make = fn(usize) -> String;
    let shapes: &[(&str, Make)] = &[
        ("> nesting 1,000 deep per line", nested_quotes), ("list nesting 1,000 deep per line", nested_lists),
        ("list staircase, 1,000 deep", list_staircase),
        ("table 5,000 columns", wide_table),
        ("citations with definitions", citations),
        ("999-character labels, defined", long_labels),
    ];

    println!("{:<32} {:>12} {:>12} {:>7}", "input", "100 KB", "1 MB", "ratio");
    let mut slowest = (Duration::ZERO, "");
    let mut report = |name: &'static str, make: &dyn Fn(usize) -> String| {
        let small = time(&make(SMALL));
        let large = time(&make(LARGE));
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
        println!("{name:<32} {:>9.2} ms {:>9.2} ms {ratio:>7.1}", small.as_secs_f64() * 1e3, large.as_secs_f64() * 1e3);
        if large > slowest.0 {
            slowest = (large, name);
        }
    };
    for &(name, unit) in units {
        report(name, &|size| fill(unit, size));
    }
    for &(name, make) in shapes {
        report(name, &make);
    }
    println!(
        "markdown bench: {} inputs at 100 KB and 1 MB; slowest at 1 MB: {} ({:.1} ms)",
        units.len() + shapes.len(),
        slowest.1,
        slowest.0.as_secs_f64() * 1e3
    );
}
