//! Writes the tables markdown needs: the Unicode punctuation and lower-case ranges
//! (`build/punctuation.rs`) to `OUT_DIR/punctuation.rs`, the named character references
//! (`build/entities.rs`) to `OUT_DIR/entities.rs`.

#[path = "build/entities.rs"]
mod entities;
#[path = "build/punctuation.rs"]
mod punctuation;

fn main() {
    println!("cargo:rerun-if-changed=build/punctuation.rs");
    println!("cargo:rerun-if-changed=build/entities.rs");
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    punctuation::write(&out_dir.join("punctuation.rs"));
    entities::write(&out_dir.join("entities.rs"));
}
