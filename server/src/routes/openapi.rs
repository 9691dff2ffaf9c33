//! `GET /openapi.json`: the API as this server implements it (OpenAPI 3.1). The schemas are
//! derived (utoipa) from the shared `quintus-api-types` crate that the handlers and the widget
//! use; the operations below name them, with the same paths as the router.

use crate::app::BASE;
use axum::Json;
use quintus_api_types::{
    ConversationState, CreateConversationRequest, CreateConversationResponse, ErrorEnvelope, FeedbackRequest, FeedbackResponse, FileInfo,
    InactivityRequest, InactivityResponse, Message, Page, RefreshResponse, SendMessageRequest, SendMessageResponse, TerminateRequest,
    TerminateResponse, ValidationErrorBody,
};
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, Parameter, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ComponentsBuilder, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, InfoBuilder, KnownFormat, OpenApi, OpenApiBuilder, PathsBuilder, Ref, RefOr, Required, ResponseBuilder};
use utoipa::{PartialSchema, ToSchema};

/// The schema names of the two pages (the seed calls the message page `MessageList`).
const MESSAGE_LIST: &str = "MessageList";
const FILE_LIST: &str = "FileList";

/// How an operation authenticates.
#[derive(Clone, Copy)]
enum Auth {
    /// `X-API-Key`: create and refresh.
    ApiKey,
    /// `Authorization: Bearer`: everything else.
    SessionToken,
}

/// Error statuses of reads, and of writes (which can also be bad input or a conflict).
const READS: &[u16] = &[401, 403, 404, 422, 429];
const WRITES: &[u16] = &[400, 401, 403, 404, 409, 422, 429];

fn schema_ref<T: ToSchema>() -> RefOr<Schema> {
    Ref::from_schema_name(T::name()).into()
}

fn json_content(schema: impl Into<RefOr<Schema>>) -> utoipa::openapi::Content {
    ContentBuilder::new().schema(Some(schema)).build()
}

/// One operation: its id, credentials, success status and body, request body, parameters, and
/// error statuses (422 answers the `detail` shape, the others the envelope).
fn op(id: &str, auth: Auth, ok: (u16, &str, RefOr<Schema>), body: Option<RefOr<Schema>>, params: Vec<Parameter>, errors: &[u16]) -> Operation {
    let (status, content_type, schema) = ok;
    let scheme = match auth {
        Auth::ApiKey => "ApiKey",
        Auth::SessionToken => "SessionToken",
    };
    let mut operation = OperationBuilder::new()
        .operation_id(Some(id))
        .security(SecurityRequirement::new(scheme, Vec::<String>::new()))
        .parameters(Some(params))
        .response(status.to_string(), ResponseBuilder::new().description("Success").content(content_type, json_content(schema)));
    for status in errors {
        let schema = if *status == 422 { schema_ref::<ValidationErrorBody>() } else { schema_ref::<ErrorEnvelope>() };
        operation = operation.response(status.to_string(), ResponseBuilder::new().description("Error").content("application/json", json_content(schema)));
    }
    if let Some(body) = body {
        let content = if id == "uploadConversationFile" { "multipart/form-data" } else { "application/json" };
        operation = operation.request_body(Some(RequestBodyBuilder::new().required(Some(Required::True)).content(content, json_content(body)).build()));
        if content == "application/json" {
            // A JSON body over `--max-json-kb`.
            let too_large = ResponseBuilder::new().description("Payload too large").content("application/json", json_content(schema_ref::<ErrorEnvelope>()));
            operation = operation.response("413", too_large);
        }
    }
    operation.build()
}

fn json_ok<T: ToSchema>(status: u16) -> (u16, &'static str, RefOr<Schema>) {
    (status, "application/json", schema_ref::<T>())
}

fn named_ok(name: &str) -> (u16, &'static str, RefOr<Schema>) {
    (200, "application/json", Ref::from_schema_name(name).into())
}

fn integer(min: i64, max: Option<i64>, default: i64) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(min)).maximum(max).default(Some(default.into()))
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn param(name: &str, place: ParameterIn, schema: ObjectBuilder) -> Parameter {
    let required = if matches!(place, ParameterIn::Path) { Required::True } else { Required::False };
    ParameterBuilder::new().name(name).parameter_in(place).required(required).schema(Some(schema)).build()
}

fn conversation_id() -> Parameter {
    param("conversation_id", ParameterIn::Path, string())
}

fn paging() -> Vec<Parameter> {
    vec![
        conversation_id(),
        param("limit", ParameterIn::Query, integer(1, Some(100), 20)),
        param("offset", ParameterIn::Query, integer(0, None, 0)),
    ]
}

/// The multipart body of an upload: one binary field `file`.
fn upload_body() -> RefOr<Schema> {
    let file = string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)));
    ObjectBuilder::new().schema_type(Type::Object).property("file", file).required("file").into()
}

