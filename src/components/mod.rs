//! Leptos components, one per file.

pub mod composer;
pub mod feedback;
pub mod focus;
pub mod launcher;
pub mod markdown;
pub mod message;
pub mod message_list;
pub mod notices;
pub mod panel;
pub mod widget;

pub use composer::Composer;
pub use feedback::Feedback;
pub use launcher::Launcher;
pub use markdown::Markdown;
pub use message::MessageBubble;
pub use message_list::MessageList;
pub use notices::Notices;
pub use panel::Panel;
pub use widget::Widget;
