//! Stage 3, model: the normalized document and the service's manifest entry become the IR
//! ([`ir::Api`]). This is the only stage that decides names, types, resources, paging and
//! long-running behaviour.

pub mod context;
mod defaults;
mod duplicates;
pub mod ir;
pub mod naming;
mod navigation;
mod operations;
mod recursion;
pub mod schema_view;
pub mod select;
mod types;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::config::{Flavor, ServiceConfig};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::SourceMap;
use context::{Context, escape};
use ir::{Api, HttpMethod, Operation, Resource, ServiceMeta};
use naming::{Case, Scope, pascal_suffix, sanitize};
use operations::{Builder, Found};
use select::{Selector, alias_path, transform_path};
use types::Types;

/// The IR of one service and the warnings met while building it.
pub struct Modeled {
    pub api: Api,
    pub warnings: Vec<Diagnostic>,
}

pub fn build(doc: &OpenAPI, source_map: &SourceMap, config: &ServiceConfig) -> Result<Modeled, Diagnostics> {
    let mut ctx = Context::new(doc, source_map);
    let selector = Selector::new(&config.include, &config.exclude).map_err(Diagnostics::from)?;
    let mut found = find_operations(&mut ctx, config, &selector);
    duplicates::rename(&mut ctx, &mut found);

    let mut types = Types::new(&ctx, config.flavor == Flavor::Graph);
    for (schema, wanted, given) in types.renamed_components() {
        ctx.warn(
            &format!("/components/schemas/{}", escape(schema)),
            format!("schema `{schema}` would be the Rust type `{wanted}`, a name generated code imports; it is named `{given}`"),
        );
    }
    types.navigation = navigation::Navigation::new(&config.expand, config.flavor == Flavor::Graph);
    let client = types.claim(config.client.clone());
    let options = types.claim(format!("{}Options", config.client));
    let mut client_params = Vec::new();
    let mut builder = Builder {
        flavor: config.flavor,
        types: &mut types,
        client_params: &mut client_params,
        ignore_deprecated: config.transforms.ignore_deprecated,
        api_version: config
            .api_version
            .clone()
            .or_else(|| (config.flavor == Flavor::Arm).then(|| doc.info.version.clone())),
    };

    let mut resources: BTreeMap<String, (Scope, Vec<Operation>)> = BTreeMap::new();
    let mut resource_types: BTreeMap<String, String> = BTreeMap::new();
    for f in &found {
        let (resource, method) = place(config, f);
        let resource = match naming::SERVICE_MODULES.contains(&resource.as_str()) {
            true => {
                let renamed = format!("{resource}_operations");
                ctx.warn(
                    &f.pointer,
                    format!(
                        "resource `{resource}` would be a module the service module has itself; it is named `{renamed}`"
                    ),
                );
                renamed
            }
            false => resource,
        };
        let resource_type = match resource_types.get(&resource) {
            Some(known) => known.clone(),
            None => {
                let wanted = sanitize(&resource, Case::Pascal);
                let given = builder.types.claim(wanted.clone());
                if naming::GENERATED_TYPE_NAMES.contains(&wanted.as_str()) {
                    ctx.warn(
                        &f.pointer,
                        format!("resource type `{wanted}` is a name generated code imports; it is named `{given}`"),
                    );
                }
                resource_types.insert(resource.clone(), given.clone());
                given
            }
        };
        let (scope, ops) = resources
            .entry(resource.clone())
            .or_insert_with(|| (Scope::new(), Vec::new()));
        let method_name = scope.claim(method);
        let type_hint = format!("{resource_type}{}", pascal_suffix(&method_name));
        let wanted_options = format!("{type_hint}Options");
        let options_name = builder.types.claim(wanted_options.clone());
        if options_name != wanted_options {
            ctx.warn(
                &f.pointer,
                format!("the options struct `{wanted_options}` clashes with a type of the same name; it is named `{options_name}`"),
            );
        }
        let built = builder.build(&mut ctx, f, &type_hint);
        ops.push(Operation {
            operation_id: f.operation_id.clone(),
            method_name,
            options_name,
            http_method: built.http_method,
            path: f.path.clone(),
            path_pieces: built.path_pieces,
            params: built.params,
            body: built.body,
            response: built.response,
            success_codes: built.success_codes,
            kind: built.kind,
            error_type: built.error_type,
            doc: built.doc,
            api_version: built.api_version,
            api_version_override: built.api_version_override,
        });
    }

    for name in types.navigation.unused() {
        let location = ctx.source_map.locate("/components/schemas");
        ctx.diagnostics.push(
            Diagnostic::error(format!(
                "expand `{name}` of service `{}` names no navigation property of the models its operations use",
                config.name
            ))
            .at(location)
            .hint("`expand` lists wire names of navigation properties (`manager`), or `*` for all"),
        );
    }
    if ctx.diagnostics.has_errors() {
        return Err(ctx.diagnostics);
    }
    let resources = resources
        .into_iter()
        .map(|(name, (_, operations))| Resource {
            type_name: resource_types[&name].clone(),
            name,
            operations,
        })
        .collect();
    let info = &doc.info;
    let server_url = server_url(doc, &mut ctx);
    let api = Api {
        service: ServiceMeta {
            module: config.module.split("::").map(str::to_string).collect(),
            feature: config.feature.clone(),
            client,
            options,
            flavor: config.flavor,
            api_version: config
                .api_version
                .clone()
                .or_else(|| (config.flavor == Flavor::Arm).then(|| info.version.clone())),
            title: info.title.clone(),
            description: info.description.clone(),
            server_url,
            scopes: oauth_scopes(doc),
            docs_url: config.docs_url.clone(),
            version_group: config.version_group.clone(),
        },
        client_params,
        resources,
        types: types.finish(),
    };
    Ok(Modeled {
        api,
        warnings: ctx.diagnostics.0,
    })
}

