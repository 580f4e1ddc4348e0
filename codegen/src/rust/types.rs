//! Emits the data types: structs, open enums and wrappers, with their serde attributes and typed helpers.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc, doc_markdown, prose_markdown};
use super::escape::rust_string;
use crate::ir::{
    Access, AliasDef, EnumDef, Features, Field, NewtypeDef, Operation, StructDef, Tagging, TypeDef,
    TypeRef, UnionDef, Wire,
};

/// The Rust type for a [`TypeRef`], with fully qualified paths so no generated name can shadow them.
pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Bytes => quote!(::std::vec::Vec<u8>),
        TypeRef::CompactDateTime => quote!(::huaweicloud_core::wire::CompactDateTime),
        TypeRef::Timestamp => quote!(::huaweicloud_core::jiff::Timestamp),
        TypeRef::Date => quote!(::huaweicloud_core::jiff::civil::Date),
        TypeRef::Base64 => quote!(::huaweicloud_core::format::Base64Bytes),
        TypeRef::Binary => quote!(::huaweicloud_core::format::Binary),
        TypeRef::Vec(item) => {
            let item = type_tokens(item);
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        TypeRef::Named(name) => {
            let name = format_ident!("{}", name);
            quote!(crate::types::#name)
        }
        TypeRef::Boxed(inner) => {
            let inner = type_tokens(inner);
            quote!(::std::boxed::Box<#inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner);
            quote!(::std::option::Option<#inner>)
        }
    }
}

/// Which of `Default` and `Eq` each type can derive, decided once for all types: `Default` unless it holds an
/// open enum (which has no natural default) in a required field, `Eq` unless it holds a float or free-form JSON.
/// A type can derive a trait unless something it needs cannot (the greatest fixed point, so recursive types,
/// which are behind a `Box` or a collection, are not held back by themselves). Linear in the number of type
/// references, however deeply the types nest.
struct Derives<'a> {
    index: HashMap<&'a str, usize>,
    default: Vec<bool>,
    eq: Vec<bool>,
}

impl<'a> Derives<'a> {
    fn of(types: &'a [TypeDef]) -> Self {
        let index: HashMap<&str, usize> = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name(), i))
            .collect();
        let default = greatest_fixed_point(types, &index, |t, needs| match t {
            // A field with a documented default has another default than its type's.
            TypeDef::Struct(s) => s
                .fields
                .iter()
                .filter(|f| !f.is_option())
                .all(|f| f.default_literal().is_none() && default_needs(&f.ty, needs)),
            TypeDef::Newtype(n) => default_needs(&n.inner, needs),
            TypeDef::Alias(a) => {
                needs.push(a.target.clone());
                true
            }
            TypeDef::Enum(_) | TypeDef::Union(_) => false,
        });
        let eq = greatest_fixed_point(types, &index, |t, needs| match t {
            TypeDef::Struct(s) => s.field_types().all(|t| eq_needs(t, needs)),
            TypeDef::Newtype(n) => eq_needs(&n.inner, needs),
            TypeDef::Alias(a) => {
                needs.push(a.target.clone());
                true
            }
            TypeDef::Enum(_) => true,
            TypeDef::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| v.ty.as_ref())
                .all(|t| eq_needs(t, needs)),
        });
        Derives { index, default, eq }
    }

    fn default(&self, name: &str) -> bool {
        self.index.get(name).is_some_and(|i| self.default[*i])
    }

    fn eq(&self, name: &str) -> bool {
        self.index.get(name).is_some_and(|i| self.eq[*i])
    }
}

/// Which of `Default` and `Eq` each type derives, by name (`(default, eq)`): what a new version of a spec can
/// take away from code compiled against the old crate (`crate::diff` compares them).
pub(crate) fn derived_traits(
    types: &[TypeDef],
) -> std::collections::BTreeMap<String, (bool, bool)> {
    let derives = Derives::of(types);
    types
        .iter()
        .filter(|t| !matches!(t, TypeDef::Alias(_)))
        .map(|t| {
            (
                t.name().to_owned(),
                (derives.default(t.name()), derives.eq(t.name())),
            )
        })
        .collect()
}

/// Whether a value of `ty` can have `Default` by itself, pushing the named types it also needs.
fn default_needs(ty: &TypeRef, needs: &mut Vec<String>) -> bool {
    match ty {
        TypeRef::Named(name) => {
            needs.push(name.clone());
            true
        }
        TypeRef::Boxed(inner) => default_needs(inner, needs),
        TypeRef::Nullable(_) => true,
        _ => true,
    }
}

/// Whether a value of `ty` can have `Eq` by itself, pushing the named types it also needs.
fn eq_needs(ty: &TypeRef, needs: &mut Vec<String>) -> bool {
    match ty {
        TypeRef::F32 | TypeRef::F64 | TypeRef::Json => false,
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) | TypeRef::Nullable(t) => {
            eq_needs(t, needs)
        }
        TypeRef::Named(name) => {
            needs.push(name.clone());
            true
        }
        _ => true,
    }
}

