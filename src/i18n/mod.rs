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
    /// Name of the composer textbox.
    pub message: &'static str,
    /// Placeholder of the composer.
    pub message_placeholder: &'static str,
    /// Send button.
    pub send: &'static str,
    /// Stop button while a reply streams.
    pub stop: &'static str,
    /// Spoken name of the typing indicator.
    pub typing: &'static str,
    /// Retry button of a failed message.
    pub retry: &'static str,
    /// Shown under a message waiting for the connection.
    pub queued: &'static str,
    /// Spoken state of a message on its way.
    pub sending: &'static str,
    /// Shown under a reply that was cut off.
    pub interrupted: &'static str,
    /// The pill that scrolls to new messages.
    pub new_messages: &'static str,
    /// Notice while the browser is offline.
    pub offline: &'static str,
    /// Notice while waiting out a 429; `{n}` is the number of seconds.
    pub rate_limited: &'static str,
    /// Notice while a dropped reply is being recovered.
    pub reconnecting: &'static str,
    /// Reason shown under a message the server did not take.
    pub send_failed: &'static str,
    /// Reason shown when the server could not be reached.
    pub network_error: &'static str,
    /// Shown when the conversation has ended.
    pub ended: &'static str,
    /// Button that starts a new conversation.
    pub start_new: &'static str,
    /// Notice when the conversation could not be loaded.
    pub load_failed: &'static str,
    /// Button that hides a notice.
    pub dismiss: &'static str,
    /// Header button that ends the conversation.
    pub end_conversation: &'static str,
    /// Confirmation question before ending.
    pub confirm_end: &'static str,
    /// Confirms ending.
    pub confirm_end_yes: &'static str,
    /// Cancels a confirmation.
    pub cancel: &'static str,
    /// The 0 to 10 feedback question.
    pub feedback_question: &'static str,
    /// Label of the optional comment.
    pub feedback_comment: &'static str,
    /// Sends the feedback.
    pub feedback_submit: &'static str,
    /// Sends changed feedback.
    pub feedback_update: &'static str,
    /// Shown once feedback is stored.
    pub feedback_saved: &'static str,
    /// Shown when feedback could not be stored.
    pub feedback_failed: &'static str,
    /// Shown when the comment is too long; `{n}` is the limit.
    pub feedback_too_long: &'static str,
    /// Unread count in the launcher's name; `{n}` is the count.
    pub unread: &'static str,
    /// Announced when a reply completes; followed by its text.
    pub new_reply: &'static str,
    /// Attach file button.
    pub attach_file: &'static str,
    /// Shown while files are dragged over the panel.
    pub drop_files: &'static str,
    /// Name of the list of files to send.
    pub attachments: &'static str,
    /// Removes an attached file; `{name}` is its name.
    pub remove_file: &'static str,
    /// Cancels an upload; `{name}` is the file's name.
    pub cancel_upload: &'static str,
    /// Spoken name of an upload's progress; `{name}` is the file's name.
    pub uploading: &'static str,
    /// Shown on a file whose upload failed.
    pub upload_failed: &'static str,
    /// A file over the size limit; `{name}` is its name.
    pub rejected_too_large: &'static str,
    /// A file of a refused type; `{name}` is its name.
    pub rejected_type: &'static str,
    /// An empty file; `{name}` is its name.
    pub rejected_empty: &'static str,
    /// A file past the per-message limit; `{name}` is its name.
    pub rejected_too_many: &'static str,
    /// Spoken kind of an attached image.
    pub image: &'static str,
    /// Spoken kind of an attached file.
    pub file: &'static str,
    /// Decimal separator of sizes (`3,4 MB` in pt-BR and es).
    pub decimal: char,
}