/// All operations the selection keeps, in document order, aliases right after their original.
fn find_operations<'a>(ctx: &mut Context<'a>, config: &ServiceConfig, selector: &Selector) -> Vec<Found<'a>> {
    let mut found = Vec::new();
    let mut used = vec![false; selector.include_count()];
    let doc = ctx.doc;
    for (wire_path, item) in doc.paths.paths.iter() {
        let path_pointer = format!("/paths/{}", escape(wire_path));
        let ReferenceOr::Item(item) = item else {
            ctx.warn(
                &path_pointer,
                "path item references are not supported; the path is skipped",
            );
            continue;
        };
        let path = transform_path(wire_path, &config.transforms);
        for (method_name, op) in item.iter() {
            let Some(method) = http_method(method_name) else {
                ctx.warn(
                    &format!("{path_pointer}/{method_name}"),
                    format!("HTTP method {method_name} is not supported by azure_core; skipped"),
                );
                continue;
            };
            let pointer = format!("{path_pointer}/{method_name}");
            let operation_id = op.operation_id.clone().unwrap_or_else(|| {
                let synthesized = sanitize(&format!("{method_name} {path}"), Case::Pascal);
                ctx.warn(&pointer, format!("operation has no operationId; named `{synthesized}`"));
                synthesized
            });
            let Some(hits) = selector.matches(&path, method_name, &operation_id) else {
                continue;
            };
            for hit in hits {
                used[hit] = true;
            }
            found.push(Found {
                pointer: pointer.clone(),
                method,
                path: path.clone(),
                item,
                op,
                operation_id: operation_id.clone(),
                dropped_param: None,
                alias_resource: None,
                note: None,
                method_suffix: None,
            });
            for alias in &config.transforms.alias {
                let Some(aliased) = alias_path(&path, alias) else {
                    continue;
                };
                let alias_selector = Selector::new(&alias.include, &[]);
                if !alias_selector.is_ok_and(|s| s.matches(&path, method_name, &operation_id).is_some()) {
                    continue;
                }
                let dropped = alias
                    .from
                    .rsplit('{')
                    .next()
                    .and_then(|p| p.strip_suffix('}'))
                    .map(str::to_string);
                found.push(Found {
                    pointer: pointer.clone(),
                    method,
                    path: aliased,
                    item,
                    op,
                    operation_id: operation_id.clone(),
                    dropped_param: dropped,
                    alias_resource: Some(alias.resource.clone()),
                    note: Some(format!(
                        "Reached through `{}` (manifest alias of `{}`).",
                        alias.to, alias.from
                    )),
                    method_suffix: None,
                });
            }
        }
    }
    for pattern in selector.unused(&used) {
        // Name the paths the glob was matched against, so the error says where to look.
        let entries: Vec<String> = config.entry.iter().map(|e| format!("`{}`", e.display())).collect();
        let location = ctx.source_map.locate("/paths");
        ctx.diagnostics.push(
            Diagnostic::error(format!(
                "include glob `{pattern}` of service `{}` selects no operation of {}",
                config.name,
                entries.join(", ")
            ))
            .at(location)
            .hint("globs match `PATH#METHOD` after path transforms (`*` is one segment) or an operationId"),
        );
    }
    found
}

