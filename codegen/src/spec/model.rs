//! The subset of OpenAPI 3.0.3 the generator understands, after validation.
//!
//! Every item keeps the position it came from so later stages can still point at the spec.

use super::keys;
use super::yaml::Pos;

/// A validated service spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.x-service`: the short service name (`kafka`); without it the name comes from `--name` or the
    /// title (see [`crate::ir::build`]).
    pub service: Option<String>,
    /// The first of `servers`; `None` when the document names none (the client then needs an endpoint).
    pub server: Option<Server>,
    /// Operations in file order (path order, then method order as written).
    pub operations: Vec<Operation>,
    /// `components.schemas`, in file order.
    pub schemas: Vec<NamedSchema>,
    /// `components.securitySchemes`, in file order.
    pub security_schemes: Vec<SecurityScheme>,
}

/// A scheme of `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// Where its name is.
    pub pos: Pos,
    /// The key.
    pub name: String,
    /// What it is.
    pub kind: SchemeKind,
}

/// The kind of a security scheme.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// A scheme with `x-signing`: the request is signed with the AK/SK credentials (`SDK-HMAC-SHA256`).
    Signing(String),
    /// `type: apiKey`: a key in a header, query parameter or cookie.
    ApiKey {
        /// `in`: `header`, `query` or `cookie`.
        location: String,
        /// `name`: the header or parameter.
        name: String,
    },
    /// `type: http` with its `scheme` (`bearer`, `basic`…), lower-cased.
    Http(String),
    /// Any other `type` (`oauth2`, `openIdConnect`…).
    Other(String),
}

/// One alternative of a `security` list: every scheme named must be satisfied (`{}`: none).
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityRequirement {
    /// Where the requirement is.
    pub pos: Pos,
    /// The scheme names, with their positions.
    pub schemes: Vec<(String, Pos)>,
}

/// The service endpoint: a fixed URL, or a template over the region.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// Where the server is declared.
    pub pos: Pos,
    /// The URL with every server variable except `region` replaced by its default:
    /// `https://dms.{region}.myhuaweicloud.com`, `https://api.example.com/v1`, or a path alone (`/v1`) when
    /// the document gives a relative URL.
    pub url: String,
    /// Known region ids (the `region` variable's `enum`; empty: any region).
    pub regions: Vec<String>,
    /// Regions whose endpoint does not follow the template.
    pub region_endpoints: Vec<(String, String)>,
}

/// HTTP methods the generator supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
    /// HEAD
    Head,
}

impl Method {
    /// Parses an OpenAPI path-item key.
    pub fn from_key(key: &str) -> Option<Method> {
        Some(match key {
            "get" => Method::Get,
            "post" => Method::Post,
            "put" => Method::Put,
            "delete" => Method::Delete,
            "patch" => Method::Patch,
            "head" => Method::Head,
            _ => return None,
        })
    }

    /// Upper-case name, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
        }
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Where `operationId` is.
    pub pos: Pos,
    /// `operationId`.
    pub id: String,
    /// HTTP method.
    pub method: Method,
    /// Path template.
    pub path: String,
    /// Where the path template is (the key of its path item).
    pub path_pos: Pos,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `x-doc-group`.
    pub doc_group: Option<String>,
    /// `x-rust-name`.
    pub rust_name: Option<String>,
    /// Parameters in spec order.
    pub parameters: Vec<Parameter>,
    /// The JSON request body.
    pub request_body: Option<RequestBody>,
    /// Documented responses, in spec order.
    pub responses: Vec<Response>,
    /// `x-request-examples`, verbatim.
    pub request_examples: Vec<RequestExample>,
    /// `x-paginated`.
    pub paginated: Option<Paginated>,
    /// The alternatives of the operation's `security`, or of the document's when it has none; empty: no
    /// authentication (`security: []`, or none declared).
    pub security: Vec<SecurityRequirement>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

impl Operation {
    /// The responses a success answers with: the `2xx` statuses and the `2XX` range, or, when the operation
    /// documents none of them, its `default` response. OpenAPI's `default` stands for every status the
    /// operation does not list, successes included; an operation whose only documented body is `default` (a
    /// page that gives its response without a status code) answers success with it, so that body is the
    /// output and not an error body.
    pub fn success_responses(&self) -> impl Iterator<Item = &Response> {
        let has_2xx = self.responses.iter().any(|r| r.status.starts_with('2'));
        self.responses
            .iter()
            .filter(move |r| r.status.starts_with('2') || (!has_2xx && r.status == keys::DEFAULT))
    }

