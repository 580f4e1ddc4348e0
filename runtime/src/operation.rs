//! What generated code hands to [`Client::execute`](crate::Client::execute), and what it gets
//! back.

use std::fmt;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::error::{DECODE_EXCERPT_CHARS, decode_message};
use crate::excerpt::safe_excerpt;
use crate::sign::QUOTE_SET;
use crate::{Error, Result};

/// One API operation; the generator emits one `const` per operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The spec's operation id, e.g. `ListBackgroundTasks` (used in logs and errors).
    pub id: &'static str,
    /// The HTTP method.
    pub method: http::Method,
    /// The path template, e.g. `/v2/{project_id}/instances/{instance_id}/tasks`.
    pub path: &'static str,
}

/// A typed request of one operation; the generator implements it for every request struct.
///
/// [`Client::send`](crate::Client::send) turns it into an [`OperationInput`], sends it and decodes
/// the response with [`decode`](Self::decode).
pub trait ApiRequest {
    /// The decoded response.
    type Response;

    /// The operation this request belongs to.
    const OPERATION: &'static Operation;

    /// How the request is authorized, from the operation's `security` in the spec (default: the
    /// AK/SK signature).
    const AUTH: &'static dyn crate::auth::Authorize = &crate::auth::AkSkSignature;

    /// The path values, query parameters and body; an error rejects the request before sending
    /// (e.g. an invalid `YYYYMMDDHHmmss` value).
    fn into_input(self) -> Result<OperationInput>;

    /// Decodes a 2xx response.
    fn decode(response: RawResponse) -> Result<Self::Response>;
}

/// The parameters of one call, filled in by generated code.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct OperationInput {
    /// Raw (not encoded) values of the template's `{name}`s. The runtime encodes each value as one
    /// path segment, so `/`, `?`, `#`, `%`, spaces and unicode can never change the route.
    /// `{project_id}` is taken from the credentials when it is not given here.
    pub path: Vec<(&'static str, String)>,
    /// Query parameters in spec order (the wire order is the canonical, sorted one).
    pub query: Vec<(&'static str, String)>,
    /// Header parameters, sent (and signed, unless the name contains `_`, as the official signer does) after
    /// the standard headers.
    pub headers: Vec<(&'static str, String)>,
    /// The body, sent as it is.
    pub body: Option<Vec<u8>>,
    /// The body's media type (`Content-Type`); `None` is `application/json`.
    pub content_type: Option<&'static str>,
}

impl fmt::Debug for OperationInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationInput")
            .field("path", &self.path)
            .field("query", &self.query)
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            )
            // Bodies may carry passwords (e.g. ResetPassword): show only the size.
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("{} bytes", b.len())),
            )
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Fills the path template of `op` with `values` (raw, not encoded); `{project_id}` falls back to
/// `project_id` (the credentials' one).
///
/// Every value is percent-encoded as a single segment (Python's `quote(v, safe='')`: only
/// `A-Z a-z 0-9 - _ . ~` stay), so `/`, `?`, `#`, `%` and spaces cannot change the route. Empty
/// values and the dot segments `.` and `..` are rejected ([`Error::InvalidRequest`]), since no
/// encoding keeps URL normalisation from removing them; so is a name without a value.
pub fn build_path(
    op: &Operation,
    values: &[(&'static str, String)],
    project_id: Option<&str>,
) -> Result<String> {
    let mut out = String::with_capacity(op.path.len() + 64);
    let mut rest = op.path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| {
            Error::invalid_request(format!(
                "operation {}: the path template `{}` has an unclosed `{{`",
                op.id, op.path
            ))
        })?;
        let name = &after[..close];
        let value = values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .or_else(|| (name == "project_id").then_some(project_id).flatten());
        let value = value.ok_or_else(|| {
            if name == "project_id" {
                Error::invalid_request(format!(
                    "operation {}: path parameter `project_id` has no value: set the project id \
                     on the credentials (`Credentials::with_project_id`, HUAWEICLOUD_SDK_PROJECT_ID \
                     or `project_id` in the credentials file)",
                    op.id
                ))
            } else {
                Error::invalid_request(format!(
                    "operation {}: path parameter `{name}` has no value",
                    op.id
                ))
            }
        })?;
        if value.is_empty() || value == "." || value == ".." {
            return Err(Error::invalid_request(format!(
                "operation {}: path parameter `{name}` must not be empty, `.` or `..`",
                op.id
            )));
        }
        out.extend(percent_encoding::utf8_percent_encode(value, QUOTE_SET));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    if out.is_empty() {
        return Err(Error::invalid_request(format!(
            "operation {}: the path is empty",
            op.id
        )));
    }
    Ok(out)
}

/// A response with a 2xx status.
#[derive(Clone)]
pub struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Bytes,
    /// An error answer longer than [`MAX_ERROR_BODY`](crate::client::MAX_ERROR_BODY): `body` is
    /// its start.
    pub(crate) body_cut: bool,
}

