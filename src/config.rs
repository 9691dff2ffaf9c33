//! `WidgetConfig`: the embedder's options, read from `data-*` attributes (script tag), query
//! parameters (iframe) or a JS object (npm), and validated.
//!
//! Pure Rust: the browser shell passes a lookup function, so all of this is tested natively.
//! A bad optional value never stops the widget: it is reported as a [`ConfigIssue`] (the shell
//! logs one console error naming it) and replaced by a safe default.

use std::fmt;

/// Production base URL of the Quintus Public Chat API.
pub const DEFAULT_API_URL: &str = "https://api.quintus.tec.br";

/// Where the launcher and panel sit on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Position {
    /// Bottom right corner (default).
    #[default]
    Right,
    /// Bottom left corner.
    Left,
}

/// Colour scheme of the widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// Light colours.
    Light,
    /// Dark colours.
    Dark,
    /// Follows the visitor's `prefers-color-scheme` (default).
    #[default]
    Auto,
}

/// Languages the widget speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// Brazilian Portuguese.
    PtBr,
    /// English (the fallback).
    #[default]
    En,
    /// Spanish.
    Es,
}

impl Lang {
    /// Picks a language from a BCP 47 tag such as `pt`, `pt-BR`, `es-419` or `en-US`.
    /// Returns `None` for a language the widget does not speak.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "pt" => Some(Lang::PtBr),
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            _ => None,
        }
    }

    /// The first supported language among the browser's preferences, else English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred.into_iter().find_map(Lang::from_tag).unwrap_or_default()
    }

    /// The tag used in `lang` attributes and for date formatting.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::PtBr => "pt-BR",
            Lang::En => "en",
            Lang::Es => "es",
        }
    }
}

/// A problem found in the configuration.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigIssue {
    /// A required option is absent or empty; the widget cannot start without it.
    #[error("Quintus chat: the required option `{attr}` is missing")]
    Missing {
        /// Attribute name, e.g. `data-agent-id`.
        attr: &'static str,
    },
    /// An optional value is invalid and was replaced by its default.
    #[error("Quintus chat: `{attr}` has an invalid value {} ({reason}); using {default}", quoted(value))]
    Invalid {
        /// Attribute name, e.g. `data-position`.
        attr: &'static str,
        /// The value as given.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
        /// What is used instead.
        default: &'static str,
    },
}

/// `value` in double quotes, with quotes, backslashes and control characters escaped: what
/// `{:?}` prints for ordinary text, without linking Rust's Debug escaping (and its Unicode
/// tables) into the wasm.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Everything the widget needs to know from the page that embeds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Agent to talk to (`data-agent-id`, required).
    pub agent_id: String,
    /// Publishable API key (`data-api-key`, required). Used only to create and refresh.
    pub api_key: String,
    /// Base URL of the API without a trailing slash; may be empty or a path, meaning the page's
    /// own origin (`data-api-url`).
    pub api_url: String,
    /// Explicit language (`data-lang`); `None` means "negotiate from the browser".
    pub lang: Option<Lang>,
    /// Panel title (`data-title`); `None` uses the translated default.
    pub title: Option<String>,
    /// First assistant line shown in an empty conversation (`data-greeting`).
    pub greeting: Option<String>,
    /// `data-position`.
    pub position: Position,
    /// Accent colour (`data-color`), already checked to be a plain CSS colour value.
    pub color: Option<String>,
    /// `data-theme`.
    pub theme: Theme,
    /// `data-open="true"` opens the panel at start.
    pub open: bool,
    /// Frame mode (`frame=true`, set by the iframe embed's `frame.html`): no launcher, and the
    /// panel fills the viewport, which is the iframe the host page sized.
    pub frame: bool,
    /// CSP nonce for any `<style>` the widget inserts (`data-nonce`).
    pub nonce: Option<String>,
    /// Idle seconds before the inactivity warning (`data-inactivity-warning`; 0 turns the
    /// inactivity messages off).
    pub inactivity_warning_secs: u32,
    /// Further idle seconds after the warning before the final message, which closes the
    /// conversation (`data-inactivity-final`; 0 means no final step).
    pub inactivity_final_secs: u32,
}

