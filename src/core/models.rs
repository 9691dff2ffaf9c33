//! The API's models, as the store and the API client name them. They are defined once, in the
//! `quintus-api-types` crate that the server uses too, and read and written with serde_json.

pub use quintus_api_types::{
    ContentBlock, ConversationState, ConversationStatus, CreateConversationRequest, CreateConversationResponse,
    FeedbackRequest, FeedbackResponse, FileInfo, InactivityRequest, InactivityResponse, InactivityStep, Json, Message,
    MessageContent, MessageDelta, MessageStarted, Page, RefreshResponse, Role, SendMessageRequest, SendMessageResponse,
    TerminateRequest, TerminateResponse,
};
