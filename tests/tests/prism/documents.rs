//! The document each Prism serves, written under `target/prism/`.
//!
//! - Swagger 2.0 (Azure): the vendored files themselves, copied with the same layout so their
//!   relative `$ref`s resolve, with `x-ms-examples` removed: Prism follows those `$ref`s too and
//!   refuses to start when one is missing upstream (`ScalingPlanPersonalSchedule_Delete.json`).
//!   Nothing else changes; Prism reads and resolves the upstream bytes itself.
//! - OpenAPI 3.0 (Graph): the slices are too big for Prism (Users.yml alone did not load in
//!   5 minutes), so Prism gets what the generated crate covers: the selected operations (the
//!   manifest's include/exclude globs) with every component they reach, bundled into one
//!   document by specgen's loader (the slices are self-contained, so bundling moves nothing),
//!   and the manifest's path transforms applied the way the generator applies them (namespace
//!   prefix stripped, `/me` aliases without the key parameter): Graph accepts both spellings
//!   and we send the documented one. Navigation properties are left out of the schemas the way
//!   the generator leaves them out of the structs (all but the manifest's `expand`; see
//!   generator/src/model/navigation.rs): with them `microsoft.graph.user` reaches ~550 schemas
//!   and Prism did not load even that selection in 4 minutes; without them the client cannot
//!   send those properties, and Prism still accepts them (schemas allow other properties).

