//! Emits one module per operation: the request struct, its wire mapping, the fluent builder and the client
//! method. For `ListBackgroundTasks` the shape is:
//!
//! ```text
//! pub struct ListBackgroundTasksRequest { pub instance_id: String, pub start: Option<i32>, … }
//! impl ApiRequest for ListBackgroundTasksRequest { type Response = …; fn into_input(self) … }
//! pub struct ListBackgroundTasks { client, request }          // .start(..).limit(..).send().await
//! impl Client { pub fn list_background_tasks(&self, instance_id) -> ListBackgroundTasks }
//! ```

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc, doc_markdown, escape, prose_markdown, verbatim_block};
use super::types::{allow_many_arguments, argument, deprecated_attr, type_tokens};
use crate::spec::BodyMedia;

use crate::ir::{
    Auth, Body, OffsetType, Operation, Output, Pagination, Param, ParamKind, Part, PartKind,
    StatusBody, StatusVariant, TotalKind, TypeRef,
};

/// The items of `operations/<method_name>.rs`.
pub fn operation_module(op: &Operation) -> TokenStream {
    let request = request_struct(op);
    let api_request = api_request_impl(op);
    let paged = op.pagination.as_ref().map(|p| paged_request_impl(op, p));
    let builder = builder(op);
    let method = client_method(op);
    let output = output_enum(op);
    quote! {
        #request
        #output
        #api_request
        #paged
        #builder
        #method
    }
}

/// The module doc line of an operation.
pub fn module_doc(op: &Operation) -> String {
    let mut text = format!("`{}`: {}", op.id, request_line(op));
    if let Some(summary) = &op.summary {
        text.push_str(" — ");
        text.push_str(&escape(summary));
    }
    text
}

/// `` `GET /v1/{project_id}/items` `` as inline code.
fn request_line(op: &Operation) -> String {
    code(&format!("{} {}", op.http_method.as_str(), op.path))
}

