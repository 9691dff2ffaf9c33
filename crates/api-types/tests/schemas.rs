//! The OpenAPI schemas (the `openapi` feature, which `cargo test --workspace` turns on through
//! the server): what the API may send is described, the catch-alls that only read what it may
//! add later are not, and the seed's names are kept.
#![cfg(feature = "openapi")]

use quintus_api_types::*;
use serde_json::{json, Value};
use utoipa::{PartialSchema, ToSchema};

fn schema_json<T: ToSchema>() -> Value {
    serde_json::to_value(T::schema()).unwrap()
}

fn referenced<T: ToSchema>() -> Vec<String> {
    let mut schemas = Vec::new();
    T::schemas(&mut schemas);
    schemas.into_iter().map(|(name, _)| name).collect()
}

#[test]
fn open_enums_describe_only_what_is_sent() {
    assert_eq!(schema_json::<Role>()["enum"], json!(["user", "assistant"]));
    assert_eq!(schema_json::<ConversationStatus>()["enum"], json!(["active", "closed", "expired"]));
    assert_eq!(schema_json::<ErrorCode>()["type"], "string");
    let send = schema_json::<SendMessageRequest>();
    assert_eq!(send["required"], json!(["content"]));
    assert!(send["properties"]["role"].to_string().contains("SendRole"));
}

#[test]
fn blocks_and_bodies_use_the_seed_names() {
    let block = schema_json::<ContentBlock>();
    assert_eq!(block["discriminator"]["propertyName"], "type");
    let names: Vec<&str> = block["oneOf"].as_array().unwrap().iter().map(|r| r["$ref"].as_str().unwrap()).collect();
    assert_eq!(names, ["#/components/schemas/TextBlock", "#/components/schemas/ImageBlock", "#/components/schemas/FileBlock"]);
    let mut with_blocks = referenced::<Message>();
    with_blocks.sort();
    for name in ["Block", "FileBlock", "ImageBlock", "Role", "TextBlock"] {
        assert!(with_blocks.iter().any(|n| n == name), "{name} in {with_blocks:?}");
    }
    assert_eq!(FileInfo::name(), "File");
    assert_eq!(ValidationErrorBody::name(), "HTTPValidationError");
    assert_eq!(ValidationIssue::name(), "ValidationError");
    let file = schema_json::<FileInfo>();
    assert_eq!(file["required"], json!(["id", "name", "size", "mime_type", "created_at"]));
    assert_eq!(file["properties"]["created_at"]["format"], "date-time");
    // A page's next_offset may be null or absent (the seed does not require it).
    let page = Page::<Message>::schema();
    assert_eq!(serde_json::to_value(page).unwrap()["required"], json!(["items"]));
}