const PT_BR: Strings = Strings {
    open_chat: "Abrir chat",
    close_chat: "Fechar chat",
    default_title: "Fale conosco",
    close: "Fechar",
    conversation: "Conversa",
    message: "Mensagem",
    message_placeholder: "Escreva sua mensagem…",
    send: "Enviar",
    stop: "Parar",
    typing: "O assistente está digitando",
    retry: "Tentar de novo",
    queued: "Será enviada quando a conexão voltar",
    sending: "Enviando",
    interrupted: "Resposta interrompida",
    new_messages: "Novas mensagens",
    offline: "Você está sem conexão. As mensagens serão enviadas quando ela voltar.",
    rate_limited: "Muitas mensagens seguidas. Tentando de novo em {n} s.",
    reconnecting: "Conexão interrompida. Recuperando a resposta…",
    send_failed: "Não foi possível enviar.",
    network_error: "Não foi possível conectar ao servidor.",
    ended: "Esta conversa foi encerrada.",
    start_new: "Iniciar nova conversa",
    load_failed: "Não foi possível carregar a conversa.",
    dismiss: "Dispensar",
    new_reply: "Nova resposta:",
    attach_file: "Anexar arquivo",
    drop_files: "Solte os arquivos para anexar",
    attachments: "Anexos",
    remove_file: "Remover {name}",
    cancel_upload: "Cancelar envio de {name}",
    uploading: "Enviando {name}",
    upload_failed: "Falha no envio",
    rejected_too_large: "“{name}” não foi anexado: o arquivo passa de 25 MB.",
    rejected_type: "“{name}” não foi anexado: envie imagens, PDF, texto, CSV, JSON, DOCX ou XLSX.",
    rejected_empty: "“{name}” não foi anexado: o arquivo está vazio.",
    rejected_too_many: "“{name}” não foi anexado: no máximo 10 arquivos por mensagem.",
    image: "Imagem",
    file: "Arquivo",
    decimal: ',',
    unread: "{n} novas mensagens",
    end_conversation: "Encerrar conversa",
    confirm_end: "Encerrar esta conversa?",
    confirm_end_yes: "Encerrar",
    cancel: "Cancelar",
    feedback_question: "De 0 a 10, o quanto você recomendaria este atendimento?",
    feedback_comment: "Comentário (opcional)",
    feedback_submit: "Enviar avaliação",
    feedback_update: "Atualizar avaliação",
    feedback_saved: "Obrigado! Sua avaliação foi salva.",
    feedback_failed: "Não foi possível salvar sua avaliação. Tente de novo.",
    feedback_too_long: "O comentário pode ter até {n} caracteres.",
};

const EN: Strings = Strings {
    open_chat: "Open chat",
    close_chat: "Close chat",
    default_title: "Chat with us",
    close: "Close",
    conversation: "Conversation",
    message: "Message",
    message_placeholder: "Write a message…",
    send: "Send",
    stop: "Stop",
    typing: "The assistant is typing",
    retry: "Retry",
    queued: "Will be sent when you are back online",
    sending: "Sending",
    interrupted: "Reply interrupted",
    new_messages: "New messages",
    offline: "You are offline. Messages will be sent when the connection is back.",
    rate_limited: "Too many messages at once. Retrying in {n} s.",
    reconnecting: "Connection lost. Recovering the reply…",
    send_failed: "Could not send.",
    network_error: "Could not reach the server.",
    ended: "This conversation has ended.",
    start_new: "Start a new conversation",
    load_failed: "Could not load the conversation.",
    dismiss: "Dismiss",
    new_reply: "New reply:",
    attach_file: "Attach file",
    drop_files: "Drop files to attach",
    attachments: "Attachments",
    remove_file: "Remove {name}",
    cancel_upload: "Cancel upload of {name}",
    uploading: "Uploading {name}",
    upload_failed: "Upload failed",
    rejected_too_large: "“{name}” was not attached: it is larger than 25 MB.",
    rejected_type: "“{name}” was not attached: send images, PDF, text, CSV, JSON, DOCX or XLSX.",
    rejected_empty: "“{name}” was not attached: the file is empty.",
    rejected_too_many: "“{name}” was not attached: at most 10 files per message.",
    image: "Image",
    file: "File",
    decimal: '.',
    unread: "{n} new messages",
    end_conversation: "End conversation",
    confirm_end: "End this conversation?",
    confirm_end_yes: "End",
    cancel: "Cancel",
    feedback_question: "From 0 to 10, how likely are you to recommend this service?",
    feedback_comment: "Comment (optional)",
    feedback_submit: "Send feedback",
    feedback_update: "Update feedback",
    feedback_saved: "Thank you! Your feedback was saved.",
    feedback_failed: "Your feedback could not be saved. Please try again.",
    feedback_too_long: "The comment can have at most {n} characters.",
};