    /// The responses an error answers with: `4xx`, `5xx`, their ranges, and `default` unless it is the
    /// success ([`Operation::success_responses`]).
    pub fn error_responses(&self) -> impl Iterator<Item = &Response> {
        let has_2xx = self.responses.iter().any(|r| r.status.starts_with('2'));
        self.responses.iter().filter(move |r| {
            !r.status.starts_with(['1', '2', '3']) && (has_2xx || r.status != keys::DEFAULT)
        })
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Where the parameter is declared.
    pub pos: Pos,
    /// Wire name.
    pub name: String,
    /// `in`.
    pub location: ParamLocation,
    /// `required`.
    pub required: bool,
    /// `x-required-inferred`: the doc did not say.
    pub required_inferred: bool,
    /// `x-from-credentials`.
    pub from_credentials: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `schema`.
    pub schema: Schema,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// How a body is written on the wire, from its media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyMedia {
    /// `application/json` (with parameters, or a `+json` type): encoded from its schema's type.
    Json,
    /// A `text/*` type (the essence, e.g. `text/plain`): a string.
    Text(String),
    /// `application/x-www-form-urlencoded`: encoded from its schema's type as `name=value` pairs (an object of
    /// scalars and arrays of scalars).
    Form,
    /// `multipart/form-data`: a part per property of its object schema (`format: binary` properties are file
    /// parts).
    Multipart,
    /// Any other type but `multipart/*` (e.g. `application/octet-stream`): bytes.
    Bytes(String),
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Where the body is declared.
    pub pos: Pos,
    /// `required`.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// How it is written.
    pub media: BodyMedia,
    /// The schema of the media type (a string for text and bytes without one).
    pub schema: Schema,
    /// The JSON example.
    pub example: Option<serde_json::Value>,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Where the status is declared.
    pub pos: Pos,
    /// The status code (`200`), or `default`.
    pub status: String,
    /// `description`.
    pub description: String,
    /// The schema of `application/json`, if there is a body.
    pub schema: Option<Schema>,
    /// The JSON example.
    pub example: Option<serde_json::Value>,
    /// The body is `text/*` (the schema, if any, only documents it).
    pub text: bool,
    /// The body is bytes of another media type (`application/octet-stream`…).
    pub bytes: bool,
}

/// One verbatim example request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestExample {
    /// What the example shows.
    pub description: Option<String>,
    /// The request, verbatim.
    pub text: String,
}

/// Offset/limit pagination of a list operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Paginated {
    /// Where it is declared (or the operation, when detected).
    pub pos: Pos,
    /// The query parameter holding the offset.
    pub offset: String,
    /// The query parameter holding the page size.
    pub limit: String,
    /// The response array field holding the items.
    pub items: String,
    /// The response field holding the total.
    pub total: Option<String>,
    /// The first offset.
    pub first: i64,
}

/// A schema declared in `components.schemas`.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedSchema {
    /// Where the name is.
    pub pos: Pos,
    /// The key.
    pub name: String,
    /// The schema.
    pub schema: Schema,
}

/// `format: date-time`: an RFC 3339 timestamp (`jiff::Timestamp` in the generated code).
pub const FORMAT_DATE_TIME: &str = "date-time";
/// `format: date`: a calendar date `YYYY-MM-DD` (`jiff::civil::Date`).
pub const FORMAT_DATE: &str = "date";
/// `format: byte`: bytes as base64 text (`huaweicloud_core::format::Base64Bytes`).
pub const FORMAT_BYTE: &str = "byte";
/// `format: binary`: raw bytes (a file part of a multipart body, or a body of its own).
pub const FORMAT_BINARY: &str = "binary";

/// A schema with the facts the doc adds.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Where the schema starts.
    pub pos: Pos,
    /// The shape.
    pub kind: SchemaKind,
    /// `format`, verbatim (`int64`, `uint64`, `date-time`…): the shape already says what it implies for the
    /// size of a number, except signedness (see [`Schema::is_unsigned`]).
    pub format: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `enum` (strings or integers, as text).
    pub enum_values: Vec<String>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `x-datetime-format`.
    pub datetime_format: Option<String>,
    /// What decoding accepts besides the documented JSON type ([`ExampleReading`]).
    pub reading: ExampleReading,
    /// `x-json-string`.
    pub json_string: bool,
    /// `x-example-shape`, where it has a safe reading: the other shape decoding also accepts.
    pub example_shape: Option<ExampleShape>,
    /// `x-example-absent` (on a property of a response): mandatory in its table, yet the page's example
    /// response lacks it, so the service evidently omits it; a response reads it as optional.
    pub example_absent: bool,
    /// `x-sensitive`: `Some(true)` a secret (redacted in `Debug`), `Some(false)` explicitly not one.
    pub sensitive: Option<bool>,
    /// `x-rust-name`.
    pub rust_name: Option<String>,
    /// `x-caption`.
    pub caption: Option<String>,
    /// `title`: names the branch of a `oneOf` it is (`id`, `name`).
    pub title: Option<String>,
    /// `nullable: true` (or `null` among the `enum` values): `null` is a value too.
    pub nullable: bool,
    /// `discriminator` of a `oneOf`/`anyOf`: the property whose value says which branch an object is.
    pub discriminator: Option<Discriminator>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `readOnly: true`: sent by the server only (a property of it is never sent by the client).
    pub read_only: bool,
    /// `writeOnly: true`: sent by the client only (a property of it is never in a response).
    pub write_only: bool,
    /// `default`, as JSON.
    pub default: Option<serde_json::Value>,
}

