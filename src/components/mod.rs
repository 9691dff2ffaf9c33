//! Leptos components, one per file.

pub mod launcher;
pub mod panel;
pub mod widget;

pub use launcher::Launcher;
pub use panel::Panel;
pub use widget::Widget;
