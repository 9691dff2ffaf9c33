//! The iframe embed's message protocol (DESIGN.md, "Iframe"): what `frame.html` accepts from
//! its host page and how it names what it posts back, plus the check of `parent_origin`.
//!
//! Pure Rust: the frame's browser side (`embed::frame`) does the origin and source checks on
//! the real `MessageEvent` and calls these, so all of the decoding is tested natively.

/// The `source` field that marks a message as ours, both ways.
pub const SOURCE: &str = "quintus-chat";

/// The JS API's events, which the frame relays to the host under the same names.
pub const EVENTS: [&str; 6] = ["ready", "open", "close", "message", "unread", "error"];

/// A JS API call the host asked the frame to make: `{ source, type, payload }`. `setUser` and
/// `setContext` take the message's `payload` as it is, so the shell passes it along.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostCall {
    /// `open`.
    Open,
    /// `close`.
    Close,
    /// `toggle`.
    Toggle,
    /// `reset`.
    Reset,
    /// `setUser` with the payload (the visitor's data; `null` clears it).
    SetUser,
    /// `setContext` with the payload (the page context; `null` clears it).
    SetContext,
    /// `send` with `payload: { text }`.
    Send(String),
}

/// Why a message was not turned into a call.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    /// Not a `{ source: "quintus-chat", ... }` object: another script's message, ignored quietly.
    #[error("not a Quintus chat message")]
    NotOurs,
    /// Ours, but a `type` the frame does not know.
    #[error("Quintus chat frame: unknown message type {0:?}; known: open, close, toggle, reset, setUser, setContext, send")]
    UnknownType(String),
    /// `send` without a string `payload.text`.
    #[error("Quintus chat frame: `send` needs `payload: {{ text: \"...\" }}`")]
    SendWithoutText,
}

/// Reads a message posted by the host (already checked to come from the parent window at
/// `parent_origin`), given its `source` and `type` and, for `send`, its `payload.text`: each
/// `None` when absent or not a string.
pub fn decode(source: Option<&str>, kind: Option<&str>, text: Option<String>) -> Result<HostCall, Rejected> {
    if source != Some(SOURCE) {
        return Err(Rejected::NotOurs);
    }
    Ok(match kind.unwrap_or_default() {
        "open" => HostCall::Open,
        "close" => HostCall::Close,
        "toggle" => HostCall::Toggle,
        "reset" => HostCall::Reset,
        "setUser" => HostCall::SetUser,
        "setContext" => HostCall::SetContext,
        "send" => HostCall::Send(text.ok_or(Rejected::SendWithoutText)?),
        other => return Err(Rejected::UnknownType(other.to_string())),
    })
}

/// The query parameter that carries a configuration option: `agent-id` is `agent_id`.
pub fn query_name(option: &str) -> String {
    option.replace('-', "_")
}

/// A `parent_origin` that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    /// The parameter is absent or empty.
    #[error("Quintus chat frame: the `parent_origin` parameter is missing, so the frame neither accepts nor posts messages. Pass the host page's origin (its `location.origin`), e.g. `parent_origin=https%3A%2F%2Fshop.example`")]
    Missing,
    /// The parameter is not an `http(s)://host[:port]` origin.
    #[error("Quintus chat frame: `parent_origin` {0:?} is not an origin such as `https://shop.example` (scheme, host and port only; never `*`), so the frame neither accepts nor posts messages")]
    Invalid(String),
}

