//! serde helpers for the wire format's documented quirks: numbers sent as strings (and the reverse),
//! booleans sent as `0`/`1`, JSON inside strings, values the doc's examples give in another shape (one item
//! for a list, `""` for an object, a JSON value for its text), and `YYYYMMDDHHmmss` timestamps.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::operation::decode_path;
use crate::{Error, Result};

pub mod string_tolerant {
    //! serde `deserialize_with` for number and boolean fields that the service is known to send as strings too
    //! (`"false"`, `"10"`), marked `x-accept-string` in the spec: both spellings decode; encoding keeps the
    //! documented type.

    use std::fmt::Display;
    use std::str::FromStr;

    use serde::de::{Deserialize, Deserializer, Error};

    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Either<T> {
        Value(T),
        Text(String),
    }

    fn parse<T: FromStr, E: Error>(value: Either<T>) -> Result<T, E>
    where
        T::Err: Display,
    {
        match value {
            Either::Value(v) => Ok(v),
            Either::Text(s) => s
                .trim()
                .parse()
                .map_err(|e| E::custom(format!("{s:?}: {e}"))),
        }
    }

    /// An optional field: the value, its string spelling, null or absent.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de> + FromStr,
        T::Err: Display,
    {
        Option::<Either<T>>::deserialize(deserializer)?
            .map(parse)
            .transpose()
    }

    /// A required field: the value or its string spelling.
    pub fn deserialize_required<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de> + FromStr,
        T::Err: Display,
    {
        parse(Either::<T>::deserialize(deserializer)?)
    }
}

