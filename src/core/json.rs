//! A small JSON value with its parser and writer. The widget reads and writes a handful of API
//! shapes; serde and serde_json cost the wasm about 30 KB brotli (a deserializer per type, float
//! parsing and printing, their error texts), this costs a few. Numbers keep their source text,
//! so nothing is ever rounded, and no float code is linked.

use std::fmt::Write as _;

/// A JSON value. Objects keep their keys in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (already checked against the JSON grammar).
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object.
    Object(Vec<(String, Json)>),
}

/// Why a JSON text or value was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// The text is not JSON; the byte offset where reading stopped.
    #[error("invalid JSON at byte {0}")]
    Syntax(usize),
    /// Arrays and objects nest deeper than [`MAX_DEPTH`].
    #[error("JSON nested too deeply")]
    TooDeep,
    /// A required field is absent (or null).
    #[error("missing field `{0}`")]
    Missing(&'static str),
    /// A field (or the value itself, `""`) has the wrong type.
    #[error("field `{0}` has the wrong type")]
    WrongType(&'static str),
}

/// Deepest nesting accepted, as serde_json's default: hostile input cannot exhaust the stack.
pub const MAX_DEPTH: usize = 128;

/// A type read from a JSON value.
pub trait FromJson: Sized {
    /// Reads `value`; unknown fields are ignored.
    fn from_json(value: &Json) -> Result<Self, JsonError>;
}

/// Parses `text` and reads a `T` from it.
pub fn decode<T: FromJson>(text: &str) -> Result<T, JsonError> {
    T::from_json(&Json::parse(text)?)
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}

impl From<u64> for Json {
    fn from(n: u64) -> Json {
        Json::Number(n.to_string())
    }
}

impl Json {
    /// Parses a whole JSON text (surrounding whitespace allowed, nothing else).
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        let mut parser = Parser { src: text, bytes: text.as_bytes(), pos: 0 };
        let value = parser.value(0)?;
        parser.skip_ws();
        if parser.pos != parser.bytes.len() {
            return Err(JsonError::Syntax(parser.pos));
        }
        Ok(value)
    }

    /// An object from `(key, value)` pairs; pairs whose value is `None` are left out.
    pub fn object(fields: Vec<(&str, Option<Json>)>) -> Json {
        Json::Object(fields.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))).collect())
    }

    /// The value of `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is a non-negative integer that fits a `u64` (no fraction, no exponent).
    pub fn as_u64(&self) -> Option<u64> {
        let Json::Number(text) = self else { return None };
        text.bytes().try_fold(0u64, |n, b| if b.is_ascii_digit() { n.checked_mul(10)?.checked_add(u64::from(b - b'0')) } else { None })
    }

    /// Field `key` of an object: absent and `null` are `None`.
    pub fn opt(&self, key: &str) -> Option<&Json> {
        self.get(key).filter(|v| **v != Json::Null)
    }

    /// Required field `key`.
    pub fn req(&self, key: &'static str) -> Result<&Json, JsonError> {
        self.opt(key).ok_or(JsonError::Missing(key))
    }

    /// Required string field `key`.
    pub fn req_str(&self, key: &'static str) -> Result<String, JsonError> {
        self.req(key)?.as_str().map(str::to_string).ok_or(JsonError::WrongType(key))
    }

    /// Optional string field `key` (absent or `null` is `None`; another type is an error).
    pub fn opt_str(&self, key: &'static str) -> Result<Option<String>, JsonError> {
        self.opt(key).map(|v| v.as_str().map(str::to_string).ok_or(JsonError::WrongType(key))).transpose()
    }

    /// Required unsigned integer field `key`.
    pub fn req_u64(&self, key: &'static str) -> Result<u64, JsonError> {
        self.req(key)?.as_u64().ok_or(JsonError::WrongType(key))
    }

    /// Optional unsigned integer field `key`.
    pub fn opt_u64(&self, key: &'static str) -> Result<Option<u64>, JsonError> {
        self.opt(key).map(|v| v.as_u64().ok_or(JsonError::WrongType(key))).transpose()
    }

    /// Required field `key` read as a `T`.
    pub fn req_as<T: FromJson>(&self, key: &'static str) -> Result<T, JsonError> {
        T::from_json(self.req(key)?)
    }

    /// Required array field `key`, each item read as a `T`.
    pub fn req_list<T: FromJson>(&self, key: &'static str) -> Result<Vec<T>, JsonError> {
        match self.req(key)? {
            Json::Array(items) => items.iter().map(T::from_json).collect(),
            _ => Err(JsonError::WrongType(key)),
        }
    }

    /// The compact JSON text of this value.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Writes `s` as a JSON string, escaping as serde_json does: quote, backslash and control
/// characters; everything else (non-ASCII included) as is.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error<T>(&self) -> Result<T, JsonError> {
        Err(JsonError::Syntax(self.pos))
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.pos += 1;
        }
        found
    }

    fn keyword(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.src[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            self.error()
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.skip_ws();
        match self.peek() {
            Some(b'n') => self.keyword("null", Json::Null),
            Some(b't') => self.keyword("true", Json::Bool(true)),
            Some(b'f') => self.keyword("false", Json::Bool(false)),
            Some(b'"') => Ok(Json::String(self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') | Some(b'{') if depth >= MAX_DEPTH => Err(JsonError::TooDeep),
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.skip_ws();
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return self.error();
                        }
                    }
                }
                Ok(Json::Array(items))
            }
            Some(b'{') => {
                self.pos += 1;
                let mut fields = Vec::new();
                self.skip_ws();
                if !self.eat(b'}') {
                    loop {
                        self.skip_ws();
                        if self.peek() != Some(b'"') {
                            return self.error();
                        }
                        let key = self.string()?;
                        self.skip_ws();
                        if !self.eat(b':') {
                            return self.error();
                        }
                        fields.push((key, self.value(depth + 1)?));
                        self.skip_ws();
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return self.error();
                        }
                    }
                }
                Ok(Json::Object(fields))
            }
            _ => self.error(),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text.
    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        self.eat(b'-');
        if self.eat(b'0') {
            if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return self.error();
            }
        } else if self.digits() == 0 {
            return self.error();
        }
        if self.eat(b'.') && self.digits() == 0 {
            return self.error();
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return self.error();
            }
        }
        Ok(Json::Number(self.src[start..self.pos].to_string()))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let hex = self.bytes.get(self.pos..self.pos + 4).ok_or(JsonError::Syntax(self.pos))?;
        let mut code = 0;
        for &b in hex {
            let digit = (b as char).to_digit(16).ok_or(JsonError::Syntax(self.pos))?;
            code = code * 16 + digit;
        }
        self.pos += 4;
        Ok(code)
    }

    /// A string starting at the opening quote; escapes decoded, UTF-16 surrogate pairs joined
    /// (a lone surrogate is an error, as in serde_json).
    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run = self.pos;
            while self.peek().is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.pos += 1;
            }
            // The run ends at an ASCII byte, so it is whole UTF-8.
            out.push_str(&self.src[run..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self.peek();
                    self.pos += 1;
                    match escaped {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let mut code = self.hex4()?;
                            if (0xD800..0xDC00).contains(&code) {
                                if !(self.eat(b'\\') && self.eat(b'u')) {
                                    return self.error();
                                }
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return self.error();
                                }
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                            }
                            out.push(char::from_u32(code).ok_or(JsonError::Syntax(self.pos))?);
                        }
                        _ => {
                            self.pos -= 1;
                            return self.error();
                        }
                    }
                }
                // End of input, or a raw control character.
                _ => return self.error(),
            }
        }
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
