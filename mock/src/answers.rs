//! The success answer of every operation, computed once from the spec when the emulator starts.
//!
//! An operation answers with its first documented 2xx status (200 for a `2XX` range, or for the `default`
//! response that stands for the success when no 2xx is documented):
//! - no body when the status is 204 or documents no content;
//! - `text/plain` when the spec's media type for that status is `text/plain`: the operation's
//!   `x-response-examples-text` for the status, else a string example, else a string built from
//!   the schema (CreateKafkaConsumerGroup answers `success`);
//! - otherwise JSON (`application/json;charset=UTF-8`): the example made to conform to the
//!   response schema ([`crate::conform`]; every change is logged at debug level under the target
//!   `huaweicloud_mock::conform`), or a body synthesized from the schema when there is no example,
//!   or the example as it is when there is no schema.

use std::collections::HashMap;

use bytes::Bytes;
use codegen::spec::{Operation, Spec, keys};
use http::StatusCode;
use serde_json::Value;

use crate::conform::Conformer;

/// The media type of JSON answers (errors included).
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";
/// The media type of `text/plain` answers.
pub(crate) const TEXT_CONTENT_TYPE: &str = "text/plain;charset=UTF-8";

/// The answer of an operation whose request passed every check.
#[derive(Clone, Debug)]
pub(crate) struct Canned {
    /// The status.
    pub(crate) status: StatusCode,
    /// The body and its media type; `None`: no body.
    pub(crate) body: Option<(Bytes, &'static str)>,
    /// The JSON body as a value (store answers are built from it).
    pub(crate) json: Option<Value>,
}

impl Canned {
    fn empty(status: StatusCode) -> Self {
        Canned {
            status,
            body: None,
            json: None,
        }
    }

    /// A JSON answer with this status.
    pub(crate) fn json(status: StatusCode, value: Value) -> Self {
        Canned {
            status,
            body: Some((
                Bytes::from(serde_json::to_vec(&value).unwrap_or_default()),
                JSON_CONTENT_TYPE,
            )),
            json: Some(value),
        }
    }
}

/// `x-response-examples-text` of every operation: operation id → status → text.
pub(crate) type TextExamples = HashMap<String, HashMap<String, String>>;

/// Reads `x-response-examples-text` from the spec's YAML text (the spec model does not keep it).
pub(crate) fn text_examples(yaml: &str) -> TextExamples {
    // Through the generator's loader: the same parser budget as the spec the emulator serves was read with.
    let Ok(root) = codegen::spec::read_tree(yaml).map(|tree| tree.to_json()) else {
        return TextExamples::new();
    };
    let mut out = TextExamples::new();
    for item in root
        .get(keys::PATHS)
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
    {
        for op in item.values() {
            let (Some(id), Some(texts)) = (
                op.get(keys::OPERATION_ID).and_then(Value::as_str),
                op.get(keys::X_RESPONSE_EXAMPLES_TEXT)
                    .and_then(Value::as_object),
            ) else {
                continue;
            };
            let texts = texts
                .iter()
                .filter_map(|(status, text)| Some((status.clone(), text.as_str()?.to_owned())))
                .collect();
            out.insert(id.to_owned(), texts);
        }
    }
    out
}

/// The success answer of every operation, in spec order.
pub(crate) fn prepare(spec: &Spec, conformer: &Conformer, texts: &TextExamples) -> Vec<Canned> {
    spec.operations
        .iter()
        .map(|op| prepare_one(conformer, op, texts))
        .collect()
}

fn prepare_one(conformer: &Conformer, op: &Operation, texts: &TextExamples) -> Canned {
    // The first 2xx status; else a range (`2XX`) or the `default` that stands for the success, which promise
    // no code: 200.
    let successes: Vec<_> = op.success_responses().collect();
    let Some((status_text, response)) = successes
        .iter()
        .find_map(|r| Some((r.status.parse::<u16>().ok()?, *r)))
        .or_else(|| successes.first().map(|r| (200, *r)))
    else {
        return Canned::json(StatusCode::OK, Value::Object(Default::default()));
    };
    let status = StatusCode::from_u16(status_text).unwrap_or(StatusCode::OK);
    if status == StatusCode::NO_CONTENT
        || (response.schema.is_none() && response.example.is_none() && !response.text)
    {
        return Canned::empty(status);
    }
    if response.text {
        let text = texts
            .get(&op.id)
            .and_then(|t| t.get(&response.status))
            .cloned()
            .or_else(|| {
                response
                    .example
                    .as_ref()
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .or_else(|| {
                let schema = response.schema.as_ref()?;
                match conformer.synthesize(schema, "", 0) {
                    Value::String(s) => Some(s),
                    _ => None,
                }
            })
            .unwrap_or_default();
        return Canned {
            status,
            body: Some((Bytes::from(text), TEXT_CONTENT_TYPE)),
            json: None,
        };
    }
    let value = match (&response.schema, &response.example) {
        (Some(schema), Some(example)) => {
            let c = conformer.conform_root(schema, example);
            for change in &c.changes {
                tracing::debug!(
                    target: "huaweicloud_mock::conform",
                    operation = %op.id,
                    status = status_text,
                    "example repaired: {change}"
                );
            }
            c.value
        }
        (Some(schema), None) => {
            let v = conformer.synthesize(schema, "", 0);
            tracing::debug!(
                target: "huaweicloud_mock::conform",
                operation = %op.id,
                status = status_text,
                "no example: answering {v}, synthesized from the schema"
            );
            v
        }
        (None, Some(example)) => example.clone(),
        (None, None) => Value::Object(Default::default()),
    };
    Canned::json(status, value)
}
