//! The README documents what integrators rely on: every `data-*` attribute the config reads,
//! every CSS custom property the stylesheet offers, and every `part` the components carry.
//! Reading the sources keeps the lists honest as the code changes.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn read(path: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every string between `start` and the next `end` in `text`.
fn between<'a>(text: &'a str, start: &str, end: char) -> Vec<&'a str> {
    text.match_indices(start).filter_map(|(i, _)| text[i + start.len()..].split(end).next()).collect()
}

fn undocumented(names: &BTreeSet<String>, readme: &str) -> Vec<String> {
    names.iter().filter(|n| !readme.contains(&format!("`{n}`"))).cloned().collect()
}

#[test]
fn every_config_attribute_is_in_the_readme() {
    let config = read("src/config.rs");
    let mut names = BTreeSet::new();
    for call in ["text(\"", "get(\"", "seconds(\"data-", "flag(\"data-"] {
        for name in between(&config, call, '"') {
            names.insert(format!("data-{}", name.trim_start_matches("data-")));
        }
    }
    assert!(names.len() >= 13, "found {names:?}");
    assert_eq!(undocumented(&names, &read("README.md")), Vec::<String>::new());
}

#[test]
fn every_css_custom_property_is_in_the_readme() {
    let css = read("style/widget.css");
    let host = css.split(":host {").nth(1).and_then(|rest| rest.split('}').next()).unwrap_or_default();
    let names: BTreeSet<String> =
        between(host, "--qc-", ':').into_iter().map(|n| format!("--qc-{n}")).collect();
    assert!(names.len() >= 15, "found {names:?}");
    assert_eq!(undocumented(&names, &read("README.md")), Vec::<String>::new());
}

#[test]
fn every_part_is_in_the_readme() {
    let mut names = BTreeSet::new();
    for entry in fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/components")).unwrap() {
        let source = fs::read_to_string(entry.unwrap().path()).unwrap();
        // Literal `part="a b"` attributes (in `view!`) and `.part("a b")` calls (the `dom`
        // builder), and the message row's computed ("message user").
        let mut lists = between(&source, "part=\"", '"');
        lists.extend(between(&source, ".part(\"", '"'));
        lists.extend(between(&source, ", \"message ", '"').into_iter().map(|_| "message user assistant"));
        for list in lists {
            names.extend(list.split_whitespace().map(str::to_string));
        }
    }
    assert!(names.len() >= 40, "found {names:?}");
    assert_eq!(undocumented(&names, &read("README.md")), Vec::<String>::new());
}
