//! OpenAPI schemas (the `openapi` feature) of the types whose serde form a derive cannot
//! describe: the open enums (their `Unknown`/`Other` catch-alls read what the API may add, but
//! are never sent, so they are not in the schema), the content blocks as the seed names them,
//! and a send's content (a string or blocks).

use crate::{ContentBlock, ConversationStatus, ErrorCode, MessageContent, Role};
use std::borrow::Cow;
use utoipa::openapi::schema::{ArrayBuilder, Discriminator, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

type Schemas = Vec<(String, RefOr<Schema>)>;

fn string_enum(values: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values.iter().copied())).into()
}

impl PartialSchema for Role {
    fn schema() -> RefOr<Schema> {
        string_enum(&["user", "assistant"])
    }
}
impl ToSchema for Role {}

/// The only role a send may carry.
pub(crate) struct SendRole;
impl PartialSchema for SendRole {
    fn schema() -> RefOr<Schema> {
        string_enum(&["user"])
    }
}
impl ToSchema for SendRole {}

impl PartialSchema for ConversationStatus {
    fn schema() -> RefOr<Schema> {
        string_enum(&["active", "closed", "expired"])
    }
}
impl ToSchema for ConversationStatus {}

impl PartialSchema for ErrorCode {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::String).description(Some("Stable machine-readable error code (snake_case).")).into()
    }
}
impl ToSchema for ErrorCode {}

/// The seed's `TextBlock`, `ImageBlock` and `FileBlock`: (schema name, `type`, field, min length).
const BLOCKS: [(&str, &str, &str, usize); 3] =
    [("TextBlock", "text", "text", 1), ("ImageBlock", "image", "file_id", 0), ("FileBlock", "file", "file_id", 0)];

fn block_schema(kind: &str, field: &str, min_length: usize) -> RefOr<Schema> {
    let value = ObjectBuilder::new().schema_type(Type::String).min_length((min_length > 0).then_some(min_length));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("type", ObjectBuilder::new().schema_type(Type::String).enum_values(Some([kind])))
        .required("type")
        .property(field, value)
        .required(field)
        .into()
}

impl PartialSchema for ContentBlock {
    fn schema() -> RefOr<Schema> {
        let mut discriminator = Discriminator::new("type");
        let mut one_of = OneOfBuilder::new();
        for (name, kind, _, _) in BLOCKS {
            discriminator.mapping.insert(kind.to_string(), format!("#/components/schemas/{name}"));
            one_of = one_of.item(Ref::from_schema_name(name));
        }
        one_of.discriminator(Some(discriminator)).into()
    }
}
impl ToSchema for ContentBlock {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Block")
    }

    fn schemas(schemas: &mut Schemas) {
        for (name, kind, field, min_length) in BLOCKS {
            schemas.push((name.to_string(), block_schema(kind, field, min_length)));
        }
    }
}

impl PartialSchema for MessageContent {
    fn schema() -> RefOr<Schema> {
        let text = ObjectBuilder::new().schema_type(Type::String).min_length(Some(1));
        let blocks = ArrayBuilder::new().items(Ref::from_schema_name(ContentBlock::name())).min_items(Some(1));
        OneOfBuilder::new().item(text).item(blocks).into()
    }
}
impl ToSchema for MessageContent {
    fn schemas(schemas: &mut Schemas) {
        schemas.push((ContentBlock::name().into_owned(), ContentBlock::schema()));
        ContentBlock::schemas(schemas);
    }
}
