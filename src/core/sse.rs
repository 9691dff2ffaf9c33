//! Decoding the reply stream: bytes (in chunks of any size) → SSE events
//! (`crate::core::event_stream`, which follows the standard, including UTF-8 and CRLF split
//! across chunks) → typed [`StreamEvent`]s, read by serde (`quintus-api-types`). Unknown event
//! types are skipped, as the contract requires.

use crate::core::error::ApiError;
use crate::core::event_stream::{EventParser, EventStreamError, RawEvent};

pub use quintus_api_types::StreamEvent;

/// A decoded event with its SSE `id:` (empty ids are `None`).
#[derive(Clone, Debug, PartialEq)]
pub struct SseEvent {
    /// The event's `id:` field.
    pub id: Option<String>,
    /// The event.
    pub event: StreamEvent,
}

/// Decodes one SSE event by name (with serde, through the shared `StreamEvent`). `Ok(None)`
/// for an event type this client does not know (skipped, never an error); `Err` when a known
/// event carries data that does not match.
pub fn decode_event(name: &str, data: &str) -> Result<Option<StreamEvent>, ApiError> {
    match StreamEvent::decode(name, data) {
        Ok(StreamEvent::Other { .. }) => Ok(None),
        Ok(event) => Ok(Some(event)),
        Err(e) => Err(ApiError::Decode(format!("{name} event: {e}"))),
    }
}

/// Turns byte chunks, as they arrive, into typed events: bytes that are not UTF-8, and known
/// events with bad data, become `ApiError::Decode` items, and decoding goes on after them.
/// Synchronous, so the browser shell can decode a chunk in the read's own continuation.
#[derive(Default)]
pub struct Decoder {
    parser: EventParser,
    raw: Vec<RawEvent>,
}

impl Decoder {
    /// A decoder at the start of a stream.
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// Decodes one chunk, adding the events it completes to `out`.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<Result<SseEvent, ApiError>>) {
        let read = self.parser.push(chunk, &mut self.raw);
        self.drain(read, out);
    }

    /// The stream ended: adds what its last bytes complete (an event without its final blank
    /// line is dropped, as the standard says).
    pub fn finish(&mut self, out: &mut Vec<Result<SseEvent, ApiError>>) {
        let read = self.parser.finish();
        self.drain(read, out);
    }

    fn drain(&mut self, read: Result<(), EventStreamError>, out: &mut Vec<Result<SseEvent, ApiError>>) {
        out.extend(self.raw.drain(..).filter_map(typed));
        if let Err(err) = read {
            out.push(Err(ApiError::Decode(err.to_string())));
        }
    }
}

