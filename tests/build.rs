//! Builds a dispatch table `operationId → response type` by reading the generated crate's source (the
//! `ApiRequest` impls), so the round-trip test can decode each spec example into the right type without a list
//! typed by hand.

use std::path::PathBuf;

fn main() {
    let ops_dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../generated/kafka/src/operations");
    println!("cargo:rerun-if-changed={}", ops_dir.display());
    let mut arms = Vec::new();
    // Operation files sit in one directory per API group: operations/<group>/<operation>.rs.
    let mut entries = Vec::new();
    let mut dirs = vec![ops_dir.clone()];
    while let Some(dir) = dirs.pop() {
        println!("cargo:rerun-if-changed={}", dir.display());
        for path in std::fs::read_dir(&dir)
            .expect("generated operations")
            .flatten()
            .map(|e| e.path())
        {
            if path.is_dir() {
                dirs.push(path);
            } else {
                entries.push(path);
            }
        }
    }
    entries.sort();
    for path in entries {
        let module: Vec<String> = path
            .parent()
            .and_then(|p| p.strip_prefix(&ops_dir).ok())
            .map(|p| p.iter().map(|c| c.to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        let module = module.iter().map(|m| format!("{m}::")).collect::<String>();
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("read");
        let file = syn::parse_file(&text).expect("generated file parses");
        for item in file.items {
            let syn::Item::Impl(imp) = item else { continue };
            let Some((trait_path, _)) = &imp.trait_ else {
                continue;
            };
            if trait_path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .as_deref()
                != Some("ApiRequest")
            {
                continue;
            }
            let self_ty = &imp.self_ty;
            let id = imp.items.iter().find_map(|i| match i {
                syn::ImplItem::Const(c) if c.ident == "OPERATION" => {
                    let tokens = quote::quote!(#c).to_string();
                    tokens
                        .split("id :")
                        .nth(1)
                        .and_then(|rest| rest.split('"').nth(1))
                        .map(str::to_owned)
                }
                _ => None,
            });
            if let Some(id) = id {
                arms.push(format!(
                    "        {id:?} => Some(roundtrip_as::<<huaweicloud_kafka::operations::{module}{} as huaweicloud_core::ApiRequest>::Response>(example)),",
                    quote::quote!(#self_ty)
                ));
            }
        }
    }
    let code = format!(
        "/// Decodes `example` as the response type of `operation_id` and encodes it back; `None` for an unknown id.\n\
         pub fn roundtrip(operation_id: &str, example: &serde_json::Value) -> Option<Result<serde_json::Value, String>> {{\n    match operation_id {{\n{}\n        _ => None,\n    }}\n}}\n\n\
         #[allow(dead_code)]\nfn roundtrip_as<T: serde::de::DeserializeOwned + serde::Serialize>(example: &serde_json::Value) -> Result<serde_json::Value, String> {{\n    \
         let value: T = serde_json::from_value(example.clone()).map_err(|e| e.to_string())?;\n    serde_json::to_value(&value).map_err(|e| e.to_string())\n}}\n",
        arms.join("\n")
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("roundtrip.rs");
    std::fs::write(out, code).expect("write roundtrip.rs");
}