impl RawResponse {
    /// A response from its parts (for tests and custom transports).
    pub fn new(status: u16, headers: http::HeaderMap, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers,
            body: body.into(),
            body_cut: false,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The `X-Request-Id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text, for operations documented with a `text/plain` answer (e.g. a bare `success`).
    /// A body that is not UTF-8 is [`Error::Decode`].
    pub fn text(&self) -> Result<String> {
        String::from_utf8(self.body.to_vec())
            .map_err(|e| Error::decode(format!("the body is not UTF-8 text: {e}"), &self.body))
    }

    /// Decodes the JSON body. Unknown members are ignored by the generated types. An empty body
    /// decodes as `{}` (or, failing that, `null`), so an empty 200/204 gives a value whose fields
    /// are all `None`, as in the official SDK.
    ///
    /// Failure is [`Error::Decode`] with the serde message, the path of the failing member (e.g.
    /// `tasks[1].id`) and a short, redacted excerpt of the body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        let body: &[u8] = &self.body;
        if body.iter().all(u8::is_ascii_whitespace) {
            return decode_path(b"{}")
                .or_else(|_| decode_path(b"null"))
                .map_err(|_| self.decode_error("the body is empty".to_owned()));
        }
        decode_path(body).map_err(|m| self.decode_error(m))
    }

    fn decode_error(&self, message: String) -> Error {
        Error::Decode {
            message: decode_message(&message),
            excerpt: safe_excerpt(&self.body, DECODE_EXCERPT_CHARS),
            status: Some(self.status),
            request_id: self.request_id().map(str::to_owned),
        }
    }
}

/// Deserializes JSON, describing a failure with the member path when there is one.
///
/// Tracking the path costs about half again the decoding time (callgrind: 1.49× a plain decode of 10,000
/// tasks), so the body is decoded plainly first and only a failure is decoded again to name the member.
pub(crate) fn decode_path<T: DeserializeOwned>(input: &[u8]) -> std::result::Result<T, String> {
    if let Ok(value) = serde_json::from_slice(input) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(input);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.into_inner().to_string()
        } else {
            format!("at `{path}`: {}", e.into_inner())
        }
    })?;
    de.end().map_err(|e| e.to_string())?;
    Ok(value)
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("body", &format!("{} bytes", self.body.len()))
            .finish_non_exhaustive()
    }
}

/// Building blocks of the `Deserialize` impls that generated code writes with
/// [`deserialize_struct!`](crate::deserialize_struct).
///
/// `#[derive(Deserialize)]` emits, per struct, a field enum, a field visitor with three `visit_*`
/// methods, a `visit_seq` and a `visit_map`; on the Kafka crate's ~130 structs that was most of
/// the crate's compile time. `deserialize_struct!` writes one `visit_map` per struct over these
/// helpers. For JSON the decoding is the derive's: members are matched by wire name, unknown
/// members are ignored, an absent or `null` optional member is `None`, and a missing required
/// member or a repeated member is an error with the derive's message. Unlike the derive, a struct
/// is not accepted as a JSON array (the positional form, which the service never sends).
pub mod de {
    use std::fmt;
    use std::str::FromStr;

    use serde::de::{
        self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor,
    };

    #[doc(hidden)]
    pub use serde;

    /// Reads a member name as the field it names, with the struct's own `match` over its wire
    /// names, `F`. A member given by position (a number) is looked up as the empty name, which no
    /// field has.
    #[derive(Clone, Copy, Debug)]
    pub struct FieldIndex<F>(pub F);

    impl<'de, F: Fn(&str) -> T, T> DeserializeSeed<'de> for FieldIndex<F> {
        type Value = T;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
            deserializer.deserialize_identifier(self)
        }
    }

    impl<'de, F: Fn(&str) -> T, T> Visitor<'de> for FieldIndex<F> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a field identifier")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }

        fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<T, E> {
            Ok((self.0)(std::str::from_utf8(value).unwrap_or_default()))
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<T, E> {
            Ok((self.0)(""))
        }
    }

    /// A value of any type, for code that is only type-checked: it panics if it is ever run.
    pub fn never<T>() -> T {
        unreachable!("only called in a branch that is never taken")
    }

    /// Reads the value of the current member into `slot`; a member given twice is an error.
    pub fn put<'de, A, T>(
        map: &mut A,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error>
    where
        A: MapAccess<'de>,
        T: Deserialize<'de>,
    {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        *slot = Some(map.next_value()?);
        Ok(())
    }

    /// Skips the value of a member the struct does not have.
    pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(|_| ())
    }