/// What `x-example-shape` makes decoding accept besides the schema's own shape (spec/README.md): the page's
/// examples give the value in that shape, and it reads as the schema's without loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleShape {
    /// An array (`array` on any schema, which the reader makes an array of it, or `single` on an array): one
    /// item alone is read as a list of one.
    OneOrMany,
    /// `empty` on an object or a string: `""` and `{}` are read as absent.
    EmptyAsAbsent,
    /// `json` on a string: a JSON object or array is read as its JSON text.
    JsonText,
}

/// What decoding a scalar accepts besides its documented JSON type: the other spelling the service is known to
/// send, said by hand (`x-numeric-string`, `x-accept-string`) or by the page's own examples (`x-example-type`).
/// One intent per schema, so the generator, the runtime and the emulator read a value the same way; encoding
/// always writes the documented type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExampleReading {
    /// The documented type only.
    #[default]
    Documented,
    /// A string holding a number, also sent as a JSON number (`x-numeric-string`; `x-example-type: integer`
    /// or `number` on a string).
    NumericString,
    /// A string also sent as a number or boolean, kept as its JSON text (`x-example-type: boolean` on a
    /// string: `"true"` for `true`).
    StringOrScalar,
    /// A number or boolean also sent as a string (`x-accept-string`; `x-example-type: string` on an integer,
    /// number or boolean).
    StringTolerant,
    /// A boolean also sent as `0` or `1` (`x-example-type: integer` on a boolean).
    BoolOrBit,
}

/// `discriminator`: which property names the branch, and which value names which schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// Where it is declared.
    pub pos: Pos,
    /// `propertyName`.
    pub property: String,
    /// `mapping`: value → schema name (`#/components/schemas/` stripped), in spec order. A branch no value
    /// maps to is named by its schema's name.
    pub mapping: Vec<(String, String)>,
}

impl Schema {
    /// A plain string schema at `pos` (what a text or bytes body without a schema is).
    pub fn string(pos: Pos) -> Schema {
        Schema {
            pos,
            kind: SchemaKind::String,
            format: None,
            description: None,
            enum_values: Vec::new(),
            pattern: None,
            datetime_format: None,
            reading: ExampleReading::Documented,
            json_string: false,
            example_shape: None,
            example_absent: false,
            sensitive: None,
            rust_name: None,
            caption: None,
            title: None,
            nullable: false,
            discriminator: None,
            deprecated: false,
            read_only: false,
            write_only: false,
            default: None,
        }
    }

    /// An integer declared unsigned (`uint8` … `uint64`, `uint`).
    pub fn is_unsigned(&self) -> bool {
        matches!(self.kind, SchemaKind::Integer { .. })
            && self
                .format
                .as_deref()
                .is_some_and(|f| f.starts_with("uint"))
    }
}

/// The shape of a schema.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaKind {
    /// `type: string`.
    String,
    /// `type: integer`: 32 bits (`int32`, narrower formats and none) or 64 (`int64` and any other format).
    Integer {
        /// `true` for 64 bits.
        wide: bool,
    },
    /// `type: number`, `float` or `double` (default).
    Number {
        /// `true` for `float`.
        narrow: bool,
    },
    /// `type: boolean`.
    Boolean,
    /// `type: array`.
    Array(Box<Schema>),
    /// `type: object` with properties (possibly none).
    Object(ObjectSchema),
    /// `type: object` with `additionalProperties` only: a map with string keys.
    Map(Box<Schema>),
    /// `type: object` with nothing else, or no type at all: any JSON.
    Any,
    /// `$ref: '#/components/schemas/<name>'`.
    Ref(String),
    /// `oneOf` or `anyOf` of several schemas: a value is one of the branches, in order (`anyOf` reads as
    /// `oneOf`: the first branch a value matches is the one it is). Branches that are all strings were folded
    /// into a string when the document was read (see `spec::read`), so what remains chooses between shapes.
    OneOf(Vec<Schema>),
    /// `allOf` of several schemas (with the schema's own `properties` as one more): only while reading; the
    /// members are merged into one [`SchemaKind::Object`] once every schema is known (see `spec::merge`).
    AllOf(Vec<Schema>),
}

/// `type: object` with properties.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectSchema {
    /// Properties in spec order.
    pub properties: Vec<Property>,
    /// `additionalProperties` beside the properties: the schema of every other member (any JSON for `true`
    /// or `{}`); `None` when absent or `false`.
    pub additional: Option<Box<Schema>>,
}

/// One property of an object schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// Where the property name is.
    pub pos: Pos,
    /// Wire name.
    pub name: String,
    /// Listed in `required`.
    pub required: bool,
    /// The property's schema.
    pub schema: Schema,
}