/// Default idle time before the inactivity warning: 5 minutes.
pub const DEFAULT_INACTIVITY_WARNING_SECS: u32 = 300;
/// Default idle time after the warning before the final message: 5 minutes.
pub const DEFAULT_INACTIVITY_FINAL_SECS: u32 = 300;

/// The result of reading a configuration: a usable config plus the issues to report.
pub type ParsedConfig = (WidgetConfig, Vec<ConfigIssue>);

impl WidgetConfig {
    /// Reads and validates a configuration. `get` returns an option by its attribute name
    /// without the `data-` prefix (`agent-id`, `api-key`, ...).
    ///
    /// Fails only when a required option is missing; every other problem becomes an issue and
    /// a default.
    pub fn read(get: impl Fn(&str) -> Option<String>) -> Result<ParsedConfig, ConfigIssue> {
        Self::read_dyn(&get)
    }

    /// The body of [`WidgetConfig::read`], compiled once: each embed passes its own lookup
    /// closure, and a generic body would be copied into the wasm for every one of them.
    fn read_dyn(get: &dyn Fn(&str) -> Option<String>) -> Result<ParsedConfig, ConfigIssue> {
        let text = |name: &str| get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let agent_id = text("agent-id").ok_or(ConfigIssue::Missing { attr: "data-agent-id" })?;
        let api_key = text("api-key").ok_or(ConfigIssue::Missing { attr: "data-api-key" })?;
        let mut issues = Vec::new();

        let api_url = match get("api-url") {
            None => DEFAULT_API_URL.to_string(),
            Some(raw) => match parse_api_url(&raw) {
                Some(url) => url,
                None => {
                    issues.push(invalid("data-api-url", &raw, "not an http(s) URL or a path", DEFAULT_API_URL));
                    DEFAULT_API_URL.to_string()
                }
            },
        };
        let lang = text("lang").and_then(|raw| {
            let lang = Lang::from_tag(&raw);
            if lang.is_none() {
                issues.push(invalid("data-lang", &raw, "supported: pt-BR, en, es", "the browser's language"));
            }
            lang
        });
        let position = match text("position").as_deref() {
            None | Some("right") => Position::Right,
            Some("left") => Position::Left,
            Some(other) => {
                issues.push(invalid("data-position", other, "expected right or left", "right"));
                Position::Right
            }
        };
        let theme = match text("theme").as_deref() {
            None | Some("auto") => Theme::Auto,
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            Some(other) => {
                issues.push(invalid("data-theme", other, "expected light, dark or auto", "auto"));
                Theme::Auto
            }
        };
        let mut flag = |attr: &'static str, name: &str| match text(name).as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                issues.push(invalid(attr, other, "expected true or false", "false"));
                false
            }
        };
        let open = flag("data-open", "open");
        let frame = flag("data-frame", "frame");
        let color = text("color").and_then(|raw| {
            if is_safe_css_color(&raw) {
                Some(raw)
            } else {
                issues.push(invalid("data-color", &raw, "not a CSS colour", "the theme colour"));
                None
            }
        });
        let nonce = text("nonce").and_then(|raw| {
            // A nonce is base64; anything else could break out of the attribute it lands in.
            if raw.chars().all(|c| c.is_ascii_alphanumeric() || "+/=-_".contains(c)) {
                Some(raw)
            } else {
                issues.push(invalid("data-nonce", &raw, "not a base64 nonce", "no nonce"));
                None
            }
        });

        let mut seconds = |attr: &'static str, name: &str, default: u32, default_text: &'static str| match text(name) {
            None => default,
            Some(raw) => match raw.parse::<u32>() {
                Ok(n) if n <= 86_400 => n,
                _ => {
                    issues.push(invalid(attr, &raw, "expected whole seconds, 0 to 86400", default_text));
                    default
                }
            },
        };
        let inactivity_warning_secs = seconds("data-inactivity-warning", "inactivity-warning", DEFAULT_INACTIVITY_WARNING_SECS, "300");
        let inactivity_final_secs = seconds("data-inactivity-final", "inactivity-final", DEFAULT_INACTIVITY_FINAL_SECS, "300");

        let config = WidgetConfig {
            agent_id,
            api_key,
            api_url,
            lang,
            title: text("title"),
            greeting: text("greeting"),
            position,
            color,
            theme,
            open,
            frame,
            nonce,
            inactivity_warning_secs,
            inactivity_final_secs,
        };
        Ok((config, issues))
    }
}

