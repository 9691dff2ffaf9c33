//! The API's objects and request bodies: the shared `quintus-api-types` crate (the widget reads
//! the same types), under the short names the handlers use.

pub use quintus_api_types::{
    ContentBlock as Block, ConversationState, ConversationStatus, CreateConversationRequest as CreateRequest, FeedbackRequest,
    FileInfo, InactivityRequest, InactivityStep, Message, MessageContent as Content, Page, Role, SendMessageRequest as SendRequest,
    TerminateRequest,
};
