//! Example replay: one `#[tokio::test]` per upstream `x-ms-examples` file of every vendored
//! Azure (Swagger 2.0 JSON) spec, written to `tests/tests/replay_<service>.rs` by
//! `cargo xtask generate` and drift-checked by `cargo xtask check`.
//!
//! For each example (operation → `x-ms-examples` → file) the test
//! - calls the generated method with the example's `parameters` as literal arguments (wire names
//!   mapped to Rust names through the IR; bodies as `serde_json::from_str::<models::X>(..)`),
//! - against the loopback server of `workspace_tests::replay`, which expects the exact request
//!   (method, encoded path, query incl. api-version, JSON body) and plays the example's
//!   response(s), the whole long-running exchange included,
//! - and asserts the typed result re-encodes to the example's body.
//!
//! Examples that disagree with their spec are never matched loosely: each one is listed in
//! [`CORRECTIONS`] with its reason, and every correction first checks that the example still has
//! the defect it corrects (an example fixed upstream makes generation fail until the entry is
//! removed). Anything else an example does that the generator cannot map (an undeclared
//! parameter, a response without a `body` wrapper, a missing required parameter) fails
//! generation with the file's name.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};
use serde_json::{Map, Value};
use specgen::ServiceConfig;
use specgen::emit::types::{ident, type_tokens};
use specgen::lifecycle::Project;
use specgen::lifecycle::check::Report;
use specgen::lifecycle::manifest::Manifest;
use specgen::model::ir::{
    Api, FinalState, HttpMethod, Operation, OperationKind, ParamLocation, PathPiece, ResponseBody, TypeDef, TypeKind,
    TypeRef,
};
use specgen::model::naming::{Case, sanitize};

pub mod prism;

/// One generated test file, relative to the workspace root.
#[derive(Debug)]
pub struct ReplayFile {
    pub path: PathBuf,
    pub contents: String,
}

