//! The Prism calls (`tests/tests/prism/calls.rs`): EVERY generated operation of the vendored
//! services called once with realistic arguments, for `tests/tests/prism.rs`, which sends them
//! through a TLS terminator to Stoplight Prism (`prism mock`) and records Prism's
//! verdict on each request.
//!
//! Arguments come from the operation's first `x-ms-examples` file (in spec order, corrected by
//! [`crate::CORRECTIONS`] like the replay tests), or, for operations without one (Graph has no
//! examples; one AVD example is missing upstream), from [`SAMPLES`], written in the examples'
//! own `parameters` format. An operation with neither fails generation; a sample that no
//! operation uses fails generation too.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};
use specgen::ServiceConfig;
use specgen::emit::types::{ident, type_tokens};
use specgen::model::ir::{Api, Operation, OperationKind, ParamLocation, ResponseBody, TypeRef};

use crate::{CORRECTIONS, apply, argument, body_parameter, normalize, read_json};

/// Where the calls file lives, relative to the workspace root.
pub const CALLS_PATH: &str = "tests/tests/prism/calls.rs";

/// Arguments for an operation that has no upstream example: (`resource.method`, the
/// `parameters` object as an example would write it, why there is no example).
pub const SAMPLES: &[(&str, &str, &str)] = &[
    (
        "scaling_plan_personal_schedules.delete",
        r#"{"subscriptionId": "daefabc0-95b4-48b3-b645-8a753a63c4fa", "resourceGroupName": "resourceGroup1",
            "scalingPlanName": "scalingPlan1", "scalingPlanScheduleName": "scalingPlanScheduleWeekdays1"}"#,
        "the spec references ScalingPlanPersonalSchedule_Delete.json, which does not exist upstream",
    ),
    (
        "users.list",
        r#"{"$filter": "userPrincipalName eq 'adele@contoso.com'", "$top": 10,
            "$select": ["id", "displayName", "accountEnabled"]}"#,
        "the Graph slices carry no examples",
    ),
    (
        "users.get",
        r#"{"user-id": "adele@contoso.com", "$select": ["id", "accountEnabled", "signInSessionsValidFromDateTime"]}"#,
        "the Graph slices carry no examples",
    ),
    (
        "users.update",
        r#"{"user-id": "adele@contoso.com", "body": {"accountEnabled": false}}"#,
        "the Graph slices carry no examples; disabling the account is the cut-off program's PATCH",
    ),
    (
        "users.get_count",
        r#"{"ConsistencyLevel": "eventual", "$filter": "accountEnabled eq false"}"#,
        "the Graph slices carry no examples; $count needs ConsistencyLevel: eventual",
    ),
    (
        "users.revoke_sign_in_sessions",
        r#"{"user-id": "adele@contoso.com"}"#,
        "the Graph slices carry no examples",
    ),
    (
        "me.get",
        r#"{"$select": ["id", "userPrincipalName"]}"#,
        "the Graph slices carry no examples",
    ),
    ("me.revoke_sign_in_sessions", "{}", "the Graph slices carry no examples"),
];