use serde_json::{Map, Value};
use specgen::ServiceConfig;
use specgen::lifecycle::manifest::Manifest;
use specgen::model::select::{Selector, alias_path, transform_path};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Writes the document for `service` under `out` and returns its path.
pub fn prepare(root: &Path, out: &Path, manifest: &Manifest, service: &ServiceConfig) -> Result<PathBuf, String> {
    let swagger = service.entry.iter().all(|e| e.extension().is_some_and(|x| x == "json"));
    if swagger {
        let [entry] = service.entry.as_slice() else {
            return Err(format!("{}: one Swagger entry file expected", service.name));
        };
        copy_without_examples(root, out, manifest)?;
        return Ok(out.join("specs").join(entry));
    }
    let path = out.join(format!("{}.json", service.name));
    let document = selected_document(&root.join("specs"), service)?;
    let text = serde_json::to_string(&document).map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Every vendored JSON file except the examples, `x-ms-examples` removed, under `out/specs/`.
pub fn copy_without_examples(root: &Path, out: &Path, manifest: &Manifest) -> Result<(), String> {
    for file in &manifest.files {
        let rel = &file.path;
        if rel.extension().is_none_or(|x| x != "json") || rel.components().any(|c| c.as_os_str() == "examples") {
            continue;
        }
        let from = root.join("specs").join(rel);
        let to = out.join("specs").join(rel);
        let text = std::fs::read_to_string(&from).map_err(|e| format!("{}: {e}", from.display()))?;
        let mut document: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", from.display()))?;
        strip_examples(&mut document);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
        std::fs::write(&to, text).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    Ok(())
}

fn strip_examples(document: &mut Value) {
    for key in ["paths", "x-ms-paths"] {
        let Some(Value::Object(paths)) = document.get_mut(key) else {
            continue;
        };
        for item in paths.values_mut() {
            let Value::Object(item) = item else { continue };
            for op in item.values_mut() {
                if let Value::Object(op) = op {
                    op.remove("x-ms-examples");
                }
            }
        }
    }
}

/// The selected Graph operations and the components they reach, paths as the client sends them.
fn selected_document(specs: &Path, service: &ServiceConfig) -> Result<Value, String> {
    let entries: Vec<PathBuf> = service.entry.iter().map(|e| specs.join(e)).collect();
    let bundle = specgen::load::load(&entries).map_err(|e| e.to_string())?;
    let mut document = bundle.document;
    leave_out_navigation(&mut document, &service.expand);
    let selector = Selector::new(&service.include, &service.exclude).map_err(|e| e.to_string())?;
    let transforms = &service.transforms;
    let mut paths = Map::new();
    let Some(Value::Object(source)) = document.get("paths") else {
        return Err(format!("{}: no paths", service.name));
    };
    for (path, item) in source {
        let Value::Object(item) = item else { continue };
        let sent = transform_path(path, transforms);
        let mut kept = Map::new();
        for (key, value) in item {
            if METHODS.contains(&key.as_str()) {
                let id = value.get("operationId").and_then(Value::as_str).unwrap_or_default();
                if selector.matches(&sent, key, id).is_none() {
                    continue;
                }
            }
            kept.insert(key.clone(), value.clone());
        }
        if !kept.keys().any(|k| METHODS.contains(&k.as_str())) {
            continue;
        }
        for alias in &transforms.alias {
            let Some(aliased) = alias_path(&sent, alias) else {
                continue;
            };
            let only = Selector::new(&alias.include, &[]).map_err(|e| e.to_string())?;
            let key_params: BTreeSet<String> = alias
                .from
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .map(str::to_owned)
                .collect();
            let mut copy = Map::new();
            for (key, value) in &kept {
                if METHODS.contains(&key.as_str()) {
                    let id = value.get("operationId").and_then(Value::as_str).unwrap_or_default();
                    if only.matches(&sent, key, id).is_none() {
                        continue;
                    }
                }
                let mut value = value.clone();
                drop_key_parameters(&mut value, key == "parameters", &key_params, &document);
                copy.insert(key.clone(), value);
            }
            if copy.keys().any(|k| METHODS.contains(&k.as_str())) {
                paths.insert(aliased, Value::Object(copy));
            }
        }
        paths.insert(sent, Value::Object(kept));
    }
    let mut out = Map::new();
    for key in ["openapi", "info", "servers", "security"] {
        if let Some(value) = document.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    let paths = Value::Object(paths);
    let mut components: Map<String, Value> = Map::new();
    if let Some(schemes) = document.pointer("/components/securitySchemes") {
        components.insert("securitySchemes".into(), schemes.clone());
    }
    let mut pending: Vec<String> = Vec::new();
    refs(&paths, &mut pending);
    let mut seen = BTreeSet::new();
    while let Some(reference) = pending.pop() {
        if !seen.insert(reference.clone()) {
            continue;
        }
        let Some(pointer) = reference.strip_prefix('#') else {
            return Err(format!("{}: non-local $ref {reference} after bundling", service.name));
        };
        let Some(target) = document.pointer(pointer) else {
            return Err(format!("{}: unresolved $ref {reference}", service.name));
        };
        refs(target, &mut pending);
        let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
        let ["components", kind, name] = parts.as_slice() else {
            return Err(format!("{}: $ref {reference} is not a component", service.name));
        };
        let kind = components
            .entry((*kind).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(kind) = kind {
            kind.insert(name.replace("~1", "/").replace("~0", "~"), target.clone());
        }
    }
    out.insert("paths".into(), paths);
    out.insert("components".into(), Value::Object(components));
    Ok(Value::Object(out))
}

/// Removes the aliased-away key parameters (`user-id`) from an operation or a path item's
/// `parameters`.
fn drop_key_parameters(value: &mut Value, is_list: bool, names: &BTreeSet<String>, document: &Value) {
    let list = if is_list {
        Some(value)
    } else {
        value.get_mut("parameters")
    };
    let Some(Value::Array(params)) = list else { return };
    params.retain(|p| {
        let resolved = match p.get("$ref").and_then(Value::as_str) {
            Some(r) => r.strip_prefix('#').and_then(|ptr| document.pointer(ptr)).unwrap_or(p),
            None => p,
        };
        let is_path = resolved.get("in").and_then(Value::as_str) == Some("path");
        let name = resolved.get("name").and_then(Value::as_str).unwrap_or_default();
        !(is_path && names.contains(name))
    });
}

/// Every `$ref` string under `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

const SCHEMAS: &str = "#/components/schemas/";
const ENTITY: &str = "microsoft.graph.entity";

/// Removes every navigation property not named in `expand` from the component schemas: marked
/// `x-ms-navigationProperty`, or a single-valued reference to an entity type (a schema deriving
/// from `microsoft.graph.entity`), which the converter cannot mark.
fn leave_out_navigation(document: &mut Value, expand: &[String]) {
    if expand.iter().any(|e| e == "*") {
        return;
    }
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas") else {
        return;
    };
    let entities: BTreeSet<String> = schemas
        .keys()
        .filter(|name| derives_from_entity(schemas, name, 0))
        .cloned()
        .collect();
    let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") else {
        return;
    };
    for schema in schemas.values_mut() {
        let mut parts: Vec<&mut Value> = vec![schema];
        while let Some(part) = parts.pop() {
            if let Some(Value::Object(properties)) = part.get_mut("properties") {
                properties.retain(|name, p| expand.contains(name) || !is_navigation(p, &entities));
            }
            if let Some(Value::Array(all)) = part.get_mut("allOf") {
                parts.extend(all.iter_mut());
            }
        }
    }
}

fn derives_from_entity(schemas: &Map<String, Value>, name: &str, depth: usize) -> bool {
    if name == ENTITY {
        return true;
    }
    if depth > 32 {
        return false;
    }
    let Some(Value::Array(all)) = schemas.get(name).and_then(|s| s.get("allOf")) else {
        return false;
    };
    all.iter().any(|part| {
        part.get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix(SCHEMAS))
            .is_some_and(|parent| derives_from_entity(schemas, parent, depth + 1))
    })
}

fn is_navigation(property: &Value, entities: &BTreeSet<String>) -> bool {
    if property.get("x-ms-navigationProperty").and_then(Value::as_bool) == Some(true) {
        return true;
    }
    let to_entity = |v: &Value| {
        v.get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix(SCHEMAS))
            .is_some_and(|name| entities.contains(name))
    };
    to_entity(property)
        || ["anyOf", "oneOf", "allOf"].iter().any(|k| {
            property
                .get(*k)
                .and_then(Value::as_array)
                .is_some_and(|items| items.iter().any(to_entity))
        })
}
