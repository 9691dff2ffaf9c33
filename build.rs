//! Writes the Unicode punctuation and lower-case ranges markdown needs
//! (`build/punctuation.rs`) to `OUT_DIR/punctuation.rs`.

#[path = "build/punctuation.rs"]
mod punctuation;

fn main() {
    println!("cargo:rerun-if-changed=build/punctuation.rs");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    punctuation::write(&std::path::Path::new(&out_dir).join("punctuation.rs"));
}