const ES: Strings = Strings {
    open_chat: "Abrir chat",
    close_chat: "Cerrar chat",
    default_title: "Habla con nosotros",
    close: "Cerrar",
    conversation: "Conversación",
    message: "Mensaje",
    message_placeholder: "Escribe un mensaje…",
    send: "Enviar",
    stop: "Detener",
    typing: "El asistente está escribiendo",
    retry: "Reintentar",
    queued: "Se enviará cuando vuelva la conexión",
    sending: "Enviando",
    interrupted: "Respuesta interrumpida",
    new_messages: "Mensajes nuevos",
    offline: "Estás sin conexión. Los mensajes se enviarán cuando vuelva.",
    rate_limited: "Demasiados mensajes seguidos. Reintentando en {n} s.",
    reconnecting: "Conexión interrumpida. Recuperando la respuesta…",
    send_failed: "No se pudo enviar.",
    network_error: "No se pudo conectar con el servidor.",
    ended: "Esta conversación ha terminado.",
    start_new: "Iniciar una nueva conversación",
    load_failed: "No se pudo cargar la conversación.",
    dismiss: "Descartar",
    new_reply: "Nueva respuesta:",
    attach_file: "Adjuntar archivo",
    drop_files: "Suelta los archivos para adjuntarlos",
    attachments: "Adjuntos",
    remove_file: "Quitar {name}",
    cancel_upload: "Cancelar la subida de {name}",
    uploading: "Subiendo {name}",
    upload_failed: "No se pudo subir",
    rejected_too_large: "«{name}» no se adjuntó: supera los 25 MB.",
    rejected_type: "«{name}» no se adjuntó: envía imágenes, PDF, texto, CSV, JSON, DOCX o XLSX.",
    rejected_empty: "«{name}» no se adjuntó: el archivo está vacío.",
    rejected_too_many: "«{name}» no se adjuntó: como máximo 10 archivos por mensaje.",
    image: "Imagen",
    file: "Archivo",
    decimal: ',',
    unread: "{n} mensajes nuevos",
    end_conversation: "Finalizar conversación",
    confirm_end: "¿Finalizar esta conversación?",
    confirm_end_yes: "Finalizar",
    cancel: "Cancelar",
    feedback_question: "Del 0 al 10, ¿qué tan probable es que recomiendes esta atención?",
    feedback_comment: "Comentario (opcional)",
    feedback_submit: "Enviar valoración",
    feedback_update: "Actualizar valoración",
    feedback_saved: "¡Gracias! Tu valoración se guardó.",
    feedback_failed: "No se pudo guardar tu valoración. Inténtalo de nuevo.",
    feedback_too_long: "El comentario puede tener como máximo {n} caracteres.",
};

impl Strings {
    /// The rate-limit notice for a wait of `seconds`.
    pub fn rate_limited_for(&self, seconds: u32) -> String {
        self.rate_limited.replace("{n}", &seconds.to_string())
    }

    /// The unread count as words, e.g. "2 new messages".
    pub fn unread_for(&self, count: u32) -> String {
        self.unread.replace("{n}", &count.to_string())
    }
}

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
            for text in [s.open_chat, s.close_chat, s.default_title, s.close, s.conversation, s.message, s.send, s.stop] {
                assert!(!text.trim().is_empty());
            }
            assert!(s.rate_limited.contains("{n}"));
            assert_ne!(s.default_title, EN.default_title);
            assert_ne!(s.close_chat, EN.close_chat);
        }
        assert_eq!(strings(Lang::En).open_chat, "Open chat");
        assert_eq!(strings(Lang::Es).rate_limited_for(3), "Demasiados mensajes seguidos. Reintentando en 3 s.");
    }
}
