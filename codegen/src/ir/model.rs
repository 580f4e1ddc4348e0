//! The Rust-oriented model of a service: what the emitter needs, with every Rust name already decided.

use crate::spec::Method;

/// One service crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Short name (`kafka`).
    pub name: String,
    /// Crate name (`huaweicloud-kafka`).
    pub crate_name: String,
    /// Library name (`huaweicloud_kafka`).
    pub lib_name: String,
    /// Title of the API.
    pub title: String,
    /// API version.
    pub version: String,
    /// What the API does.
    pub description: Option<String>,
    /// Endpoint facts.
    pub endpoint: Endpoint,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
    /// Types, in spec order (named schemas first, then types hoisted from inline schemas).
    pub types: Vec<TypeDef>,
    /// For each type (same order as `types`), the API groups whose operations use it.
    pub type_features: Vec<Features>,
    /// Every Rust name the naming pass decided, with why (given, derived, or renamed to resolve a collision).
    pub names: Vec<super::names::NameChoice>,
}

impl Service {
    /// Whether any operation is signed with the AK/SK credentials (else the client does not require them).
    pub fn signs(&self) -> bool {
        self.operations.iter().any(|op| op.auth == Auth::Signed)
    }
}

impl Service {
    /// Whether anything is `#[deprecated]`: the crate then allows its own uses of it (its users still get
    /// the warnings).
    pub fn has_deprecated(&self) -> bool {
        self.operations
            .iter()
            .any(|op| op.deprecated || op.params.iter().any(|p| p.deprecated))
            || self.types.iter().any(|t| match t {
                TypeDef::Struct(s) => s.deprecated || s.fields.iter().any(|f| f.deprecated),
                TypeDef::Enum(e) => e.deprecated,
                TypeDef::Union(u) => u.deprecated,
                TypeDef::Newtype(n) => n.deprecated,
                TypeDef::Alias(_) => false,
            })
    }

    /// The API groups, sorted, each with its operations in spec order.
    pub fn groups(&self) -> Vec<(&str, Vec<&Operation>)> {
        let mut groups: std::collections::BTreeMap<&str, Vec<&Operation>> =
            std::collections::BTreeMap::new();
        for op in &self.operations {
            groups.entry(op.group.as_str()).or_default().push(op);
        }
        groups.into_iter().collect()
    }
}

/// Where the service is reached.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The default endpoint, `scheme://host[:port]`: with a `{region}` placeholder when it depends on the
    /// region, empty when the spec names no server (the client then needs an explicit endpoint).
    pub template: String,
    /// Known region ids (empty: any region the caller names).
    pub regions: Vec<String>,
    /// Regions outside the template.
    pub region_endpoints: Vec<(String, String)>,
}

/// One operation and the names of everything generated for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` (`ListBackgroundTasks`).
    pub id: String,
    /// Client method name (`list_background_tasks`).
    pub method_name: String,
    /// The operation's module in its group: the method name, unless the group has that name too (an
    /// operation `ping` in the group `ping` is the module `operations::ping::ping_operation`).
    pub module_name: String,
    /// The API group: module under `operations` and Cargo feature (`tasks`).
    pub group: String,
    /// Fluent builder type (`ListBackgroundTasks`).
    pub builder_type: String,
    /// Request struct (`ListBackgroundTasksRequest`).
    pub request_type: String,
    /// HTTP method.
    pub http_method: Method,
    /// Path template.
    pub path: String,
    /// Page title.
    pub summary: Option<String>,
    /// Page function text.
    pub description: Option<String>,
    /// Verbatim example requests.
    pub request_examples: Vec<String>,
    /// Parameters in spec order (the body excluded).
    pub params: Vec<Param>,
    /// The JSON body.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub output: Output,
    /// Types of every documented response body (error bodies included), for feature gating.
    pub response_types: Vec<TypeRef>,
    /// Offset/limit paging, when the operation pages.
    pub pagination: Option<Pagination>,
    /// How its requests are authorized.
    pub auth: Auth,
    /// `deprecated: true`: the client method, builder and request struct are `#[deprecated]`.
    pub deprecated: bool,
    /// The JSON type of the documented error responses (`4xx`, `5xx`, `default`), when they all have the same
    /// one: the request type's `error_body` decodes a service error's body as it.
    pub error_type: Option<TypeRef>,
}

/// How an operation's requests are authorized, from the spec's `security`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Signed with the AK/SK credentials (a scheme with `x-signing: SDK-HMAC-SHA256`).
    Signed,
    /// Sent without credentials (`security: []`, an empty alternative, or no security at all).
    Anonymous,
    /// `Authorization: Bearer <token>` (`type: http, scheme: bearer`).
    Bearer,
    /// An API key in this header (`type: apiKey, in: header`).
    ApiKeyHeader(String),
    /// An API key in this query parameter (`type: apiKey, in: query`).
    ApiKeyQuery(String),
}

