//! The widget's views, one per file, built with `crate::dom` on Leptos signals.

pub mod attachment_chips;
pub mod composer;
pub mod feedback;
pub mod file_picker;
pub mod focus;
pub mod icons;
pub mod launcher;
pub mod markdown;
pub mod message;
pub mod message_list;
pub mod notices;
pub mod panel;
pub mod viewport;
pub mod widget;

pub use attachment_chips::attachment_chips;
pub use composer::composer;
pub use feedback::feedback;
pub use file_picker::file_picker;
pub use launcher::launcher;
pub use markdown::markdown;
pub use message::message_row;
pub use message_list::message_list;
pub use notices::notices;
pub use panel::panel;
pub use widget::widget;
