//! The `text/event-stream` wire format, as the HTML standard parses it: bytes in chunks of any
//! size (UTF-8 and CR LF may be split between chunks) to raw events. Our own, rather than
//! `eventsource-stream` 0.2.3, because that crate is wrong on two cases the standard defines
//! (the tests at the end show both): a stream that starts with a byte order mark makes it panic
//! (it cuts the 3-byte mark at byte 1), and when lines end in a lone CR it loses the last event.

/// One dispatched event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEvent {
    /// `event:`, or `message` when the event had none.
    pub event: String,
    /// The `data:` lines joined with LF.
    pub data: String,
    /// The last `id:` seen so far in the stream (ids persist across events), or empty.
    pub id: String,
}

/// Why bytes could not be read as an event stream.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EventStreamError {
    /// Bytes that are not UTF-8 (or a sequence cut off by the end of the stream).
    #[error("stream is not UTF-8")]
    NotUtf8,
}

/// Incremental parser: feed chunks with [`EventParser::push`], then call
/// [`EventParser::finish`] at the end. An event not closed by a blank line when the stream
/// ends is dropped, as the standard says.
#[derive(Debug, Default)]
pub struct EventParser {
    /// Bytes of a UTF-8 sequence that the next chunk completes.
    undecoded: Vec<u8>,
    /// Text of the line being read.
    line: String,
    /// Whether any text was read (a leading byte order mark is skipped).
    started: bool,
    /// The last line ended with CR: an LF right after it belongs to the same line end.
    after_cr: bool,
    event: String,
    data: String,
    last_id: String,
}

impl EventParser {
    /// A parser at the start of a stream.
    pub fn new() -> EventParser {
        EventParser::default()
    }

    /// Reads a chunk and appends the events it completes to `out`.
    pub fn push(&mut self, bytes: &[u8], out: &mut Vec<RawEvent>) -> Result<(), EventStreamError> {
        self.undecoded.extend_from_slice(bytes);
        let pending = std::mem::take(&mut self.undecoded);
        let (text, rest) = match std::str::from_utf8(&pending) {
            Ok(text) => (text, &[][..]),
            // A sequence cut at the end of the chunk waits for the next one.
            Err(e) if e.error_len().is_none() => {
                let (valid, rest) = pending.split_at(e.valid_up_to());
                (std::str::from_utf8(valid).map_err(|_| EventStreamError::NotUtf8)?, rest)
            }
            Err(_) => return Err(EventStreamError::NotUtf8),
        };
        self.read(text, out);
        self.undecoded = rest.to_vec();
        Ok(())
    }

    /// The stream ended: fails if it stopped inside a UTF-8 sequence.
    pub fn finish(&mut self) -> Result<(), EventStreamError> {
        if self.undecoded.is_empty() {
            Ok(())
        } else {
            Err(EventStreamError::NotUtf8)
        }
    }

    fn read(&mut self, mut text: &str, out: &mut Vec<RawEvent>) {
        if !self.started && !text.is_empty() {
            self.started = true;
            text = text.strip_prefix('\u{feff}').unwrap_or(text);
        }
        while !text.is_empty() {
            if self.after_cr {
                self.after_cr = false;
                if let Some(rest) = text.strip_prefix('\n') {
                    text = rest;
                    continue;
                }
            }
            match text.find(['\r', '\n']) {
                Some(end) => {
                    self.line.push_str(&text[..end]);
                    self.after_cr = text.as_bytes()[end] == b'\r';
                    text = &text[end + 1..];
                    let line = std::mem::take(&mut self.line);
                    self.line_done(&line, out);
                }
                None => {
                    self.line.push_str(text);
                    text = "";
                }
            }
        }
    }

