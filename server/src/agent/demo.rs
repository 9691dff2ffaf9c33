//! The demo agent: deterministic markdown replies, streamed word by word. Useful for demos
//! (it shows what the widget renders) and for tests (its answers are predictable).

use crate::models::FileInfo;
use std::time::Duration;
use tokio::sync::mpsc;

const HELP: &str = "I am the **Quintus demo agent**. I repeat what you write, and I know these commands:\n\n\
- `/help`: this list\n\
- `/long`: a long reply, to watch it stream\n\
- `/code`: a code block\n\
- `/list`: nested lists\n\
- `/table`: a table\n\
- `/links`: links, including unsafe ones a widget must neutralise\n\
- `/sources`: an answer that cites its sources, as models do\n\
- `/slow`: a reply streamed five times slower\n\
- `/words N`: a reply of N words (at most 5000), to measure streaming\n\n\
Attach a file and I will tell you what I received.";

const LONG: &str = "Here is a longer answer, so that you can watch it stream in.\n\n\
Quintus is a platform for generative AI in the enterprise. This widget talks to its Public Chat API: \
it creates a conversation, sends your messages, and streams the agent's reply token by token over \
Server-Sent Events, read from the fetch body.\n\n\
If you reload the page while I am still writing, the widget finds the conversation again through its \
state endpoint and the message list, and picks up this very reply once I have finished it. If the \
connection drops, it keeps what it has shown and asks the server for the rest.\n\n\
Nothing you write is lost: a message that could not be sent stays in the list with a retry button, \
and the server stores every message exactly once, even when the same message is sent twice.\n\n\
That is all for now. Try `/code`, `/table` or `/links` next.";

const CODE: &str = "Here is some Rust:\n\n```rust\nfn main() {\n    let greeting = \"Olá, mundo\";\n    println!(\"{greeting}\");\n}\n```\n\nAnd inline code: `cargo test`.";

const LIST: &str = "Things to check:\n\n1. The launcher\n2. The panel\n   - header\n   - message list\n   - composer\n3. The reply stream\n\n- [x] done\n- [ ] to do";

const TABLE: &str = "| Embed | Isolation | API |\n|:--|:--:|--:|\n| Script tag | Shadow DOM | `QuintusChat` |\n| Iframe | Frame | postMessage |\n| npm | Shadow DOM | `mount()` |";

const LINKS: &str = "Safe links: [Quintus](https://quintus.tec.br), [mail us](mailto:support@quintus.tec.br), <https://example.com>.\n\n\
Unsafe ones, which must stay harmless: [click me](javascript:alert(1)), <script>alert('xss')</script>, \
<img src=x onerror=alert(1)>, and [data](data:text/html,<b>x</b>).";

const SOURCES: &str = "The widget streams replies over Server-Sent Events [1] read from the fetch body's \
ReadableStream [2], and renders them as **CommonMark** [3] &mdash; with the *GitHub* extensions \
(tables, ~~strikethrough~~, task lists) [4].\n\n\
> Quotes from a source stay quotes; entities like &copy;, &frac12; and &#8364; become \
their characters.\n\n\
[1]: https://html.spec.whatwg.org/multipage/server-sent-events.html \"Server-sent events\"\n\
[2]: https://developer.mozilla.org/docs/Web/API/ReadableStream\n\
[3]: https://spec.commonmark.org/0.31.2/\n\
[4]: https://github.github.com/gfm/";

const SLOW: &str = "This reply streams slowly, one word at a time, so that you can stop it, reload in the middle, or watch the typing indicator.";

/// The reply to `text` (and attached `files`).
pub fn reply_text(text: &str, files: &[FileInfo]) -> String {
    let trimmed = text.trim();
    let mut reply = match trimmed {
        "/help" => HELP.to_string(),
        "/long" => LONG.to_string(),
        "/code" => CODE.to_string(),
        "/list" => LIST.to_string(),
        "/table" => TABLE.to_string(),
        "/links" => LINKS.to_string(),
        "/sources" => SOURCES.to_string(),
        "/slow" => SLOW.to_string(),
        "" => String::new(),
        other => match words_count(other) {
            Some(n) => words(n),
            None => format!("You said: \"{other}\". Type `/help` to see what else I can do."),
        },
    };
    if !files.is_empty() {
        let list: Vec<String> = files.iter().map(|f| format!("{} ({}, {})", inline_code(&f.name), f.mime_type, human_size(f.size))).collect();
        let ack = format!("I received {}.", list.join(", "));
        reply = if reply.is_empty() { ack } else { format!("{ack}\n\n{reply}") };
    }
    if reply.is_empty() {
        reply = "Hello! Type `/help` to see what I can do.".into();
    }
    reply
}

