//! Emits the data types: structs, open enums and wrappers, with their serde attributes and typed helpers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc, doc_markdown, doc_opt, prose_markdown};
use crate::ir::{
    AliasDef, EnumDef, Features, Field, NewtypeDef, StructDef, TypeDef, TypeRef, Wire,
};

/// The Rust type for a [`TypeRef`], with fully qualified paths so no generated name can shadow them.
pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::CompactDateTime => quote!(::huaweicloud_core::wire::CompactDateTime),
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
    }
}

/// Whether values of the type can derive `Default` (open enums have no natural default).
fn has_default(ty: &TypeRef, types: &[TypeDef], seen: &mut Vec<String>) -> bool {
    match ty {
        TypeRef::Named(name) => {
            // A type met again is recursive: it is behind a `Box` or a collection, which have defaults.
            if seen.contains(name) {
                return true;
            }
            seen.push(name.clone());
            match types.iter().find(|t| t.name() == name) {
                Some(TypeDef::Struct(s)) => s
                    .fields
                    .iter()
                    .all(|f| !f.required || has_default(&f.ty, types, seen)),
                Some(TypeDef::Newtype(n)) => has_default(&n.inner, types, seen),
                Some(TypeDef::Alias(a)) => {
                    has_default(&TypeRef::Named(a.target.clone()), types, seen)
                }
                Some(TypeDef::Enum(_)) | None => false,
            }
        }
        TypeRef::Boxed(inner) => has_default(inner, types, seen),
        _ => true,
    }
}

/// Whether values of the type can derive `Eq` (no floats or JSON inside).
fn has_eq(ty: &TypeRef, types: &[TypeDef], seen: &mut Vec<String>) -> bool {
    match ty {
        TypeRef::F32 | TypeRef::F64 | TypeRef::Json => false,
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => has_eq(t, types, seen),
        TypeRef::Named(name) => {
            if seen.contains(name) {
                return true;
            }
            seen.push(name.clone());
            match types.iter().find(|t| t.name() == name) {
                Some(TypeDef::Struct(s)) => s.fields.iter().all(|f| has_eq(&f.ty, types, seen)),
                Some(TypeDef::Newtype(n)) => has_eq(&n.inner, types, seen),
                Some(TypeDef::Alias(a)) => has_eq(&TypeRef::Named(a.target.clone()), types, seen),
                Some(TypeDef::Enum(_)) => true,
                None => false,
            }
        }
        _ => true,
    }
}

