//! Pure logic of the widget: API models, typed errors, SSE decoding. No web-sys here, so all
//! of it runs under native `cargo test`.
