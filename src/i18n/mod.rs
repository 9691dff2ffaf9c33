//! The widget's user-facing strings in pt-BR, en and es.
//!
//! One struct per language, resolved once at mount: every visible or spoken string of the
//! widget comes from here, so a missing translation is a compile error, not an English leak.

use crate::config::Lang;

/// All strings of one language.
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    /// Launcher name while the panel is closed.
    pub open_chat: &'static str,
    /// Launcher name while the panel is open.
    pub close_chat: &'static str,
    /// Default panel title when `data-title` is absent.
    pub default_title: &'static str,
    /// Close button in the panel header.
    pub close: &'static str,
    /// Name of the message list.
    pub conversation: &'static str,
}

const PT_BR: Strings = Strings {
    open_chat: "Abrir chat",
    close_chat: "Fechar chat",
    default_title: "Fale conosco",
    close: "Fechar",
    conversation: "Conversa",
};

const EN: Strings = Strings {
    open_chat: "Open chat",
    close_chat: "Close chat",
    default_title: "Chat with us",
    close: "Close",
    conversation: "Conversation",
};

const ES: Strings = Strings {
    open_chat: "Abrir chat",
    close_chat: "Cerrar chat",
    default_title: "Habla con nosotros",
    close: "Cerrar",
    conversation: "Conversación",
};

/// The strings of a language.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::PtBr => &PT_BR,
        Lang::En => &EN,
        Lang::Es => &ES,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_is_complete_and_distinct_from_english() {
        for lang in [Lang::PtBr, Lang::Es] {
            let s = strings(lang);
            for text in [s.open_chat, s.close_chat, s.default_title, s.close, s.conversation] {
                assert!(!text.trim().is_empty());
            }
            assert_ne!(s.default_title, EN.default_title);
            assert_ne!(s.close_chat, EN.close_chat);
        }
        assert_eq!(strings(Lang::En).open_chat, "Open chat");
    }
}