/// A raw event as a typed one; `None` for event types this client does not know.
fn typed(event: RawEvent) -> Option<Result<SseEvent, ApiError>> {
    match decode_event(&event.event, &event.data) {
        Ok(Some(decoded)) => Some(Ok(SseEvent { id: (!event.id.is_empty()).then_some(event.id), event: decoded })),
        Ok(None) => None,
        Err(err) => Some(Err(err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A recorded stream with every event, comments, an unknown event, multi-line data (the
    /// JSON split over two `data:` lines) and multibyte UTF-8.
    const RECORDED: &str = concat!(
        ": ping\n",
        "\n",
        "id: 1\n",
        "event: message.created\n",
        "data: {\"id\":\"m1\",\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"olá, niño 🙂\"}],\"created_at\":\"2026-04-27T12:00:00Z\"}\n",
        "\n",
        "id: 2\n",
        "event: message.started\n",
        "data: {\"message_id\":\"m2\",\"role\":\"assistant\",\n",
        "data: \"created_at\":\"2026-04-27T12:00:01Z\"}\n",
        "\n",
        "id: 3\n",
        "event: agent.status\n",
        "data: {\"status\":\"thinking\"}\n",
        "\n",
        ": ping\n",
        "id: 4\n",
        "event: message.delta\n",
        "data: {\"message_id\":\"m2\",\"delta\":\"Ação \"}\n",
        "\n",
        "id: 5\n",
        "event: message.delta\n",
        "data: {\"message_id\":\"m2\",\"delta\":\"concluída 🎉\"}\n",
        "\n",
        "id: 6\n",
        "event: message.completed\n",
        "data: {\"id\":\"m2\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Ação concluída 🎉\"}],\"created_at\":\"2026-04-27T12:00:01Z\",\"metadata\":null}\n",
        "\n",
        "id: 7\n",
        "event: done\n",
        "data: {}\n",
        "\n",
    );

    fn decode_chunks(chunks: Vec<Vec<u8>>) -> Vec<Result<SseEvent, ApiError>> {
        let (mut decoder, mut out) = (Decoder::new(), Vec::new());
        for chunk in chunks {
            decoder.push(&chunk, &mut out);
        }
        decoder.finish(&mut out);
        out
    }

    fn expected() -> Vec<(Option<&'static str>, &'static str)> {
        vec![
            (Some("1"), "created"),
            (Some("2"), "started"),
            (Some("4"), "delta:Ação "),
            (Some("5"), "delta:concluída 🎉"),
            (Some("6"), "completed:Ação concluída 🎉"),
            (Some("7"), "done"),
        ]
    }

    fn summary(events: &[Result<SseEvent, ApiError>]) -> Vec<(Option<String>, String)> {
        events
            .iter()
            .map(|e| {
                let e = e.as_ref().expect("no errors in the recorded stream");
                let what = match &e.event {
                    StreamEvent::MessageCreated(m) => {
                        assert_eq!(m.text(), "olá, niño 🙂");
                        "created".to_string()
                    }
                    StreamEvent::MessageStarted(s) => {
                        assert_eq!(s.created_at, "2026-04-27T12:00:01Z");
                        "started".to_string()
                    }
                    StreamEvent::MessageDelta(d) => format!("delta:{}", d.delta),
                    StreamEvent::MessageCompleted(m) => format!("completed:{}", m.text()),
                    StreamEvent::Error(_) => "error".to_string(),
                    StreamEvent::Done => "done".to_string(),
                    StreamEvent::Other { event, .. } => panic!("unknown event {event} was not skipped"),
                };
                (e.id.clone(), what)
            })
            .collect()
    }

    fn want() -> Vec<(Option<String>, String)> {
        expected().into_iter().map(|(id, w)| (id.map(String::from), w.to_string())).collect()
    }

    #[test]
    fn whole_stream_decodes_and_skips_unknown_events() {
        assert_eq!(summary(&decode_chunks(vec![RECORDED.as_bytes().to_vec()])), want());
    }

    #[test]
    fn split_at_every_byte_offset_with_lf_and_crlf() {
        for text in [RECORDED.to_string(), RECORDED.replace('\n', "\r\n")] {
            let bytes = text.as_bytes();
            for cut in 0..=bytes.len() {
                let chunks = vec![bytes[..cut].to_vec(), bytes[cut..].to_vec()];
                assert_eq!(summary(&decode_chunks(chunks)), want(), "cut at {cut}");
            }
        }
    }

    #[test]
    fn one_byte_chunks_and_three_way_splits() {
        for text in [RECORDED.to_string(), RECORDED.replace('\n', "\r\n")] {
            let bytes = text.as_bytes();
            let ones = bytes.iter().map(|b| vec![*b]).collect();
            assert_eq!(summary(&decode_chunks(ones)), want());
            for a in (0..bytes.len()).step_by(7) {
                for b in (a..bytes.len()).step_by(13) {
                    let chunks = vec![bytes[..a].to_vec(), bytes[a..b].to_vec(), bytes[b..].to_vec()];
                    assert_eq!(summary(&decode_chunks(chunks)), want(), "cuts at {a}, {b}");
                }
            }
        }
    }

    #[test]
    fn a_stream_cut_short_yields_what_was_complete() {
        let cut = RECORDED.find("id: 5").unwrap() + 10;
        let events = decode_chunks(vec![RECORDED.as_bytes()[..cut].to_vec()]);
        assert_eq!(summary(&events), want()[..3].to_vec());
    }

    #[test]
    fn malformed_known_event_is_a_typed_error_and_the_stream_goes_on() {
        let text = "event: message.delta\ndata: {not json\n\nevent: done\ndata: {}\n\n";
        let events = decode_chunks(vec![text.as_bytes().to_vec()]);
        assert!(matches!(&events[0], Err(ApiError::Decode(m)) if m.contains("message.delta")));
        assert!(matches!(&events[1], Ok(SseEvent { event: StreamEvent::Done, id: None })));
    }

    #[test]
    fn error_event_carries_the_envelope() {
        let text = "id: 9\nevent: error\ndata: {\"error\":{\"code\":\"internal_error\",\"name\":\"InternalError\",\"message\":\"agent failed\"},\"request_id\":null,\"timestamp\":null}\n\n";
        let events = decode_chunks(vec![text.as_bytes().to_vec()]);
        let Ok(SseEvent { event: StreamEvent::Error(env), .. }) = &events[0] else { panic!("{events:?}") };
        assert_eq!(env.error.message, "agent failed");
    }

    #[test]
    fn bad_utf8_is_typed() {
        let events = decode_chunks(vec![vec![0xff, 0xfe, b'\n']]);
        assert!(matches!(&events[0], Err(ApiError::Decode(_))));
    }

    #[test]
    fn decode_event_skips_unknown_names() {
        assert_eq!(decode_event("agent.status", "{}").unwrap(), None);
        assert_eq!(decode_event("message", "hello").unwrap(), None);
        assert_eq!(decode_event("done", "").unwrap(), Some(StreamEvent::Done));
    }

    /// A whole reply stream as the reference server sent it (recorded by the api-types crate's
    /// `tests/record-payloads.sh`): an image send, `agent.status` events, deltas, the reply.
    const SERVER_STREAM: &str = include_str!("../../crates/api-types/tests/payloads/stream.sse");

    #[test]
    fn the_recorded_server_stream_decodes_whole_and_in_pieces() {
        let bytes = SERVER_STREAM.as_bytes();
        let thirds = vec![bytes[..bytes.len() / 3].to_vec(), bytes[bytes.len() / 3..2 * bytes.len() / 3].to_vec(), bytes[2 * bytes.len() / 3..].to_vec()];
        for chunks in [vec![bytes.to_vec()], thirds, bytes.chunks(7).map(<[u8]>::to_vec).collect()] {
            let events: Vec<StreamEvent> = decode_chunks(chunks).into_iter().map(|e| e.expect("no errors").event).collect();
            let StreamEvent::MessageCreated(echo) = &events[0] else { panic!("{events:?}") };
            assert_eq!(echo.attachments().len(), 1);
            assert!(matches!(events[1], StreamEvent::MessageStarted(_)));
            let streamed: String = events
                .iter()
                .filter_map(|e| match e {
                    StreamEvent::MessageDelta(d) => Some(d.delta.as_str()),
                    _ => None,
                })
                .collect();
            let Some(StreamEvent::MessageCompleted(reply)) = events.iter().rev().nth(1) else { panic!("{events:?}") };
            assert_eq!(streamed, reply.text());
            assert_eq!(events.last(), Some(&StreamEvent::Done));
            // `agent.status` is on the wire, and skipped.
            assert!(SERVER_STREAM.contains("event: agent.status"));
            assert!(!events.iter().any(|e| matches!(e, StreamEvent::Other { .. })));
        }
    }
}