fn invalid(attr: &'static str, value: &str, reason: &'static str, default: &'static str) -> ConfigIssue {
    ConfigIssue::Invalid { attr, value: value.to_string(), reason, default }
}

/// Accepts `http(s)://host[...]`, or a path (`/`, `/api`) meaning the page's own origin, and
/// drops trailing slashes so that paths can be appended.
fn parse_api_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let ok_scheme = raw.starts_with("https://") || raw.starts_with("http://");
    let has_host = ok_scheme && raw.split("://").nth(1).is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if has_host || raw.is_empty() || raw.starts_with('/') && !raw.starts_with("//") {
        if raw.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>') {
            return None;
        }
        Some(raw.trim_end_matches('/').to_string())
    } else {
        None
    }
}

/// A colour value that is safe to put into a CSS custom property: hex, or a functional
/// notation / keyword made only of harmless characters (no `;`, braces, quotes or `url(`).
fn is_safe_css_color(raw: &str) -> bool {
    if raw.len() > 64 {
        return false;
    }
    if let Some(hex) = raw.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    let lower = raw.to_ascii_lowercase();
    !lower.contains("url") && !lower.contains("expression")
        && raw.chars().all(|c| c.is_ascii_alphanumeric() || " (),.%-/".contains(c))
        && raw.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn invalid_values_are_quoted_as_debug_would() {
        for value in ["sideways", "say \"hi\"", "back\\slash", "two\nlines\tand\r", "bell\u{7}", "olá 🙂"] {
            let issue = ConfigIssue::Invalid { attr: "data-position", value: value.to_string(), reason: "r", default: "right" };
            assert_eq!(issue.to_string(), format!("Quintus chat: `data-position` has an invalid value {value:?} (r); using right"));
        }
    }

    fn read(pairs: &[(&str, &str)]) -> Result<ParsedConfig, ConfigIssue> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        WidgetConfig::read(|k| map.get(k).cloned())
    }

    const BASE: [(&str, &str); 2] = [("agent-id", "agent_demo"), ("api-key", "qts-pk-dev")];

    #[test]
    fn minimal_config_gets_defaults() {
        let (cfg, issues) = read(&BASE).unwrap();
        assert!(issues.is_empty());
        assert_eq!(cfg.api_url, DEFAULT_API_URL);
        assert_eq!(cfg.position, Position::Right);
        assert_eq!(cfg.theme, Theme::Auto);
        assert_eq!(cfg.lang, None);
        assert!(!cfg.open);
        assert!(!cfg.frame);
        assert_eq!((cfg.inactivity_warning_secs, cfg.inactivity_final_secs), (300, 300));
    }

    #[test]
    fn inactivity_times() {
        let mut pairs = BASE.to_vec();
        pairs.extend([("inactivity-warning", "60"), ("inactivity-final", "0")]);
        let (cfg, issues) = read(&pairs).unwrap();
        assert!(issues.is_empty());
        assert_eq!((cfg.inactivity_warning_secs, cfg.inactivity_final_secs), (60, 0));
        let mut pairs = BASE.to_vec();
        pairs.extend([("inactivity-warning", "-5"), ("inactivity-final", "5m")]);
        let (cfg, issues) = read(&pairs).unwrap();
        assert_eq!(issues.len(), 2);
        assert_eq!((cfg.inactivity_warning_secs, cfg.inactivity_final_secs), (300, 300));
    }

    #[test]
    fn missing_required_option_is_named() {
        assert_eq!(read(&[("api-key", "k")]), Err(ConfigIssue::Missing { attr: "data-agent-id" }));
        assert_eq!(read(&[("agent-id", "a"), ("api-key", "  ")]), Err(ConfigIssue::Missing { attr: "data-api-key" }));
    }

    #[test]
    fn full_valid_config() {
        let mut pairs = BASE.to_vec();
        pairs.extend([
            ("api-url", "http://127.0.0.1:8787/"),
            ("lang", "pt-BR"),
            ("title", " Suporte "),
            ("position", "left"),
            ("theme", "dark"),
            ("open", "true"),
            ("frame", "true"),
            ("color", "#0a7"),
            ("nonce", "abc123+/="),
        ]);
        let (cfg, issues) = read(&pairs).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(cfg.api_url, "http://127.0.0.1:8787");
        assert_eq!(cfg.lang, Some(Lang::PtBr));
        assert_eq!(cfg.title.as_deref(), Some("Suporte"));
        assert_eq!((cfg.position, cfg.theme, cfg.open, cfg.frame), (Position::Left, Theme::Dark, true, true));
        assert_eq!(cfg.color.as_deref(), Some("#0a7"));
        assert_eq!(cfg.nonce.as_deref(), Some("abc123+/="));
    }

    #[test]
    fn each_bad_value_is_one_issue_with_a_default() {
        let mut pairs = BASE.to_vec();
        pairs.extend([
            ("api-url", "javascript:alert(1)"),
            ("lang", "de"),
            ("position", "top"),
            ("theme", "neon"),
            ("open", "yes"),
            ("frame", "1"),
            ("color", "red;} body{display:none"),
            ("nonce", "a\"b"),
        ]);
        let (cfg, issues) = read(&pairs).unwrap();
        let attrs: Vec<&str> = issues
            .iter()
            .map(|i| match i {
                ConfigIssue::Invalid { attr, .. } => *attr,
                ConfigIssue::Missing { attr } => attr,
            })
            .collect();
        assert_eq!(attrs, ["data-api-url", "data-lang", "data-position", "data-theme", "data-open", "data-frame", "data-color", "data-nonce"]);
        assert_eq!(cfg.api_url, DEFAULT_API_URL);
        assert_eq!((cfg.lang, cfg.color, cfg.nonce), (None, None, None));
        assert!(issues[0].to_string().contains("data-api-url"));
    }

    #[test]
    fn api_url_forms() {
        assert_eq!(parse_api_url("/").as_deref(), Some(""));
        assert_eq!(parse_api_url("/api/").as_deref(), Some("/api"));
        assert_eq!(parse_api_url("https://api.quintus.tec.br").as_deref(), Some(DEFAULT_API_URL));
        assert_eq!(parse_api_url("//evil.example"), None);
        assert_eq!(parse_api_url("ftp://x"), None);
        assert_eq!(parse_api_url("https://"), None);
    }

    #[test]
    fn css_colours() {
        for ok in ["#fff", "#12345678", "rebeccapurple", "rgb(10, 20, 30)", "hsl(200 50% 40% / 0.5)"] {
            assert!(is_safe_css_color(ok), "{ok}");
        }
        for bad in ["#ggg", "#12345", "url(x)", "red;", "a{b}", "\"red\"", "(red)", ""] {
            assert!(!is_safe_css_color(bad), "{bad}");
        }
    }

    #[test]
    fn language_negotiation() {
        assert_eq!(Lang::negotiate(["de-DE", "es-419", "en"]), Lang::Es);
        assert_eq!(Lang::negotiate(["pt"]), Lang::PtBr);
        assert_eq!(Lang::negotiate(["fr", "de"]), Lang::En);
        assert_eq!(Lang::negotiate([]), Lang::En);
        assert_eq!(Lang::PtBr.to_string(), "pt-BR");
    }
}