/// How an example is corrected before it is replayed.
#[derive(Clone, Copy, Debug)]
pub enum Fix {
    /// `responses.<code>` holds the resource itself (no `body` wrapper) while the spec declares no
    /// body for that code: the entry is replayed as an empty response.
    UnwrappedResponse { code: &'static str },
    /// The body parameter is filed under another name.
    RenameParameter { from: &'static str, to: &'static str },
    /// The parameter's value leaves out the `properties` wrapper its schema has.
    WrapInProperties { parameter: &'static str },
    /// Parameters the operation does not declare: not sent.
    DropParameters { names: &'static [&'static str] },
    /// Properties of the body written beside it, as if they were parameters: moved into it.
    MoveIntoBody {
        names: &'static [&'static str],
        body: &'static str,
    },
    /// The body parameter is a bare array where the schema is an object holding it in `field`.
    WrapArray {
        parameter: &'static str,
        field: &'static str,
    },
    /// A member whose value the schema cannot hold (JSON pointer into the example): not sent.
    RemoveMember { pointer: &'static str },
}

/// A correction of one example file.
#[derive(Clone, Copy, Debug)]
pub struct Correction {
    /// File name of the example (unique within the vendored specs).
    pub example: &'static str,
    pub fixes: &'static [Fix],
    pub reason: &'static str,
}

const UNWRAPPED_DELETE: &str = "upstream puts the deleted resource directly under \"200\" (no `body` wrapper) while the \
     spec declares no response body for a delete; replayed as a 200 without body";

/// Every example that disagrees with its spec (DESIGN.md §7), and how it is replayed anyway.
pub const CORRECTIONS: &[Correction] = &[
    // Azure Virtual Desktop 2025-10-10.
    Correction {
        example: "AppAttachPackage_Delete.json",
        fixes: &[Fix::UnwrappedResponse { code: "200" }],
        reason: UNWRAPPED_DELETE,
    },
    Correction {
        example: "ApplicationGroup_Delete.json",
        fixes: &[Fix::UnwrappedResponse { code: "200" }],
        reason: UNWRAPPED_DELETE,
    },
    Correction {
        example: "Application_Delete.json",
        fixes: &[Fix::UnwrappedResponse { code: "200" }],
        reason: UNWRAPPED_DELETE,
    },
    Correction {
        example: "HostPool_Delete.json",
        fixes: &[Fix::UnwrappedResponse { code: "200" }],
        reason: UNWRAPPED_DELETE,
    },
    Correction {
        example: "MsixPackage_Delete.json",
        fixes: &[Fix::UnwrappedResponse { code: "200" }],
        reason: UNWRAPPED_DELETE,
    },
    Correction {
        example: "ScalingPlan_Delete.json",
        fixes: &[Fix::UnwrappedResponse { code: "200" }],
        reason: UNWRAPPED_DELETE,
    },
    Correction {
        example: "SessionHost_Delete.json",
        fixes: &[Fix::UnwrappedResponse { code: "200" }],
        reason: UNWRAPPED_DELETE,
    },
    Correction {
        example: "UserSession_Delete.json",
        fixes: &[Fix::UnwrappedResponse { code: "200" }],
        reason: UNWRAPPED_DELETE,
    },
    Correction {
        example: "Workspace_Delete.json",
        fixes: &[Fix::UnwrappedResponse { code: "200" }],
        reason: UNWRAPPED_DELETE,
    },
    Correction {
        example: "ScalingPlan_Update.json",
        fixes: &[Fix::RenameParameter {
            from: "workspace",
            to: "scalingPlan",
        }],
        reason: "the body parameter of ScalingPlans_Update is `scalingPlan`; the example (copied from Workspace_Update) \
                 calls it `workspace`",
    },
    Correction {
        example: "AppAttachPackage_Update.json",
        fixes: &[
            Fix::RenameParameter {
                from: "appAttachPackage",
                to: "appAttachPackagePatch",
            },
            Fix::WrapInProperties {
                parameter: "appAttachPackagePatch",
            },
            Fix::RemoveMember {
                pointer: "/parameters/appAttachPackagePatch/properties/failHealthCheckOnStagingFailure",
            },
        ],
        reason: "the body parameter of AppAttachPackage_Update is `appAttachPackagePatch` (an AppAttachPackagePatch, \
                 whose members live under `properties`); the example calls it `appAttachPackage` and leaves the \
                 `properties` wrapper out; it also sends `failHealthCheckOnStagingFailure: false`, which the \
                 spec's string enum (Unhealthy, NeedsAssistance, DoNotFail) cannot hold, so that member is not sent",
    },
    Correction {
        example: "ApplicationGroup_ListBySubscription.json",
        fixes: &[Fix::DropParameters {
            names: &["pageSize", "isDescending", "initialSkip"],
        }],
        reason: "ApplicationGroups_ListBySubscription declares no paging parameters (only $filter); the example passes \
                 pageSize, isDescending and initialSkip, which the client cannot send",
    },
    Correction {
        example: "Workspace_ListBySubscription.json",
        fixes: &[Fix::DropParameters {
            names: &["pageSize", "isDescending", "initialSkip"],
        }],
        reason: "Workspaces_ListBySubscription declares no paging parameters; the example passes pageSize, \
                 isDescending and initialSkip, which the client cannot send",
    },
    // Azure Bastion 2024-05-01.
    Correction {
        example: "BastionHostPut.json",
        fixes: &[Fix::MoveIntoBody {
            names: &["sku", "zones"],
            body: "parameters",
        }],
        reason: "`sku` and `zones` are BastionHost properties, but the example writes them beside the body \
                 `parameters` as if they were parameters; moved into the body",
    },
    Correction {
        example: "BastionHostPutWithZones.json",
        fixes: &[Fix::MoveIntoBody {
            names: &["sku", "zones"],
            body: "parameters",
        }],
        reason: "`sku` and `zones` are BastionHost properties, but the example writes them beside the body \
                 `parameters` as if they were parameters; moved into the body",
    },
    Correction {
        example: "BastionHostPutWithPrivateOnly.json",
        fixes: &[Fix::MoveIntoBody {
            names: &["sku", "zones"],
            body: "parameters",
        }],
        reason: "`sku` and `zones` are BastionHost properties, but the example writes them beside the body \
                 `parameters` as if they were parameters; moved into the body",
    },
    Correction {
        example: "BastionHostDeveloperPut.json",
        fixes: &[Fix::MoveIntoBody {
            names: &["sku"],
            body: "parameters",
        }],
        reason: "`sku` is a BastionHost property, but the example writes it beside the body `parameters` as if it \
                 were a parameter; moved into the body",
    },
    Correction {
        example: "BastionSessionDelete.json",
        fixes: &[Fix::WrapArray {
            parameter: "sessionIds",
            field: "sessionIds",
        }],
        reason: "the body of DisconnectActiveSessions is a SessionIds object `{\"sessionIds\": [...]}`; the example \
                 sends the bare array",
    },
];

/// Examples present but not replayed, with the reason. Empty: every example is replayed.
pub const EXCLUSIONS: &[(&str, &str)] = &[];

/// Applies `fixes` to an example document; each fix fails unless the example has the defect.
pub fn apply(example: &mut Value, fixes: &[Fix]) -> Result<()> {
    for fix in fixes {
        apply_one(example, fix).with_context(|| format!("correction {fix:?} no longer applies"))?;
    }
    Ok(())
}

fn apply_one(example: &mut Value, fix: &Fix) -> Result<()> {
    match *fix {
        Fix::UnwrappedResponse { code } => {
            let Some(response) = example.pointer_mut(&format!("/responses/{code}")) else {
                bail!("no response {code}");
            };
            let unwrapped = response
                .as_object()
                .is_some_and(|o| !o.is_empty() && !o.contains_key("body") && !o.contains_key("headers"));
            if !unwrapped {
                bail!("response {code} is not an unwrapped resource");
            }
            *response = Value::Object(Map::new());
        }
        Fix::RenameParameter { from, to } => {
            let params = parameters(example)?;
            if params.contains_key(to) {
                bail!("`{to}` is already there");
            }
            let Some(value) = params.remove(from) else {
                bail!("no parameter `{from}`");
            };
            params.insert(to.to_owned(), value);
        }
        Fix::WrapInProperties { parameter } => {
            let params = parameters(example)?;
            let Some(value) = params.get_mut(parameter) else {
                bail!("no parameter `{parameter}`");
            };
            if value.get("properties").is_some() || !value.is_object() {
                bail!("`{parameter}` already has `properties` or is not an object");
            }
            *value = serde_json::json!({ "properties": value.take() });
        }
        Fix::DropParameters { names } => {
            let params = parameters(example)?;
            for name in names {
                if params.remove(*name).is_none() {
                    bail!("no parameter `{name}`");
                }
            }
        }
        Fix::MoveIntoBody { names, body } => {
            let params = parameters(example)?;
            let mut moved = Vec::new();
            for name in names {
                let Some(value) = params.remove(*name) else {
                    bail!("no parameter `{name}`");
                };
                moved.push((*name, value));
            }
            let Some(Value::Object(target)) = params.get_mut(body) else {
                bail!("no object body `{body}`");
            };
            for (name, value) in moved {
                if target.contains_key(name) {
                    bail!("the body already has `{name}`");
                }
                target.insert(name.to_owned(), value);
            }
        }
        Fix::RemoveMember { pointer } => {
            let (parent, member) = pointer.rsplit_once('/').unwrap_or(("", pointer));
            let removed = example
                .pointer_mut(parent)
                .and_then(Value::as_object_mut)
                .and_then(|o| o.remove(member));
            if removed.is_none() {
                bail!("nothing at {pointer}");
            }
        }
        Fix::WrapArray { parameter, field } => {
            let params = parameters(example)?;
            let Some(value) = params.get_mut(parameter) else {
                bail!("no parameter `{parameter}`");
            };
            if !value.is_array() {
                bail!("`{parameter}` is not a bare array");
            }
            let mut wrapped = Map::new();
            wrapped.insert(field.to_owned(), value.take());
            *value = Value::Object(wrapped);
        }
    }
    Ok(())
}

fn parameters(example: &mut Value) -> Result<&mut Map<String, Value>> {
    match example.get_mut("parameters") {
        Some(Value::Object(map)) => Ok(map),
        _ => bail!("the example has no `parameters` object"),
    }
}

/// The replay test files for every Azure service of the manifest, from its IR (`apis`, in the
/// manifest's service order).
pub fn generate(specs: &Path, services: &[ServiceConfig], apis: &[Api]) -> Result<Vec<ReplayFile>> {
    let mut files = Vec::new();
    for (service, api) in services.iter().zip(apis) {
        let entries: Vec<&PathBuf> = service
            .entry
            .iter()
            .filter(|e| e.extension().is_some_and(|x| x == "json"))
            .collect();
        if entries.is_empty() {
            continue;
        }
        let mut tests = Vec::new();
        let mut dirs = BTreeMap::new();
        for entry in entries {
            collect(specs, entry, api, &mut tests, &mut dirs)?;
        }
        if tests.is_empty() {
            continue;
        }
        let path = PathBuf::from(format!("tests/tests/replay_{}.rs", service.name));
        let contents = render_file(service, api, &tests, &dirs)?;
        files.push(ReplayFile { path, contents });
    }
    Ok(files)
}

/// One example ready to render.
struct ExampleTest {
    file: String,
    test: TokenStream,
}

/// Examples directory (relative to `specs/`) → the example files referenced from the spec that
/// exist there, and those referenced but missing.
#[derive(Default)]
struct Dir {
    replayed: BTreeSet<String>,
    missing: BTreeSet<String>,
}

fn collect(
    specs: &Path,
    entry: &Path,
    api: &Api,
    tests: &mut Vec<ExampleTest>,
    dirs: &mut BTreeMap<PathBuf, Dir>,
) -> Result<()> {
    let spec_path = specs.join(entry);
    let spec = read_json(&spec_path)?;
    let spec_dir = entry.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut documents = HashMap::new();
    let operations: HashMap<&str, &Operation> = api
        .resources
        .iter()
        .flat_map(|r| r.operations.iter().map(move |o| (o.operation_id.as_str(), o)))
        .collect();
    let resources: HashMap<&str, &str> = api
        .resources
        .iter()
        .flat_map(|r| {
            r.operations
                .iter()
                .map(move |o| (o.operation_id.as_str(), r.name.as_str()))
        })
        .collect();
    let types: HashMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    for paths_key in ["paths", "x-ms-paths"] {
        let Some(Value::Object(paths)) = spec.get(paths_key) else {
            continue;
        };
        for item in paths.values() {
            let Value::Object(item) = item else { continue };
            for (method, op) in item {
                let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                    continue;
                };
                let Some(Value::Object(examples)) = op.get("x-ms-examples") else {
                    continue;
                };
                let Some(operation) = operations.get(id) else {
                    bail!("{}: operation {id} has examples but is not generated", entry.display());
                };
                let body_name = body_parameter(specs, &spec_path, &spec, op, item.get("parameters"), &mut documents)?;
                for (title, reference) in examples {
                    let Some(reference) = reference.get("$ref").and_then(Value::as_str) else {
                        bail!("{}: {id}: example `{title}` has no $ref", entry.display());
                    };
                    let rel = normalize(&spec_dir.join(reference));
                    let file = rel
                        .file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let dir = dirs
                        .entry(rel.parent().map(Path::to_path_buf).unwrap_or_default())
                        .or_default();
                    let full = specs.join(&rel);
                    if !full.exists() {
                        dir.missing.insert(file);
                        continue;
                    }
                    dir.replayed.insert(file.clone());
                    let _ = method;
                    let test = example_test(
                        &Ctx {
                            api,
                            op: operation,
                            resource: resources.get(id).copied().unwrap_or_default(),
                            types: &types,
                            body_name: body_name.as_deref(),
                        },
                        &file,
                        &full,
                    )
                    .with_context(|| format!("replaying {}", rel.display()))?;
                    tests.push(ExampleTest { file, test });
                }
            }
        }
    }
    Ok(())
}

