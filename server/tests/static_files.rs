//! `--static`: precompressed variants, cache headers, ETag revalidation and CORS on the widget's
//! files, over real HTTP.

mod support;

use quintus_server::static_files::{etag_of, is_hashed, none_match_hits, IMMUTABLE, SHORT};
use reqwest::header::{HeaderMap, ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, ORIGIN, VARY};
use reqwest::StatusCode;
use std::fs;
use std::path::Path;
use support::Server;

const WASM: &str = "quintus-chat-widget-0123456789abcdef.wasm";
const GLUE: &str = "quintus-chat-widget-fedcba9876543210.js";

/// A dist/ as the build writes it: each file with distinct .br and .gz bodies, so a test can
/// tell which variant was sent.
fn write_dist(dir: &Path) {
    for (name, body) in [(WASM, "\0asm wasm"), (GLUE, "export default 1;"), ("quintus-chat.js", "loader v1"), ("frame.html", "<!doctype html>")] {
        fs::write(dir.join(name), body).unwrap();
        fs::write(dir.join(format!("{name}.br")), format!("br of {name}")).unwrap();
        fs::write(dir.join(format!("{name}.gz")), format!("gz of {name}")).unwrap();
    }
    fs::write(dir.join("plain.txt"), "no compressed copy").unwrap();
}

async fn static_server(tweak: impl FnOnce(&mut quintus_server::Config)) -> (Server, tempfile::TempDir) {
    let files = tempfile::tempdir().unwrap();
    write_dist(files.path());
    let dir = files.path().to_path_buf();
    let server = Server::start(move |c| {
        c.static_dir = Some(dir);
        tweak(c);
    })
    .await;
    (server, files)
}

fn header<'a>(headers: &'a HeaderMap, name: impl reqwest::header::AsHeaderName) -> &'a str {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

fn varies_on_encoding(headers: &HeaderMap) -> bool {
    headers.get_all(VARY).iter().any(|v| v.to_str().unwrap_or("").to_ascii_lowercase().contains("accept-encoding"))
}

#[tokio::test]
async fn the_variant_the_browser_accepts_is_sent_with_its_encoding_and_the_files_type() {
    let (server, _files) = static_server(|_| {}).await;
    let url = format!("{}/{WASM}", server.root());
    for (accept, encoding, body) in [
        ("gzip, deflate, br, zstd", "br", format!("br of {WASM}")),
        ("gzip", "gzip", format!("gz of {WASM}")),
        ("identity", "", "\0asm wasm".to_string()),
    ] {
        let res = server.http.get(&url).header(ACCEPT_ENCODING, accept).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{accept}");
        let headers = res.headers().clone();
        assert_eq!(header(&headers, CONTENT_ENCODING), encoding, "{accept}");
        assert_eq!(header(&headers, CONTENT_TYPE), "application/wasm", "{accept}");
        assert!(varies_on_encoding(&headers), "{accept}: {headers:?}");
        assert_eq!(res.text().await.unwrap(), body, "{accept}");
    }
    let res = server.http.get(format!("{}/{GLUE}", server.root())).header(ACCEPT_ENCODING, "br").send().await.unwrap();
    assert_eq!(header(res.headers(), CONTENT_ENCODING), "br");
    assert!(header(res.headers(), CONTENT_TYPE).contains("javascript"), "{:?}", res.headers());
    server.stop().await;
}

#[tokio::test]
async fn hashed_files_are_immutable_for_a_year_and_loadable_from_any_origin() {
    // Even with the API restricted to one origin, the public files load from any page.
    let (server, _files) = static_server(|c| c.cors_origins = vec!["https://allowed.example".into()]).await;
    for name in [WASM, GLUE] {
        let res = server
            .http
            .get(format!("{}/{name}", server.root()))
            .header(ACCEPT_ENCODING, "br")
            .header(ORIGIN, "https://customer.example")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header(res.headers(), CACHE_CONTROL), IMMUTABLE, "{name}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), "*", "{name}");
        assert!(varies_on_encoding(res.headers()), "{name}: {:?}", res.headers());
    }
    server.stop().await;
}

