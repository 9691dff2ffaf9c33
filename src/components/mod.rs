//! The widget's views: Leptos components written with `view!`, one concern per file, on the
//! store's signals.

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

pub use attachment_chips::AttachmentChips;
pub use composer::Composer;
pub use feedback::Feedback;
pub use file_picker::FilePicker;
pub use launcher::Launcher;
pub use markdown::Markdown;
pub use message::MessageRow;
pub use message_list::MessageList;
pub use notices::Notices;
pub use panel::Panel;
pub use widget::Widget;