fn response_type(op: &Operation) -> TokenStream {
    match &op.output {
        Output::Empty => quote!(()),
        Output::Text { .. } => quote!(::std::string::String),
        Output::Bytes { .. } => quote!(::std::vec::Vec<u8>),
        Output::Json { ty, .. } => type_tokens(ty),
        Output::ByStatus { name, .. } => {
            let name = format_ident!("{}", name);
            quote!(#name)
        }
    }
}

/// The enum of an [`Output::ByStatus`]: a variant per documented success, holding its body.
fn output_enum(op: &Operation) -> Option<TokenStream> {
    let Output::ByStatus { name, variants } = &op.output else {
        return None;
    };
    let ident = format_ident!("{}", name);
    let text = format!(
        "What a successful [`{}`] returns: one variant per documented success status, chosen by the \
         response's status.",
        op.request_type
    );
    let docs = doc_markdown(&text);
    let items = variants.iter().map(|v| {
        let variant = format_ident!("{}", v.rust_name);
        let mut text = format!("HTTP {}", code(&v.status));
        if !v.docs.trim().is_empty() {
            text.push_str(": ");
            text.push_str(&prose_markdown(&v.docs));
        }
        let docs = doc_markdown(&text);
        let payload = match &v.body {
            StatusBody::Empty => None,
            StatusBody::Text => Some(quote!((::std::string::String))),
            StatusBody::Bytes => Some(quote!((::std::vec::Vec<u8>))),
            StatusBody::Json(ty) => {
                let ty = type_tokens(ty);
                Some(quote!((#ty)))
            }
        };
        quote!(#docs #variant #payload,)
    });
    // The bodies' sizes are the spec's; one value is returned and matched at once, so boxing the large ones
    // would only cost an allocation and a `Box` in every pattern.
    Some(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #ident {
            #(#items)*
        }
    })
}

/// Decoding of an [`Output::ByStatus`]: the variant of the response's status (exact statuses before a `2XX`
/// range); a success the spec does not document is a decoding error.
fn decode_by_status(id: &str, name: &str, variants: &[StatusVariant]) -> TokenStream {
    let ident = format_ident!("{}", name);
    let arm = |v: &StatusVariant, pattern: TokenStream| {
        let variant = format_ident!("{}", v.rust_name);
        let value = match &v.body {
            StatusBody::Empty => quote!(::std::result::Result::Ok(#ident::#variant)),
            StatusBody::Text => quote!(response.text().map(#ident::#variant)),
            StatusBody::Bytes => {
                quote!(::std::result::Result::Ok(#ident::#variant(response.body().to_vec())))
            }
            StatusBody::Json(_) => quote!(response.json().map(#ident::#variant)),
        };
        quote!(#pattern => #value,)
    };
    let exact = variants.iter().filter_map(|v| {
        let code: u16 = v.status.parse().ok()?;
        Some(arm(v, quote!(#code)))
    });
    let ranges = variants
        .iter()
        .filter(|v| v.status.parse::<u16>().is_err())
        .map(|v| arm(v, quote!(200..=299)));
    let undocumented = format!(
        "HTTP {{status}} is not a documented success of {}",
        id.replace('{', "{{").replace('}', "}}")
    );
    quote! {
        match response.status() {
            #(#exact)*
            #(#ranges)*
            status => ::std::result::Result::Err(::huaweicloud_core::Error::decode(
                ::std::format!(#undocumented),
                response.body(),
            )),
        }
    }
}

fn param_doc(p: &Param) -> TokenStream {
    let mut text = match &p.docs {
        Some(prose) => prose_markdown(prose),
        None => code(&p.wire_name),
    };
    if p.ty == TypeRef::CompactDateTime {
        text.push_str(
            "\n\nAccepts a `jiff::Timestamp` (sent in UTC), a `jiff::civil::DateTime`, or the raw `YYYYMMDDHHmmss` \
             text; anything else is rejected before the request is sent.",
        );
    }
    doc_markdown(&text)
}

fn request_struct(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.request_type);
    let method = &op.method_name;
    let builder = &op.builder_type;
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(&escape(summary));
        text.push_str("\n\n");
    }
    if let Some(description) = op
        .description
        .as_ref()
        .filter(|d| Some(*d) != op.summary.as_ref())
    {
        text.push_str(&prose_markdown(description));
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "{} — send it with [`Client::execute`](crate::Client::execute), or build it step by step with \
         [`Client::{method}`](crate::Client::{method}) ([`{builder}`]).",
        request_line(op)
    ));
    for example in &op.request_examples {
        text.push_str("\n\nExample request from the API reference:\n\n");
        text.push_str(&verbatim_block(example));
    }
    let docs = doc_markdown(&text);
    let fields = op.caller_params().map(|p| {
        let field = format_ident!("{}", p.rust_name);
        let ty = type_tokens(&p.ty);
        let ty = if p.is_required() {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        let docs = param_doc(p);
        let deprecated = deprecated_attr(p.deprecated);
        quote!(#docs #deprecated pub #field: #ty,)
    });
    let body_field = op.body.as_ref().map(|b| {
        let ty = type_tokens(&b.ty);
        let ty = if b.required {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        let docs = doc(b.docs.as_deref().unwrap_or("The request body."));
        quote!(#docs pub body: #ty,)
    });
    let (args, inits) = constructor_parts(op);
    let optional_inits = op.caller_params().filter(|p| !p.is_required()).map(|p| {
        let field = format_ident!("{}", p.rust_name);
        quote!(#field: ::std::option::Option::None,)
    });
    let optional_body = op
        .body
        .as_ref()
        .filter(|b| !b.required)
        .map(|_| quote!(body: ::std::option::Option::None,));
    // Without required inputs every field starts unset, so `Default` is the natural constructor too.
    let default = (args.is_empty()).then(|| quote!(Default,));
    let allow = allow_many_arguments(args.len());
    let deprecated = deprecated_attr(op.deprecated);
    let error_body = op.error_type.as_ref().map(|ty| {
        let ty = type_tokens(ty);
        quote! {
            /// The error body the spec documents for this operation, decoded from a service error (`None` for
            /// other errors, or a body that is not one).
            pub fn error_body(error: &::huaweicloud_core::Error) -> ::std::option::Option<#ty> {
                error.as_service()?.body_json()
            }
        }
    });
    // `#[non_exhaustive]`: other crates build it with `new` and set optional fields by assignment (or through
    // the builder), so a parameter the spec adds later is not a breaking change.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        #deprecated
        pub struct #name {
            #(#fields)*
            #body_field
        }

        impl #name {
            /// A request with the required parameters; the optional ones start unset.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits)*
                    #(#optional_inits)*
                    #optional_body
                }
            }

            #error_body
        }
    }
}

/// Arguments and field initialisers of `new` (and of the client method): required parameters, then a required
/// body.
fn constructor_parts(op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in op.required_params() {
        let field = format_ident!("{}", p.rust_name);
        let (arg, conv) = argument(&p.ty);
        args.push(quote!(#field: #arg));
        inits.push(if conv.is_empty() {
            quote!(#field,)
        } else {
            quote!(#field: #field #conv,)
        });
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let ty = type_tokens(&body.ty);
        args.push(quote!(body: #ty));
        inits.push(quote!(body,));
    }
    (args, inits)
}

/// Code that appends a parameter's value(s) to `input`, given `value` (not an `Option`).
fn push_value(p: &Param, value: TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    let list = match p.kind {
        ParamKind::Path => quote!(path),
        ParamKind::Query { .. } => quote!(query),
        ParamKind::Header { .. } => quote!(headers),
        ParamKind::FromCredentials => unreachable!("filled by the runtime"),
    };
    let validate = (p.ty == TypeRef::CompactDateTime).then(|| quote!(#value.validate(#wire)?;));
    let text = match &p.ty {
        TypeRef::String => quote!(#value),
        _ => quote!(#value.to_string()),
    };
    match &p.ty {
        TypeRef::Vec(_) => quote! {
            for item in #value {
                input.#list.push((#wire, item.to_string()));
            }
        },
        _ => quote! {
            #validate
            input.#list.push((#wire, #text));
        },
    }
}

fn api_request_impl(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.request_type);
    let id = &op.id;
    let path = &op.path;
    let method = format_ident!("{}", op.http_method.as_str());
    let response = response_type(op);
    let pushes = op.caller_params().map(|p| {
        let field = format_ident!("{}", p.rust_name);
        if p.is_required() {
            push_value(p, quote!(self.#field))
        } else {
            let push = push_value(p, quote!(value));
            quote! {
                if let ::std::option::Option::Some(value) = self.#field {
                    #push
                }
            }
        }
    });
    // The body is encoded first (it borrows `self`), then the parameters move out of `self`.
    let has_params = op.caller_params().next().is_some();
    let mutable = has_params.then(|| quote!(mut));
    let init = match &op.body {
        None => quote!(let #mutable input = ::huaweicloud_core::OperationInput::default();),
        Some(Body {
            media: BodyMedia::Json,
            required,
            ..
        }) => {
            let body = if *required {
                quote!(::std::option::Option::Some(
                    ::huaweicloud_core::wire::json_body(&self.body)?
                ))
            } else {
                quote!(
                    self.body
                        .as_ref()
                        .map(::huaweicloud_core::wire::json_body)
                        .transpose()?
                )
            };
            quote! {
                let #mutable input = ::huaweicloud_core::OperationInput {
                    body: #body,
                    ..::huaweicloud_core::OperationInput::default()
                };
            }
        }
        // A form is encoded from the body's fields, with its media type.
        Some(Body {
            media: BodyMedia::Form,
            required,
            ..
        }) => {
            let body = if *required {
                quote!(::std::option::Option::Some(
                    ::huaweicloud_core::wire::form_body(&self.body)?
                ))
            } else {
                quote!(
                    self.body
                        .as_ref()
                        .map(::huaweicloud_core::wire::form_body)
                        .transpose()?
                )
            };
            quote! {
                let #mutable input = ::huaweicloud_core::OperationInput {
                    body: #body,
                    content_type: ::std::option::Option::Some("application/x-www-form-urlencoded"),
                    ..::huaweicloud_core::OperationInput::default()
                };
            }
        }
        // A multipart body is written part by part; its media type names the boundary, so it is a header.
        Some(Body {
            media: BodyMedia::Multipart,
            required,
            parts,
            ..
        }) => {
            let parts = parts.iter().map(multipart_part);
            let encode = quote! {
                let mut form = ::huaweicloud_core::format::Multipart::new();
                #(#parts)*
                let (bytes, content_type) = form.finish()?;
                input.body = ::std::option::Option::Some(bytes);
                input.headers.push(("Content-Type", content_type));
            };
            let encode = if *required {
                quote! {
                    let body = &self.body;
                    #encode
                }
            } else {
                quote! {
                    if let ::std::option::Option::Some(body) = &self.body {
                        #encode
                    }
                }
            };
            quote! {
                let mut input = ::huaweicloud_core::OperationInput::default();
                #encode
            }
        }
        // Text and bytes are sent as they are, with their media type.
        Some(Body {
            media: BodyMedia::Text(media) | BodyMedia::Bytes(media),
            required,
            ty,
            ..
        }) => {
            let body = match (ty, *required) {
                (TypeRef::String, true) => {
                    quote!(::std::option::Option::Some(self.body.into_bytes()))
                }
                (TypeRef::String, false) => {
                    quote!(self.body.map(::std::string::String::into_bytes))
                }
                (_, true) => quote!(::std::option::Option::Some(self.body)),
                (_, false) => quote!(self.body),
            };
            quote! {
                let #mutable input = ::huaweicloud_core::OperationInput {
                    body: #body,
                    content_type: ::std::option::Option::Some(#media),
                    ..::huaweicloud_core::OperationInput::default()
                };
            }
        }
    };
    let decode = match &op.output {
        Output::Empty => quote! {
            let _ = response;
            ::std::result::Result::Ok(())
        },
        Output::Text { .. } => quote!(response.text()),
        Output::Bytes { .. } => quote!(::std::result::Result::Ok(response.body().to_vec())),
        Output::Json { .. } => quote!(response.json()),
        Output::ByStatus { name, variants } => decode_by_status(&op.id, name, variants),
    };
    let auth = auth_const(&op.auth);
    // `into_input` and `decode` are `#[inline]`, so they are compiled in the crate that sends the
    // request, not here: each instantiates serde_json (and serde_path_to_error) for its body and
    // response types, which for every operation at once was ~98% of the Kafka crate's LLVM IR
    // (`cargo llvm-lines`: 501k lines with them, 12k without). A program pays for the operations it
    // sends, as with any generic API.
    quote! {
        impl ::huaweicloud_core::ApiRequest for #name {
            type Response = #response;

            const OPERATION: &'static ::huaweicloud_core::Operation = &::huaweicloud_core::Operation {
                id: #id,
                method: ::huaweicloud_core::http::Method::#method,
                path: #path,
            };

            #auth

            #[inline]
            fn into_input(self) -> ::huaweicloud_core::Result<::huaweicloud_core::OperationInput> {
                #init
                #(#pushes)*
                ::std::result::Result::Ok(input)
            }

            #[inline]
            fn decode(response: ::huaweicloud_core::RawResponse) -> ::huaweicloud_core::Result<Self::Response> {
                #decode
            }
        }
    }
}

/// Code that adds the field of one part to `form` (from `body`): a part per item of a list, none for an unset
/// optional field.
fn multipart_part(part: &Part) -> TokenStream {
    let wire = &part.wire_name;
    let field = format_ident!("{}", part.rust_name);
    let add = |value: TokenStream| match part.kind {
        PartKind::Text => quote!(form.text(#wire, #value);),
        PartKind::File => quote!(form.file(#wire, #value);),
        PartKind::Json => quote!(form.json(#wire, #value)?;),
    };
    let one = if part.repeated {
        let add = add(quote!(item));
        quote! {
            for item in value {
                #add
            }
        }
    } else {
        add(quote!(value))
    };
    if part.optional {
        quote! {
            if let ::std::option::Option::Some(value) = &body.#field {
                #one
            }
        }
    } else {
        quote! {
            let value = &body.#field;
            #one
        }
    }
}

/// `ApiRequest::AUTH` when it is not the default (the AK/SK signature).
fn auth_const(auth: &Auth) -> Option<TokenStream> {
    let strategy = match auth {
        Auth::Signed => return None,
        Auth::Anonymous => quote!(::huaweicloud_core::auth::Anonymous),
        Auth::Bearer => quote!(::huaweicloud_core::auth::BearerToken),
        Auth::ApiKeyHeader(name) => quote!(::huaweicloud_core::auth::ApiKey::header(#name)),
        Auth::ApiKeyQuery(name) => quote!(::huaweicloud_core::auth::ApiKey::query(#name)),
    };
    Some(quote! {
        const AUTH: &'static dyn ::huaweicloud_core::auth::Authorize = &#strategy;
    })
}

fn builder(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.builder_type);
    let request = format_ident!("{}", op.request_type);
    let method = &op.method_name;
    let response = response_type(op);
    let text = format!(
        "Fluent builder of [`{req}`], returned by [`Client::{method}`](crate::Client::{method}).\n\nSet the optional \
         parameters, then `.send().await`.",
        req = op.request_type
    );
    let docs = doc_markdown(&text);
    let setters = op.caller_params().filter(|p| !p.is_required()).map(|p| {
        let field = format_ident!("{}", p.rust_name);
        let (arg, conv) = argument(&p.ty);
        let docs = param_doc(p);
        let deprecated = deprecated_attr(p.deprecated);
        quote! {
            #docs
            #deprecated
            pub fn #field(mut self, value: #arg) -> Self {
                self.request.#field = ::std::option::Option::Some(value #conv);
                self
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let ty = type_tokens(&b.ty);
        quote! {
            /// The request body.
            pub fn body(mut self, value: #ty) -> Self {
                self.request.body = ::std::option::Option::Some(value);
                self
            }
        }
    });
    let stream = op.pagination.as_ref().map(stream_method);
    let deprecated = deprecated_attr(op.deprecated);
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        #deprecated
        pub struct #name {
            client: crate::Client,
            request: #request,
        }

        impl #name {
            #(#setters)*
            #body_setter

            /// The request as built so far.
            pub fn as_request(&self) -> &#request {
                &self.request
            }

            /// Sends the request.
            pub async fn send(self) -> ::huaweicloud_core::Result<#response> {
                self.client.execute(self.request).await
            }

            #stream
        }
    }
}

/// The builder's `into_stream`: the paging itself is `huaweicloud_core::paginate::items`.
fn stream_method(p: &Pagination) -> TokenStream {
    let item = type_tokens(&p.item_ty);
    let text = format!(
        "Every item of every page, fetched lazily: pages of `{limit}` items (the service default when unset) starting \
         at `{offset}` (or {first}), until a page is empty or the total is reached. Only one page is held in memory. \
         Beyond the client's page limits, or when the pages contradict each other (a page repeats, an empty page \
         below the total), the stream ends with `Error::Paging` (see `huaweicloud_core::paginate`).",
        limit = p.limit,
        offset = p.offset,
        first = p.first,
    );
    let docs = doc_markdown(&text);
    quote! {
        #docs
        pub fn into_stream(self) -> impl ::futures_core::Stream<Item = ::huaweicloud_core::Result<#item>> + ::std::marker::Send + 'static {
            ::huaweicloud_core::paginate::items(self.client.core().clone(), self.request)
        }
    }
}

/// What paging needs to know of one list operation: where the offset goes and where the items and the
/// total are.
fn paged_request_impl(op: &Operation, p: &Pagination) -> TokenStream {
    let name = format_ident!("{}", op.request_type);
    let item = type_tokens(&p.item_ty);
    let offset = format_ident!("{}", p.offset);
    let offset_name = &p.offset;
    let items = format_ident!("{}", p.items);
    let first = proc_macro2::Literal::i64_unsuffixed(p.first);
    let first_offset = match p.offset_ty {
        OffsetType::I64 => quote!(self.#offset.unwrap_or(#first)),
        OffsetType::I32 => quote!(self.#offset.map_or(#first, i64::from)),
        // An offset that is not a number is left for the service to reject; paging starts at the default.
        OffsetType::Text => {
            quote!(self.#offset.as_deref().and_then(|v| v.trim().parse().ok()).unwrap_or(#first))
        }
    };
    let value = match p.offset_ty {
        OffsetType::I64 => quote!(offset),
        OffsetType::Text => quote!(offset.to_string()),
        OffsetType::I32 => quote! {
            i32::try_from(offset).map_err(|_| ::huaweicloud_core::Error::invalid_request(
                ::std::format!("offset {offset} does not fit the `{}` parameter", #offset_name)))?
        },
    };
    let total = match &p.total {
        None => quote!(::std::option::Option::None),
        Some((helper, TotalKind::NumericString)) => {
            let method = format_ident!("{}", helper);
            quote!(response.#method()?.and_then(|n| u64::try_from(n).ok()))
        }
        Some((field, TotalKind::Integer)) => {
            let field = format_ident!("{}", field);
            quote!(response.#field.and_then(|n| u64::try_from(n).ok()))
        }
    };
    quote! {
        impl ::huaweicloud_core::paginate::PagedRequest for #name {
            type Item = #item;

            fn first_offset(&self) -> i64 {
                #first_offset
            }

            fn at_offset(&self, offset: i64) -> ::huaweicloud_core::Result<Self> {
                let mut next = self.clone();
                next.#offset = ::std::option::Option::Some(#value);
                ::std::result::Result::Ok(next)
            }

            fn page(response: Self::Response) -> ::huaweicloud_core::Result<::huaweicloud_core::paginate::Page<Self::Item>> {
                let total = #total;
                ::std::result::Result::Ok(::huaweicloud_core::paginate::Page::new(response.#items.unwrap_or_default(), total))
            }
        }
    }
}

fn client_method(op: &Operation) -> TokenStream {
    let method = format_ident!("{}", op.method_name);
    let builder = format_ident!("{}", op.builder_type);
    let request = format_ident!("{}", op.request_type);
    let (args, _) = constructor_parts(op);
    let arg_names = op
        .required_params()
        .map(|p| format_ident!("{}", p.rust_name))
        .chain(
            op.body
                .as_ref()
                .filter(|b| b.required)
                .map(|_| format_ident!("body")),
        );
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(&escape(summary));
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "{}. Returns a builder: set optional parameters on it, then `.send().await`. The same request as a \
         plain struct is [`{req}`].",
        request_line(op),
        req = op.request_type
    ));
    let docs = doc_markdown(&text);
    // `&self` counts as an argument too.
    let allow = allow_many_arguments(args.len() + 1);
    let deprecated = deprecated_attr(op.deprecated);
    quote! {
        impl crate::Client {
            #docs
            #allow
            #deprecated
            pub fn #method(&self, #(#args),*) -> #builder {
                #builder {
                    client: self.clone(),
                    request: #request::new(#(#arg_names),*),
                }
            }
        }
    }
}
