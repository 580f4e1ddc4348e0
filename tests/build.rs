//! Builds dispatch tables by reading the generated crate's source, so tests reach every operation without a
//! list typed by hand:
//!
//! - `decode.rs`: `operationId → ApiRequest::decode` of the Kafka crate, so the response fuzzing
//!   (tests/fuzz_responses.rs) decodes answers the way the client does;
//! - `calls.rs`: `operationId → how to build and send the request` (from each request struct, its `new`
//!   constructor and its `into_input`), used by `sdk_tests::calls` to call every operation with the generated
//!   client; and `calls_<service>.rs`, the same table for each crate of `WALKED_SERVICES`, included by the
//!   stateful walks of other services (tests/e2e_stateful_services.rs);
//! - `examples.rs`: `service, operationId → response type` for every crate of `generated/`, so the example
//!   decoding test (tests/example_decoding.rs) decodes each spec's examples into the right type.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// One operation found in the generated crate.
struct Found {
    id: String,
    /// `group::` (the module path below `operations`).
    module: String,
    /// The request struct's name.
    request: String,
    /// `new`'s arguments: Rust name and type (as tokens).
    args: Vec<(String, String)>,
    /// Rust field name → wire name, from `into_input`.
    wire: BTreeMap<String, String>,
    /// The type inside `Option<…>` of an optional `body` field.
    optional_body: Option<String>,
    /// The optional parameters: Rust field name, the type inside `Option<…>`, wire name (from
    /// `into_input`'s `if let Some(value) = self.field { … ("wire", value) … }`).
    optional: Vec<(String, String, String)>,
    /// When the response type is an enum of one variant per success status (`…Output`): each status
    /// with the variant's body type (from the variant's "HTTP `201`" doc line).
    statuses: Vec<(String, String)>,
}

/// Collects `if let Some(value) = self.field { … ("wire", …) … }` of an `into_input` body: the
/// optional parameters' wire names.
#[derive(Default)]
struct OptionalWire(BTreeMap<String, String>);

impl<'ast> Visit<'ast> for OptionalWire {
    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        if let syn::Expr::Let(l) = &*i.cond {
            let mut field = SelfField(None);
            field.visit_expr(&l.expr);
            let mut wire = FirstWire(None);
            wire.visit_block(&i.then_branch);
            if let (Some(f), Some(w)) = (field.0, wire.0) {
                self.0.entry(f).or_insert(w);
            }
        }
        syn::visit::visit_expr_if(self, i);
    }
}

/// Finds the first `("wire", …)` tuple.
struct FirstWire(Option<String>);

impl<'ast> Visit<'ast> for FirstWire {
    fn visit_expr_tuple(&mut self, t: &'ast syn::ExprTuple) {
        if let Some(syn::Expr::Lit(lit)) = t.elems.first()
            && t.elems.len() == 2
            && let syn::Lit::Str(wire) = &lit.lit
        {
            self.0.get_or_insert_with(|| wire.value());
        }
        syn::visit::visit_expr_tuple(self, t);
    }
}

/// Collects `("wire", … self.field …)` tuples of an `into_input` body.
#[derive(Default)]
struct WireNames(BTreeMap<String, String>);

impl<'ast> Visit<'ast> for WireNames {
    fn visit_expr_tuple(&mut self, t: &'ast syn::ExprTuple) {
        if let (Some(syn::Expr::Lit(lit)), Some(value)) = (t.elems.first(), t.elems.iter().nth(1))
            && t.elems.len() == 2
            && let syn::Lit::Str(wire) = &lit.lit
        {
            let mut field = SelfField(None);
            field.visit_expr(value);
            if let Some(f) = field.0 {
                self.0.insert(f, wire.value());
            }
        }
        syn::visit::visit_expr_tuple(self, t);
    }
}

/// Finds `self.<field>` in an expression.
struct SelfField(Option<String>);

impl<'ast> Visit<'ast> for SelfField {
    fn visit_expr_field(&mut self, f: &'ast syn::ExprField) {
        if let syn::Expr::Path(p) = &*f.base
            && p.path.is_ident("self")
            && let syn::Member::Named(name) = &f.member
        {
            self.0.get_or_insert_with(|| name.to_string());
        }
        syn::visit::visit_expr_field(self, f);
    }
}