#[tokio::test]
async fn the_loader_is_cached_briefly_and_revalidates_to_304_with_its_etag() {
    let (server, files) = static_server(|_| {}).await;
    let url = format!("{}/quintus-chat.js", server.root());
    let first = server.http.get(&url).header(ACCEPT_ENCODING, "br").send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(header(first.headers(), CACHE_CONTROL), SHORT);
    let etag = header(first.headers(), ETAG).to_string();
    let last_modified = header(first.headers(), LAST_MODIFIED).to_string();
    assert_eq!(etag, etag_of(b"br of quintus-chat.js"), "the tag is of the bytes sent");
    assert_eq!(first.text().await.unwrap(), "br of quintus-chat.js");

    let again = server.http.get(&url).header(ACCEPT_ENCODING, "br").header(IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(again.headers(), ETAG), etag);
    assert_eq!(header(again.headers(), CACHE_CONTROL), SHORT);
    assert!(varies_on_encoding(again.headers()));
    assert_eq!(again.text().await.unwrap(), "");

    // The uncompressed body is another representation: its tag differs, so a br tag does not
    // make it a 304.
    let plain = server.http.get(&url).header(IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert_ne!(header(plain.headers(), ETAG), etag);

    // A new build within the same second: the date alone would say "not modified"; the tag wins.
    fs::write(files.path().join("quintus-chat.js.br"), "br of the loader, v2").unwrap();
    let changed = server
        .http
        .get(&url)
        .header(ACCEPT_ENCODING, "br")
        .header(IF_NONE_MATCH, &etag)
        .header(IF_MODIFIED_SINCE, &last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(header(changed.headers(), ETAG), etag);
    assert_eq!(changed.text().await.unwrap(), "br of the loader, v2");

    let html = server.http.get(format!("{}/frame.html", server.root())).send().await.unwrap();
    assert_eq!(header(html.headers(), CACHE_CONTROL), SHORT);
    assert!(!header(html.headers(), ETAG).is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_file_without_compressed_copies_is_sent_as_is_and_a_missing_one_is_a_plain_404() {
    let (server, _files) = static_server(|_| {}).await;
    let res = server.http.get(format!("{}/plain.txt", server.root())).header(ACCEPT_ENCODING, "br, gzip").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(res.headers(), CONTENT_ENCODING), "");
    assert_eq!(res.text().await.unwrap(), "no compressed copy");

    let missing = server.http.get(format!("{}/quintus-chat-widget-0000000000000000.js", server.root())).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(missing.headers(), CACHE_CONTROL), "", "an error is never cached for a year");
    server.stop().await;
}

#[test]
fn only_names_ending_in_sixteen_hex_digits_count_as_hashed() {
    assert!(is_hashed("/quintus-chat-widget-0123456789abcdef.wasm"));
    assert!(is_hashed("/a/b/x-fedcba9876543210.js.br"));
    assert!(!is_hashed("/quintus-chat.js"));
    assert!(!is_hashed("/quintus-chat-widget.js"));
    assert!(!is_hashed("/x-0123456789ABCDEF.js"), "upper case is not what the build writes");
    assert!(!is_hashed("/x-0123456789abcde.js"));
    assert!(!is_hashed("/-0123456789abcdef.js"));
    assert!(!is_hashed("/dir-0123456789abcdef/frame.html"));
}

#[test]
fn if_none_match_compares_weakly_and_takes_lists_and_star() {
    let tag = "\"abc\"";
    assert!(none_match_hits("\"abc\"", tag));
    assert!(none_match_hits("W/\"abc\"", tag));
    assert!(none_match_hits("\"x\", \"abc\"", tag));
    assert!(none_match_hits("*", tag));
    assert!(!none_match_hits("\"abcd\"", tag));
    assert!(!none_match_hits("", tag));
}