/// Checks `parent_origin` and returns it as browsers serialize origins (`event.origin`,
/// `location.origin`): lower case, without a default port. Only `http` and `https` origins
/// with a host and nothing after it (a single trailing `/` is tolerated) are accepted, so `*`,
/// `null`, paths and credentials are all refused.
pub fn parse_origin(raw: Option<&str>) -> Result<String, OriginError> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty()).ok_or(OriginError::Missing)?;
    let invalid = || OriginError::Invalid(raw.to_string());
    let lower = raw.to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://").ok_or_else(invalid)?;
    let default_port = match scheme {
        "http" => "80",
        "https" => "443",
        _ => return Err(invalid()),
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    // A bracketed IPv6 host may hold colons; the port is whatever follows the last `]:` or `:`.
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (inside, after) = v6.split_once(']').ok_or_else(invalid)?;
            if inside.is_empty() || !inside.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') {
                return Err(invalid());
            }
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(invalid)?),
            };
            (format!("[{inside}]"), port)
        }
        None => {
            let (host, port) = match authority.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            };
            let label_ok = |l: &str| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !host.trim_end_matches('.').split('.').all(label_ok) {
                return Err(invalid());
            }
            (host.to_string(), port)
        }
    };
    match port {
        None => Ok(format!("{scheme}://{host}")),
        Some(p) if p.is_empty() || p.len() > 5 || !p.chars().all(|c| c.is_ascii_digit()) => Err(invalid()),
        Some(p) => match p.parse::<u16>() {
            Ok(_) if p.trim_start_matches('0') == default_port => Ok(format!("{scheme}://{host}")),
            Ok(n) => Ok(format!("{scheme}://{host}:{n}")),
            Err(_) => Err(invalid()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OURS: Option<&str> = Some(SOURCE);

    #[test]
    fn decodes_every_call() {
        assert_eq!(decode(OURS, Some("open"), None), Ok(HostCall::Open));
        assert_eq!(decode(OURS, Some("close"), None), Ok(HostCall::Close));
        assert_eq!(decode(OURS, Some("toggle"), None), Ok(HostCall::Toggle));
        assert_eq!(decode(OURS, Some("reset"), None), Ok(HostCall::Reset));
        assert_eq!(decode(OURS, Some("setUser"), None), Ok(HostCall::SetUser));
        assert_eq!(decode(OURS, Some("setContext"), None), Ok(HostCall::SetContext));
        assert_eq!(decode(OURS, Some("send"), Some("hello".into())), Ok(HostCall::Send("hello".into())));
    }

    #[test]
    fn rejects_what_is_not_a_call() {
        // Other scripts' messages: ignored quietly.
        assert_eq!(decode(None, Some("open"), None), Err(Rejected::NotOurs));
        assert_eq!(decode(Some("other"), Some("open"), None), Err(Rejected::NotOurs));
        assert_eq!(decode(Some("Quintus-Chat"), Some("open"), None), Err(Rejected::NotOurs));
        // Ours but wrong: reported.
        assert_eq!(decode(OURS, Some("destroy"), None), Err(Rejected::UnknownType("destroy".into())));
        assert_eq!(decode(OURS, None, None), Err(Rejected::UnknownType(String::new())));
        assert_eq!(decode(OURS, Some("send"), None), Err(Rejected::SendWithoutText));
        // Events are what the frame posts, never what it obeys.
        assert_eq!(decode(OURS, Some("message"), None), Err(Rejected::UnknownType("message".into())));
        assert!(Rejected::UnknownType("x".into()).to_string().contains("\"x\""));
    }

    #[test]
    fn query_names() {
        assert_eq!(query_name("agent-id"), "agent_id");
        assert_eq!(query_name("inactivity-warning"), "inactivity_warning");
        assert_eq!(query_name("lang"), "lang");
    }

    #[test]
    fn origins_are_checked_and_serialized_like_browsers_do() {
        let ok = |raw: &str| parse_origin(Some(raw));
        assert_eq!(ok("https://shop.example"), Ok("https://shop.example".into()));
        assert_eq!(ok(" HTTPS://Shop.Example/ "), Ok("https://shop.example".into()));
        assert_eq!(ok("http://localhost:8080"), Ok("http://localhost:8080".into()));
        assert_eq!(ok("http://127.0.0.1:80"), Ok("http://127.0.0.1".into()));
        assert_eq!(ok("https://shop.example:443"), Ok("https://shop.example".into()));
        assert_eq!(ok("https://shop.example:0443"), Ok("https://shop.example".into()));
        assert_eq!(ok("http://shop.example:443"), Ok("http://shop.example:443".into()));
        assert_eq!(ok("http://[::1]:8787"), Ok("http://[::1]:8787".into()));
        assert_eq!(ok("http://[::1]"), Ok("http://[::1]".into()));
    }

    #[test]
    fn bad_origins_are_refused() {
        assert_eq!(parse_origin(None), Err(OriginError::Missing));
        assert_eq!(parse_origin(Some("  ")), Err(OriginError::Missing));
        for bad in [
            "*",
            "null",
            "shop.example",
            "//shop.example",
            "ftp://shop.example",
            "javascript://x",
            "https://",
            "https://shop.example/path",
            "https://shop.example?x=1",
            "https://shop.example#x",
            "https://user@shop.example",
            "https://shop..example",
            "https://shop.example:",
            "https://shop.example:99999",
            "https://shop.example:8a",
            "https://*.example",
            "http://[::1",
            "http://[]",
            "http://[::1]x",
            "https://shöp.example",
        ] {
            assert!(matches!(parse_origin(Some(bad)), Err(OriginError::Invalid(_))), "{bad}");
        }
        assert!(OriginError::Missing.to_string().contains("parent_origin"));
        assert!(OriginError::Invalid("*".into()).to_string().contains("never `*`"));
    }
}