fn tokens(t: &impl quote::ToTokens) -> String {
    quote::quote!(#t).to_string()
}

/// `crate::types::X` → `huaweicloud_kafka::types::X` (`krate` is the crate's Rust name).
fn external(ty: &str, krate: &str) -> String {
    ty.replace("crate ::", &format!("{krate} ::"))
}

fn scan(path: &Path, module: &str) -> Vec<Found> {
    let text = std::fs::read_to_string(path).expect("read");
    let file = syn::parse_file(&text).expect("generated file parses");
    let mut found = Vec::new();
    let mut constructors: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut optional_bodies: BTreeMap<String, String> = BTreeMap::new();
    let mut optional_fields: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut outputs: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => {
                let syn::Fields::Named(fields) = &s.fields else {
                    continue;
                };
                for f in &fields.named {
                    if let Some(name) = &f.ident
                        && let syn::Type::Path(p) = &f.ty
                        && let Some(last) = p.path.segments.last()
                        && last.ident == "Option"
                        && let syn::PathArguments::AngleBracketed(a) = &last.arguments
                        && let Some(syn::GenericArgument::Type(inner)) = a.args.first()
                    {
                        if name == "body" {
                            optional_bodies.insert(s.ident.to_string(), tokens(inner));
                        } else {
                            optional_fields
                                .entry(s.ident.to_string())
                                .or_default()
                                .push((name.to_string(), tokens(inner)));
                        }
                    }
                }
            }
            syn::Item::Enum(e) => {
                let variants = e
                    .variants
                    .iter()
                    .filter_map(|v| {
                        let doc = v.attrs.iter().map(tokens).collect::<String>();
                        let status = doc.split("HTTP `").nth(1)?.split('`').next()?.to_owned();
                        let syn::Fields::Unnamed(f) = &v.fields else {
                            return None;
                        };
                        Some((status, tokens(&f.unnamed.first()?.ty)))
                    })
                    .collect();
                outputs.insert(e.ident.to_string(), variants);
            }
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                for i in &imp.items {
                    if let syn::ImplItem::Fn(f) = i
                        && f.sig.ident == "new"
                    {
                        let args = f
                            .sig
                            .inputs
                            .iter()
                            .filter_map(|a| match a {
                                syn::FnArg::Typed(t) => match &*t.pat {
                                    syn::Pat::Ident(id) => {
                                        Some((id.ident.to_string(), tokens(&*t.ty)))
                                    }
                                    _ => None,
                                },
                                syn::FnArg::Receiver(_) => None,
                            })
                            .collect();
                        constructors.insert(tokens(&*imp.self_ty), args);
                    }
                }
            }
            _ => {}
        }
    }
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
        let mut id = None;
        let mut wire = WireNames::default();
        let mut optional_wire = OptionalWire::default();
        let mut statuses = Vec::new();
        for i in &imp.items {
            match i {
                syn::ImplItem::Type(t) if t.ident == "Response" => {
                    if let Some(variants) = outputs.get(&tokens(&t.ty)) {
                        statuses = variants.clone();
                    }
                }
                syn::ImplItem::Const(c) if c.ident == "OPERATION" => {
                    id = tokens(c)
                        .split("id :")
                        .nth(1)
                        .and_then(|rest| rest.split('"').nth(1))
                        .map(str::to_owned);
                }
                syn::ImplItem::Fn(f) if f.sig.ident == "into_input" => {
                    wire.visit_block(&f.block);
                    optional_wire.visit_block(&f.block);
                }
                _ => {}
            }
        }
        let request = tokens(self_ty);
        if let Some(id) = id {
            found.push(Found {
                id,
                module: module.to_owned(),
                args: constructors.get(&request).cloned().unwrap_or_default(),
                optional_body: optional_bodies.get(&request).cloned(),
                optional: optional_fields
                    .get(&request)
                    .into_iter()
                    .flatten()
                    .filter_map(|(field, ty)| {
                        let wire = optional_wire.0.get(field)?;
                        Some((field.clone(), ty.clone(), wire.clone()))
                    })
                    .collect(),
                request,
                wire: wire.0,
                statuses,
            });
        }
    }
    found
}

/// The expression giving `new`'s argument `name` of type `ty`.
fn argument(op: &Found, name: &str, ty: &str, krate: &str) -> String {
    match op.wire.get(name) {
        Some(wire) if ty.contains("Into < :: std :: string :: String >") => {
            format!("inputs.text({wire:?})?")
        }
        Some(wire) => format!("inputs.json::<{}>({wire:?})?", external(ty, krate)),
        None if name == "body" => format!("inputs.body::<{}>()?", external(ty, krate)),
        None => panic!(
            "{}: argument `{name}` of `new` is neither a parameter sent by `into_input` nor the body",
            op.id
        ),
    }
}

