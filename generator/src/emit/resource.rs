//! A resource (`client.bastion_hosts()`): its handle type, one method per operation, and the
//! options struct of each method.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::model::ir::{
    Api, Body, HttpMethod, Media, Multipart, Operation, OperationKind, Param, ParamLocation, PartKind, PathPiece,
    Resource, ResponseBody, TypeRef, ValueStyle,
};

use super::docs;
use super::types::{ident, type_tokens};

pub fn resource(api: &Api, resource: &Resource) -> TokenStream {
    let client = ident(&api.service.client);
    let name = ident(&resource.type_name);
    let accessor = &resource.name;
    let mut doc = format!(
        "Operations of `{accessor}`; reached through [`{}::{accessor}`].",
        api.service.client
    );
    let shared = shared_docs(resource);
    if shared.api_version
        && let Some(version) = &api.service.api_version
    {
        doc.push_str(&format!(
            "\n\nEvery operation sends api-version `{version}` (default; set in the client options)."
        ));
    }
    if let Some(error) = &shared.error_type {
        doc.push_str(&format!(
            "\n\nErrors: `{}` in the error's raw response body.",
            super::types::type_label(error)
        ));
    }
    // Client parameters are documented here once instead of in every method's table.
    for (index, c) in api.client_params.iter().enumerate() {
        let used = resource
            .operations
            .iter()
            .any(|op| op.path_pieces.contains(&PathPiece::ClientParam(index)));
        if used {
            // Its description is on the client's constructor.
            doc.push_str(&format!(
                "\n\nThe `{}` path parameter is the client's `{}` (see [`{}::new`]).",
                c.wire_name.replace('`', "'"),
                c.rust_name,
                api.service.client
            ));
        }
    }
    let mut rows = String::new();
    let mut seen = BTreeSet::new();
    for op in &resource.operations {
        for p in op.params.iter().filter(|p| shared.path_params.contains(&p.rust_name)) {
            if seen.insert(&p.rust_name) {
                rows.push_str(&docs::param_row(p, &p.rust_name));
            }
        }
    }
    if !rows.is_empty() {
        doc.push_str("\n\nPath parameters of these operations:\n\n| parameter | in | required | description |\n|---|---|---|---|\n");
        doc.push_str(rows.trim_end());
    }
    let doc_attrs = docs::attrs(&doc);
    let methods = resource.operations.iter().map(|op| method(api, op, resource, &shared));
    let options = resource.operations.iter().map(|op| options_struct(resource, op));
    let mut imports = vec![quote!(Method)];
    if resource.operations.iter().any(has_options) {
        imports.insert(0, quote!(ClientMethodOptions));
    }
    let plain = |want: fn(&ResponseBody) -> bool| {
        resource
            .operations
            .iter()
            .any(|op| matches!(op.kind, OperationKind::Plain) && want(&op.response))
    };
    if plain(|r| matches!(r, ResponseBody::None)) {
        imports.push(quote!(NoFormat));
    }
    if plain(|r| !matches!(r, ResponseBody::Bytes | ResponseBody::Stream)) {
        imports.push(quote!(Response));
    }
    let pageable = resource.operations.iter().any(|op| {
        matches!(
            op.kind,
            OperationKind::Pageable(_) | OperationKind::LongRunningPageable(..)
        )
    });
    let pager = pageable.then(|| {
        quote!(
            use crate::runtime::Pager;
        )
    });
    // `path` is only needed by templates; a method's `let path` is a value and does not clash.
    let path = resource
        .operations
        .iter()
        .any(|op| matches!(path_expr(api, op), PathExpr::Format(_)))
        .then(|| {
            quote!(
                use crate::runtime::path;
            )
        });
    quote! {
        use azure_core::http::{#(#imports),*};
        #pager
        #path
        #[allow(unused_imports)]
        use super::models;
        use super::#client;

        #doc_attrs
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

/// What all operations of `resource` share, to document once on its type: required path
/// parameters with one description (when at least two operations take them), the api-version
/// and the error type.
fn shared_docs(resource: &Resource) -> docs::Shared {
    let ops = &resource.operations;
    let mut params: BTreeMap<&str, (Option<&Param>, usize)> = BTreeMap::new();
    for p in ops.iter().flat_map(|op| &op.params) {
        if p.location != ParamLocation::Path || !p.required {
            continue;
        }
        let entry = params.entry(&p.rust_name).or_insert((Some(p), 0));
        entry.1 += 1;
        if entry
            .0
            .is_some_and(|first| first.wire_name != p.wire_name || first.doc != p.doc)
        {
            entry.0 = None;
        }
    }
    let first_error = ops.first().and_then(|op| op.error_type.clone());
    docs::Shared {
        path_params: params
            .into_iter()
            .filter(|(_, (p, count))| p.is_some() && *count > 1)
            .map(|(name, _)| name.to_string())
            .collect(),
        api_version: ops.len() > 1 && ops.iter().all(|op| op.api_version && op.api_version_override.is_none()),
        error_type: first_error.filter(|e| ops.len() > 1 && ops.iter().all(|op| op.error_type.as_ref() == Some(e))),
    }
}

/// Whether the method has optional parameters (its options type is a struct of its own).
fn has_options(op: &Operation) -> bool {
    op.params.iter().any(|p| !p.required) || op.body.as_ref().is_some_and(|b| !b.required)
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
        TypeRef::DateTime => quote!(crate::runtime::datetime::format(#value)),
        _ => quote!(#value.to_string()),
    }
}

fn method(api: &Api, op: &Operation, resource: &Resource, shared: &docs::Shared) -> TokenStream {
    let name = ident(&method_name(op));
    let doc = docs::attrs(&docs::operation(api, op, &resource.type_name, shared));
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
    let api_version = match &op.api_version_override {
        Some(own) => Some(quote!(.query("api-version", #own))),
        None => op.api_version.then(|| quote!(.api_version())),
    };

    // The request is one method chain as long as every step can be a call (`.query_opt(..)`);
    // a step that needs a statement (a loop, an optional date) ends the chain, and the steps
    // after it stay statements too so the query keeps the spec's order.
    let mut chain: Vec<TokenStream> = Vec::new();
    let mut stmts: Vec<TokenStream> = Vec::new();
    for p in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        match (stmts.is_empty(), param_call(p)) {
            (true, Some(call)) => chain.push(call),
            _ => stmts.push(param_stmt(p)),
        }
    }
    if let Some(body) = &op.body {
        match (stmts.is_empty(), body_call(body)) {
            (true, Some(call)) => chain.push(call),
            _ => stmts.push(body_stmt(body)),
        }
    }
    let codes: Vec<Literal> = op.success_codes.iter().map(|c| Literal::u16_unsuffixed(*c)).collect();
    let codes = quote!(&[#(#codes),*]);

    let (is_async, ret, send) = match &op.kind {
        OperationKind::Plain => {
            let (ret, send) = match &op.response {
                ResponseBody::Json(ty) => {
                    let ty = type_tokens(ty, &models());
                    (quote!(Response<#ty>), quote!(.send(#codes).await))
                }
                ResponseBody::None => (quote!(Response<(), NoFormat>), quote!(.send_empty(#codes).await)),
                ResponseBody::Text(ty) => (
                    {
                        let ty = type_tokens(ty, &models());
                        quote!(Response<#ty, crate::runtime::text::TextFormat>)
                    },
                    quote!(.send_text(#codes).await),
                ),
                ResponseBody::Stream => (
                    quote!(azure_core::http::AsyncRawResponse),
                    quote!(.send_stream(#codes).await),
                ),
                ResponseBody::Bytes => (quote!(azure_core::http::RawResponse), quote!(.send_raw(#codes).await)),
            };
            (true, ret, send)
        }
        OperationKind::Pageable(p) => {
            let page = ident(&p.page);
            (false, quote!(Pager<models::#page>), quote!(.pager(#codes)))
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
                quote!(.poller(#codes, #state)),
            )
        }
        OperationKind::LongRunningPageable(state, p) => {
            let page = ident(&p.page);
            let state = final_state(*state);
            (false, quote!(Pager<models::#page>), quote!(.lro_pager(#codes, #state)))
        }
    };
    let asyncness = is_async.then(|| quote!(async));
    // Without optional parameters `options` is only needed for its context.
    let (unwrap, method_options) = if has_options(op) {
        (
            quote!(let options = options.unwrap_or_default();),
            quote!(&options.method_options),
        )
    } else {
        (TokenStream::new(), quote!(&options.unwrap_or_default().method_options))
    };
    let start = quote! {
        self.client.core.request(#http, #path_arg).context(#method_options) #api_version #(#chain)*
    };
    let request = if stmts.is_empty() {
        quote!(#start #send)
    } else {
        quote! {
            let mut request = #start;
            #(#stmts)*
            request #send
        }
    };
    quote! {
        #doc
        #deprecated
        #too_many
        pub #asyncness fn #name(&self, #(#args,)* options: Option<#options<'_>>) -> azure_core::Result<#ret> {
            #unwrap
            #path_binding
            #request
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
        Media::Json | Media::Form(_) | Media::Multipart(_) => type_tokens(&body.ty, &models()),
        Media::Bytes(_) => quote!(azure_core::Bytes),
    }
}

enum PathExpr {
    Literal(String),
    Format(TokenStream),
}

/// `fill("/subscriptions/{subscriptionId}/…", &[&self.client.subscription_id, …])?`: the spec's
/// template with every value percent-encoded as one segment (`{+name}`: raw, `{/name}`: a Graph
/// key). Falls back to [`concat_path`] when literal text or a name would confuse the template.
fn path_expr(api: &Api, op: &Operation) -> PathExpr {
    let mut template = String::new();
    let mut values: Vec<TokenStream> = Vec::new();
    let braces = |t: &str| t.contains(['{', '}']);
    for piece in &op.path_pieces {
        let (marker, wire, value) = match piece {
            PathPiece::Literal(text) => {
                if braces(text) {
                    return concat_path(api, op);
                }
                template.push_str(text);
                continue;
            }
            PathPiece::Param(i) => {
                let p = &op.params[*i];
                let value = ident(&p.rust_name);
                let text = match &p.ty {
                    _ if p.structured.is_some() => {
                        let wire = &p.wire_name;
                        quote!(&crate::runtime::query::simple(#wire, &#value)?)
                    }
                    TypeRef::String => quote!(#value),
                    other => {
                        let s = to_wire(other, quote!(#value));
                        quote!(&#s)
                    }
                };
                (if p.skip_url_encoding { "+" } else { "" }, &p.wire_name, text)
            }
            PathPiece::GraphKey(i) => {
                let p = &op.params[*i];
                let value = ident(&p.rust_name);
                ("/", &p.wire_name, quote!(#value))
            }
            PathPiece::ClientParam(i) => {
                let c = &api.client_params[*i];
                let field = ident(&c.rust_name);
                ("", &c.wire_name, quote!(&self.client.#field))
            }
        };
        if braces(wire) || wire.starts_with(['+', '/']) {
            return concat_path(api, op);
        }
        template.push_str(&format!("{{{marker}{wire}}}"));
        values.push(value);
    }
    if values.is_empty() {
        PathExpr::Literal(template)
    } else {
        PathExpr::Format(quote!(path::fill(#template, &[#(#values),*])?))
    }
}

/// `["/subscriptions/", &segment(..)?, …].concat()`: every value percent-encoded as one
/// segment. A plain expression (not `format!`) so prettyplease can lay it out.
fn concat_path(api: &Api, op: &Operation) -> PathExpr {
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
                parts.push(quote!(&path::#function(#wire, #text)?));
            }
            PathPiece::GraphKey(i) => {
                has_values = true;
                let p = &op.params[*i];
                let wire = &p.wire_name;
                let value = ident(&p.rust_name);
                parts.push(quote!(&path::graph_key(#wire, #value)?));
            }
            PathPiece::ClientParam(i) => {
                has_values = true;
                let c = &api.client_params[*i];
                let wire = &c.wire_name;
                let field = ident(&c.rust_name);
                parts.push(quote!(&path::segment(#wire, &self.client.#field)?));
            }
        }
    }
    if has_values {
        PathExpr::Format(quote!([#(#parts),*].concat()))
    } else {
        PathExpr::Literal(literal_only)
    }
}

/// A parameter as one call of the request chain, when it can be one.
fn param_call(p: &Param) -> Option<TokenStream> {
    let wire = &p.wire_name;
    let value = ident(&p.rust_name);
    let header = p.location == ParamLocation::Header;
    if p.structured.is_some() || matches!(p.ty, TypeRef::Vec(_)) {
        return None;
    }
    if p.required {
        let s = to_wire(&p.ty, quote!(#value));
        return Some(if header {
            quote!(.header(#wire, #s))
        } else {
            quote!(.query(#wire, #s))
        });
    }
    if p.ty == TypeRef::DateTime {
        return None;
    }
    Some(if header {
        quote!(.header_opt(#wire, options.#value.as_ref()))
    } else {
        quote!(.query_opt(#wire, options.#value.as_ref()))
    })
}

/// The body as one call of the request chain, when it can be one.
fn body_call(body: &Body) -> Option<TokenStream> {
    let name = ident(&body.rust_name);
    match (&body.media, body.required) {
        (Media::Json, true) => Some(quote!(.json(&#name)?)),
        (Media::Json, false) => Some(quote!(.json_opt(options.#name.as_ref())?)),
        (Media::Bytes(content_type), true) => Some(quote!(.bytes(#name, #content_type))),
        (Media::Form(lists), true) => {
            let encoded = urlencoded(lists, quote!(&#name));
            Some(quote!(.bytes(#encoded, crate::runtime::form::CONTENT_TYPE)))
        }
        (Media::Multipart(parts), true) => {
            let form = multipart_form(parts, quote!(#name));
            Some(quote!(.multipart(#form)))
        }
        (Media::Bytes(_) | Media::Form(_) | Media::Multipart(_), false) => None,
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
        Media::Form(lists) => {
            let encoded = urlencoded(lists, quote!(value));
            quote!(request = request.bytes(#encoded, crate::runtime::form::CONTENT_TYPE);)
        }
        Media::Multipart(parts) => {
            let form = multipart_form(parts, quote!(value));
            quote!(request = request.multipart(#form);)
        }
    };
    if body.required {
        let set = match &body.media {
            Media::Json => quote!(request = request.json(&#name)?;),
            Media::Bytes(content_type) => quote!(request = request.bytes(#name, #content_type);),
            Media::Form(lists) => {
                let encoded = urlencoded(lists, quote!(&#name));
                quote!(request = request.bytes(#encoded, crate::runtime::form::CONTENT_TYPE);)
            }
            Media::Multipart(parts) => {
                let form = multipart_form(parts, quote!(#name));
                quote!(request = request.multipart(#form);)
            }
        };
        quote!(#set)
    } else {
        quote!(if let Some(value) = &options.#name { #set })
    }
}

/// `runtime::form::urlencoded(value)?`, or `urlencoded_lists` when some lists are joined.
fn urlencoded(lists: &[(String, char)], value: TokenStream) -> TokenStream {
    if lists.is_empty() {
        return quote!(crate::runtime::form::urlencoded(#value)?);
    }
    let pairs = lists.iter().map(|(name, separator)| {
        let separator = separator.to_string();
        quote!((#name, #separator))
    });
    quote!(crate::runtime::form::urlencoded_lists(#value, &[#(#pairs),*])?)
}

/// `runtime::multipart::Form::new().files(..).value(..)…` over the fields of `value` (the body
/// struct), one call per part, in the struct's order.
fn multipart_form(multipart: &Multipart, value: TokenStream) -> TokenStream {
    let calls = multipart.parts.iter().map(|part| {
        let wire = &part.wire_name;
        let field = ident(&part.rust_name);
        match &part.kind {
            PartKind::Files { list, content_type } => {
                let values = match (list, part.optional) {
                    (false, false) => quote!([&#value.#field]),
                    (false, true) => quote!(#value.#field.as_ref()),
                    (true, false) => quote!(&#value.#field),
                    (true, true) => quote!(#value.#field.iter().flatten()),
                };
                quote!(.files(#wire, #values, #content_type))
            }
            PartKind::Value { content_type } => {
                let content_type = match content_type {
                    Some(t) => quote!(Some(#t)),
                    None => quote!(None),
                };
                quote!(.value(#wire, &#value.#field, #content_type))
            }
            PartKind::DeepObject => quote!(.deep_object(#wire, &#value.#field)),
            PartKind::Delimited(separator) => {
                let separator = separator.to_string();
                quote!(.delimited(#wire, &#value.#field, #separator))
            }
        }
    });
    let additional = multipart
        .additional
        .then(|| quote!(.entries(&#value.additional_properties)));
    quote!(crate::runtime::multipart::Form::new() #(#calls)* #additional)
}

fn options_struct(resource: &Resource, op: &Operation) -> TokenStream {
    let name = ident(&op.options_name);
    let method = format!("{}::{}", resource.type_name, method_name(op));
    if !has_options(op) {
        let doc = format!(" Options for [`{method}`]: per-call options only.");
        return quote! {
            #[doc = #doc]
            pub type #name<'a> = crate::runtime::MethodOptions<'a>;
        };
    }
    let doc = format!(" Options for [`{method}`].");
    let fields = op.params.iter().filter(|p| !p.required).map(|p| {
        let wire = (p.wire_name != p.rust_name).then_some(p.wire_name.as_str());
        let doc = docs::attrs(&docs::option_field(p.doc.as_deref(), docs::location(p), wire));
        let n = ident(&p.rust_name);
        let t = type_tokens(&p.ty, &models());
        quote!(#doc pub #n: Option<#t>,)
    });
    let body = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let doc = docs::attrs(&docs::option_field(b.doc.as_deref(), "body", None));
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