    /// Notes `name` as missing when its slot is empty (the first one missing is reported).
    fn check_present<T>(slot: &Option<T>, name: &'static str, missing: &mut Option<&'static str>) {
        if slot.is_none() && missing.is_none() {
            *missing = Some(name);
        }
    }

    /// An `Option` field: absent and `null` are both `None`.
    pub mod optional {
        /// Never missing.
        pub fn check<T>(_: &Option<Option<T>>, _: &'static str, _: &mut Option<&'static str>) {}

        /// The field's value.
        pub fn take<T>(slot: Option<Option<T>>) -> Option<T> {
            slot.flatten()
        }
    }

    /// A required field: absent is a "missing field" error.
    pub mod required {
        /// Notes `name` as missing when its slot is empty.
        pub fn check<T>(slot: &Option<T>, name: &'static str, missing: &mut Option<&'static str>) {
            super::check_present(slot, name, missing);
        }

        /// The field's value, once [`check`] found it.
        pub fn take<T>(slot: Option<T>) -> T {
            slot.expect("checked before")
        }
    }

    /// An `Option` field read through a [`Wrapper`]: absent is `None`.
    pub mod optional_with {
        use super::Wrapper;

        /// Never missing.
        pub fn check<W>(_: &Option<W>, _: &'static str, _: &mut Option<&'static str>) {}

        /// The field's value.
        pub fn take<W: Wrapper>(slot: Option<W>) -> W::Value
        where
            W::Value: Default,
        {
            slot.map(W::into_value).unwrap_or_default()
        }
    }

    /// A field whose absence means its documented default (`field: defaulted("wire") = value`).
    pub mod defaulted {
        /// Never missing.
        pub fn check<T>(_: &Option<T>, _: &'static str, _: &mut Option<&'static str>) {}

        /// The field's value, or the default when it was absent.
        pub fn take<T>(slot: Option<T>, default: impl FnOnce() -> T) -> T {
            slot.unwrap_or_else(default)
        }
    }

    /// What becomes of the members a struct has no field for: skipped (`()`, every struct without
    /// `additionalProperties`), or kept in the struct's map of additional properties.
    pub trait Rest {
        /// Whether the member names must be kept (then [`keep`](Rest::keep) gets them).
        const KEEPS: bool;