impl Operation {
    /// Parameters the caller gives (not filled from the credentials).
    pub fn caller_params(&self) -> impl Iterator<Item = &Param> {
        self.params
            .iter()
            .filter(|p| p.kind != ParamKind::FromCredentials)
    }

    /// Required caller parameters: the arguments of the client method and of `Request::new`.
    pub fn required_params(&self) -> impl Iterator<Item = &Param> {
        self.caller_params().filter(|p| p.is_required())
    }
}

/// Where a parameter goes and whether the caller must give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A `{name}` of the path template; always required.
    Path,
    /// A query parameter.
    Query {
        /// Must be given.
        required: bool,
    },
    /// A request header.
    Header {
        /// Must be given.
        required: bool,
    },
    /// A path parameter the runtime fills from the credentials (`project_id`).
    FromCredentials,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub wire_name: String,
    /// Field and setter name.
    pub rust_name: String,
    /// Where it goes.
    pub kind: ParamKind,
    /// Value type (without the `Option` of an optional parameter).
    pub ty: TypeRef,
    /// Doc text.
    pub docs: Option<String>,
    /// The doc did not say whether it is mandatory.
    pub required_inferred: bool,
    /// `deprecated: true`: its field and setter are `#[deprecated]`.
    pub deprecated: bool,
}

impl Param {
    /// Whether the caller must give it.
    pub fn is_required(&self) -> bool {
        match self.kind {
            ParamKind::Path => true,
            ParamKind::Query { required } | ParamKind::Header { required } => required,
            ParamKind::FromCredentials => false,
        }
    }
}

/// The request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Body type (`String` for text, [`TypeRef::Bytes`] for bytes).
    pub ty: TypeRef,
    /// How it is written on the wire.
    pub media: crate::spec::BodyMedia,
    /// Must be given.
    pub required: bool,
    /// Doc text.
    pub docs: Option<String>,
    /// The parts of a `multipart/form-data` body: one per sent field of its struct, in order.
    pub parts: Vec<Part>,
}

/// One part of a multipart body: a field of the body's struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The part's name (the property's wire name).
    pub wire_name: String,
    /// The struct field.
    pub rust_name: String,
    /// The field is an `Option` (the part is left out when unset).
    pub optional: bool,
    /// How the value is written.
    pub kind: PartKind,
    /// The value is a list: a part per item, all with the name.
    pub repeated: bool,
}

/// How a multipart part is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// Its text (`Display`): scalars, dates, enums.
    Text,
    /// A file ([`TypeRef::Binary`]): its bytes, file name and media type.
    File,
    /// JSON (`application/json`): objects, maps and anything else.
    Json,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// No documented success body: `()`.
    Empty,
    /// A `text/*` body, returned as a `String`.
    Text {
        /// The documented status.
        status: String,
    },
    /// A body of another media type (`application/octet-stream`…), returned as bytes.
    Bytes {
        /// The documented status.
        status: String,
    },
    /// A JSON body of this type (status given for docs).
    Json {
        /// The body type.
        ty: TypeRef,
        /// The documented status.
        status: String,
    },
    /// Several successes with different bodies: an enum (declared in the operation's module) with a variant per
    /// documented 2xx status, chosen by the response's status.
    ByStatus {
        /// The enum's Rust name (`CreateItemOutput`).
        name: String,
        /// One per 2xx response, in spec order.
        variants: Vec<StatusVariant>,
    },
}

impl Output {
    /// The JSON body types it can hold.
    pub fn json_types(&self) -> Vec<&TypeRef> {
        match self {
            Output::Json { ty, .. } => vec![ty],
            Output::ByStatus { variants, .. } => variants
                .iter()
                .filter_map(|v| match &v.body {
                    StatusBody::Json(ty) => Some(ty),
                    _ => None,
                })
                .collect(),
            Output::Empty | Output::Text { .. } | Output::Bytes { .. } => Vec::new(),
        }
    }
}

/// One success of an [`Output::ByStatus`].
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// The status (`201`) or range (`2XX`).
    pub status: String,
    /// Variant name (`Created`).
    pub rust_name: String,
    /// The response's description.
    pub docs: String,
    /// What the body is.
    pub body: StatusBody,
}

/// The body of one success status.
#[derive(Debug, Clone, PartialEq)]
pub enum StatusBody {
    /// None (a unit variant).
    Empty,
    /// `text/*`: a `String`.
    Text,
    /// Another media type: bytes.
    Bytes,
    /// JSON of this type.
    Json(TypeRef),
}