/// Resource and method of an operation: manifest override, else `Resource_Method`.
fn place(config: &ServiceConfig, f: &Found<'_>) -> (String, String) {
    let (default_resource, default_method) = match f.operation_id.split_once('_') {
        Some((prefix, rest)) => {
            let resource = config
                .resources
                .get(prefix)
                .cloned()
                .unwrap_or_else(|| sanitize(prefix, Case::Snake));
            (resource, sanitize(rest, Case::Snake))
        }
        None => {
            let tag =
                f.op.tags
                    .first()
                    .map(|t| sanitize(t, Case::Snake))
                    .unwrap_or_else(|| "operations".to_string());
            (tag, sanitize(&f.operation_id, Case::Snake))
        }
    };
    let (resource, method) = match config.operations.get(&f.operation_id) {
        Some(target) => match target.split_once('.') {
            Some((r, m)) => (sanitize(r, Case::Snake), sanitize(m, Case::Snake)),
            None => (sanitize(target, Case::Snake), default_method),
        },
        None => (default_resource, default_method),
    };
    let method = match &f.method_suffix {
        Some(suffix) => format!("{method}_{suffix}"),
        None => method,
    };
    match &f.alias_resource {
        Some(alias) => (sanitize(alias, Case::Snake), method),
        None => (resource, method),
    }
}

fn http_method(name: &str) -> Option<HttpMethod> {
    Some(match name {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "patch" => HttpMethod::Patch,
        "delete" => HttpMethod::Delete,
        "head" => HttpMethod::Head,
        _ => return None,
    })
}

fn oauth_scopes(doc: &OpenAPI) -> Vec<String> {
    let mut scopes = Vec::new();
    if let Some(components) = &doc.components {
        for scheme in components.security_schemes.values() {
            if let ReferenceOr::Item(openapiv3::SecurityScheme::OAuth2 { flows, .. }) = scheme {
                for flow in [
                    &flows.implicit.as_ref().map(|f| &f.scopes),
                    &flows.authorization_code.as_ref().map(|f| &f.scopes),
                    &flows.client_credentials.as_ref().map(|f| &f.scopes),
                    &flows.password.as_ref().map(|f| &f.scopes),
                ]
                .into_iter()
                .flatten()
                {
                    scopes.extend(flow.keys().cloned());
                }
            }
        }
    }
    scopes.sort();
    scopes.dedup();
    scopes
}

/// The default endpoint: the first server, its `{variables}` replaced by their defaults. A
/// relative URL (resolved against wherever the document was served) has no default.
fn server_url(doc: &openapiv3::OpenAPI, ctx: &mut Context<'_>) -> Option<String> {
    let server = doc.servers.first()?;
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    if url.contains("://") {
        Some(url)
    } else {
        ctx.warn(
            "/servers/0/url",
            format!("server URL `{url}` is not absolute; the client's `endpoint` option must be set"),
        );
        None
    }
}