/// The dispatch table of the crate `krate` (its Rust name): `OPERATION_IDS`, `call` and `input`, using the
/// `Inputs`, `Called`, `CallError`, `send` and `into_input` in scope where it is included.
fn calls_code(krate: &str, ops: &[Found]) -> String {
    let mut builders = String::new();
    let mut call_arms = String::new();
    let mut input_arms = String::new();
    let mut ids = String::new();
    for (n, op) in ops.iter().enumerate() {
        let request = format!("{krate}::operations::{}{}", op.module, op.request);
        let args: Vec<String> = op
            .args
            .iter()
            .map(|(name, ty)| argument(op, name, ty, krate))
            .collect();
        let inputs = if args.is_empty() && op.optional_body.is_none() && op.optional.is_empty() {
            "_inputs"
        } else {
            "inputs"
        };
        // Optional members are set only when the inputs hold them (a parameter by its wire name).
        let mut setters = String::new();
        if op.optional_body.is_some() {
            setters.push_str("\n    request.body = inputs.optional_body()?;");
        }
        for (field, ty, wire) in &op.optional {
            setters.push_str(&format!(
                "\n    if let Some(value) = inputs.optional_json::<{}>({wire:?})? {{ request.{field} = Some(value); }}",
                external(ty, krate)
            ));
        }
        let body = if setters.is_empty() {
            format!("Ok({request}::new({}))", args.join(", "))
        } else {
            format!(
                "let mut request = {request}::new({});{setters}\n    Ok(request)",
                args.join(", ")
            )
        };
        builders.push_str(&format!(
            "/// Builds a `{id}` request.\nfn build_{n}({inputs}: &Inputs) -> ::std::result::Result<{request}, CallError> {{\n    {body}\n}}\n\n",
            id = op.id,
        ));
        call_arms.push_str(&format!(
            "        {id:?} => match build_{n}(inputs) {{ Ok(r) => send(client, r).await, Err(e) => Err(e) }},\n",
            id = op.id
        ));
        input_arms.push_str(&format!(
            "        {id:?} => build_{n}(inputs).and_then(into_input),\n",
            id = op.id
        ));
        ids.push_str(&format!("    {:?},\n", op.id));
    }
    format!(
        "/// The `operationId` of every operation of the generated crate, in module order.\n\
         pub const OPERATION_IDS: &[&str] = &[\n{ids}];\n\n\
         {builders}\
         /// Builds the request of `operation_id` from `inputs` and sends it with `client`; `None` for an unknown id.\n\
         pub async fn call(client: &{krate}::Client, operation_id: &str, inputs: &Inputs) -> Option<::std::result::Result<Called, CallError>> {{\n    \
         Some(match operation_id {{\n{call_arms}        _ => return None,\n    }})\n}}\n\n\
         /// Builds the request of `operation_id` from `inputs` and returns what would be sent, to be changed and sent\n\
         /// with `huaweicloud_core::Client::execute`; `None` for an unknown id.\n\
         pub fn input(operation_id: &str, inputs: &Inputs) -> Option<::std::result::Result<(&'static huaweicloud_core::Operation, huaweicloud_core::OperationInput), CallError>> {{\n    \
         Some(match operation_id {{\n{input_arms}        _ => return None,\n    }})\n}}\n"
    )
}

/// The services whose generated crates (dev-dependencies) the stateful walks call
/// (tests/e2e_stateful_services.rs): each gets a dispatch table `calls_<service>.rs`.
const WALKED_SERVICES: &[&str] = &["dcs", "functiongraph", "apig", "kafka"];