        /// Reads or skips the value of the member `name` (`None` unless [`KEEPS`](Rest::KEEPS)).
        fn keep<'de, A: MapAccess<'de>>(
            &mut self,
            map: &mut A,
            name: Option<String>,
        ) -> Result<(), A::Error>;
    }

    impl Rest for () {
        const KEEPS: bool = false;

        fn keep<'de, A: MapAccess<'de>>(
            &mut self,
            map: &mut A,
            _: Option<String>,
        ) -> Result<(), A::Error> {
            skip(map)
        }
    }

    impl<V: for<'a> Deserialize<'a>> Rest for std::collections::BTreeMap<String, V> {
        const KEEPS: bool = true;

        fn keep<'de, A: MapAccess<'de>>(
            &mut self,
            map: &mut A,
            name: Option<String>,
        ) -> Result<(), A::Error> {
            let value: V = map.next_value()?;
            let name = name.unwrap_or_default();
            if self.contains_key(&name) {
                return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
            }
            self.insert(name, value);
            Ok(())
        }
    }

    /// A required field read through a [`Wrapper`].
    pub mod required_with {
        use super::Wrapper;

        /// Notes `name` as missing when its slot is empty.
        pub fn check<W>(slot: &Option<W>, name: &'static str, missing: &mut Option<&'static str>) {
            super::check_present(slot, name, missing);
        }

        /// The field's value, once [`check`] found it.
        pub fn take<W: Wrapper>(slot: Option<W>) -> W::Value {
            slot.expect("checked before").into_value()
        }
    }

    /// A value read by one of the lenient readers of [`wire`](crate::wire).
    pub trait Wrapper {
        /// The field's type.
        type Value;

        /// The value read.
        fn into_value(self) -> Self::Value;
    }

    /// An optional field read with [`string_tolerant::deserialize`](crate::wire::string_tolerant::deserialize).
    #[derive(Debug)]
    pub struct StringTolerant<T>(pub Option<T>);

