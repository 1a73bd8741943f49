//! A resource (`client.bastion_hosts()`): its handle type, one method per operation, and the
//! options struct of each method.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::model::ir::{
    Api, Body, HttpMethod, Media, Operation, OperationKind, Param, ParamLocation, PathPiece, Resource, ResponseBody,
    TypeRef, ValueStyle,
};

use super::docs;
use super::types::{ident, type_tokens};

pub fn resource(api: &Api, resource: &Resource) -> TokenStream {
    let client = ident(&api.service.client);
    let name = ident(&resource.type_name);
    let accessor = &resource.name;
    let doc = format!(
        " Operations of `{accessor}`; reached through [`{}::{accessor}`].",
        api.service.client
    );
    let methods = resource.operations.iter().map(|op| method(api, op));
    let options = resource.operations.iter().map(|op| options_struct(resource, op));
    quote! {
        use azure_core::http::{ClientMethodOptions, Method};
        #[allow(unused_imports)]
        use super::models;
        use super::#client;

        #[doc = #doc]
        #[derive(Clone, Copy, Debug)]
        pub struct #name<'a> {
            pub(super) client: &'a #client,
        }

        impl #name<'_> {
            #(#methods)*
        }

        #(#options)*
    }
}

/// The Rust name of the method: long-running operations that are not pageable start with
/// `begin_`, as in the official Azure SDK.
pub fn method_name(op: &Operation) -> String {
    match op.kind {
        OperationKind::LongRunning(_) => format!("begin_{}", op.method_name),
        _ => op.method_name.clone(),
    }
}

fn models() -> TokenStream {
    quote!(models::)
}

/// How a required parameter is taken: strings by reference, lists as slices, the rest by value.
fn arg_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, &models());
            quote!(&[#inner])
        }
        other => type_tokens(other, &models()),
    }
}