    fn line_done(&mut self, line: &str, out: &mut Vec<RawEvent>) {
        if line.is_empty() {
            let (event, mut data) = (std::mem::take(&mut self.event), std::mem::take(&mut self.data));
            if data.is_empty() {
                return;
            }
            data.pop();
            let event = if event.is_empty() { "message".to_string() } else { event };
            out.push(RawEvent { event, data, id: self.last_id.clone() });
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = value.to_string(),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.last_id = value.to_string(),
            // `retry` only matters to a client that reconnects by itself; this one reconciles.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Result<Vec<RawEvent>, EventStreamError> {
        let mut parser = EventParser::new();
        let mut out = Vec::new();
        for chunk in chunks {
            parser.push(chunk, &mut out)?;
        }
        parser.finish()?;
        Ok(out)
    }

    fn ev(event: &str, data: &str, id: &str) -> RawEvent {
        RawEvent { event: event.into(), data: data.into(), id: id.into() }
    }

    #[test]
    fn fields_comments_and_defaults_as_the_standard_says() {
        let text = "\u{feff}: comment\ndata: a\ndata:b\ndata\n\nevent: e1\nid: 7\ndata:  two spaces\n\nid\nevent: empty\n\nunknown: x\ndata: y\nretry: 10\n\n";
        assert_eq!(
            parse(&[text.as_bytes()]).unwrap(),
            [ev("message", "a\nb\n", ""), ev("e1", " two spaces", "7"), ev("message", "y", "")]
        );
        // `id` with a NUL is ignored; ids persist across events until changed.
        assert_eq!(
            parse(&[b"id: 1\ndata: x\n\nid: a\0b\ndata: y\n\n"]).unwrap(),
            [ev("message", "x", "1"), ev("message", "y", "1")]
        );
    }

    #[test]
    fn line_ends_of_every_kind_even_split_between_chunks() {
        let lf = "event: e\ndata: 1\n\n";
        for text in [lf.to_string(), lf.replace('\n', "\r\n"), lf.replace('\n', "\r")] {
            let bytes = text.as_bytes();
            for cut in 0..=bytes.len() {
                assert_eq!(parse(&[&bytes[..cut], &bytes[cut..]]).unwrap(), [ev("e", "1", "")], "{text:?} cut at {cut}");
            }
        }
    }

    #[test]
    fn utf8_split_between_chunks_is_joined_and_bad_bytes_are_errors() {
        let text = "data: olá 🙂\n\n".as_bytes();
        for cut in 0..=text.len() {
            assert_eq!(parse(&[&text[..cut], &text[cut..]]).unwrap(), [ev("message", "olá 🙂", "")]);
        }
        assert_eq!(parse(&[b"data: \xff\n\n"]), Err(EventStreamError::NotUtf8));
        assert_eq!(parse(&[b"data: \xf0\x9f"]), Err(EventStreamError::NotUtf8));
    }

    #[test]
    fn an_unfinished_event_at_the_end_is_dropped() {
        assert_eq!(parse(&[b"data: done\n\ndata: half\n"]).unwrap(), [ev("message", "done", "")]);
        assert_eq!(parse(&[b"data: no line end"]).unwrap(), []);
    }
}

/// The same inputs through `eventsource-stream` 0.2.3, the crate this parser replaces: why it is
/// not used. (Native only: the crate is a dev-dependency and never reaches the wasm.)
#[cfg(all(test, not(target_arch = "wasm32")))]
mod compared_with_eventsource_stream {
    use super::*;
    use eventsource_stream::Eventsource;
    use futures_util::{stream, StreamExt};

    /// (event, data) of each event the crate yields, or `Err` if it panicked.
    fn crate_events(text: &'static str) -> std::thread::Result<Vec<(String, String)>> {
        std::panic::catch_unwind(|| {
            let chunks = stream::iter([Ok::<_, std::convert::Infallible>(text.as_bytes())]);
            let events = chunks.eventsource().filter_map(|e| async move { e.ok().map(|e| (e.event, e.data)) });
            futures_executor::block_on(events.collect::<Vec<_>>())
        })
    }

    fn our_events(text: &str) -> Vec<(String, String)> {
        let mut parser = EventParser::new();
        let mut out = Vec::new();
        parser.push(text.as_bytes(), &mut out).expect("UTF-8");
        parser.finish().expect("complete");
        out.into_iter().map(|e| (e.event, e.data)).collect()
    }

    #[test]
    fn a_stream_starting_with_a_byte_order_mark() {
        let text = "\u{feff}event: message.delta\ndata: {}\n\n";
        assert_eq!(our_events(text), [("message.delta".to_string(), "{}".to_string())]);
        assert!(crate_events(text).is_err(), "eventsource-stream no longer panics on a leading BOM");
    }

    #[test]
    fn lines_ending_in_a_lone_cr() {
        let text = "event: message.delta\rdata: a\r\revent: done\rdata: {}\r\r";
        let want = [("message.delta".to_string(), "a".to_string()), ("done".to_string(), "{}".to_string())];
        assert_eq!(our_events(text), want);
        let theirs = crate_events(text).expect("no panic on CR line ends");
        assert_eq!(theirs, want[..1], "eventsource-stream no longer loses the last event");
    }
}