/// The calls file for every service of the manifest (`apis` in the manifest's service order).
pub fn calls_file(specs: &Path, services: &[ServiceConfig], apis: &[Api]) -> Result<crate::ReplayFile> {
    let mut used_samples = BTreeSet::new();
    let mut functions = Vec::new();
    let mut table = Vec::new();
    let mut total = 0usize;
    for (service, api) in services.iter().zip(apis) {
        let examples = first_examples(specs, service)?;
        let mut calls = Vec::new();
        for resource in &api.resources {
            for op in &resource.operations {
                let key = format!("{}.{}", resource.name, op.method_name);
                let (params, body_name, source) = match examples.get(op.operation_id.as_str()) {
                    Some(found) => (
                        found.params.clone(),
                        found.body_name.clone(),
                        format!("example {}", found.file),
                    ),
                    None => {
                        let Some((_, text, _)) = SAMPLES.iter().find(|(k, _, _)| *k == key) else {
                            bail!(
                                "{}: {} ({key}) has no x-ms-examples file and no entry in SAMPLES",
                                service.name,
                                op.operation_id
                            );
                        };
                        used_samples.insert(key.clone());
                        let params: Map<String, Value> =
                            serde_json::from_str(text).with_context(|| format!("SAMPLES entry {key}"))?;
                        (params, None, "SAMPLES".to_owned())
                    }
                };
                let call = render_call(api, &resource.name, op, params, body_name.as_deref())
                    .with_context(|| format!("{}: {} ({source})", service.name, op.operation_id))?;
                let operation = &op.operation_id;
                let label = format!(
                    "{}: {}().{} {} {} ({source})",
                    service.name,
                    resource.name,
                    method_name(op),
                    op.http_method.as_str(),
                    op.path
                );
                calls.push(quote! {
                    {
                        let client = client(target);
                        Call::new(#operation, #label, async move { #call })
                    }
                });
                total += 1;
            }
        }
        let name = ident(&service.name);
        let module: Vec<_> = api.service.module.iter().map(|m| ident(m)).collect();
        let client_ty = ident(&api.service.client);
        let options_ty = ident(&api.service.options);
        let client_args: Vec<TokenStream> = api
            .client_params
            .iter()
            .map(|cp| {
                let value = client_value(&cp.wire_name);
                quote!(#value)
            })
            .collect();
        let service_name = &service.name;
        let doc = format!(" The {} operations of `{service_name}`.", calls.len());
        table.push(quote!((#service_name, #name as fn(&Target) -> Vec<Call>)));
        functions.push(quote! {
            #[doc = #doc]
            pub fn #name(target: &Target) -> Vec<Call> {
                use session_clients::#(#module)::*::models;
                let client = |target: &Target| {
                    session_clients::#(#module)::*::#client_ty::new(
                        #(#client_args,)*
                        target.credential(),
                        Some(session_clients::#(#module)::*::#options_ty {
                            endpoint: Some(target.endpoint().to_owned()),
                            client_options: target.client_options(),
                            ..Default::default()
                        }),
                    )
                    .expect("build the client")
                };
                Vec::from([#(#calls),*])
            }
        });
    }
    let unused: Vec<&str> = SAMPLES
        .iter()
        .map(|(k, _, _)| *k)
        .filter(|k| !used_samples.contains(*k))
        .collect();
    if !unused.is_empty() {
        bail!("SAMPLES entries no operation needs (an example exists now, or the operation is gone): {unused:?}");
    }
    let total_literal = Literal::usize_unsuffixed(total);
    let body = quote! {
        #![allow(clippy::all, unused_imports)]
        use workspace_tests::prism::{empty, first_page, model, raw, stream, text, Call, Target};

        /// Every generated operation of the vendored services.
        pub const OPERATIONS: usize = #total_literal;

        /// Each service (manifest name) and its calls.
        pub const SERVICES: &[(&str, fn(&Target) -> Vec<Call>)] = &[#(#table),*];

        #(#functions)*
    };
    let file: syn::File = syn::parse2(body).context("the Prism calls parse")?;
    let mut contents = String::from(
        "// @generated by `cargo xtask generate` (tools/replay-gen/src/prism.rs) from the vendored specs and \
         their examples. Do not edit.\n\n",
    );
    contents.push_str(&prettyplease::unparse(&file));
    Ok(crate::ReplayFile {
        path: PathBuf::from(CALLS_PATH),
        contents,
    })
}

/// The client-level value (ARM `subscriptionId`) every call of a service uses.
fn client_value(wire_name: &str) -> &'static str {
    match wire_name {
        "subscriptionId" => "daefabc0-95b4-48b3-b645-8a753a63c4fa",
        _ => "value1",
    }
}

/// The generated method's name: long-running operations that are not pageable are `begin_*`.
fn method_name(op: &Operation) -> String {
    match op.kind {
        OperationKind::LongRunning(_) => format!("begin_{}", op.method_name),
        _ => op.method_name.clone(),
    }
}

/// An operation's first example (spec order): its corrected `parameters` and the body
/// parameter's wire name.
struct FirstExample {
    file: String,
    params: Map<String, Value>,
    body_name: Option<String>,
}

/// operationId → first existing example, over the service's Swagger (JSON) entries.
fn first_examples(specs: &Path, service: &ServiceConfig) -> Result<HashMap<String, FirstExample>> {
    let mut found = HashMap::new();
    let mut documents = HashMap::new();
    for entry in service
        .entry
        .iter()
        .filter(|e| e.extension().is_some_and(|x| x == "json"))
    {
        let spec_path = specs.join(entry);
        let spec = read_json(&spec_path)?;
        let spec_dir = entry.parent().map(Path::to_path_buf).unwrap_or_default();
        for paths_key in ["paths", "x-ms-paths"] {
            let Some(Value::Object(paths)) = spec.get(paths_key) else {
                continue;
            };
            for item in paths.values() {
                let Value::Object(item) = item else { continue };
                for op in item.values() {
                    let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                        continue;
                    };
                    let Some(Value::Object(examples)) = op.get("x-ms-examples") else {
                        continue;
                    };
                    for reference in examples.values() {
                        let Some(reference) = reference.get("$ref").and_then(Value::as_str) else {
                            continue;
                        };
                        let rel = normalize(&spec_dir.join(reference));
                        let full = specs.join(&rel);
                        if !full.exists() || found.contains_key(id) {
                            continue;
                        }
                        let file = rel
                            .file_name()
                            .map(|f| f.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let mut example = read_json(&full)?;
                        if let Some(correction) = CORRECTIONS.iter().find(|c| c.example == file) {
                            apply(&mut example, correction.fixes).with_context(|| file.clone())?;
                        }
                        let Some(Value::Object(params)) = example.get("parameters").cloned() else {
                            bail!("{file}: no `parameters`");
                        };
                        let body_name =
                            body_parameter(specs, &spec_path, &spec, op, item.get("parameters"), &mut documents)?;
                        found.insert(
                            id.to_owned(),
                            FirstExample {
                                file,
                                params,
                                body_name,
                            },
                        );
                    }
                }
            }
        }
    }
    Ok(found)
}

/// The expression that calls `op` with `params` and checks its result decodes.
fn render_call(
    api: &Api,
    resource: &str,
    op: &Operation,
    mut params: Map<String, Value>,
    body_name: Option<&str>,
) -> Result<TokenStream> {
    for cp in &api.client_params {
        params.remove(&cp.wire_name);
    }
    params.remove("api-version");
    let mut args = Vec::new();
    let mut options = Vec::new();
    for p in &op.params {
        let Some(value) = params.remove(&p.wire_name) else {
            if p.required {
                bail!("no value for required parameter `{}`", p.wire_name);
            }
            continue;
        };
        if p.structured.is_some() {
            bail!("parameter `{}`: structured values are not called yet", p.wire_name);
        }
        if p.location == ParamLocation::Path && matches!(p.ty, TypeRef::Vec(_)) {
            bail!("parameter `{}`: list path parameters are not called yet", p.wire_name);
        }
        let name = ident(&p.rust_name);
        if p.required {
            args.push(argument(&p.ty, &value, true)?);
        } else {
            let value = argument(&p.ty, &value, false)?;
            options.push(quote!(#name: Some(#value)));
        }
    }
    if let Some(body) = &op.body {
        let wire = body_name.unwrap_or(&body.rust_name);
        match params.remove(wire) {
            Some(value) => {
                let ty = type_tokens(&body.ty, &quote!(models::));
                let json = Literal::string(&serde_json::to_string(&value)?);
                let expr = quote!(serde_json::from_str::<#ty>(#json).expect("the example's body decodes"));
                let name = ident(&body.rust_name);
                if body.required {
                    args.push(expr);
                } else {
                    options.push(quote!(#name: Some(#expr)));
                }
            }
            None if body.required => bail!("no value for the body parameter `{wire}`"),
            None => {}
        }
    }
    if !params.is_empty() {
        let names: Vec<&String> = params.keys().collect();
        bail!("parameters the operation does not declare: {names:?}");
    }
    let module: Vec<_> = api.service.module.iter().map(|m| ident(m)).collect();
    let options_ty = ident(&op.options_name);
    let options = if options.is_empty() {
        quote!(None)
    } else {
        quote!(Some(session_clients::#(#module)::*::#options_ty { #(#options,)* ..Default::default() }))
    };
    let resource = ident(resource);
    let method = ident(&method_name(op));
    let call = quote!(client.#resource().#method(#(#args,)* #options));
    Ok(match (&op.kind, &op.response) {
        (OperationKind::Plain, ResponseBody::Json(_)) => quote!(model(#call.await)),
        (OperationKind::Plain, ResponseBody::None) => quote!(empty(#call.await)),
        (OperationKind::Plain, ResponseBody::Bytes) => quote!(raw(#call.await)),
        (OperationKind::Plain, ResponseBody::Text(_)) => quote!(text(#call.await)),
        (OperationKind::Plain, ResponseBody::Stream) => quote!(stream(#call.await).await),
        (OperationKind::Pageable(_) | OperationKind::LongRunningPageable(..), _) => {
            quote!(first_page(#call, session_clients::runtime::PageResponse::into_model).await)
        }
        (OperationKind::LongRunning(_), _) => quote! {
            model(match #call {
                Ok(poller) => poller.await,
                Err(e) => Err(e),
            })
        },
    })
}