    impl<'de, T> Deserialize<'de> for StringTolerant<T>
    where
        T: Deserialize<'de> + FromStr,
        T::Err: fmt::Display,
    {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::wire::string_tolerant::deserialize(deserializer).map(Self)
        }
    }

    impl<T> Wrapper for StringTolerant<T> {
        type Value = Option<T>;

        fn into_value(self) -> Option<T> {
            self.0
        }
    }

    /// A required field read with
    /// [`string_tolerant::deserialize_required`](crate::wire::string_tolerant::deserialize_required).
    #[derive(Debug)]
    pub struct StringTolerantRequired<T>(pub T);

    impl<'de, T> Deserialize<'de> for StringTolerantRequired<T>
    where
        T: Deserialize<'de> + FromStr,
        T::Err: fmt::Display,
    {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::wire::string_tolerant::deserialize_required(deserializer).map(Self)
        }
    }

    impl<T> Wrapper for StringTolerantRequired<T> {
        type Value = T;

        fn into_value(self) -> T {
            self.0
        }
    }

    /// An optional list read with [`one_or_many::deserialize`](crate::wire::one_or_many::deserialize).
    #[derive(Debug)]
    pub struct OneOrMany<T>(pub Option<Vec<T>>);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::wire::one_or_many::deserialize(deserializer).map(Self)
        }
    }

    impl<T> Wrapper for OneOrMany<T> {
        type Value = Option<Vec<T>>;

        fn into_value(self) -> Option<Vec<T>> {
            self.0
        }
    }

    /// A required list read with
    /// [`one_or_many::deserialize_required`](crate::wire::one_or_many::deserialize_required).
    #[derive(Debug)]
    pub struct OneOrManyRequired<T>(pub Vec<T>);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrManyRequired<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::wire::one_or_many::deserialize_required(deserializer).map(Self)
        }
    }

    impl<T> Wrapper for OneOrManyRequired<T> {
        type Value = Vec<T>;

        fn into_value(self) -> Vec<T> {
            self.0
        }
    }

    /// A field read with [`empty_as_absent::deserialize`](crate::wire::empty_as_absent::deserialize): optional, or
    /// required and `None` when the member has no value.
    #[derive(Debug)]
    pub struct EmptyAsAbsent<T>(pub Option<T>);

    impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for EmptyAsAbsent<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::wire::empty_as_absent::deserialize(deserializer).map(Self)
        }
    }

    impl<T> Wrapper for EmptyAsAbsent<T> {
        type Value = Option<T>;

        fn into_value(self) -> Option<T> {
            self.0
        }
    }

    /// The optional and the required [`Wrapper`] of a reader module of [`wire`](crate::wire) whose value is a
    /// plain type: `$optional` reads with the module's `deserialize`, `$required` with its
    /// `deserialize_required`.
    macro_rules! plain_wrappers {
        ($module:ident: $optional:ident, $required:ident => $ty:ty) => {
            #[doc = concat!(
                "An optional field read with [`", stringify!($module), "::deserialize`](crate::wire::",
                stringify!($module), "::deserialize)."
            )]
            #[derive(Debug)]
            pub struct $optional(pub Option<$ty>);

            impl<'de> Deserialize<'de> for $optional {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::wire::$module::deserialize(deserializer).map(Self)
                }
            }

            impl Wrapper for $optional {
                type Value = Option<$ty>;

                fn into_value(self) -> Option<$ty> {
                    self.0
                }
            }

            #[doc = concat!(
                "A required field read with [`", stringify!($module),
                "::deserialize_required`](crate::wire::", stringify!($module), "::deserialize_required)."
            )]
            #[derive(Debug)]
            pub struct $required(pub $ty);

            impl<'de> Deserialize<'de> for $required {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::wire::$module::deserialize_required(deserializer).map(Self)
                }
            }

            impl Wrapper for $required {
                type Value = $ty;

                fn into_value(self) -> $ty {
                    self.0
                }
            }
        };
    }

    plain_wrappers!(string_or_number: StringOrNumber, StringOrNumberRequired => String);
    plain_wrappers!(json_text: JsonText, JsonTextRequired => String);
    plain_wrappers!(string_or_scalar: StringOrScalar, StringOrScalarRequired => String);
    plain_wrappers!(bool_or_bit: BoolOrBit, BoolOrBitRequired => bool);
}

