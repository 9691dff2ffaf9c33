//! Tests of the JSON value, parser and writer; serde_json (a native dev-dependency only) is the
//! reference they are checked against.

use super::*;

fn obj(pairs: &[(&str, Json)]) -> Json {
    Json::Object(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
}

#[test]
fn parses_every_kind_of_value_keeping_key_order() {
    let v = Json::parse(" {\"b\": [1, -2.5e3, true, false, null], \"a\": {\"s\": \"x\"}, \"e\": [], \"o\": {}} \n").unwrap();
    let expected = obj(&[
        (
            "b",
            Json::Array(vec![Json::Number("1".into()), Json::Number("-2.5e3".into()), Json::Bool(true), Json::Bool(false), Json::Null]),
        ),
        ("a", obj(&[("s", Json::from("x"))])),
        ("e", Json::Array(vec![])),
        ("o", Json::Object(vec![])),
    ]);
    assert_eq!(v, expected);
    assert_eq!(v.to_text(), r#"{"b":[1,-2.5e3,true,false,null],"a":{"s":"x"},"e":[],"o":{}}"#);
}

#[test]
fn strings_decode_every_escape_and_keep_unicode() {
    let v = Json::parse(r#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude42 olá 🙂""#).unwrap();
    assert_eq!(v.as_str(), Some("q\" b\\ s/ \u{8}\u{c}\n\r\t é 🙂 olá 🙂"));
}

#[test]
fn malformed_texts_are_errors_not_panics() {
    let bad = [
        "", " ", "nul", "tru", "True", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}", "{\"a\":}", "01", "-", "1.", ".5", "1e", "1e+",
        "+1", "--1", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\ud83d\"", "\"\\ud83d\\u0041\"", "\"\\ude42\"", "\"a\nb\"",
        "\"\u{1}\"", "[", "{", "]", "{} {}", "[1] x", "\"\\", "\"\\u", "nan", "Infinity",
    ];
    for text in bad {
        assert!(Json::parse(text).is_err(), "{text:?} parsed");
        assert!(serde_json::from_str::<serde_json::Value>(text).is_err(), "serde_json accepts {text:?}");
    }
}

#[test]
fn nesting_is_limited_without_exhausting_the_stack() {
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(Json::parse(&ok).is_ok());
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_eq!(Json::parse(&deep), Err(JsonError::TooDeep));
    assert_eq!(Json::parse(&"{\"a\":".repeat(100_000)), Err(JsonError::TooDeep));
}

#[test]
fn writing_escapes_as_serde_json_does() {
    let text = "quote\" back\\ nl\n cr\r tab\t bs\u{8} ff\u{c} nul\u{0} us\u{1f} del\u{7f} é 🙂 </script>";
    let ours = Json::from(text).to_text();
    assert_eq!(ours, serde_json::to_string(text).unwrap());
    assert_eq!(Json::parse(&ours).unwrap().as_str(), Some(text));
}

#[test]
fn documents_read_back_the_same_as_serde_json_reads_them() {
    let corpus = [
        r#"{"id":"01J","role":"assistant","content":[{"type":"text","text":"Olá **mundo**\n- a\n- b"}],"created_at":"2026-04-27T12:00:00Z","metadata":null}"#,
        r#"{"user":{"name":"Ana","tags":["a","b"],"age":31,"score":-0.5,"big":12345678901234567890,"exp":1E+2,"nested":[[[{}]]]}}"#,
        r#"[1, 2.0, -0, 0.25e-3, "x\u0000y", "\ud834\udd1e", true, null, {"":""}]"#,
        "  \"only a string\"  ",
        "12",
    ];
    for text in corpus {
        let ours = Json::parse(text).unwrap();
        let reference: serde_json::Value = serde_json::from_str(text).unwrap();
        let written: serde_json::Value = serde_json::from_str(&ours.to_text()).unwrap();
        assert_eq!(written, reference, "{text}");
        assert_eq!(Json::parse(&ours.to_text()).unwrap(), ours, "{text}");
    }
}

#[test]
fn integers_and_fields() {
    assert_eq!(Json::parse("10").unwrap().as_u64(), Some(10));
    assert_eq!(Json::parse("18446744073709551615").unwrap().as_u64(), Some(u64::MAX));
    for text in ["18446744073709551616", "-1", "1.0", "1e3", "\"1\"", "null"] {
        assert_eq!(Json::parse(text).unwrap().as_u64(), None, "{text}");
    }
    let v = Json::parse(r#"{"s":"x","n":3,"z":null,"w":true}"#).unwrap();
    assert_eq!(v.req_str("s"), Ok("x".to_string()));
    assert_eq!(v.opt_str("z"), Ok(None));
    assert_eq!(v.opt_str("absent"), Ok(None));
    assert_eq!(v.req_str("z"), Err(JsonError::Missing("z")));
    assert_eq!(v.req_str("n"), Err(JsonError::WrongType("n")));
    assert_eq!(v.opt_str("w"), Err(JsonError::WrongType("w")));
    assert_eq!(v.req_u64("n"), Ok(3));
    assert_eq!(v.opt_u64("z"), Ok(None));
    assert_eq!(v.req_u64("s"), Err(JsonError::WrongType("s")));
    assert_eq!(Json::object(vec![("a", Some(Json::from(1))), ("b", None), ("c", Some(Json::Null))]).to_text(), r#"{"a":1,"c":null}"#);
}

#[test]
fn never_panics_on_cut_or_random_input_and_agrees_with_serde_json_on_validity() {
    let sample = "{\"items\":[{\"id\":\"m1\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"olá 🙂 \\u00e9\\ud83d\\ude42 \\\"q\\\"\"}],\"n\":-1.5e-3,\"ok\":true,\"x\":null}],\"next_offset\":null}";
    // Every prefix and suffix at a char boundary: what a cut connection delivers.
    for (i, _) in sample.char_indices() {
        for piece in [&sample[..i], &sample[i..]] {
            let ours = Json::parse(piece).is_ok();
            let reference = serde_json::from_str::<serde_json::Value>(piece).is_ok();
            assert_eq!(ours, reference, "{piece:?}");
        }
    }
    // Random strings over JSON's own alphabet plus multi-byte characters.
    let alphabet: Vec<char> = "{}[]\":,.-+eE0123456789tfnrulsa \\u/é🙂\u{0}\n".chars().collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..20_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = (seed % 24) as usize;
        let text: String = (0..len)
            .map(|k| alphabet[((seed >> (k % 8 * 8)) as usize + k * 31) % alphabet.len()])
            .collect();
        let ours = Json::parse(&text).is_ok();
        let reference = match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(_) => true,
            // Numbers stay text here, so a valid but huge number ("9E924") is fine for us.
            Err(e) if e.to_string().contains("number out of range") => continue,
            Err(_) => false,
        };
        assert_eq!(ours, reference, "{text:?}");
    }
}
