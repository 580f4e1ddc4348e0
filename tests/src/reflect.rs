//! Reads the generated crate's source with `syn`: structs and their serde wire names, the `ApiRequest` impls
//! (operation id, method, path, response type and the wire name of every value `into_input` sends).

use std::collections::BTreeMap;
use std::path::Path;

use quote::ToTokens;
use syn::visit::Visit;

/// A struct field as the wire sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldInfo {
    /// Rust name.
    pub ident: String,
    /// Name on the wire (serde `rename`, else the ident).
    pub wire: String,
    /// Simplified type (`Option<Vec<BackgroundTask>>`).
    pub ty: String,
    /// All serde attribute text of the field.
    pub serde: String,
}

/// One value `into_input` sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// `path`, `query` or `headers`.
    pub location: String,
    /// Wire name.
    pub wire: String,
    /// The request field it comes from.
    pub field: String,
    /// Sent only when the field is `Some`.
    pub optional: bool,
}

/// One `impl ApiRequest for X`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInfo {
    /// The request struct.
    pub request_type: String,
    /// `OPERATION.id`.
    pub id: String,
    /// `OPERATION.method`.
    pub method: String,
    /// `OPERATION.path`.
    pub path: String,
    /// Simplified `type Response`.
    pub response: String,
    /// What `into_input` sends.
    pub sent: Vec<Sent>,
    /// Whether `into_input` sets a JSON body.
    pub has_body: bool,
}

/// Everything reflected from a generated crate.
#[derive(Debug, Default)]
pub struct Crate {
    /// Structs by name.
    pub structs: BTreeMap<String, Vec<FieldInfo>>,
    /// Requests by operation id.
    pub requests: BTreeMap<String, RequestInfo>,
    /// Methods of `impl crate::Client` blocks in operation modules.
    pub client_methods: Vec<String>,
    /// Enums by name, with their variants.
    pub enums: BTreeMap<String, Vec<String>>,
    /// Type aliases: name → target.
    pub aliases: BTreeMap<String, String>,
    /// Structs that derive `Debug`.
    pub debug_derived: std::collections::BTreeSet<String>,
    /// Hand-written `impl Debug` blocks, by type, as token text.
    pub debug_impls: BTreeMap<String, String>,
}

/// `::std::option::Option<crate::types::X>` → `Option<X>`.
pub fn simplify(ty: &str) -> String {
    let mut s: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
    for prefix in [
        "::std::option::",
        "::std::vec::",
        "::std::string::",
        "::std::collections::",
        "::std::boxed::",
        "crate::types::",
        "::huaweicloud_core::wire::",
        "::serde_json::",
    ] {
        s = s.replace(prefix, "");
    }
    // A type broken over lines keeps a trailing comma inside its generics.
    s.replace(",>", ">")
}

fn serde_rename(attrs: &[syn::Attribute]) -> (Option<String>, String) {
    let mut rename = None;
    let mut text = String::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let tokens = attr.meta.to_token_stream().to_string();
        text.push_str(&tokens);
        if let Some(rest) = tokens.split("rename =").nth(1) {
            rename = rest.split('"').nth(1).map(str::to_owned);
        }
    }
    (rename, text)
}

impl Crate {
    /// The struct or enum a type name stands for, following aliases.
    pub fn resolve<'a>(&'a self, name: &'a str) -> &'a str {
        let mut name = name;
        while let Some(target) = self.aliases.get(name) {
            name = target;
        }
        name
    }
}

/// Reads every `.rs` file under `src`.
pub fn read_crate(src: &Path) -> Crate {
    let mut krate = Crate::default();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("read generated dir")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                let file =
                    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                krate.visit_file(&file);
            }
        }
    }
    krate
}