/// An expression turning `value` (a reference to the parameter's value) into the `String` sent.
fn to_wire(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::DateTime => quote!(crate::runtime::datetime::format(&#value)),
        _ => quote!(#value.to_string()),
    }
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&method_name(op));
    let doc = docs::attrs(&docs::operation(api, op));
    let options = ident(&op.options_name);
    let deprecated = op
        .doc
        .deprecated
        .then(|| quote!(#[deprecated = "marked deprecated in the spec"]));

    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let mut args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let n = ident(&p.rust_name);
            let t = arg_type(&p.ty);
            quote!(#n: #t)
        })
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let n = ident(&body.rust_name);
        let t = body_type(body);
        args.push(quote!(#n: #t));
    }
    let too_many = (args.len() + 2 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));

    let (path_binding, path_arg) = match path_expr(api, op) {
        PathExpr::Literal(text) => (TokenStream::new(), quote!(#text)),
        PathExpr::Format(expr) => (quote!(let path = #expr;), quote!(&path)),
    };
    let http = http_method(op.http_method);
    let api_version = op.api_version.then(|| quote!(.api_version()));
    let params = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(param_stmt);
    let body = op.body.as_ref().map(body_stmt);
    let codes: Vec<Literal> = op.success_codes.iter().map(|c| Literal::u16_unsuffixed(*c)).collect();
    let codes = quote!(&[#(#codes),*]);

    let (is_async, ret, send) = match &op.kind {
        OperationKind::Plain => {
            let (ret, send) = match &op.response {
                ResponseBody::Json(ty) => {
                    let ty = type_tokens(ty, &models());
                    (
                        quote!(azure_core::http::Response<#ty>),
                        quote!(request.send(#codes).await),
                    )
                }
                ResponseBody::None => (
                    quote!(azure_core::http::Response<(), azure_core::http::NoFormat>),
                    quote!(request.send_empty(#codes).await),
                ),
                ResponseBody::Bytes => (
                    quote!(azure_core::http::RawResponse),
                    quote!(request.send_raw(#codes).await),
                ),
            };
            (true, ret, send)
        }
        OperationKind::Pageable(p) => {
            let page = ident(&p.page);
            (
                false,
                quote!(azure_core::http::Pager<models::#page>),
                quote!(request.pager(#codes)),
            )
        }
        OperationKind::LongRunning(state) => {
            let target = match &op.response {
                ResponseBody::Json(ty) => type_tokens(ty, &models()),
                _ => quote!(()),
            };
            let state = final_state(*state);
            (
                false,
                quote!(crate::runtime::LroPoller<#target>),
                quote!(request.poller(#codes, #state)),
            )
        }
        OperationKind::LongRunningPageable(state, p) => {
            let page = ident(&p.page);
            let state = final_state(*state);
            (
                false,
                quote!(azure_core::http::Pager<models::#page>),
                quote!(request.lro_pager(#codes, #state)),
            )
        }
    };
    let asyncness = is_async.then(|| quote!(async));
    let mutable =
        (op.params.iter().any(|p| p.location != ParamLocation::Path) || op.body.is_some()).then(|| quote!(mut));
    quote! {
        #doc
        #deprecated
        #too_many
        pub #asyncness fn #name(&self, #(#args,)* options: Option<#options<'_>>) -> azure_core::Result<#ret> {
            let options = options.unwrap_or_default();
            #path_binding
            let #mutable request = self.client.core.request(#http, #path_arg).context(&options.method_options) #api_version;
            #(#params)*
            #body
            #send
        }
    }
}

fn final_state(state: crate::model::ir::FinalState) -> TokenStream {
    use crate::model::ir::FinalState::*;
    match state {
        AzureAsyncOperation => quote!(crate::runtime::FinalStateVia::AzureAsyncOperation),
        Location => quote!(crate::runtime::FinalStateVia::Location),
        OriginalUri => quote!(crate::runtime::FinalStateVia::OriginalUri),
        OperationLocation => quote!(crate::runtime::FinalStateVia::OperationLocation),
    }
}

fn http_method(m: HttpMethod) -> TokenStream {
    match m {
        HttpMethod::Get => quote!(Method::Get),
        HttpMethod::Put => quote!(Method::Put),
        HttpMethod::Post => quote!(Method::Post),
        HttpMethod::Patch => quote!(Method::Patch),
        HttpMethod::Delete => quote!(Method::Delete),
        HttpMethod::Head => quote!(Method::Head),
    }
}

fn body_type(body: &Body) -> TokenStream {
    match body.media {
        Media::Json => type_tokens(&body.ty, &models()),
        Media::Bytes(_) => quote!(azure_core::Bytes),
    }
}

enum PathExpr {
    Literal(String),
    Format(TokenStream),
}

/// `["/subscriptions/", &segment(..)?, …].concat()`: every value percent-encoded as one
/// segment. A plain expression (not `format!`) so prettyplease can lay it out.
fn path_expr(api: &Api, op: &Operation) -> PathExpr {
    let mut parts: Vec<TokenStream> = Vec::new();
    let mut literal_only = String::new();
    let mut has_values = false;
    for piece in &op.path_pieces {
        match piece {
            PathPiece::Literal(text) => {
                literal_only.push_str(text);
                parts.push(quote!(#text));
            }
            PathPiece::Param(i) => {
                has_values = true;
                let p = &op.params[*i];
                let wire = &p.wire_name;
                let value = ident(&p.rust_name);
                let text = match &p.ty {
                    _ if p.structured.is_some() => quote!(&crate::runtime::query::simple(#wire, &#value)?),
                    TypeRef::String => quote!(#value),
                    other => {
                        let s = to_wire(other, quote!(#value));
                        quote!(&#s)
                    }
                };
                let function = if p.skip_url_encoding {
                    quote!(raw)
                } else {
                    quote!(segment)
                };
                parts.push(quote!(&crate::runtime::path::#function(#wire, #text)?));
            }
            PathPiece::GraphKey(i) => {
                has_values = true;
                let p = &op.params[*i];
                let wire = &p.wire_name;
                let value = ident(&p.rust_name);
                parts.push(quote!(&crate::runtime::path::graph_key(#wire, #value)?));
            }
            PathPiece::ClientParam(i) => {
                has_values = true;
                let c = &api.client_params[*i];
                let wire = &c.wire_name;
                let field = ident(&c.rust_name);
                parts.push(quote!(&crate::runtime::path::segment(#wire, &self.client.#field)?));
            }
        }
    }
    if has_values {
        PathExpr::Format(quote!([#(#parts),*].concat()))
    } else {
        PathExpr::Literal(literal_only)
    }
}

fn param_stmt(p: &Param) -> TokenStream {
    let wire = &p.wire_name;
    let add = match p.location {
        ParamLocation::Header => quote!(header),
        _ => quote!(query),
    };
    let value = ident(&p.rust_name);
    let send_one = |v: TokenStream, ty: &TypeRef| -> TokenStream {
        if let Some(style) = p.structured {
            return match (p.location, value_style(style)) {
                (ParamLocation::Query, Some(style)) => quote! {
                    for (key, text) in crate::runtime::query::pairs(#wire, #style, &#v)? {
                        request = request.query(&key, text);
                    }
                },
                _ => quote!(request = request.#add(#wire, crate::runtime::query::simple(#wire, &#v)?);),
            };
        }
        match (ty, p.separator) {
            (TypeRef::Vec(inner), Some(sep)) => {
                let sep = sep.to_string();
                let item = to_wire(inner, quote!(item));
                quote!(request = request.#add(#wire, #v.iter().map(|item| #item).collect::<Vec<_>>().join(#sep));)
            }
            (TypeRef::Vec(inner), None) => {
                let item = to_wire(inner, quote!(item));
                quote!(for item in #v.iter() { request = request.#add(#wire, #item); })
            }
            (ty, _) => {
                let s = to_wire(ty, v);
                quote!(request = request.#add(#wire, #s);)
            }
        }
    };
    if p.required {
        send_one(quote!(#value), &p.ty)
    } else {
        let stmt = send_one(quote!(value), &p.ty);
        quote!(if let Some(value) = &options.#value { #stmt })
    }
}

/// The runtime's spelling of a structured query value; `None` for `simple` (one string).
fn value_style(style: ValueStyle) -> Option<TokenStream> {
    match style {
        ValueStyle::DeepObject => Some(quote!(crate::runtime::query::Style::DeepObject)),
        ValueStyle::FormExploded => Some(quote!(crate::runtime::query::Style::FormExploded)),
        ValueStyle::Form => Some(quote!(crate::runtime::query::Style::Form)),
        ValueStyle::Simple => None,
    }
}

fn body_stmt(body: &Body) -> TokenStream {
    let name = ident(&body.rust_name);
    let set = match &body.media {
        Media::Json => quote!(request = request.json(value)?;),
        Media::Bytes(content_type) => quote!(request = request.bytes(value.clone(), #content_type);),
    };
    if body.required {
        let set = match &body.media {
            Media::Json => quote!(request = request.json(&#name)?;),
            Media::Bytes(content_type) => quote!(request = request.bytes(#name, #content_type);),
        };
        quote!(#set)
    } else {
        quote!(if let Some(value) = &options.#name { #set })
    }
}

fn options_struct(resource: &Resource, op: &Operation) -> TokenStream {
    let name = ident(&op.options_name);
    let doc = format!(" Options for [`{}::{}`].", resource.type_name, method_name(op));
    let fields = op.params.iter().filter(|p| !p.required).map(|p| {
        let doc = docs::attrs_opt(p.doc.as_deref());
        let n = ident(&p.rust_name);
        let t = type_tokens(&p.ty, &models());
        quote!(#doc pub #n: Option<#t>,)
    });
    let body = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let doc = docs::attrs_opt(b.doc.as_deref());
        let n = ident(&b.rust_name);
        let t = body_type(b);
        quote!(#doc pub #n: Option<#t>,)
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default)]
        pub struct #name<'a> {
            /// Per-call options (context, cancellation).
            pub method_options: ClientMethodOptions<'a>,
            #(#fields)*
            #body
        }
    }
}