/// `deserialize_with` for `Option<String>` fields documented as strings holding a number (such as
/// `task_count`): accepts `"4"`, `4`, `4.5`, `null`. Use with `#[serde(default)]` so an absent
/// member is `None`:
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct R {
///     #[serde(default, with = "huaweicloud_core::wire::string_or_number")]
///     task_count: Option<String>,
/// }
/// let r: R = serde_json::from_str(r#"{"task_count": 4}"#).unwrap();
/// assert_eq!(r.task_count.as_deref(), Some("4"));
/// ```
pub mod string_or_number {

    use serde::de::{self, Deserializer};
    use serde::ser::Serializer;

    /// Deserializes a string, a number or null into `Option<String>`.
    pub fn deserialize<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
    where
        D: Deserializer<'de>,
    {
        deserializer.deserialize_any(super::ScalarText { booleans: false })
    }

    /// Like [`deserialize`], for a required field: null or absent is an error.
    pub fn deserialize_required<'de, D>(deserializer: D) -> Result<String, D::Error>
    where
        D: Deserializer<'de>,
    {
        deserialize(deserializer)?
            .ok_or_else(|| de::Error::custom("expected a string or a number, found null"))
    }

    /// Serializes as a string (or null), the documented type.
    pub fn serialize<S>(value: &Option<String>, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
    {
        match value {
            Some(v) => serializer.serialize_str(v),
            None => serializer.serialize_none(),
        }
    }
}

/// `deserialize_with` for string fields that the service also sends as a number or a boolean where the doc's
/// table says String (its examples show `true` or `1`; `x-example-type` in the spec): the value is kept as its
/// JSON text (`true` → `"true"`, `1` → `"1"`), and encoding writes the string, the documented type.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct R {
///     #[serde(default, deserialize_with = "huaweicloud_core::wire::string_or_scalar::deserialize")]
///     enabled: Option<String>,
/// }
/// let r: R = serde_json::from_str(r#"{"enabled": true}"#).unwrap();
/// assert_eq!(r.enabled.as_deref(), Some("true"));
/// ```
pub mod string_or_scalar {

    use serde::de::{self, Deserializer};

    /// Deserializes a string, a number, a boolean or null into `Option<String>`.
    pub fn deserialize<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
    where
        D: Deserializer<'de>,
    {
        deserializer.deserialize_any(super::ScalarText { booleans: true })
    }

    /// Like [`deserialize`], for a required field: null or absent is an error.
    pub fn deserialize_required<'de, D>(deserializer: D) -> Result<String, D::Error>
    where
        D: Deserializer<'de>,
    {
        deserialize(deserializer)?.ok_or_else(|| {
            de::Error::custom("expected a string, a number or a boolean, found null")
        })
    }
}

/// The one visitor of [`string_or_number`] and [`string_or_scalar`]: a string, a number, `null` and, when
/// `booleans`, a boolean, each kept as its JSON text.
struct ScalarText {
    booleans: bool,
}

impl<'de> serde::de::Visitor<'de> for ScalarText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.booleans {
            "a string, a number, a boolean or null"
        } else {
            "a string, a number or null"
        })
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        if self.booleans {
            Ok(Some(v.to_string()))
        } else {
            Err(E::invalid_type(serde::de::Unexpected::Bool(v), &self))
        }
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: serde::de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// `deserialize_with` for boolean fields that the service also sends as `0` or `1` where the doc's table says
/// Boolean (its examples show `0`; `x-example-type: integer` in the spec): `0` is `false`, `1` is `true`, any
/// other number is an error; encoding writes the boolean, the documented type.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct R {
///     #[serde(default, deserialize_with = "huaweicloud_core::wire::bool_or_bit::deserialize")]
///     enabled: Option<bool>,
/// }
/// let r: R = serde_json::from_str(r#"{"enabled": 1}"#).unwrap();
/// assert_eq!(r.enabled, Some(true));
/// ```
pub mod bool_or_bit {
    use std::fmt;

    use serde::de::{self, Deserializer, Visitor};

    /// Deserializes a boolean, `0`, `1` or null into `Option<bool>`.
    pub fn deserialize<'de, D>(deserializer: D) -> Result<Option<bool>, D::Error>
    where
        D: Deserializer<'de>,
    {
        deserializer.deserialize_any(BoolOrBit)
    }

    /// Like [`deserialize`], for a required field: null or absent is an error.
    pub fn deserialize_required<'de, D>(deserializer: D) -> Result<bool, D::Error>
    where
        D: Deserializer<'de>,
    {
        deserialize(deserializer)?
            .ok_or_else(|| de::Error::custom("expected a boolean, 0 or 1, found null"))
    }

    struct BoolOrBit;

    impl BoolOrBit {
        fn bit<E: de::Error>(v: impl Into<i128> + Copy + fmt::Display) -> Result<Option<bool>, E> {
            match v.into() {
                0 => Ok(Some(false)),
                1 => Ok(Some(true)),
                _ => Err(E::custom(format_args!(
                    "expected a boolean, 0 or 1, found {v}"
                ))),
            }
        }
    }

    impl<'de> Visitor<'de> for BoolOrBit {
        type Value = Option<bool>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a boolean, 0, 1 or null")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Self::bit(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Self::bit(v)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
}

pub mod one_or_many {
    //! serde `deserialize_with` for a list that the doc's examples also give as one item alone (`x-example-shape:
    //! array` or `single` in the spec): a JSON array, or one item read as a list of one. `null` and absent are
    //! `None` for an optional field. Encoding sends the list.
    //!
    //! ```
    //! #[derive(serde::Deserialize)]
    //! struct R {
    //!     #[serde(default, deserialize_with = "huaweicloud_core::wire::one_or_many::deserialize")]
    //!     versions: Option<Vec<u32>>,
    //! }
    //! let one: R = serde_json::from_str(r#"{"versions": 2}"#).unwrap();
    //! let many: R = serde_json::from_str(r#"{"versions": [2, 3]}"#).unwrap();
    //! assert_eq!((one.versions, many.versions), (Some(vec![2]), Some(vec![2, 3])));
    //! ```

    use serde::de::{Deserialize, Deserializer};

    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Either<T> {
        Many(Vec<T>),
        One(T),
    }

    impl<T> Either<T> {
        fn into_vec(self) -> Vec<T> {
            match self {
                Either::Many(items) => items,
                Either::One(item) => vec![item],
            }
        }
    }

    /// An optional field: the list, one item, null or absent.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Ok(Option::<Either<T>>::deserialize(deserializer)?.map(Either::into_vec))
    }

    /// A required field: the list or one item.
    pub fn deserialize_required<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Ok(Either::<T>::deserialize(deserializer)?.into_vec())
    }
}

pub mod empty_as_absent {
    //! serde `deserialize_with` for an object or text that the doc's examples give as `""` or `{}` where it has no
    //! value (`x-example-shape: empty` in the spec): those, `null` and absent are `None`; anything else is the
    //! value. Encoding leaves `None` out.
    //!
    //! ```
    //! #[derive(serde::Deserialize)]
    //! struct Image { id: String }
    //! #[derive(serde::Deserialize)]
    //! struct Server {
    //!     #[serde(default, deserialize_with = "huaweicloud_core::wire::empty_as_absent::deserialize")]
    //!     image: Option<Image>,
    //! }
    //! let s: Server = serde_json::from_str(r#"{"image": ""}"#).unwrap();
    //! assert!(s.image.is_none());
    //! let s: Server = serde_json::from_str(r#"{"image": {"id": "i"}}"#).unwrap();
    //! assert_eq!(s.image.unwrap().id, "i");
    //! ```