/// Every generated type, in IR order. With `features`, each type (and its impls) is compiled only when a
/// feature of an operation group that uses it is on.
pub fn types_module(types: &[TypeDef], features: Option<&[Features]>) -> TokenStream {
    let items = types.iter().enumerate().map(|(i, t)| {
        let items = match t {
            TypeDef::Struct(s) => struct_def(s, types),
            TypeDef::Enum(e) => enum_def(e),
            TypeDef::Newtype(n) => newtype_def(n, types),
            TypeDef::Alias(a) => alias_def(a),
        };
        match features.and_then(|f| cfg_attr(&f[i])) {
            Some(cfg) => with_attr(items, &cfg),
            None => items,
        }
    });
    quote! { #(#items)* }
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

/// Puts `attr` on every item of `items`.
fn with_attr(items: TokenStream, attr: &TokenStream) -> TokenStream {
    let Ok(file) = syn::parse2::<syn::File>(items.clone()) else {
        // Not parseable: leave it to the formatter to report.
        return items;
    };
    let items = file.items.into_iter().map(|item| quote!(#attr #item));
    quote! { #(#items)* }
}

fn struct_def(s: &StructDef, types: &[TypeDef]) -> TokenStream {
    let name = format_ident!("{}", s.name);
    let self_ty = TypeRef::Named(s.name.clone());
    let docs = match &s.docs {
        Some(text) => doc(text),
        None => doc_markdown(&format!("The `{}` object.", s.spec_name)),
    };
    let default = has_default(&self_ty, types, &mut Vec::new()).then(|| quote!(Default,));
    let eq = has_eq(&self_ty, types, &mut Vec::new()).then(|| quote!(Eq,));
    let fields = s.fields.iter().map(field_def);
    let helpers: Vec<TokenStream> = s.fields.iter().filter_map(field_helper).collect();
    // Structs holding a secret print it redacted; the others derive `Debug`.
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let debug_impl = sensitive.then(|| redacted_debug(s));
    let helpers = (!helpers.is_empty()).then(|| quote! { impl #name { #(#helpers)* } });
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #eq #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
        #debug_impl
        #helpers
    }
}

/// `Debug` that shows secrets as `"*** redacted ***"`.
fn redacted_debug(s: &StructDef) -> TokenStream {
    let name = format_ident!("{}", s.name);
    let label = &s.name;
    let fields = s.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust_name);
        let label = &f.rust_name;
        match (f.sensitive, f.required) {
            (false, _) => quote!(.field(#label, &self.#ident)),
            (true, true) => quote!(.field(#label, &"*** redacted ***")),
            (true, false) => {
                quote!(.field(#label, &self.#ident.as_ref().map(|_| "*** redacted ***")))
            }
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}

fn field_def(f: &Field) -> TokenStream {
    let name = format_ident!("{}", f.rust_name);
    let docs = doc_opt(f.docs.as_deref());
    let ty = type_tokens(&f.ty);
    let mut serde = Vec::new();
    if f.rust_name != f.wire_name {
        let wire = &f.wire_name;
        serde.push(quote!(rename = #wire));
    }
    // Decoding that also accepts the other spelling, where the doc says the service is loose.
    let lenient = match f.wire {
        Wire::NumericString => Some("string_or_number"),
        Wire::StringTolerant => Some("string_tolerant"),
        Wire::Plain | Wire::JsonString => None,
    };
    let ty = if f.required {
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
        serde.push(quote!(
            skip_serializing_if = "::std::option::Option::is_none"
        ));
        quote!(::std::option::Option<#ty>)
    };
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

/// Typed accessors where the doc says more than the wire type.
fn field_helper(f: &Field) -> Option<TokenStream> {
    let field = format_ident!("{}", f.rust_name);
    let value = if f.required {
        quote!(::std::option::Option::Some(self.#field.as_str()))
    } else {
        quote!(self.#field.as_deref())
    };
    match f.wire {
        Wire::Plain | Wire::StringTolerant => None,
        Wire::NumericString => {
            let method = format_ident!("{}_i64", f.rust_name.trim_end_matches('_'));
            let text = format!(
                " `{}` as a number: the service sends it as a string. `Ok(None)` when it is absent; an error when it \
                 is not an integer.",
                f.wire_name
            );
            Some(quote! {
                #[doc = #text]
                pub fn #method(&self) -> ::huaweicloud_core::Result<::std::option::Option<i64>> {
                    ::huaweicloud_core::wire::parse_numeric_string(#value)
                }
            })
        }
        Wire::JsonString => {
            let method = format_ident!("{}_json", f.rust_name.trim_end_matches('_'));
            let text = format!(
                " `{}` parsed as JSON (the service sends a JSON document inside a string), into any type that \
                 implements `Deserialize`, e.g. `serde_json::Value`. `Ok(None)` when it is absent or empty.",
                f.wire_name
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

fn enum_def(e: &EnumDef) -> TokenStream {
    let name = format_ident!("{}", e.name);
    let docs = match &e.docs {
        Some(text) => doc(text),
        None => doc_markdown(&format!("Values of `{}`.", e.name)),
    };
    let variants = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust_name);
        let text = format!(" `{}`", v.wire_name);
        quote!(#[doc = #text] #ident,)
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
    quote! {
        #docs
        ///
        /// Open: a value this SDK does not know yet decodes as `Unknown` and encodes back unchanged.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value not known when this SDK was generated, kept verbatim.
            Unknown(::std::string::String),
        }
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::Unknown(value) => value,
                }
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name::Unknown(other.to_owned()),
                }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(#name::from(value.as_str()))
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

fn newtype_def(n: &NewtypeDef, types: &[TypeDef]) -> TokenStream {
    let name = format_ident!("{}", n.name);
    let docs = doc_opt(n.docs.as_deref());
    let inner = type_tokens(&n.inner);
    let self_ty = TypeRef::Named(n.name.clone());
    let default = has_default(&self_ty, types, &mut Vec::new()).then(|| quote!(Default,));
    let eq = has_eq(&self_ty, types, &mut Vec::new()).then(|| quote!(Eq,));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #eq #default ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #inner);
    }
}