/// Adds `T`'s schema under its name, and every schema it refers to.
fn add<T: ToSchema>(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    schemas.push((T::name().into_owned(), T::schema()));
    T::schemas(schemas);
}

fn components() -> utoipa::openapi::Components {
    let mut schemas = Vec::new();
    add::<ConversationState>(&mut schemas);
    add::<CreateConversationRequest>(&mut schemas);
    add::<CreateConversationResponse>(&mut schemas);
    add::<RefreshResponse>(&mut schemas);
    add::<InactivityRequest>(&mut schemas);
    add::<InactivityResponse>(&mut schemas);
    add::<TerminateRequest>(&mut schemas);
    add::<TerminateResponse>(&mut schemas);
    add::<FeedbackRequest>(&mut schemas);
    add::<FeedbackResponse>(&mut schemas);
    add::<SendMessageRequest>(&mut schemas);
    add::<SendMessageResponse>(&mut schemas);
    add::<Message>(&mut schemas);
    add::<FileInfo>(&mut schemas);
    add::<ErrorEnvelope>(&mut schemas);
    add::<ValidationErrorBody>(&mut schemas);
    schemas.push((MESSAGE_LIST.into(), Page::<Message>::schema()));
    schemas.push((FILE_LIST.into(), Page::<FileInfo>::schema()));
    ComponentsBuilder::new()
        .schemas_from_iter(schemas)
        .security_scheme("ApiKey", SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-API-Key"))))
        .security_scheme("SessionToken", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)))
        .build()
}

/// The document.
pub fn document() -> OpenApi {
    use Auth::{ApiKey, SessionToken};
    let id = || vec![conversation_id()];
    let mut list_params = paging();
    for name in ["after", "before", "roles"] {
        list_params.push(param(name, ParameterIn::Query, string()));
    }
    let message_params = vec![conversation_id(), param("message_id", ParameterIn::Path, string())];
    let send_body = || Some(schema_ref::<SendMessageRequest>());
    let event_stream = (200, "text/event-stream", string().into());
    let paths = [
        ("/", HttpMethod::Post, op("createConversation", ApiKey, json_ok::<CreateConversationResponse>(201), Some(schema_ref::<CreateConversationRequest>()), vec![], &[401, 404, 422, 429])),
        ("/{conversation_id}", HttpMethod::Get, op("getConversationState", SessionToken, json_ok::<ConversationState>(200), None, id(), READS)),
        ("/{conversation_id}/token/refresh", HttpMethod::Post, op("refreshSessionToken", ApiKey, json_ok::<RefreshResponse>(200), None, id(), READS)),
        ("/{conversation_id}/inactivity", HttpMethod::Post, op("generateInactivityMessage", SessionToken, json_ok::<InactivityResponse>(200), Some(schema_ref::<InactivityRequest>()), id(), WRITES)),
        ("/{conversation_id}/terminate", HttpMethod::Post, op("terminateConversation", SessionToken, json_ok::<TerminateResponse>(200), Some(schema_ref::<TerminateRequest>()), id(), READS)),
        ("/{conversation_id}/feedback", HttpMethod::Post, op("submitFeedback", SessionToken, json_ok::<FeedbackResponse>(200), Some(schema_ref::<FeedbackRequest>()), id(), READS)),
        ("/{conversation_id}/messages", HttpMethod::Post, op("sendMessage", SessionToken, json_ok::<SendMessageResponse>(200), send_body(), id(), WRITES)),
        ("/{conversation_id}/messages", HttpMethod::Get, op("listMessages", SessionToken, named_ok(MESSAGE_LIST), None, list_params, READS)),
        ("/{conversation_id}/messages/stream", HttpMethod::Post, op("sendMessageStream", SessionToken, event_stream, send_body(), id(), WRITES)),
        ("/{conversation_id}/messages/{message_id}", HttpMethod::Get, op("getMessage", SessionToken, json_ok::<Message>(200), None, message_params, READS)),
        ("/{conversation_id}/files", HttpMethod::Post, op("uploadConversationFile", SessionToken, json_ok::<FileInfo>(201), Some(upload_body()), id(), WRITES)),
        ("/{conversation_id}/files", HttpMethod::Get, op("listConversationFiles", SessionToken, named_ok(FILE_LIST), None, paging(), READS)),
    ];
    let mut builder = PathsBuilder::new();
    for (path, method, operation) in paths {
        builder = builder.path(format!("{BASE}{path}"), PathItem::new(method, operation));
    }
    OpenApiBuilder::new()
        .info(InfoBuilder::new().title("Quintus Public Chat API (reference server)").version("1.0.0"))
        .paths(builder)
        .components(Some(components()))
        .build()
}

/// `GET /openapi.json`.
pub async fn spec() -> Json<OpenApi> {
    Json(document())
}
