//! Helpers shared by the workspace tests: where things are, the spec read independently of `codegen`, a
//! reflection of the generated crate's source, and a dispatch table calling any operation by its id
//! ([`calls`]).

pub mod calls;
pub mod reflect;

use std::path::PathBuf;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared` next to the checkout, or `HUAWEICLOUD_SHARED_DIR`.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("HUAWEICLOUD_SHARED_DIR")
        .map_or_else(|| repo_root().join("../shared"), PathBuf::from)
}

/// The Kafka spec as plain JSON, read with a generic YAML reader (not the generator's).
pub fn kafka_spec() -> serde_json::Value {
    let text =
        std::fs::read_to_string(repo_root().join("spec/kafka.yaml")).expect("spec/kafka.yaml");
    serde_saphyr::from_str(&text).expect("spec/kafka.yaml is YAML")
}

/// Resolves a `$ref` of the spec.
pub fn resolve<'a>(
    spec: &'a serde_json::Value,
    schema: &'a serde_json::Value,
) -> &'a serde_json::Value {
    match schema.get("$ref").and_then(|r| r.as_str()) {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            &spec["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// Every operation of the spec: `(operationId, method, path, operation object)`.
pub fn operations(spec: &serde_json::Value) -> Vec<(String, String, String, &serde_json::Value)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if let Some(id) = op.get("operationId").and_then(|v| v.as_str()) {
                out.push((id.to_owned(), method.to_uppercase(), path.clone(), op));
            }
        }
    }
    out
}

include!(concat!(env!("OUT_DIR"), "/decode.rs"));