/// `N` of `/words N`, when it is between 1 and 5000.
fn words_count(text: &str) -> Option<usize> {
    let n: usize = text.strip_prefix("/words ")?.trim().parse().ok()?;
    (1..=5000).contains(&n).then_some(n)
}

/// `n` words of prose in paragraphs of 60, with some **bold** and `code`, as a model writes.
fn words(n: usize) -> String {
    const WORDS: [&str; 12] = ["the", "widget", "streams", "**every**", "token", "of", "this", "reply,", "`cheaply`", "and", "smoothly", "now."];
    let mut out = String::with_capacity(n * 8);
    for i in 0..n {
        out.push_str(WORDS[i % WORDS.len()]);
        out.push_str(if i + 1 == n { "" } else if (i + 1) % 60 == 0 { "\n\n" } else { " " });
    }
    out
}

/// The inactivity messages.
pub fn inactivity_text(final_step: bool) -> &'static str {
    if final_step {
        "Since there has been no activity, I am closing this conversation. Thank you for talking to us!"
    } else {
        "Are you still there? This conversation will close soon if there is no activity."
    }
}

/// `text` as a markdown code span, which shows it literally: a file name like
/// `[x](javascript:…)` or `**` must never become a link or emphasis. The fence is one backtick
/// longer than the longest run inside, and a space pads a name that starts or ends with one.
pub fn inline_code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

/// Streams `text` word by word (each word keeps its following whitespace).
pub async fn stream_words(text: String, pace: Duration, tx: mpsc::Sender<super::Delta>) {
    for word in text.split_inclusive([' ', '\n']) {
        if !pace.is_zero() {
            tokio::time::sleep(pace).await;
        }
        if tx.send(Ok(word.to_string())).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_gives_the_asked_number_of_words() {
        let text = reply_text("/words 2000", &[]);
        assert_eq!(text.split_whitespace().count(), 2000);
        assert_eq!(text.matches("\n\n").count(), 2000 / 60);
        assert!(reply_text("/words 0", &[]).starts_with("You said"));
        assert!(reply_text("/words 5001", &[]).starts_with("You said"));
        assert!(reply_text("/words x", &[]).starts_with("You said"));
    }

    #[test]
    fn sources_cites_with_reference_definitions() {
        let text = reply_text("/sources", &[]);
        assert!(text.contains(" [1] ") && text.contains("\n[1]: https://"));
        assert!(text.contains("&mdash;"));
    }

    #[test]
    fn echoes_and_knows_commands() {
        assert!(reply_text("olá", &[]).contains("\"olá\""));
        assert!(reply_text(" /code ", &[]).contains("```rust"));
        assert!(reply_text("/links", &[]).contains("javascript:"));
        assert!(reply_text("/help", &[]).contains("/table"));
    }

    #[test]
    fn acknowledges_files_by_name() {
        let f = FileInfo { id: "f".into(), name: "photo.png".into(), size: 2048, mime_type: "image/png".into(), created_at: "t".into() };
        let reply = reply_text("", &[f]);
        assert!(reply.contains("`photo.png`") && reply.contains("2.0 KB"));
    }

    #[test]
    fn file_names_are_code_spans() {
        assert_eq!(inline_code("[x](javascript:alert(1)).txt"), "`[x](javascript:alert(1)).txt`");
        assert_eq!(inline_code("a`b``c"), "```a`b``c```");
        assert_eq!(inline_code("`x"), "`` `x ``");
    }

    #[test]
    fn words_rejoin_to_the_text() {
        let text = reply_text("/long", &[]);
        let joined: String = text.split_inclusive([' ', '\n']).collect();
        assert_eq!(joined, text);
    }
}
