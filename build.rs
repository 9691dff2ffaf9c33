//! Writes the widget's stylesheet, minified, to `OUT_DIR/widget.min.css`, which
//! `src/embed/styles.rs` compiles in: comments and indentation would cost the wasm bytes. Also
//! writes the Unicode punctuation ranges markdown needs (`build/punctuation.rs`).

#[path = "src/core/css_min.rs"]
mod css_min;
#[path = "build/punctuation.rs"]
mod punctuation;

fn main() {
    println!("cargo:rerun-if-changed=style/widget.css");
    println!("cargo:rerun-if-changed=src/core/css_min.rs");
    let css = std::fs::read_to_string("style/widget.css").expect("style/widget.css is readable");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.min.css");
    std::fs::write(out, css_min::minify(&css)).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=build/punctuation.rs");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    punctuation::write(&std::path::Path::new(&out_dir).join("punctuation.rs"));
}