/// Every operation of `generated/<service>`, from its source.
fn scan_crate(service: &str) -> Vec<Found> {
    let ops_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../generated")
        .join(service)
        .join("src/operations");
    println!("cargo:rerun-if-changed={}", ops_dir.display());
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
    let mut ops = Vec::new();
    for path in entries {
        let module: Vec<String> = path
            .parent()
            .and_then(|p| p.strip_prefix(&ops_dir).ok())
            .map(|p| p.iter().map(|c| c.to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        let module = module.iter().map(|m| format!("{m}::")).collect::<String>();
        println!("cargo:rerun-if-changed={}", path.display());
        ops.extend(scan(&path, &module));
    }
    ops
}

/// Every generated crate: (service, crate's Rust name), from `generated/*/Cargo.toml`, in name order.
fn generated_crates() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../generated");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut crates: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("generated/")
        .flatten()
        .filter_map(|e| {
            let manifest = std::fs::read_to_string(e.path().join("Cargo.toml")).ok()?;
            let name = manifest
                .lines()
                .find_map(|l| l.strip_prefix("name = "))?
                .trim_matches('"')
                .replace('-', "_");
            Some((e.file_name().to_string_lossy().into_owned(), name))
        })
        .collect();
    crates.sort();
    crates
}

/// `examples.rs`: for every generated crate, `roundtrip_<service>(operationId, status, example)` decoding a JSON
/// value as the operation's response type (of that status, for an enum of one variant per status) and encoding
/// it back, and `roundtrip(service, …)` choosing by service.
/// Included by tests/tests/example_decoding.rs, which needs every generated crate as a dev-dependency: a new
/// crate missing there fails its build by name.
fn examples_code() -> String {
    let mut code = String::new();
    let mut services = Vec::new();
    for (service, krate) in generated_crates() {
        let arms: Vec<String> = scan_crate(&service)
            .iter()
            .flat_map(|op| {
                if op.statuses.is_empty() {
                    return vec![format!(
                        "        ({:?}, _) => Some(roundtrip_as::<<{krate}::operations::{}{} as huaweicloud_core::ApiRequest>::Response>(example)),",
                        op.id, op.module, op.request
                    )];
                }
                // An enum of one variant per status: the example of a status decodes as its variant's type.
                op.statuses
                    .iter()
                    .map(|(status, ty)| {
                        format!(
                            "        ({:?}, {status:?}) => Some(roundtrip_as::<{}>(example)),",
                            op.id,
                            external(ty, &krate)
                        )
                    })
                    .collect()
            })
            .collect();
        code.push_str(&format!(
            "/// `{service}`: decodes `example` as the response type of `operation_id` (and `status`) and encodes it back; `None` for an unknown one.\n\
             fn roundtrip_{service}(operation_id: &str, status: &str, example: &serde_json::Value) -> Option<Result<serde_json::Value, String>> {{\n    match (operation_id, status) {{\n{}\n        _ => None,\n    }}\n}}\n\n",
            arms.join("\n")
        ));
        services.push(service);
    }
    let arms: Vec<String> = services
        .iter()
        .map(|s| format!("        {s:?} => roundtrip_{s}(operation_id, status, example),"))
        .collect();
    let list: Vec<String> = services.iter().map(|s| format!("{s:?}")).collect();
    code.push_str(&format!(
        "/// The services of `generated/`.\nconst GENERATED: &[&str] = &[{}];\n\n\
         /// Decodes `example` as the response type of `service`'s `operation_id` and encodes it back; `None` for an unknown service or id.\n\
         fn roundtrip(service: &str, operation_id: &str, status: &str, example: &serde_json::Value) -> Option<Result<serde_json::Value, String>> {{\n    match service {{\n{}\n        _ => None,\n    }}\n}}\n",
        list.join(", "),
        arms.join("\n")
    ));
    code
}

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("examples.rs"), examples_code()).expect("write examples.rs");
    for service in WALKED_SERVICES {
        let krate = format!("huaweicloud_{service}");
        std::fs::write(
            out.join(format!("calls_{service}.rs")),
            calls_code(&krate, &scan_crate(service)),
        )
        .expect("write calls_<service>.rs");
    }
    let ops = scan_crate("kafka");
    let decode_arms: Vec<String> = ops
        .iter()
        .map(|op| {
            format!(
                "        {:?} => Some(<huaweicloud_kafka::operations::{}{} as huaweicloud_core::ApiRequest>::decode(response).map(drop)),",
                op.id, op.module, op.request
            )
        })
        .collect();
    let decode_code = format!(
        "/// Decodes `response` the way the generated client does for `operation_id` (its `ApiRequest::decode`); `None` for an unknown id.\n\
         pub fn decode_response(operation_id: &str, response: huaweicloud_core::RawResponse) -> Option<huaweicloud_core::Result<()>> {{\n    match operation_id {{\n{}\n        _ => None,\n    }}\n}}\n",
        decode_arms.join("\n")
    );
    std::fs::write(out.join("decode.rs"), decode_code).expect("write decode.rs");
    std::fs::write(out.join("calls.rs"), calls_code("huaweicloud_kafka", &ops))
        .expect("write calls.rs");
}