/// Offset/limit paging.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Request field of the offset.
    pub offset: String,
    /// Request field of the page size.
    pub limit: String,
    /// Response field with the items.
    pub items: String,
    /// Item type.
    pub item_ty: TypeRef,
    /// How the total is read, and its type: the response field of an integer, the accessor (`…_i64`) of a
    /// numeric string.
    pub total: Option<(String, TotalKind)>,
    /// First offset when the caller gives none.
    pub first: i64,
    /// How the offset parameter is typed.
    pub offset_ty: OffsetType,
}

/// The type of a paging offset parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetType {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// A string holding a number (the doc types some offsets as `String`).
    Text,
}

/// How the total count of a paged response is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalKind {
    /// A string holding a number.
    NumericString,
    /// An integer field.
    Integer,
}

/// A Rust type used by a field or parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// Free-form JSON: `serde_json::Value`.
    Json,
    /// Raw bytes: `Vec<u8>` (a body that is not JSON or text).
    Bytes,
    /// A `YYYYMMDDHHmmss` timestamp parameter.
    CompactDateTime,
    /// `format: date-time`: `jiff::Timestamp`, RFC 3339 text on the wire.
    Timestamp,
    /// `format: date`: `jiff::civil::Date`, `YYYY-MM-DD` on the wire.
    Date,
    /// `format: byte`: bytes, base64 text on the wire (`huaweicloud_core::format::Base64Bytes`).
    Base64,
    /// `format: binary`: bytes with a file name (`huaweicloud_core::format::Binary`), a file part of a
    /// multipart body.
    Binary,
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// A generated type, by Rust name.
    Named(String),
    /// `Box<T>`: breaks a recursive type.
    Boxed(Box<TypeRef>),
    /// `Option<T>` of a required field that may be `null`: the field is always there (sent as `null` for
    /// `None`), and an explicit `null` decodes.
    Nullable(Box<TypeRef>),
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    /// A struct with named fields.
    Struct(StructDef),
    /// An open string enum.
    Enum(EnumDef),
    /// A transparent wrapper around a non-object body (a top-level array or string).
    Newtype(NewtypeDef),
    /// Another name for a type of the same shape declared earlier (`pub type Name = Target;`).
    Alias(AliasDef),
    /// One of several shapes (`oneOf`/`anyOf`): an enum with a variant per branch.
    Union(UnionDef),
}

/// A choice between shapes, from `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub docs: Option<String>,
    /// How a value says which variant it is.
    pub tagging: Tagging,
    /// One per branch, in spec order.
    pub variants: Vec<UnionVariant>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// How the JSON of a [`UnionDef`] says which variant it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tagging {
    /// By its shape alone: decoding tries the variants in order and takes the first that fits
    /// (`#[serde(untagged)]`).
    Untagged,
    /// By this property of the object, whose value is the variant's [`UnionVariant::tag`]
    /// (`#[serde(tag = "type")]`); the variant's type holds the other properties.
    Property(String),
    /// By this property, which the variant's type holds too (`discriminator`): decoding reads the property
    /// and decodes the whole object as the variant whose [`UnionVariant::discriminator_values`] has its value;
    /// encoding writes the variant's type as it is.
    Discriminator(String),
}

/// One branch of a [`UnionDef`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// The tag value naming it on the wire ([`Tagging::Property`] only).
    pub tag: Option<String>,
    /// The values of the discriminator property that mean this variant ([`Tagging::Discriminator`] only).
    pub discriminator_values: Vec<String>,
    /// What it holds; `None`: nothing besides the tag (a unit variant).
    pub ty: Option<TypeRef>,
    /// Doc text.
    pub docs: Option<String>,
}

/// A type alias.
#[derive(Debug, Clone, PartialEq)]
pub struct AliasDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub docs: Option<String>,
    /// The type of the same shape it names.
    pub target: String,
}

impl TypeDef {
    /// The Rust name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::Newtype(n) => &n.name,
            TypeDef::Alias(a) => &a.name,
            TypeDef::Union(u) => &u.name,
        }
    }
}

/// The Cargo features (API groups) whose operations use a type; empty when no operation does.
pub type Features = std::collections::BTreeSet<String>;

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Rust name.
    pub name: String,
    /// Name in the spec.
    pub spec_name: String,
    /// Doc text.
    pub docs: Option<String>,
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `additionalProperties` beside the properties: a map field (`#[serde(flatten)]`) holding every other
    /// member.
    pub additional: Option<AdditionalProperties>,
}

/// The map field of a struct that keeps the members its properties do not name.
#[derive(Debug, Clone, PartialEq)]
pub struct AdditionalProperties {
    /// Rust field name (`additional_properties`).
    pub rust_name: String,
    /// The type of each value.
    pub ty: TypeRef,
}