    use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error};

    /// The field: `""`, `{}`, `null` and absent are `None`.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        // Read whole first: whether the value is empty decides which type it is read as.
        let value = serde_json::Value::deserialize(deserializer)?;
        let empty = match &value {
            serde_json::Value::Null => true,
            serde_json::Value::String(s) => s.is_empty(),
            serde_json::Value::Object(m) => m.is_empty(),
            _ => false,
        };
        if empty {
            return Ok(None);
        }
        serde_json::from_value(value)
            .map(Some)
            .map_err(D::Error::custom)
    }

    /// A required member that may lack a value: the same as [`deserialize`] (absent is reported by the caller).
    pub fn deserialize_required<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        deserialize(deserializer)
    }
}

pub mod json_text {
    //! serde `deserialize_with` for a text that the doc's examples give as the JSON object or array it holds
    //! (`x-example-shape: json` in the spec): a string is the text; any other JSON value but `null` is read as
    //! its compact JSON text. Encoding sends the text.
    //!
    //! ```
    //! #[derive(serde::Deserialize)]
    //! struct Image {
    //!     #[serde(default, deserialize_with = "huaweicloud_core::wire::json_text::deserialize")]
    //!     metadata: Option<String>,
    //! }
    //! let i: Image = serde_json::from_str(r#"{"metadata": {"os": "x"}}"#).unwrap();
    //! assert_eq!(i.metadata.as_deref(), Some(r#"{"os":"x"}"#));
    //! let i: Image = serde_json::from_str(r#"{"metadata": "text"}"#).unwrap();
    //! assert_eq!(i.metadata.as_deref(), Some("text"));
    //! ```

    use serde::de::{Deserialize, Deserializer, Error};

    fn text(value: serde_json::Value) -> Option<String> {
        match value {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s),
            other => Some(other.to_string()),
        }
    }

    /// An optional field: the text, or the JSON value's text; `null` and absent are `None`.
    pub fn deserialize<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
    where
        D: Deserializer<'de>,
    {
        Ok(text(serde_json::Value::deserialize(deserializer)?))
    }

    /// A required field: `null` is an error.
    pub fn deserialize_required<'de, D>(deserializer: D) -> Result<String, D::Error>
    where
        D: Deserializer<'de>,
    {
        deserialize(deserializer)?
            .ok_or_else(|| D::Error::custom("expected a string or a JSON value, found null"))
    }
}

/// Serializes a request body to JSON bytes (compact; the signature covers exactly these bytes).
/// A value that cannot be serialized (e.g. a map with non-string keys) is
/// [`Error::InvalidRequest`].
pub fn json_body<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value)
        .map_err(|e| Error::invalid_request(format!("cannot serialize the request body: {e}")))
}

/// Serializes a request body as `application/x-www-form-urlencoded`: each field of the value's JSON object
/// is a `name=value` pair, in name order (strings as they are, numbers and booleans as JSON writes them, an
/// array as one pair per item, `null` left out), names and values percent-encoded (only `A-Z a-z 0-9 - _ . ~`
/// stay). A value that is not an object, or a field holding an object, has no form encoding:
/// [`Error::InvalidRequest`].
pub fn form_body<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    use serde_json::Value;
    let invalid =
        |why: String| Error::invalid_request(format!("cannot encode the form body: {why}"));
    let value = serde_json::to_value(value).map_err(|e| invalid(e.to_string()))?;
    let Value::Object(fields) = value else {
        return Err(invalid("it is not an object".into()));
    };
    let mut out = String::new();
    let mut pair = |name: &str, value: &Value| -> Result<()> {
        let text = match value {
            Value::Null => return Ok(()),
            Value::String(s) => s.clone(),
            Value::Bool(_) | Value::Number(_) => value.to_string(),
            Value::Array(_) | Value::Object(_) => {
                return Err(invalid(format!(
                    "field `{name}` holds an object or nested array"
                )));
            }
        };
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(percent_encoding::utf8_percent_encode(
            name,
            crate::sign::QUOTE_SET,
        ));
        out.push('=');
        out.extend(percent_encoding::utf8_percent_encode(
            &text,
            crate::sign::QUOTE_SET,
        ));
        Ok(())
    };
    for (name, value) in &fields {
        match value {
            Value::Array(items) => items.iter().try_for_each(|item| pair(name, item))?,
            other => pair(name, other)?,
        }
    }
    Ok(out.into_bytes())
}