/// The `Deserialize` impl of a generated struct, from its fields' wire names.
///
/// Each field is `name: how("wire name")`, where `how` is one of the modules of [`de`]:
/// `optional` (an `Option` field), `required`, `defaulted` (followed by `= value`: the value of an
/// absent member), or `optional_with::<W>` / `required_with::<W>` with the [`de::Wrapper`] `W` that
/// reads the value (the lenient wire spellings). A last `..name,` names a map field
/// (`BTreeMap<String, V>`) that keeps every other member, as `#[serde(flatten)]` does for
/// `additionalProperties`; without it other members are skipped. The impl decodes as
/// `#[derive(Deserialize)]` does for JSON (see [`de`]) with a fraction of the code to compile;
/// generated crates use it for every struct.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// struct Task {
///     id: String,
///     task_count: Option<String>,
///     r#type: Option<i32>,
/// }
///
/// huaweicloud_core::deserialize_struct! {
///     Task {
///         id: required("id"),
///         task_count: optional_with::<huaweicloud_core::operation::de::StringOrNumber>("task_count"),
///         r#type: optional("type"),
///     }
/// }
///
/// let task: Task = serde_json::from_str(r#"{"id": "a", "task_count": 4, "other": [1]}"#).unwrap();
/// assert_eq!(task, Task { id: "a".into(), task_count: Some("4".into()), r#type: None });
/// let error = serde_json::from_str::<Task>(r#"{"type": 1}"#).unwrap_err();
/// assert_eq!(error.to_string(), "missing field `id` at line 1 column 11");
/// ```
#[macro_export]
macro_rules! deserialize_struct {
    ($name:ident {
        $($field:ident: $how:ident $(::<$wrapper:ty>)? ($wire:literal) $(= $default:expr)?,)*
        $(.. $rest:ident,)?
    }) => {
        impl<'de> $crate::operation::de::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::operation::de::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                #[allow(non_camel_case_types)]
                enum __Field {
                    $($field,)*
                    // The member's name, when the struct keeps other members.
                    __Other(::core::option::Option<::std::string::String>),
                }
                const __KEEPS: bool = false $(|| ::core::stringify!($rest).len() > 0)?;
                fn __field(name: &str) -> __Field {
                    match name {
                        $($wire => __Field::$field,)*
                        _ => __Field::__Other(__KEEPS.then(|| ::std::borrow::ToOwned::to_owned(name))),
                    }
                }
                struct __Visitor;
                impl<'de> $crate::operation::de::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("struct ", ::core::stringify!($name)))
                    }

                    // The first binding of a field read through a wrapper only gives its type.
                    #[allow(unused_variables, unused_assignments)]
                    fn visit_map<__A: $crate::operation::de::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::core::result::Result<$name, __A::Error> {
                        $(let mut $field = ::core::option::Option::None;)*
                        $(let mut $rest = ::core::default::Default::default();)?
                        // Types each slot by its field at once (in a branch never taken), so that
                        // type inference has nothing to carry to the end of the function (on the
                        // Kafka crate that took ~7 % off the build).
                        if false {
                            let value: $name = $crate::operation::de::never();
                            $($field = ::core::option::Option::Some(value.$field);)*
                            $($rest = value.$rest;)?
                        }
                        $($(let mut $field = ::core::option::Option::<$wrapper>::None;)?)*
                        // `__key`: a binding of `__Field` must not be named like a field.
                        while let ::core::option::Option::Some(__key) =
                            map.next_key_seed($crate::operation::de::FieldIndex(__field))?
                        {
                            match __key {
                                $(__Field::$field => $crate::operation::de::put(&mut map, &mut $field, $wire),)*
                                __Field::__Other(__name) => $crate::operation::de::Rest::keep(
                                    &mut ($($rest)?),
                                    &mut map,
                                    __name,
                                ),
                            }?;
                        }
                        let mut missing = ::core::option::Option::None;
                        $($crate::operation::de::$how::check(&$field, $wire, &mut missing);)*
                        if let ::core::option::Option::Some(name) = missing {
                            return ::core::result::Result::Err(
                                <__A::Error as $crate::operation::de::serde::de::Error>::missing_field(name),
                            );
                        }
                        ::core::result::Result::Ok($name {
                            $($field: $crate::operation::de::$how::take($field $(, || $default)?),)*
                            $($rest,)?
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: Operation = Operation {
        id: "ListBackgroundTasks",
        method: http::Method::GET,
        path: "/v2/{project_id}/instances/{instance_id}/tasks",
    };

    fn build(id: &str, project: Option<&str>) -> Result<String> {
        build_path(&OP, &[("instance_id", id.to_owned())], project)
    }

    #[test]
    fn path_values_are_single_segments() {
        let p = Some("p");
        assert_eq!(build("abc", p).unwrap(), "/v2/p/instances/abc/tasks");
        assert_eq!(build("../x", p).unwrap(), "/v2/p/instances/..%2Fx/tasks");
        assert_eq!(
            build("a/b?c#d e", p).unwrap(),
            "/v2/p/instances/a%2Fb%3Fc%23d%20e/tasks"
        );
        assert_eq!(
            build("inst/1 a+b%中", p).unwrap(),
            "/v2/p/instances/inst%2F1%20a%2Bb%25%E4%B8%AD/tasks"
        );
        assert_eq!(
            build("~a-b_c.d", p).unwrap(),
            "/v2/p/instances/~a-b_c.d/tasks"
        );
        for bad in ["", ".", ".."] {
            assert!(
                matches!(build(bad, p), Err(Error::InvalidRequest { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn project_id_comes_from_input_then_credentials() {
        assert!(
            build("i", None)
                .unwrap_err()
                .to_string()
                .contains("project_id")
        );
        let given = build_path(
            &OP,
            &[("project_id", "mine".into()), ("instance_id", "i".into())],
            Some("creds"),
        );
        assert_eq!(given.unwrap(), "/v2/mine/instances/i/tasks");
        let missing = build_path(&OP, &[], Some("p")).unwrap_err();
        assert!(missing.to_string().contains("instance_id"), "{missing}");
        let unclosed = Operation {
            path: "/v2/{x",
            ..OP
        };
        assert!(build_path(&unclosed, &[], None).is_err());
    }

    /// A struct decoded the way generated code decodes.
    #[derive(Debug, PartialEq)]
    struct Sample {
        name: String,
        size: Option<i64>,
        count: Option<String>,
        flag: Option<bool>,
    }

    crate::deserialize_struct! {
        Sample {
            name: required("name"),
            size: optional("size"),
            count: optional_with::<de::StringOrNumber>("count"),
            flag: optional_with::<de::StringTolerant<bool>>("flag"),
        }
    }

    /// A struct with a documented default and a map of the other members (`additionalProperties`).
    #[derive(Debug, PartialEq)]
    struct Open {
        name: String,
        limit: i32,
        rest: std::collections::BTreeMap<String, serde_json::Value>,
    }

    crate::deserialize_struct! {
        Open {
            name: required("name"),
            limit: defaulted("limit") = 20,
            ..rest,
        }
    }

    #[test]
    fn defaults_fill_absent_members_and_the_rest_map_keeps_the_others() {
        let open: Open = decode_path(br#"{"x": [1], "name": "a", "y": null}"#).unwrap();
        assert_eq!(open.limit, 20);
        assert_eq!(
            open.rest,
            [
                ("x".to_owned(), serde_json::json!([1])),
                ("y".to_owned(), serde_json::Value::Null)
            ]
            .into_iter()
            .collect()
        );
        let given: Open = decode_path(br#"{"name": "a", "limit": 5}"#).unwrap();
        assert_eq!((given.limit, given.rest.len()), (5, 0));
        // A required member is still required, and an other member given twice is an error too.
        assert!(decode_path::<Open>(br#"{"limit": 5}"#).is_err());
        let twice = decode_path::<Open>(br#"{"name": "a", "x": 1, "x": 2}"#).unwrap_err();
        assert!(twice.contains("duplicate field `x`"), "{twice}");
    }

    /// Fields read with the example readings (`x-example-type`): text that the service also sends as a
    /// number or boolean, and a boolean it also sends as 0/1.
    #[derive(Debug, PartialEq)]
    struct Readings {
        note: Option<String>,
        name: String,
        on: Option<bool>,
        off: bool,
    }

    crate::deserialize_struct! {
        Readings {
            note: optional_with::<de::StringOrScalar>("note"),
            name: required_with::<de::StringOrScalarRequired>("name"),
            on: optional_with::<de::BoolOrBit>("on"),
            off: required_with::<de::BoolOrBitRequired>("off"),
        }
    }

    #[test]
    fn example_readings_keep_a_scalar_as_text_and_read_a_bit_as_a_boolean() {
        let read = |json: &str| decode_path::<Readings>(json.as_bytes());
        assert_eq!(
            read(r#"{"note": true, "name": 12, "on": 1, "off": 0}"#).unwrap(),
            Readings {
                note: Some("true".into()),
                name: "12".into(),
                on: Some(true),
                off: false,
            }
        );
        let plain = read(r#"{"note": "x", "name": "n", "on": false, "off": true}"#).unwrap();
        assert_eq!(
            (plain.note.as_deref(), plain.on, plain.off),
            (Some("x"), Some(false), true)
        );
        let absent = read(r#"{"name": 1.5, "note": null, "off": 1}"#).unwrap();
        assert_eq!(
            (absent.name.as_str(), absent.note, absent.on),
            ("1.5", None, None)
        );
        // A bit is 0 or 1; a required member is still required; objects are no scalar.
        assert!(
            read(r#"{"name": "n", "off": 2}"#)
                .unwrap_err()
                .contains("found 2")
        );
        assert!(read(r#"{"name": "n", "off": null}"#).is_err());
        assert!(read(r#"{"name": null, "off": true}"#).is_err());
        assert!(read(r#"{"name": {}, "off": true}"#).is_err());
        assert!(read(r#"{"name": "n", "off": "1"}"#).is_err());
    }

    fn sample(json: &str) -> std::result::Result<Sample, String> {
        decode_path(json.as_bytes())
    }

    #[test]
    fn generated_struct_decoding_matches_the_derive() {
        let full = sample(
            r#"{"x": [1, {"y": null}], "name": "a", "size": 3, "count": 4, "flag": "true"}"#,
        );
        assert_eq!(
            full.unwrap(),
            Sample {
                name: "a".into(),
                size: Some(3),
                count: Some("4".into()),
                flag: Some(true),
            }
        );
        let sparse = sample(r#"{"name": "a", "size": null, "count": null}"#).unwrap();
        assert_eq!((sparse.size, sparse.count, sparse.flag), (None, None, None));
        // The derive's messages, with the member path from the second, tracking pass.
        assert_eq!(
            sample(r#"{"size": 1}"#).unwrap_err(),
            "missing field `name` at line 1 column 11"
        );
        let twice = sample(r#"{"name": "a", "name": "b"}"#).unwrap_err();
        assert!(twice.contains("duplicate field `name`"), "{twice}");
        let wrong = sample(r#"{"name": "a", "size": "x"}"#).unwrap_err();
        assert!(
            wrong.starts_with("at `size`: invalid type: string \"x\", expected i64"),
            "{wrong}"
        );
        let array = sample(r#"["a", 1]"#).unwrap_err();
        assert!(
            array.starts_with("invalid type: sequence, expected struct Sample"),
            "{array}"
        );
    }

    /// Fields named like the macro's own locals.
    #[derive(Debug, PartialEq)]
    struct Shadowing {
        map: Option<i32>,
        key: Option<i32>,
        value: Option<i32>,
        missing: Option<i32>,
        deserializer: String,
    }

    crate::deserialize_struct! {
        Shadowing {
            map: optional("map"),
            key: optional("key"),
            value: optional("value"),
            missing: optional("missing"),
            deserializer: required("deserializer"),
        }
    }

    #[test]
    fn field_names_do_not_clash_with_the_macros_locals() {
        let json = br#"{"missing": 4, "value": 3, "key": 2, "map": 1, "deserializer": "d"}"#;
        let decoded: Shadowing = decode_path(json).unwrap();
        assert_eq!(
            decoded,
            Shadowing {
                map: Some(1),
                key: Some(2),
                value: Some(3),
                missing: Some(4),
                deserializer: "d".into(),
            }
        );
        let absent = decode_path::<Shadowing>(b"{}").unwrap_err();
        assert!(absent.contains("missing field `deserializer`"), "{absent}");
    }

    #[test]
    fn field_index_accepts_names_and_bytes() {
        use serde::de::{DeserializeSeed, IntoDeserializer, value};
        let index = de::FieldIndex(|key: &str| match key {
            "a" => Some(0),
            "b" => Some(1),
            _ => None,
        });
        let by_name = index.deserialize(IntoDeserializer::<value::Error>::into_deserializer("b"));
        assert_eq!(by_name, Ok(Some(1)));
        let unknown = index.deserialize(IntoDeserializer::<value::Error>::into_deserializer("c"));
        assert_eq!(unknown, Ok(None));
        let bytes = value::BytesDeserializer::<value::Error>::new(b"a");
        assert_eq!(index.deserialize(bytes), Ok(Some(0)));
        let position = index.deserialize(IntoDeserializer::<value::Error>::into_deserializer(1u64));
        assert_eq!(position, Ok(None));
    }
}