impl StructDef {
    /// The types of every field, the additional properties' values included.
    pub fn field_types(&self) -> impl Iterator<Item = &TypeRef> {
        self.fields
            .iter()
            .map(|f| &f.ty)
            .chain(self.additional.as_ref().map(|a| &a.ty))
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust name.
    pub rust_name: String,
    /// The `with_…` setter of an optional field (empty for a required one).
    pub setter: String,
    /// The typed accessor of a number or JSON document held in a string (`…_i64`, `…_json`).
    pub helper: Option<String>,
    /// Type without the `Option` of an optional field.
    pub ty: TypeRef,
    /// Listed as required.
    pub required: bool,
    /// Doc text.
    pub docs: Option<String>,
    /// What the string value holds, when the doc says more than the type.
    pub wire: Wire,
    /// A secret: `Debug` shows it redacted.
    pub sensitive: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Which direction the field travels in (`readOnly`/`writeOnly`).
    pub access: Access,
    /// `default`, as JSON: documented, and the value of an absent member where it is a literal of the
    /// field's type (see [`Field::default_literal`]).
    pub default: Option<serde_json::Value>,
}

/// Which way a field travels, from `readOnly`/`writeOnly`: one struct serves requests and responses, so a field
/// that travels one way only is an `Option` (the other way never has it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Both ways.
    ReadWrite,
    /// `readOnly`: only in responses. Never serialized, no constructor argument or setter.
    ReadOnly,
    /// `writeOnly`: only in requests. Decoding does not require it.
    WriteOnly,
}

impl Field {
    /// Whether the Rust field is an `Option`: the property is optional (and has no literal default), or it
    /// travels one way only, so the other way lacks it even when `required`.
    pub fn is_option(&self) -> bool {
        (!self.required && self.default_literal().is_none()) || self.access != Access::ReadWrite
    }

    /// The `default` of an optional property, when it is a literal of the field's own scalar type
    /// (`true` for a `bool`, `5` for an `i32`, `"x"` for a `String`): the field is then that type rather than
    /// an `Option`, and an absent member decodes as the default.
    pub fn default_literal(&self) -> Option<&serde_json::Value> {
        use serde_json::Value;
        let value = self.default.as_ref()?;
        if self.required || self.access != Access::ReadWrite || self.wire != Wire::Plain {
            return None;
        }
        let fits = match (&self.ty, value) {
            (TypeRef::String, Value::String(_)) | (TypeRef::Bool, Value::Bool(_)) => true,
            (TypeRef::I32, Value::Number(n)) => {
                n.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
            }
            (TypeRef::I64, Value::Number(n)) => n.is_i64(),
            (TypeRef::U32, Value::Number(n)) => {
                n.as_u64().is_some_and(|n| u32::try_from(n).is_ok())
            }
            (TypeRef::U64, Value::Number(n)) => n.is_u64(),
            (TypeRef::F32 | TypeRef::F64, Value::Number(n)) => {
                n.as_f64().is_some_and(f64::is_finite)
            }
            _ => false,
        };
        fits.then_some(value)
    }
}

/// How a scalar field is read beyond its type: what a string holds, or the other spelling the service sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// Just a string (or not a string).
    Plain,
    /// A number in a string; decoding also accepts a JSON number.
    NumericString,
    /// A JSON document in a string.
    JsonString,
    /// A number or boolean that the service also sends as a string; decoding accepts both.
    StringTolerant,
    /// A list that the doc's examples also give as one item alone (`x-example-shape: array` or `single`):
    /// decoding reads one item as a list of one; encoding sends the list.
    OneOrMany,
    /// An object or text that the doc's examples give as `""` or `{}` (`x-example-shape: empty`): decoding
    /// reads those as absent.
    EmptyAsAbsent,
    /// A text that the doc's examples give as the JSON object or array it holds (`x-example-shape: json`):
    /// decoding keeps the value's JSON text; encoding sends the text.
    JsonText,
    /// A string that the service also sends as a number or boolean; decoding keeps the value's JSON text.
    StringOrScalar,
    /// A boolean that the service also sends as `0` or `1`; decoding accepts both.
    BoolOrBit,
}

/// An open enum: the known values plus `Unknown(String)`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub docs: Option<String>,
    /// Known values.
    pub variants: Vec<Variant>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// One known value of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Value on the wire.
    pub wire_name: String,
    /// Rust variant name.
    pub rust_name: String,
}

/// A transparent wrapper type.
#[derive(Debug, Clone, PartialEq)]
pub struct NewtypeDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub docs: Option<String>,
    /// The wrapped type.
    pub inner: TypeRef,
    /// `deprecated: true`.
    pub deprecated: bool,
}