/// Parses a string that holds JSON (such as a task's `params`). Absent, empty or whitespace-only
/// gives `Ok(None)`; invalid JSON is [`Error::Decode`].
pub fn parse_json_string<T: DeserializeOwned>(value: Option<&str>) -> Result<Option<T>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => decode_path(text.as_bytes())
            .map(Some)
            .map_err(|m| Error::decode(m, text.as_bytes())),
    }
}

/// Parses a string that holds an integer (such as `task_count`). Absent, empty or
/// whitespace-only gives `Ok(None)`; anything else that is not an integer is [`Error::Decode`].
pub fn parse_numeric_string(value: Option<&str>) -> Result<Option<i64>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text
            .parse::<i64>()
            .map(Some)
            .map_err(|e| Error::decode(format!("expected an integer: {e}"), text.as_bytes())),
    }
}

/// A `YYYYMMDDHHmmss` timestamp parameter (such as `begin_time`).
///
/// Made from a [`jiff::Timestamp`] (formatted in UTC), a [`jiff::civil::DateTime`] (formatted as
/// it is), or raw text (kept verbatim; check it with [`validate`](Self::validate)). Serializes as
/// a plain string.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CompactDateTime(String);

impl CompactDateTime {
    /// The text sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `Ok` when the text is 14 digits forming a valid date-time; otherwise
    /// [`Error::InvalidRequest`] naming `parameter`.
    pub fn validate(&self, parameter: &'static str) -> Result<()> {
        if self.to_datetime().is_some() {
            Ok(())
        } else {
            Err(Error::invalid_request(format!(
                "`{parameter}` must be a date-time in the format YYYYMMDDHHmmss (14 digits, \
                 e.g. 20240101000000), got {:?}",
                self.0.chars().take(40).collect::<String>()
            )))
        }
    }

    /// The date-time, when the text is valid.
    pub fn to_datetime(&self) -> Option<jiff::civil::DateTime> {
        let s = self.0.as_str();
        if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<i16>().ok());
        let small = |r| n(r).and_then(|v| i8::try_from(v).ok());
        jiff::civil::DateTime::new(
            n(0..4)?,
            small(4..6)?,
            small(6..8)?,
            small(8..10)?,
            small(10..12)?,
            small(12..14)?,
            0,
        )
        .ok()
    }
}

fn format_compact(dt: jiff::civil::DateTime) -> String {
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

impl From<jiff::Timestamp> for CompactDateTime {
    fn from(t: jiff::Timestamp) -> Self {
        Self(format_compact(
            t.to_zoned_datetime(jiff::tz::TimeZone::UTC).datetime(),
        ))
    }
}

impl From<jiff::civil::DateTime> for CompactDateTime {
    fn from(dt: jiff::civil::DateTime) -> Self {
        Self(format_compact(dt))
    }
}

impl From<&str> for CompactDateTime {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl From<String> for CompactDateTime {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl fmt::Display for CompactDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for CompactDateTime {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl serde::Serialize for CompactDateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for CompactDateTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d).map(Self)
    }
}

#[cfg(test)]
mod form_tests {
    use super::form_body;

    #[test]
    fn a_form_is_the_fields_as_encoded_pairs() {
        let body = serde_json::json!({
            "user code": "a&b=c/é",
            "n": 3,
            "ok": true,
            "skip": null,
            "ids": ["x", "y"],
        });
        // Hand-encoded: names in order, space as %20, `&`, `=`, `/` and UTF-8 bytes escaped.
        assert_eq!(
            String::from_utf8(form_body(&body).unwrap()).unwrap(),
            "ids=x&ids=y&n=3&ok=true&user%20code=a%26b%3Dc%2F%C3%A9"
        );
    }

    #[test]
    fn what_has_no_form_encoding_is_an_invalid_request() {
        for body in [
            serde_json::json!("text"),
            serde_json::json!({"nested": {"a": 1}}),
            serde_json::json!({"deep": [[1]]}),
        ] {
            let err = form_body(&body).unwrap_err();
            assert!(
                err.to_string().contains("cannot encode the form body"),
                "{err}"
            );
        }
    }
}