/// For each type, whether it has a property that holds unless `own` says it cannot by itself or one of the
/// types it needs lacks it: starts from "all have it" and withdraws it along reversed edges.
fn greatest_fixed_point(
    types: &[TypeDef],
    index: &HashMap<&str, usize>,
    own: impl Fn(&TypeDef, &mut Vec<String>) -> bool,
) -> Vec<bool> {
    let mut has = vec![true; types.len()];
    let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    let mut lacking = Vec::new();
    for (i, t) in types.iter().enumerate() {
        let mut needs = Vec::new();
        let mut ok = own(t, &mut needs);
        for name in &needs {
            match index.get(name.as_str()) {
                Some(&j) => needed_by[j].push(i),
                None => ok = false,
            }
        }
        if !ok {
            has[i] = false;
            lacking.push(i);
        }
    }
    while let Some(j) = lacking.pop() {
        for &i in &needed_by[j] {
            if has[i] {
                has[i] = false;
                lacking.push(i);
            }
        }
    }
    has
}

/// Every generated type, in IR order. With `features`, each type (and its impls) is compiled only when a
/// feature of an operation group that uses it is on. The structs a caller sends get a constructor and setters
/// (see [`sent_by_caller`]).
pub fn types_module(
    types: &[TypeDef],
    operations: &[Operation],
    features: Option<&[Features]>,
) -> TokenStream {
    let emitter = TypeItems::new(types, operations, features);
    let items = (0..types.len()).flat_map(|i| emitter.items(i));
    quote! { #(#items)* }
}

/// The items of [`types_module`], made a type at a time as they are asked for: a caller that formats each type
/// before asking for the next holds one type's tokens at a time, not the whole module's, and callers on
/// several threads can share one (what is decided for all types together is decided once, here).
pub struct TypeItems<'a> {
    types: &'a [TypeDef],
    features: Option<&'a [Features]>,
    derives: Derives<'a>,
    sent: Vec<bool>,
}

impl<'a> TypeItems<'a> {
    /// Decides what is decided for all `types` together (derived traits, which structs callers send).
    pub fn new(
        types: &'a [TypeDef],
        operations: &[Operation],
        features: Option<&'a [Features]>,
    ) -> Self {
        TypeItems {
            types,
            features,
            derives: Derives::of(types),
            sent: sent_by_caller(types, operations),
        }
    }