/// The wire name of the operation's `in: body` parameter, following `$ref`s (local or to
/// another file).
fn body_parameter(
    specs: &Path,
    spec_path: &Path,
    spec: &Value,
    op: &Value,
    shared: Option<&Value>,
    documents: &mut HashMap<PathBuf, Value>,
) -> Result<Option<String>> {
    let own = op.get("parameters").and_then(Value::as_array).into_iter().flatten();
    let shared = shared.and_then(Value::as_array).into_iter().flatten();
    for param in own.chain(shared) {
        let resolved = match param.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
                if file.is_empty() {
                    spec.pointer(pointer).cloned()
                } else {
                    let path = normalize(&spec_path.parent().unwrap_or(specs).join(file));
                    if !documents.contains_key(&path) {
                        documents.insert(path.clone(), read_json(&path)?);
                    }
                    documents.get(&path).and_then(|d| d.pointer(pointer)).cloned()
                }
            }
            None => Some(param.clone()),
        };
        let Some(resolved) = resolved else {
            bail!("{}: unresolved parameter {param}", spec_path.display());
        };
        if resolved.get("in").and_then(Value::as_str) == Some("body") {
            return Ok(resolved.get("name").and_then(Value::as_str).map(str::to_owned));
        }
    }
    Ok(None)
}