impl<'ast> Visit<'ast> for Crate {
    fn visit_item_struct(&mut self, s: &'ast syn::ItemStruct) {
        let derives_debug = s
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("derive"))
            .any(|a| {
                a.meta
                    .to_token_stream()
                    .to_string()
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == "Debug")
            });
        if derives_debug {
            self.debug_derived.insert(s.ident.to_string());
        }
        let fields = s
            .fields
            .iter()
            .filter_map(|f| {
                let ident = f.ident.as_ref()?.to_string();
                let (rename, serde) = serde_rename(&f.attrs);
                Some(FieldInfo {
                    wire: rename.unwrap_or_else(|| ident.clone()),
                    ident,
                    ty: simplify(&f.ty.to_token_stream().to_string()),
                    serde,
                })
            })
            .collect();
        self.structs.insert(s.ident.to_string(), fields);
    }

    fn visit_item_type(&mut self, t: &'ast syn::ItemType) {
        self.aliases.insert(
            t.ident.to_string(),
            simplify(&t.ty.to_token_stream().to_string()),
        );
    }

    fn visit_item_enum(&mut self, e: &'ast syn::ItemEnum) {
        self.enums.insert(
            e.ident.to_string(),
            e.variants.iter().map(|v| v.ident.to_string()).collect(),
        );
    }

    fn visit_item_impl(&mut self, imp: &'ast syn::ItemImpl) {
        let self_ty = simplify(&imp.self_ty.to_token_stream().to_string());
        if let Some((path, _)) = &imp.trait_
            && path.segments.last().is_some_and(|s| s.ident == "Debug")
        {
            self.debug_impls
                .insert(self_ty.clone(), imp.to_token_stream().to_string());
        }
        match &imp.trait_ {
            None if self_ty == "crate::Client" => {
                for item in &imp.items {
                    if let syn::ImplItem::Fn(f) = item {
                        self.client_methods.push(f.sig.ident.to_string());
                    }
                }
            }
            Some((path, _))
                if path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "ApiRequest") =>
            {
                let mut info = RequestInfo {
                    request_type: self_ty,
                    id: String::new(),
                    method: String::new(),
                    path: String::new(),
                    response: String::new(),
                    sent: Vec::new(),
                    has_body: false,
                };
                for item in &imp.items {
                    match item {
                        syn::ImplItem::Type(t) if t.ident == "Response" => {
                            info.response = simplify(&t.ty.to_token_stream().to_string())
                        }
                        syn::ImplItem::Const(c) if c.ident == "OPERATION" => {
                            let text = c.expr.to_token_stream().to_string();
                            let field = |name: &str| {
                                text.split(&format!("{name} :"))
                                    .nth(1)
                                    .map(|r| r.trim().to_owned())
                                    .unwrap_or_default()
                            };
                            info.id = field("id").split('"').nth(1).unwrap_or_default().to_owned();
                            info.path = field("path")
                                .split('"')
                                .nth(1)
                                .unwrap_or_default()
                                .to_owned();
                            info.method = field("method")
                                .split(',')
                                .next()
                                .unwrap_or_default()
                                .rsplit("::")
                                .next()
                                .unwrap_or_default()
                                .trim()
                                .to_owned();
                        }
                        syn::ImplItem::Fn(f) if f.sig.ident == "into_input" => {
                            let mut sends = SendVisitor::default();
                            sends.visit_block(&f.block);
                            info.sent = sends.sent;
                            info.has_body =
                                f.block.to_token_stream().to_string().contains("json_body");
                        }
                        _ => {}
                    }
                }
                self.requests.insert(info.id.clone(), info);
            }
            _ => {}
        }
        syn::visit::visit_item_impl(self, imp);
    }
}

/// Finds `input.<list>.push(("wire", …))` and the `self.<field>` it comes from.
#[derive(Default)]
struct SendVisitor {
    sent: Vec<Sent>,
    /// The field of the enclosing `if let Some(value) = self.<field>` / `for item in value`.
    optional_field: Vec<String>,
}

impl<'ast> Visit<'ast> for SendVisitor {
    fn visit_expr_if(&mut self, e: &'ast syn::ExprIf) {
        if let syn::Expr::Let(l) = &*e.cond {
            let scrutinee = l.expr.to_token_stream().to_string().replace(' ', "");
            if let Some(field) = scrutinee.strip_prefix("self.") {
                self.optional_field.push(field.to_owned());
                syn::visit::visit_expr_if(self, e);
                self.optional_field.pop();
                return;
            }
        }
        syn::visit::visit_expr_if(self, e);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let receiver = call.receiver.to_token_stream().to_string().replace(' ', "");
        if call.method == "push"
            && let Some(location) = receiver.strip_prefix("input.")
            && let Some(syn::Expr::Tuple(tuple)) = call.args.first()
            && let Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(wire),
                ..
            })) = tuple.elems.first()
        {
            let value = tuple
                .elems
                .iter()
                .nth(1)
                .map(|v| v.to_token_stream().to_string().replace(' ', ""))
                .unwrap_or_default();
            let (field, optional) = match self.optional_field.last() {
                Some(field) => (field.clone(), true),
                None => (
                    value
                        .trim_start_matches("self.")
                        .split('.')
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                    false,
                ),
            };
            self.sent.push(Sent {
                location: location.to_owned(),
                wire: wire.value(),
                field,
                optional,
            });
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}