    /// The items of type `i` (its definition and impls).
    pub fn items(&self, i: usize) -> Vec<TokenStream> {
        let items = match &self.types[i] {
            TypeDef::Struct(s) => struct_def(s, &self.derives, self.sent[i]),
            TypeDef::Enum(e) => enum_def(e),
            TypeDef::Newtype(n) => vec![newtype_def(n, &self.derives)],
            TypeDef::Alias(a) => vec![alias_def(a)],
            TypeDef::Union(u) => union_def(u, &self.derives),
        };
        // The same `#[cfg]` on each item of the type (built here, not by re-parsing the items).
        match self.features.and_then(|f| cfg_attr(&f[i])) {
            Some(cfg) => items.into_iter().map(|item| quote!(#cfg #item)).collect(),
            None => items,
        }
    }
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`; `None` for no feature.
pub fn cfg_attr(features: &Features) -> Option<TokenStream> {
    let names: Vec<&String> = features.iter().collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
    }
}

/// For each type (same order as `types`), whether a caller builds values of it: it is reachable from an
/// operation's parameters or request body. Those structs get `new(required…)` and `with_<field>` setters; the
/// others (responses only) are only ever decoded, so they get neither: adding any field to them cannot break
/// a caller, and no lines are spent on builders nobody calls.
pub fn sent_by_caller(types: &[TypeDef], operations: &[Operation]) -> Vec<bool> {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name(), i))
        .collect();
    fn named(ty: &TypeRef, out: &mut Vec<String>) {
        match ty {
            TypeRef::Named(n) => out.push(n.clone()),
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) | TypeRef::Nullable(t) => {
                named(t, out)
            }
            _ => {}
        }
    }
    let mut stack = Vec::new();
    for op in operations {
        op.params.iter().for_each(|p| named(&p.ty, &mut stack));
        if let Some(body) = &op.body {
            named(&body.ty, &mut stack);
        }
    }
    // Each type is expanded once, so this is linear in the number of type references.
    let mut sent = vec![false; types.len()];
    while let Some(name) = stack.pop() {
        let Some(&i) = index.get(name.as_str()) else {
            continue;
        };
        if std::mem::replace(&mut sent[i], true) {
            continue;
        }
        match &types[i] {
            TypeDef::Struct(s) => s.field_types().for_each(|t| named(t, &mut stack)),
            TypeDef::Newtype(n) => named(&n.inner, &mut stack),
            TypeDef::Alias(a) => stack.push(a.target.clone()),
            TypeDef::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| v.ty.as_ref())
                .for_each(|t| named(t, &mut stack)),
            TypeDef::Enum(_) => {}
        }
    }
    sent
}

/// The argument type of a setter or constructor for a value of `ty`, and how to store the argument: text,
/// timestamps and base64 bytes take anything that converts into them (`"abc"`, a `jiff::Timestamp`, a
/// `Vec<u8>`).
pub fn argument(ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(.into()),
        ),
        TypeRef::CompactDateTime => (
            quote!(impl ::std::convert::Into<::huaweicloud_core::wire::CompactDateTime>),
            quote!(.into()),
        ),
        TypeRef::Base64 => (
            quote!(impl ::std::convert::Into<::huaweicloud_core::format::Base64Bytes>),
            quote!(.into()),
        ),
        TypeRef::Binary => (
            quote!(impl ::std::convert::Into<::huaweicloud_core::format::Binary>),
            quote!(.into()),
        ),
        other => (type_tokens(other), quote!()),
    }
}

/// `#[allow(clippy::too_many_arguments)]` for a constructor with more arguments than clippy's default limit
/// (7): the spec decides how many required members there are.
pub fn allow_many_arguments(count: usize) -> Option<TokenStream> {
    (count > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]))
}

/// Whether the caller gives a field to `new`: it is required, and sent (a read-only field never is).
fn constructor_argument(f: &Field) -> bool {
    f.required && f.access != Access::ReadOnly
}

/// The expression of a field's documented default ([`Field::default_literal`]), of the field's type.
fn default_value(f: &Field) -> Option<TokenStream> {
    let value = f.default_literal()?;
    Some(match (&f.ty, value) {
        (TypeRef::String, serde_json::Value::String(text)) => {
            quote!(::std::string::String::from(#text))
        }
        (TypeRef::Bool, serde_json::Value::Bool(b)) => quote!(#b),
        (TypeRef::F32 | TypeRef::F64, serde_json::Value::Number(n)) => {
            let n = proc_macro2::Literal::f64_unsuffixed(n.as_f64()?);
            quote!(#n)
        }
        (_, serde_json::Value::Number(n)) => {
            let n = proc_macro2::Literal::i128_unsuffixed(n.as_i128()?);
            quote!(#n)
        }
        _ => return None,
    })
}

/// `#[deprecated]` when `deprecated`.
pub fn deprecated_attr(deprecated: bool) -> Option<TokenStream> {
    deprecated.then(|| quote!(#[deprecated]))
}

/// `new(required…)` and one `with_<field>` setter per optional field, for a struct a caller builds. They
/// are `#[inline]`: compiled only in the crates that call them, so the generated crate pays for type checks,
/// not code. Read-only fields are neither arguments nor set (a request never has them); fields with a
/// documented default start at it.
fn constructor_and_setters(s: &StructDef) -> TokenStream {
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| constructor_argument(f))
        .collect();
    let args = required.iter().map(|f| {
        let field = format_ident!("{}", f.rust_name);
        let (arg, _) = argument(&f.ty);
        quote!(#field: #arg)
    });
    let inits = s
        .fields
        .iter()
        .map(|f| {
            let field = format_ident!("{}", f.rust_name);
            if constructor_argument(f) {
                let (_, conv) = argument(&f.ty);
                let value = quote!(#field #conv);
                if f.is_option() {
                    quote!(#field: ::std::option::Option::Some(#value),)
                } else if conv.is_empty() {
                    quote!(#field,)
                } else {
                    quote!(#field: #value,)
                }
            } else if let Some(default) = default_value(f) {
                quote!(#field: #default,)
            } else {
                quote!(#field: ::std::option::Option::None,)
            }
        })
        .chain(s.additional.as_ref().map(|a| {
            let field = format_ident!("{}", a.rust_name);
            quote!(#field: ::std::collections::BTreeMap::new(),)
        }));
    let allow = allow_many_arguments(required.len());
    let setters = s
        .fields
        .iter()
        .filter(|f| !constructor_argument(f) && f.access != Access::ReadOnly)
        .map(|f| {
            let field = format_ident!("{}", f.rust_name);
            let method = format_ident!("{}", f.setter);
            let (arg, conv) = argument(&f.ty);
            let text = format!(" Sets {}.", code(&f.wire_name));
            let deprecated = deprecated_attr(f.deprecated);
            let value = if f.is_option() {
                quote!(::std::option::Option::Some(value #conv))
            } else {
                quote!(value #conv)
            };
            quote! {
                #[doc = #text]
                #deprecated
                #[inline]
                pub fn #method(mut self, value: #arg) -> Self {
                    self.#field = #value;
                    self
                }
            }
        });
    quote! {
        /// A value with the required fields; the optional ones start unset (`with_…` sets them).
        #allow
        #[inline]
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits)* }
        }
        #(#setters)*
    }
}

/// The struct and its impls, one item each. Every struct is `#[non_exhaustive]`, so a field the spec adds
/// later is not a breaking change: other crates build one with `new` (when the caller sends it) or by
/// decoding, never with a struct literal.
fn struct_def(s: &StructDef, derives: &Derives<'_>, sent: bool) -> Vec<TokenStream> {
    let name = format_ident!("{}", s.name);
    let docs = match &s.docs {
        Some(text) => doc(text),
        None => doc_markdown(&format!("The {} object.", code(&s.spec_name))),
    };
    let default = derives.default(&s.name).then(|| quote!(Default,));
    let eq = derives.eq(&s.name).then(|| quote!(Eq,));
    let deprecated = deprecated_attr(s.deprecated);
    let fields = s
        .fields
        .iter()
        .map(field_def)
        .chain(s.additional.as_ref().map(|a| {
            let name = format_ident!("{}", a.rust_name);
            let ty = type_tokens(&a.ty);
            quote! {
                /// Members beside the documented ones (`additionalProperties`), by name.
                #[serde(flatten)]
                pub #name: ::std::collections::BTreeMap<::std::string::String, #ty>,
            }
        }));
    let mut helpers: Vec<TokenStream> = s.fields.iter().filter_map(field_helper).collect();
    if sent {
        helpers.insert(0, constructor_and_setters(s));
    }
    // A documented default keeps `Default` from being derived (it would give the type's default instead); a
    // constructor without arguments is then the default.
    let default_from_new =
        (sent && default.is_none() && !s.fields.iter().any(constructor_argument)).then(|| {
            quote! {
                impl ::std::default::Default for #name {
                    #[inline]
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        });
    // Structs holding a secret print it redacted; the others derive `Debug`.
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let debug_impl = sensitive.then(|| redacted_debug(s));
    let helpers = (!helpers.is_empty()).then(|| quote! { impl #name { #(#helpers)* } });
    let def = quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #eq #default ::serde::Serialize)]
        #[non_exhaustive]
        #deprecated
        pub struct #name {
            #(#fields)*
        }
    };
    [
        Some(def),
        Some(deserialize_impl(s)),
        debug_impl,
        helpers,
        default_from_new,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The path of the runtime macro that writes a struct's `Deserialize`.
const DESERIALIZE_STRUCT: &str = "::huaweicloud_core::deserialize_struct!";

/// `Deserialize` through `huaweicloud_core::deserialize_struct!` (one `visit_map` over
/// `huaweicloud_core::operation::de`) instead of `#[derive(Deserialize)]`, whose field enum, field
/// visitors and `visit_seq` per struct were most of the generated crate's compile time. It says what
/// the `#[serde]` attributes of [`field_def`] say for decoding (`rename`, and `deserialize_with` for
/// the lenient wire spellings); they stay for the derived `Serialize` and for readers.
///
/// The invocation is emitted with the struct's name alone, and [`expand_deserialize`] writes its
/// fields in after formatting: prettyplease lays out a macro's tokens as flowing text, and does it
/// slowly, while one field per line written here is both readable and cheap.
fn deserialize_impl(s: &StructDef) -> TokenStream {
    let name = format_ident!("{}", s.name);
    quote! {
        ::huaweicloud_core::deserialize_struct! { #name }
    }
}

/// The body of `deserialize_struct!` for `s`, one line per field: `field: how("wire"),`.
fn deserialize_body(s: &StructDef) -> Vec<String> {
    let mut lines = vec![format!("{} {{", s.name)];
    for f in &s.fields {
        let default = default_value(f).map(|value| {
            let file: syn::File = syn::parse_quote!(const D: () = #value;);
            let text = prettyplease::unparse(&file);
            let value = text.trim().trim_start_matches("const D: () = ");
            format!(" = {}", value.trim_end_matches(';'))
        });
        let how = match (&default, f.is_option(), lenient_wrapper(f)) {
            (Some(_), _, _) => "defaulted".to_owned(),
            (None, true, None) => "optional".to_owned(),
            (None, false, None) => "required".to_owned(),
            (None, true, Some(wrapper)) => format!("optional_with::<{wrapper}>"),
            (None, false, Some(wrapper)) => format!("required_with::<{wrapper}>"),
        };
        lines.push(format!(
            "    {}: {how}({}){},",
            f.rust_name,
            rust_string(&f.wire_name),
            default.unwrap_or_default()
        ));
    }
    if let Some(a) = &s.additional {
        lines.push(format!("    ..{},", a.rust_name));
    }
    lines.push("}".to_owned());
    lines
}

/// Writes the fields into every `deserialize_struct!` invocation of `text` (formatted output of
/// [`types_module`]), at the indentation of the struct name that stands in for them.
pub fn expand_deserialize(text: &str, types: &[TypeDef]) -> String {
    expand_deserialize_in(text, &structs_by_name(types))
}

/// The structs of `types` by their Rust name: what a `deserialize_struct!` invocation names.
pub type StructsByName<'a> = std::collections::HashMap<&'a str, &'a StructDef>;

/// The index [`expand_deserialize_in`] reads, built once for the pieces of a types module.
pub fn structs_by_name(types: &[TypeDef]) -> StructsByName<'_> {
    types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Struct(s) => Some((s.name.as_str(), s)),
            _ => None,
        })
        .collect()
}

/// [`expand_deserialize`] over an index of the structs. Each invocation is expanded from its own two lines, so a
/// piece of the module made of whole items expands to the same text as it does inside the whole module.
pub fn expand_deserialize_in(text: &str, structs: &StructsByName<'_>) -> String {
    let mut out = String::with_capacity(text.len() * 5 / 4);
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if !line.trim_start().starts_with(DESERIALIZE_STRUCT) {
            continue;
        }
        let Some(name_line) = lines.next() else { break };
        let indent = &name_line[..name_line.len() - name_line.trim_start().len()];
        match structs.get(name_line.trim()) {
            Some(s) => {
                for body in deserialize_body(s) {
                    out.push_str(indent);
                    out.push_str(&body);
                    out.push('\n');
                }
            }
            None => {
                out.push_str(name_line);
                out.push('\n');
            }
        }
    }
    out
}

/// The `huaweicloud_core::operation::de` wrapper that reads a lenient field, as `field_def`'s
/// `deserialize_with` says.
fn lenient_wrapper(f: &Field) -> Option<String> {
    let de = "::huaweicloud_core::operation::de";
    match (f.wire, !f.is_option()) {
        (Wire::NumericString, false) => Some(format!("{de}::StringOrNumber")),
        (Wire::NumericString, true) => Some(format!("{de}::StringOrNumberRequired")),
        (Wire::StringTolerant, false) => {
            Some(format!("{de}::StringTolerant<{}>", type_text(&f.ty)))
        }
        (Wire::StringTolerant, true) => Some(format!(
            "{de}::StringTolerantRequired<{}>",
            type_text(&f.ty)
        )),
        (Wire::OneOrMany, required) => {
            // The field is a list (`Vec<T>`); the wrapper is told the item type.
            let item = match &f.ty {
                TypeRef::Vec(item) => type_text(item),
                other => type_text(other),
            };
            let name = if required {
                "OneOrManyRequired"
            } else {
                "OneOrMany"
            };
            Some(format!("{de}::{name}<{item}>"))
        }
        (Wire::EmptyAsAbsent, _) => {
            // Optional, or a required member that may lack a value (`Option` either way).
            let inner = match &f.ty {
                TypeRef::Nullable(inner) => type_text(inner),
                other => type_text(other),
            };
            Some(format!("{de}::EmptyAsAbsent<{inner}>"))
        }
        (Wire::JsonText, false) => Some(format!("{de}::JsonText")),
        (Wire::JsonText, true) => Some(format!("{de}::JsonTextRequired")),
        (Wire::StringOrScalar, false) => Some(format!("{de}::StringOrScalar")),
        (Wire::StringOrScalar, true) => Some(format!("{de}::StringOrScalarRequired")),
        (Wire::BoolOrBit, false) => Some(format!("{de}::BoolOrBit")),
        (Wire::BoolOrBit, true) => Some(format!("{de}::BoolOrBitRequired")),
        (Wire::Plain | Wire::JsonString, _) => None,
    }
}

/// [`type_tokens`] as text, the way prettyplease prints it.
fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "::std::string::String".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::U32 => "u32".to_owned(),
        TypeRef::U64 => "u64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Json => "::serde_json::Value".to_owned(),
        TypeRef::Bytes => "::std::vec::Vec<u8>".to_owned(),
        TypeRef::CompactDateTime => "::huaweicloud_core::wire::CompactDateTime".to_owned(),
        TypeRef::Timestamp => "::huaweicloud_core::jiff::Timestamp".to_owned(),
        TypeRef::Date => "::huaweicloud_core::jiff::civil::Date".to_owned(),
        TypeRef::Base64 => "::huaweicloud_core::format::Base64Bytes".to_owned(),
        TypeRef::Binary => "::huaweicloud_core::format::Binary".to_owned(),
        TypeRef::Vec(item) => format!("::std::vec::Vec<{}>", type_text(item)),
        TypeRef::Map(value) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            type_text(value)
        ),
        TypeRef::Named(name) => format!("crate::types::{name}"),
        TypeRef::Boxed(inner) => format!("::std::boxed::Box<{}>", type_text(inner)),
        TypeRef::Nullable(inner) => format!("::std::option::Option<{}>", type_text(inner)),
    }
}

/// `Debug` that shows secrets as `"*** redacted ***"`.
fn redacted_debug(s: &StructDef) -> TokenStream {
    let name = format_ident!("{}", s.name);
    let label = &s.name;
    let fields = s.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust_name);
        let label = &f.rust_name;
        match (f.sensitive, !f.is_option()) {
            (false, _) => quote!(.field(#label, &self.#ident)),
            (true, true) => quote!(.field(#label, &"*** redacted ***")),
            (true, false) => {
                quote!(.field(#label, &self.#ident.as_ref().map(|_| "*** redacted ***")))
            }
        }
    });
    let additional = s.additional.as_ref().map(|a| {
        let ident = format_ident!("{}", a.rust_name);
        let label = &a.rust_name;
        quote!(.field(#label, &self.#ident))
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* #additional .finish()
            }
        }
    }
}

/// A field's doc text: its description (else its wire name, as every public item is documented), then
/// what the spec says beside the type: the default, and the direction it travels in.
fn field_docs(f: &Field) -> TokenStream {
    let notes: Vec<String> = [
        f.default.as_ref().map(|value| {
            let value = code(&value.to_string());
            if f.default_literal().is_some() {
                format!("Default: {value} (the value when the member is absent).")
            } else {
                format!("Default: {value}.")
            }
        }),
        match f.access {
            Access::ReadWrite => None,
            Access::ReadOnly => {
                Some("Read-only: only responses have it; it is never sent.".to_owned())
            }
            Access::WriteOnly => {
                Some("Write-only: only requests have it; responses leave it unset.".to_owned())
            }
        },
    ]
    .into_iter()
    .flatten()
    .collect();
    match (&f.docs, notes.is_empty()) {
        (Some(text), true) => doc(text),
        (None, true) => doc_markdown(&format!("`{}`", f.wire_name)),
        (docs, _) => {
            let mut text = docs
                .as_deref()
                .map_or_else(|| code(&f.wire_name), prose_markdown);
            for note in notes {
                text.push_str("\n\n");
                text.push_str(&note);
            }
            doc_markdown(&text)
        }
    }
}

fn field_def(f: &Field) -> TokenStream {
    let name = format_ident!("{}", f.rust_name);
    let docs = field_docs(f);
    let deprecated = deprecated_attr(f.deprecated);
    let ty = type_tokens(&f.ty);
    let mut serde = Vec::new();
    if f.rust_name != f.wire_name {
        let wire = &f.wire_name;
        serde.push(quote!(rename = #wire));
    }
    // A read-only field is never sent, even when a response filled it.
    if f.access == Access::ReadOnly {
        serde.push(quote!(skip_serializing));
    }
    // Decoding that also accepts the other spelling, where the doc says the service is loose.
    let lenient = match f.wire {
        Wire::NumericString => Some("string_or_number"),
        Wire::StringTolerant => Some("string_tolerant"),
        Wire::OneOrMany => Some("one_or_many"),
        Wire::EmptyAsAbsent => Some("empty_as_absent"),
        Wire::JsonText => Some("json_text"),
        Wire::StringOrScalar => Some("string_or_scalar"),
        Wire::BoolOrBit => Some("bool_or_bit"),
        Wire::Plain | Wire::JsonString => None,
    };
    let ty = if !f.is_option() {
        if let Some(module) = lenient {
            let path = format!("::huaweicloud_core::wire::{module}::deserialize_required");
            serde.push(quote!(deserialize_with = #path));
        }
        ty
    } else {
        if let Some(module) = lenient {
            let path = format!("::huaweicloud_core::wire::{module}::deserialize");
            serde.push(quote!(default, deserialize_with = #path));
        }
        if f.access != Access::ReadOnly {
            serde.push(quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        }
        quote!(::std::option::Option<#ty>)
    };
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// Typed accessors where the doc says more than the wire type.
fn field_helper(f: &Field) -> Option<TokenStream> {
    let field = format_ident!("{}", f.rust_name);
    let value = if !f.is_option() {
        quote!(::std::option::Option::Some(self.#field.as_str()))
    } else {
        quote!(self.#field.as_deref())
    };
    let method = format_ident!("{}", f.helper.as_deref()?);
    match f.wire {
        Wire::Plain
        | Wire::StringTolerant
        | Wire::StringOrScalar
        | Wire::BoolOrBit
        | Wire::OneOrMany
        | Wire::EmptyAsAbsent
        | Wire::JsonText => None,
        Wire::NumericString => {
            let text = format!(
                " {} as a number: the service sends it as a string. `Ok(None)` when it is absent; an error when it \
                 is not an integer.",
                code(&f.wire_name)
            );
            Some(quote! {
                #[doc = #text]
                pub fn #method(&self) -> ::huaweicloud_core::Result<::std::option::Option<i64>> {
                    ::huaweicloud_core::wire::parse_numeric_string(#value)
                }
            })
        }
        Wire::JsonString => {
            let text = format!(
                " {} parsed as JSON (the service sends a JSON document inside a string), into any type that \
                 implements `Deserialize`, e.g. `serde_json::Value`. `Ok(None)` when it is absent or empty.",
                code(&f.wire_name)
            );
            Some(quote! {
                #[doc = #text]
                pub fn #method<T: ::serde::de::DeserializeOwned>(&self) -> ::huaweicloud_core::Result<::std::option::Option<T>> {
                    ::huaweicloud_core::wire::parse_json_string(#value)
                }
            })
        }
    }
}

/// The enum and its impls, one item each.
fn enum_def(e: &EnumDef) -> Vec<TokenStream> {
    let name = format_ident!("{}", e.name);
    let docs = match &e.docs {
        Some(text) => doc(text),
        None => doc_markdown(&format!("Values of `{}`.", e.name)),
    };
    let variants = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust_name);
        let docs = doc_markdown(&code(&v.wire_name));
        quote!(#docs #ident,)
    });
    let to_str = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust_name);
        let wire = &v.wire_name;
        quote!(#name::#ident => #wire,)
    });
    let from_str = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust_name);
        let wire = &v.wire_name;
        quote!(#wire => #name::#ident,)
    });
    let deprecated = deprecated_attr(e.deprecated);
    let def = quote! {
        #docs
        ///
        /// Open: a value this SDK does not know yet decodes as `Unknown` and encodes back unchanged. Matches
        /// need a `_` arm: a value the spec adds later becomes a new variant.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        #deprecated
        pub enum #name {
            #(#variants)*
            /// A value not known when this SDK was generated, kept verbatim.
            Unknown(::std::string::String),
        }
    };
    let as_str = quote! {
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::Unknown(value) => value,
                }
            }
        }
    };
    let from = quote! {
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name::Unknown(other.to_owned()),
                }
            }
        }
    };
    let display = quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    let serialize = quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
    let deserialize = quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(#name::from(value.as_str()))
            }
        }
    };
    vec![def, as_str, from, display, serialize, deserialize]
}

/// The enum of a choice between shapes: tagged by a property (`#[serde(tag = …)]`, each variant renamed to its
/// tag value), untagged (decoding takes the first variant that fits) or by a discriminator (decoded by hand);
/// one item each.
fn union_def(u: &UnionDef, derives: &Derives<'_>) -> Vec<TokenStream> {
    let name = format_ident!("{}", u.name);
    let docs = match &u.docs {
        Some(text) => doc(text),
        None => doc_markdown(&format!("One of several shapes: `{}`.", u.name)),
    };
    let eq = derives.eq(&u.name).then(|| quote!(Eq,));
    let tagging = match &u.tagging {
        // Encoding writes the variant's type, which holds the discriminator itself.
        Tagging::Untagged | Tagging::Discriminator(_) => quote!(#[serde(untagged)]),
        Tagging::Property(property) => quote!(#[serde(tag = #property)]),
    };
    let derive_deserialize =
        (!matches!(u.tagging, Tagging::Discriminator(_))).then(|| quote!(::serde::Deserialize,));
    let variants = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust_name);
        let docs = match (&v.docs, &v.tag) {
            (Some(text), _) => doc(text),
            (None, Some(tag)) => doc_markdown(&format!("Tagged {}.", code(tag))),
            (None, None) => doc_markdown(&format!("The {} shape.", code(&v.rust_name))),
        };
        let rename = v.tag.as_ref().map(|tag| quote!(#[serde(rename = #tag)]));
        let payload = v.ty.as_ref().map(|ty| {
            let ty = type_tokens(ty);
            quote!((#ty))
        });
        quote!(#docs #rename #ident #payload,)
    });
    let deserialize = match &u.tagging {
        Tagging::Discriminator(property) => Some(discriminated_deserialize(u, property)),
        _ => None,
    };
    let deprecated = deprecated_attr(u.deprecated);
    // The shapes' sizes are the spec's (a request body per way of calling, one much larger than another); a
    // value is built or decoded and used at once, so boxing the large ones would only cost an allocation and
    // a `Box` in every pattern.
    let def = quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #eq ::serde::Serialize, #derive_deserialize)]
        #tagging
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        #deprecated
        pub enum #name {
            #(#variants)*
        }
    };
    std::iter::once(def).chain(deserialize).collect()
}

/// Decoding of a union with a `discriminator`: the object is read once, its property chooses the variant,
/// and the whole object (the property included, as the variant's type has it) decodes as that variant.
fn discriminated_deserialize(u: &UnionDef, property: &str) -> TokenStream {
    let name = format_ident!("{}", u.name);
    let arms = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust_name);
        let values = &v.discriminator_values;
        quote! {
            ::std::option::Option::Some(#(#values)|*) => ::serde_json::from_value(value)
                .map(#name::#ident)
                .map_err(::serde::de::Error::custom),
        }
    });
    // A format string: the property's own braces are escaped.
    let unknown = format!(
        "`{}` is {{:?}}, which names no variant of {}",
        property.replace('{', "{{").replace('}', "}}"),
        u.name
    );
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    other => ::std::result::Result::Err(::serde::de::Error::custom(::std::format!(#unknown, other))),
                }
            }
        }
    }
}

fn alias_def(a: &AliasDef) -> TokenStream {
    let name = format_ident!("{}", a.name);
    let target = format_ident!("{}", a.target);
    let mut text = a
        .docs
        .clone()
        .map(|d| prose_markdown(&d))
        .unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "The same shape as [`{}`], which this names.",
        a.target
    ));
    let docs = doc_markdown(&text);
    quote! {
        #docs
        pub type #name = crate::types::#target;
    }
}

fn newtype_def(n: &NewtypeDef, derives: &Derives<'_>) -> TokenStream {
    let name = format_ident!("{}", n.name);
    // Every public item is documented (the crate warns on missing docs).
    let docs = match &n.docs {
        Some(text) => doc(text),
        None => doc_markdown(&format!("A `{}` value.", n.name)),
    };
    let inner = type_tokens(&n.inner);
    let default = derives.default(&n.name).then(|| quote!(Default,));
    let eq = derives.eq(&n.name).then(|| quote!(Eq,));
    let deprecated = deprecated_attr(n.deprecated);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #eq #default ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        #deprecated
        pub struct #name(pub #inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_text_is_type_tokens_as_prettyplease_prints_them() {
        let named = || TypeRef::Named("Task".to_owned());
        let types = [
            TypeRef::String,
            TypeRef::I32,
            TypeRef::I64,
            TypeRef::F32,
            TypeRef::F64,
            TypeRef::Bool,
            TypeRef::Json,
            TypeRef::CompactDateTime,
            TypeRef::Timestamp,
            TypeRef::Date,
            TypeRef::Base64,
            TypeRef::Binary,
            TypeRef::Vec(Box::new(named())),
            TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::I64)))),
            TypeRef::Boxed(Box::new(named())),
        ];
        for ty in types {
            let tokens = type_tokens(&ty);
            let file: syn::File = syn::parse_quote!(type T = #tokens;);
            let printed = prettyplease::unparse(&file);
            assert_eq!(printed.trim(), format!("type T = {};", type_text(&ty)));
        }
    }

    fn field(rust: &str, wire: &str, ty: TypeRef, required: bool, kind: Wire) -> Field {
        Field {
            wire_name: wire.to_owned(),
            rust_name: rust.to_owned(),
            setter: format!("with_{rust}"),
            helper: match kind {
                Wire::NumericString => Some(format!("{}_i64", rust.trim_end_matches('_'))),
                Wire::JsonString => Some(format!("{}_json", rust.trim_end_matches('_'))),
                _ => None,
            },
            ty,
            required,
            docs: None,
            wire: kind,
            sensitive: false,
            deprecated: false,
            access: Access::ReadWrite,
            default: None,
        }
    }

    #[test]
    fn deserialize_struct_gets_one_line_per_field_after_formatting() {
        let task = StructDef {
            name: "Task".to_owned(),
            spec_name: "Task".to_owned(),
            docs: None,
            fields: vec![
                field("id", "id", TypeRef::String, true, Wire::Plain),
                field("type_", "type", TypeRef::String, false, Wire::Plain),
                field(
                    "count",
                    "count",
                    TypeRef::String,
                    false,
                    Wire::NumericString,
                ),
                field("total", "total", TypeRef::String, true, Wire::NumericString),
                field("flag", "flag", TypeRef::Bool, false, Wire::StringTolerant),
                field("size", "size", TypeRef::I32, true, Wire::StringTolerant),
                field("note", "note", TypeRef::String, false, Wire::StringOrScalar),
                field("name", "name", TypeRef::String, true, Wire::StringOrScalar),
                field("on", "on", TypeRef::Bool, false, Wire::BoolOrBit),
                field("off", "off", TypeRef::Bool, true, Wire::BoolOrBit),
            ],
            deprecated: false,
            additional: None,
        };
        let types = [TypeDef::Struct(task)];
        let items = types_module(&types, &[], None);
        let file: syn::File = syn::parse_quote!(pub mod types { #items });
        let text = expand_deserialize(&prettyplease::unparse(&file), &types);
        let de = "::huaweicloud_core::operation::de";
        let expected = format!(
            "    ::huaweicloud_core::deserialize_struct! {{
        Task {{
            id: required(\"id\"),
            type_: optional(\"type\"),
            count: optional_with::<{de}::StringOrNumber>(\"count\"),
            total: required_with::<{de}::StringOrNumberRequired>(\"total\"),
            flag: optional_with::<{de}::StringTolerant<bool>>(\"flag\"),
            size: required_with::<{de}::StringTolerantRequired<i32>>(\"size\"),
            note: optional_with::<{de}::StringOrScalar>(\"note\"),
            name: required_with::<{de}::StringOrScalarRequired>(\"name\"),
            on: optional_with::<{de}::BoolOrBit>(\"on\"),
            off: required_with::<{de}::BoolOrBitRequired>(\"off\"),
        }}
    }}
"
        );
        assert!(text.contains(&expected), "{text}");
    }
}