/// `a/./b/../c` → `a/c` (no filesystem access).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

struct Ctx<'a> {
    api: &'a Api,
    op: &'a Operation,
    resource: &'a str,
    types: &'a HashMap<&'a str, &'a TypeDef>,
    body_name: Option<&'a str>,
}

fn example_test(ctx: &Ctx<'_>, file: &str, path: &Path) -> Result<TokenStream> {
    let op = ctx.op;
    let mut example = read_json(path)?;
    let correction = CORRECTIONS.iter().find(|c| c.example == file);
    if let Some(correction) = correction {
        apply(&mut example, correction.fixes)?;
    }
    let Some(Value::Object(mut params)) = example.get("parameters").cloned() else {
        bail!("no `parameters`");
    };
    let Some(Value::Object(responses)) = example.get("responses").cloned() else {
        bail!("no `responses`");
    };
    for (code, response) in &responses {
        let ok = response
            .as_object()
            .is_some_and(|o| o.keys().all(|k| k == "body" || k == "headers"));
        if !ok {
            bail!("response {code} has members other than `body` and `headers` (add a correction?)");
        }
    }
    let mut notes: Vec<String> = Vec::new();
    if let Some(c) = correction {
        notes.push(format!("Corrected ({:?}): {}.", c.fixes, c.reason));
    }

    // Client parameters (subscriptionId) and api-version.
    let mut client_args = Vec::new();
    let mut client_values = Vec::new();
    for (i, cp) in ctx.api.client_params.iter().enumerate() {
        let used = op.path_pieces.contains(&PathPiece::ClientParam(i));
        let text = match params.remove(&cp.wire_name) {
            Some(value) => scalar_text(&value)?,
            // The client needs one to be built; this operation does not send it.
            None if !used => "unused".to_owned(),
            None => bail!("no value for client parameter `{}`", cp.wire_name),
        };
        client_args.push(quote!(#text));
        client_values.push(text);
    }
    let api_version = params.remove("api-version");
    let mut query: Vec<(String, String)> = Vec::new();
    if op.api_version {
        let Some(version) = api_version else {
            bail!("no api-version");
        };
        query.push(("api-version".into(), scalar_text(&version)?));
    }

    // Operation parameters.
    let mut args = Vec::new();
    let mut options = Vec::new();
    let mut path_values: HashMap<usize, String> = HashMap::new();
    for (i, p) in op.params.iter().enumerate() {
        let value = params.remove(&p.wire_name);
        let Some(value) = value else {
            if p.required {
                bail!("no value for required parameter `{}`", p.wire_name);
            }
            continue;
        };
        if p.structured.is_some() || matches!(p.ty, TypeRef::Vec(_)) && p.location != ParamLocation::Path {
            bail!(
                "parameter `{}`: structured and list values are not replayed yet",
                p.wire_name
            );
        }
        match p.location {
            ParamLocation::Path => {
                path_values.insert(i, scalar_text(&value)?);
            }
            ParamLocation::Query => query.push((p.wire_name.clone(), scalar_text(&value)?)),
            ParamLocation::Header => bail!("header parameter `{}` is not replayed yet", p.wire_name),
        }
        let name = ident(&p.rust_name);
        if p.required {
            args.push(argument(&p.ty, &value, true)?);
        } else {
            let value = argument(&p.ty, &value, false)?;
            options.push(quote!(#name: Some(#value)));
        }
    }
    let mut request_body = None;
    if let Some(body) = &op.body {
        let wire = ctx.body_name.unwrap_or(&body.rust_name);
        match params.remove(wire) {
            Some(value) => {
                let ty = type_tokens(&body.ty, &quote!(models::));
                let json = Literal::string(&pretty(&value));
                let expr = quote!(serde_json::from_str::<#ty>(#json).expect("the example's body decodes"));
                let name = ident(&body.rust_name);
                if body.required {
                    args.push(expr);
                } else {
                    options.push(quote!(#name: Some(#expr)));
                }
                let mut sent = value.clone();
                let mut removed = Vec::new();
                strip_read_only(&mut sent, &body.ty, ctx.types, "", &mut removed);
                if !removed.is_empty() {
                    notes.push(format!(
                        "Read-only properties the client does not send: {}.",
                        removed.join(", ")
                    ));
                }
                request_body = Some(pretty(&sent));
            }
            None if body.required => bail!("no value for the body parameter `{wire}`"),
            None => {}
        }
    }
    if !params.is_empty() {
        let names: Vec<&String> = params.keys().collect();
        bail!("parameters the operation does not declare: {names:?} (add a correction?)");
    }

    // The request path as sent: every value percent-encoded as one segment.
    let mut path = String::new();
    for piece in &op.path_pieces {
        match piece {
            PathPiece::Literal(text) => path.push_str(text),
            PathPiece::Param(i) => match path_values.get(i) {
                Some(value) => path.push_str(&encode_segment(value)),
                None => bail!("no value for path parameter `{}`", op.params[*i].wire_name),
            },
            PathPiece::ClientParam(i) => path.push_str(&encode_segment(&client_values[*i])),
            PathPiece::GraphKey(_) => bail!("Graph keys are not replayed from Azure examples"),
        }
    }

    let exchange = exchange(file, op, &responses, &path, &query, request_body.as_deref(), &mut notes)?;

    // The call.
    let module: Vec<_> = ctx.api.service.module.iter().map(|m| ident(m)).collect();
    let resource = ident(ctx.resource);
    let method = ident(&match op.kind {
        OperationKind::LongRunning(_) => format!("begin_{}", op.method_name),
        _ => op.method_name.clone(),
    });
    let options_ty = ident(&op.options_name);
    let options = if options.is_empty() {
        quote!(None)
    } else {
        quote!(Some(session_clients::#(#module)::*::#options_ty { #(#options,)* ..Default::default() }))
    };
    let call = quote!(client.#resource().#method(#(#args,)* #options));
    let finish = match (&op.kind, &op.response) {
        (OperationKind::Plain, ResponseBody::Json(_)) => quote!(replay.finish_model(#call.await).await;),
        (OperationKind::Plain, ResponseBody::None) => quote!(replay.finish_empty(#call.await).await;),
        (OperationKind::Plain, ResponseBody::Bytes | ResponseBody::Stream | ResponseBody::Text(_)) => {
            bail!("byte and text responses are not replayed yet")
        }
        (OperationKind::Pageable(_) | OperationKind::LongRunningPageable(..), _) => {
            quote!(replay.finish_pager(#call, session_clients::runtime::PageResponse::into_model).await;)
        }
        (OperationKind::LongRunning(_), _) => quote! {
            let done = match #call {
                Ok(poller) => poller.await,
                Err(e) => Err(e),
            };
            replay.finish_model(done).await;
        },
    };
    let test_name = format_ident!("{}", sanitize(file.trim_end_matches(".json"), Case::Snake));
    let mut doc = format!(
        " `{file}`: `{}` ({} `{}`) through `{}().{}`.",
        op.operation_id,
        op.http_method.as_str(),
        op.path,
        ctx.resource,
        method
    );
    for note in notes {
        doc.push_str("\n\n ");
        doc.push_str(&note);
    }
    Ok(quote! {
        #[doc = #doc]
        #[tokio::test]
        async fn #test_name() {
            let replay = Replay::start(#exchange).await;
            let client = client(&replay, #(#client_args),*);
            #finish
        }
    })
}

/// The scripted exchange of one example: what the client must send and what the server answers.
fn exchange(
    file: &str,
    op: &Operation,
    responses: &Map<String, Value>,
    path: &str,
    query: &[(String, String)],
    request_body: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<TokenStream> {
    let body_of = |code: &str| responses.get(code).and_then(|r| r.get("body")).map(pretty);
    let method = op.http_method.as_str();
    let query_tokens: Vec<TokenStream> = query.iter().map(|(k, v)| quote!((#k, #v))).collect();
    let first = quote!(Expected { method: #method, path: #path, query: &[#(#query_tokens),*] });
    let mut requests = vec![first];
    let success: Vec<&String> = responses
        .keys()
        .filter(|c| c.starts_with('2') && op.success_codes.iter().any(|s| s.to_string() == **c))
        .collect();
    let returns_model = matches!(op.response, ResponseBody::Json(_));
    let opt = |s: Option<String>| match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    };
    let (initial, last, result) = match &op.kind {
        OperationKind::Plain | OperationKind::Pageable(_) => {
            let code = if responses.contains_key("200") {
                "200".to_owned()
            } else {
                match success.first() {
                    Some(c) => (*c).clone(),
                    None => bail!("no success response"),
                }
            };
            let status: u16 = code.parse().context("status code")?;
            let body = if returns_model { body_of(&code) } else { None };
            if returns_model && body.is_none() {
                bail!("response {code} has no body although the operation returns a model");
            }
            let next_link = responses
                .get(&code)
                .and_then(|r| r.pointer("/body/nextLink"))
                .is_some_and(|l| !l.is_null());
            if matches!(op.kind, OperationKind::Pageable(_)) && next_link {
                bail!("the example's page has a nextLink (an upstream URL the replay must not follow)");
            }
            let reply_body = opt(body.clone());
            let reply = quote!(Reply { status: #status, headers: &[], body: #reply_body });
            (reply, quote!(None), opt(body))
        }
        OperationKind::LongRunning(state) | OperationKind::LongRunningPageable(state, _) => {
            let initial_code = ["202", "201"].into_iter().find(|c| responses.contains_key(*c));
            let status: u16 = initial_code.unwrap_or("202").parse().context("status code")?;
            if initial_code.is_none() {
                notes.push("The example has no 201/202: the initial response is a 202 without body.".into());
            }
            let example_headers = initial_code
                .and_then(|c| responses.get(c))
                .and_then(|r| r.get("headers"))
                .and_then(Value::as_object);
            let mut headers: BTreeSet<&str> = BTreeSet::new();
            for name in example_headers.into_iter().flat_map(|h| h.keys()) {
                match name.to_ascii_lowercase().as_str() {
                    "azure-asyncoperation" => headers.insert("azure-asyncoperation"),
                    "location" => headers.insert("location"),
                    other => bail!("initial response header `{other}` is not replayed yet"),
                };
            }
            let needed = match state {
                FinalState::AzureAsyncOperation => "azure-asyncoperation",
                FinalState::Location => "location",
                other => bail!("final-state-via {} is not replayed yet", other.as_str()),
            };
            if headers.insert(needed) {
                notes.push(format!(
                    "The example's initial response has no `{needed}` header; the server adds one (ARM always sends it)."
                ));
            }
            let header_tokens: Vec<TokenStream> = headers
                .iter()
                .map(|h| {
                    let value = match *h {
                        "azure-asyncoperation" => "{mock}/replay/azure-asyncoperation",
                        _ => "{mock}/replay/location",
                    };
                    quote!((#h, #value))
                })
                .collect();
            let initial_body = opt(initial_code.and_then(body_of));
            let initial = quote!(Reply { status: #status, headers: &[#(#header_tokens),*], body: #initial_body });
            let (last_status, last_body): (u16, Option<String>) = if responses.contains_key("200") {
                (200, body_of("200"))
            } else {
                (204, None)
            };
            let pageable = matches!(op.kind, OperationKind::LongRunningPageable(..));
            let result = if returns_model || pageable {
                if last_body.is_none() {
                    bail!("no final 200 body although the operation returns a model");
                }
                last_body.clone()
            } else {
                None
            };
            let last_body = opt(last_body);
            let last = quote!(Some(Reply { status: #last_status, headers: &[], body: #last_body }));
            // The polls the runtime makes (generator/runtime/lro.rs): the status monitor first,
            // else the location; then PUT/PATCH fetch the original URI, a POST polled through a
            // status monitor fetches its Location.
            let original = quote!(Expected { method: "GET", path: #path, query: &[#(#query_tokens),*] });
            let put_or_patch = matches!(op.http_method, HttpMethod::Put | HttpMethod::Patch);
            if headers.contains("azure-asyncoperation") {
                requests.push(quote!(Expected {
                    method: "GET",
                    path: "/replay/azure-asyncoperation",
                    query: &[]
                }));
                if put_or_patch {
                    requests.push(original);
                } else if op.http_method == HttpMethod::Post && headers.contains("location") {
                    requests.push(quote!(Expected {
                        method: "GET",
                        path: "/replay/location",
                        query: &[]
                    }));
                }
            } else {
                requests.push(quote!(Expected {
                    method: "GET",
                    path: "/replay/location",
                    query: &[]
                }));
                if put_or_patch {
                    requests.push(original);
                }
            }
            (initial, last, opt(result))
        }
    };
    let request_body = opt(request_body.map(str::to_owned));
    Ok(quote! {
        Exchange {
            example: #file,
            requests: &[#(#requests),*],
            request_body: #request_body,
            initial: #initial,
            last: #last,
            result: #result,
        }
    })
}

/// The literal argument for a parameter value of type `ty` (`by_ref`: as the method takes a
/// required parameter, strings as `&str` and lists as slices).
fn argument(ty: &TypeRef, value: &Value, by_ref: bool) -> Result<TokenStream> {
    Ok(match (ty, value) {
        (TypeRef::String, Value::String(s)) if by_ref => quote!(#s),
        (TypeRef::String, Value::String(s)) => quote!(#s.to_owned()),
        (TypeRef::Bool, Value::Bool(b)) => quote!(#b),
        (TypeRef::I32, Value::Number(n)) => {
            Literal::i32_suffixed(n.as_i64().context("i32")?.try_into()?).into_token_stream()
        }
        (TypeRef::I64, Value::Number(n)) => Literal::i64_suffixed(n.as_i64().context("i64")?).into_token_stream(),
        (TypeRef::F32 | TypeRef::F64, Value::Number(n)) => {
            Literal::f64_unsuffixed(n.as_f64().context("f64")?).into_token_stream()
        }
        (other, value) => {
            let ty = type_tokens(other, &quote!(models::));
            let json = Literal::string(&value.to_string());
            let expr = quote!(serde_json::from_str::<#ty>(#json).expect("the example's value decodes"));
            match other {
                TypeRef::Vec(_) if by_ref => quote!(&#expr),
                _ => expr,
            }
        }
    })
}

/// A parameter value as sent in a path or query: strings as they are, numbers and booleans as
/// JSON writes them.
fn scalar_text(value: &Value) -> Result<String> {
    Ok(match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => bail!("not a scalar: {other}"),
    })
}

/// Percent-encodes everything outside RFC 3986 unreserved characters (the runtime's rule for a
/// path segment, restated here so the replay checks it independently).
pub fn encode_segment(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn pretty(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Removes the read-only properties the client leaves out of request bodies, recording their
/// JSON pointers.
fn strip_read_only(
    value: &mut Value,
    ty: &TypeRef,
    types: &HashMap<&str, &TypeDef>,
    at: &str,
    removed: &mut Vec<String>,
) {
    match (ty, value) {
        (TypeRef::Vec(inner), Value::Array(items)) => {
            for (i, item) in items.iter_mut().enumerate() {
                strip_read_only(item, inner, types, &format!("{at}/{i}"), removed);
            }
        }
        (TypeRef::Map(inner), Value::Object(map)) => {
            for (k, v) in map.iter_mut() {
                strip_read_only(v, inner, types, &format!("{at}/{k}"), removed);
            }
        }
        (TypeRef::Named(name), value) => {
            let Some(def) = types.get(name.as_str()) else { return };
            match (&def.kind, value) {
                (TypeKind::Struct(s), Value::Object(map)) => {
                    for field in &s.fields {
                        let path = format!("{at}/{}", field.wire_name);
                        if field.read_only {
                            if map.remove(&field.wire_name).is_some() {
                                removed.push(format!("`{path}`"));
                            }
                        } else if let Some(v) = map.get_mut(&field.wire_name) {
                            strip_read_only(v, &field.ty, types, &path, removed);
                        }
                    }
                    if let Some(additional) = &s.additional {
                        let known: BTreeSet<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
                        for (k, v) in map.iter_mut().filter(|(k, _)| !known.contains(k.as_str())) {
                            strip_read_only(v, additional, types, &format!("{at}/{k}"), removed);
                        }
                    }
                }
                (TypeKind::Union(u), value @ Value::Object(_)) => {
                    let tag = value.get(&u.tag).and_then(Value::as_str).map(str::to_owned);
                    if let Some(variant) = u.variants.iter().find(|v| Some(&v.wire) == tag.as_ref()) {
                        let ty = TypeRef::Named(variant.ty.clone());
                        strip_read_only(value, &ty, types, at, removed);
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

fn render_file(
    service: &ServiceConfig,
    api: &Api,
    tests: &[ExampleTest],
    dirs: &BTreeMap<PathBuf, Dir>,
) -> Result<String> {
    let module: Vec<_> = api.service.module.iter().map(|m| ident(m)).collect();
    let client = ident(&api.service.client);
    let client_options = ident(&api.service.options);
    let client_params: Vec<_> = api.client_params.iter().map(|p| ident(&p.rust_name)).collect();
    let mut counts = Vec::new();
    let mut missing_doc = String::new();
    for (dir, d) in dirs {
        let dir_text = format!("specs/{}", dir.display());
        let names: Vec<&String> = d.replayed.iter().collect();
        let excluded: Vec<TokenStream> = EXCLUSIONS
            .iter()
            .filter(|(file, _)| names.iter().all(|n| n != file))
            .map(|(file, why)| quote!((#file, #why)))
            .collect();
        counts.push(quote! {
            check_counts(#dir_text, &[#(#names),*], &[#(#excluded),*]);
        });
        for m in &d.missing {
            missing_doc.push_str(&format!(
                "\n - `{m}` is referenced by the spec but absent upstream (and so not vendored): nothing to replay."
            ));
        }
    }
    let tests_tokens = tests.iter().map(|t| &t.test);
    let mut seen = BTreeSet::new();
    for t in tests {
        if !seen.insert(&t.file) {
            bail!("example {} is referenced twice", t.file);
        }
    }
    let corrections: Vec<String> = CORRECTIONS
        .iter()
        .filter(|c| tests.iter().any(|t| t.file == c.example))
        .map(|c| format!("\n - `{}`: {}", c.example, c.reason))
        .collect();
    let doc = format!(
        " Example replay for `{}` (api-version {}): every `x-ms-examples` file of the vendored spec, \
         called through the generated client against a loopback HTTPS server.\n\n Corrections \
         (`tools/replay-gen/src/lib.rs`, `CORRECTIONS`):{}{}\n\n Exclusions: {}.",
        service.name,
        api.service.api_version.as_deref().unwrap_or("-"),
        if corrections.is_empty() {
            " none".to_owned()
        } else {
            corrections.concat()
        },
        missing_doc,
        if EXCLUSIONS.is_empty() {
            "none"
        } else {
            "see `EXCLUDED` below"
        },
    );
    let body = quote! {
        #[rustfmt::skip]
        mod replay {
            #![allow(unused_imports, clippy::all)]
            use session_clients::#(#module)::*::models;
            use workspace_tests::replay::{check_counts, Exchange, Expected, Replay, Reply};

            /// The client under test, pointed at the replay server.
            fn client(replay: &Replay, #(#client_params: &str),*) -> session_clients::#(#module)::*::#client {
                session_clients::#(#module)::*::#client::new(
                    #(#client_params,)*
                    replay.credential(),
                    Some(session_clients::#(#module)::*::#client_options {
                        endpoint: replay.endpoint(),
                        client_options: replay.client_options(),
                        ..Default::default()
                    }),
                )
                .expect("build the client")
            }

            #[test]
            fn examples_replayed_of_present() {
                #(#counts)*
            }

            #(#tests_tokens)*
        }
    };
    let file: syn::File = syn::parse2(body).context("the replay tests parse")?;
    let mut text = String::from(
        "// @generated by `cargo xtask generate` (tools/replay-gen) from the vendored examples. Do not edit.\n\n",
    );
    for line in doc.lines() {
        text.push_str(&format!("//!{line}\n"));
    }
    text.push('\n');
    text.push_str(&prettyplease::unparse(&file));
    Ok(text)
}

/// The replay files of a target (only the product has vendored examples), or none.
pub fn files_for(target: &Project, generated: &specgen::Generated) -> Result<Vec<ReplayFile>> {
    let manifest = Manifest::read(&target.manifest)?;
    if manifest.files.is_empty() {
        return Ok(Vec::new());
    }
    let services = specgen::api_versions::expand(&manifest.services).map_err(|d| anyhow::anyhow!("{d}"))?;
    let mut files = generate(&target.specs, &services, &generated.apis)?;
    files.push(prism::calls_file(&target.specs, &services, &generated.apis)?);
    Ok(files)
}

/// The workspace root of a target (the parent of its `specs/`).
fn root_of(target: &Project) -> PathBuf {
    target.specs.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Writes the replay tests of `target` (`cargo xtask generate`).
pub fn write(target: &Project, generated: &specgen::Generated) -> Result<()> {
    let root = root_of(target);
    for file in files_for(target, generated)? {
        let path = root.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        if std::fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
            std::fs::write(&path, &file.contents).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(())
}

/// Reports replay tests that are not what the generator makes (`cargo xtask check`).
pub fn check(target: &Project, generated: &specgen::Generated, report: &mut Report) -> Result<()> {
    let root = root_of(target);
    for file in files_for(target, generated)? {
        let current = std::fs::read_to_string(root.join(&file.path)).unwrap_or_default();
        if current != file.contents {
            let name = file.path.display().to_string();
            let diff = similar::TextDiff::from_lines(&current, &file.contents)
                .unified_diff()
                .context_radius(3)
                .header(&format!("{name} (committed)"), &format!("{name} (generator output)"))
                .to_string();
            let diff: String = diff.lines().take(200).map(|l| format!("{l}\n")).collect();
            report.problems.push(format!("{name} is stale:\n{diff}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(mut example: Value, fixes: &[Fix], expected: Value) {
        apply(&mut example, fixes).unwrap();
        assert_eq!(example, expected);
    }

    #[test]
    fn corrections_fix_what_they_say() {
        check(
            json!({"parameters": {}, "responses": {"200": {"name": "x"}, "204": {}}}),
            &[Fix::UnwrappedResponse { code: "200" }],
            json!({"parameters": {}, "responses": {"200": {}, "204": {}}}),
        );
        check(
            json!({"parameters": {"workspace": {"a": 1}}}),
            &[Fix::RenameParameter {
                from: "workspace",
                to: "scalingPlan",
            }],
            json!({"parameters": {"scalingPlan": {"a": 1}}}),
        );
        check(
            json!({"parameters": {"p": {"image": 1}}}),
            &[Fix::WrapInProperties { parameter: "p" }],
            json!({"parameters": {"p": {"properties": {"image": 1}}}}),
        );
        check(
            json!({"parameters": {"pageSize": 10, "x": 1}}),
            &[Fix::DropParameters { names: &["pageSize"] }],
            json!({"parameters": {"x": 1}}),
        );
        check(
            json!({"parameters": {"sku": {"name": "Standard"}, "zones": [], "parameters": {"location": "w"}}}),
            &[Fix::MoveIntoBody {
                names: &["sku", "zones"],
                body: "parameters",
            }],
            json!({"parameters": {"parameters": {"location": "w", "sku": {"name": "Standard"}, "zones": []}}}),
        );
        check(
            json!({"parameters": {"b": {"x": false, "y": 1}}}),
            &[Fix::RemoveMember {
                pointer: "/parameters/b/x",
            }],
            json!({"parameters": {"b": {"y": 1}}}),
        );
        check(
            json!({"parameters": {"sessionIds": ["a", "b"]}}),
            &[Fix::WrapArray {
                parameter: "sessionIds",
                field: "sessionIds",
            }],
            json!({"parameters": {"sessionIds": {"sessionIds": ["a", "b"]}}}),
        );
    }

    #[test]
    fn a_correction_fails_once_upstream_fixed_the_example() {
        let cases: [(Value, Fix); 7] = [
            (
                json!({"parameters": {"b": {}}}),
                Fix::RemoveMember {
                    pointer: "/parameters/b/x",
                },
            ),
            (
                json!({"parameters": {}, "responses": {"200": {"body": {}}}}),
                Fix::UnwrappedResponse { code: "200" },
            ),
            (
                json!({"parameters": {"scalingPlan": {}}}),
                Fix::RenameParameter {
                    from: "workspace",
                    to: "scalingPlan",
                },
            ),
            (
                json!({"parameters": {"p": {"properties": {}}}}),
                Fix::WrapInProperties { parameter: "p" },
            ),
            (json!({"parameters": {}}), Fix::DropParameters { names: &["pageSize"] }),
            (
                json!({"parameters": {"parameters": {"sku": 1}}}),
                Fix::MoveIntoBody {
                    names: &["sku"],
                    body: "parameters",
                },
            ),
            (
                json!({"parameters": {"sessionIds": {"sessionIds": []}}}),
                Fix::WrapArray {
                    parameter: "sessionIds",
                    field: "sessionIds",
                },
            ),
        ];
        for (mut example, fix) in cases {
            assert!(apply(&mut example, &[fix]).is_err(), "{fix:?}");
        }
    }

    #[test]
    fn every_correction_names_a_distinct_example() {
        let mut seen = BTreeSet::new();
        for c in CORRECTIONS {
            assert!(seen.insert(c.example), "{} listed twice", c.example);
            assert!(!c.fixes.is_empty() && !c.reason.is_empty());
        }
    }

    #[test]
    fn segments_are_encoded_like_the_runtime_does() {
        let cases = [
            ("rg1", "rg1"),
            ("a/b", "a%2Fb"),
            ("x y", "x%20y"),
            ("host1.contoso.com", "host1.contoso.com"),
        ];
        for (value, expected) in cases {
            assert_eq!(encode_segment(value), expected);
        }
    }
}
