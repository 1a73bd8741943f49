//! Operations: matched by method and path template (parameter names ignored, ARM paths compared
//! case-insensitively), then compared: operationId, paging, long-running behaviour, response
//! codes, request body, docs and examples. Parameters are in `parameters.rs`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::change::{Changes, Direction, Impact};
use super::doc::{Doc, str_of};
use super::parameters;
use super::schemas::{SchemaDiff, quoted, show};
use super::usage::media_schemas;

pub const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/// One operation of a document.
pub struct Op<'a> {
    pub method: &'static str,
    pub path: &'a str,
    pub item: &'a Value,
    pub op: &'a Value,
}

impl Op<'_> {
    pub fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }
}

/// `PUT /a/{x}/b` → `put /a/{}/b` (lower case): how operations are matched across versions.
pub fn key(method: &str, path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    format!("{method} {out}")
}

pub fn operations(doc: &Doc) -> BTreeMap<String, Op<'_>> {
    let mut out = BTreeMap::new();
    for (path, item) in doc.root.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let item = doc.resolve(item);
        for method in METHODS {
            if let Some(op) = item.get(*method) {
                out.insert(key(method, path), Op { method, path, item, op });
            }
        }
    }
    out
}

/// Path-level and operation-level parameters, resolved, keyed by `in` and name; operation-level
/// ones win.
pub fn operation_parameters<'a>(doc: &'a Doc, item: &'a Value, op: &'a Value) -> BTreeMap<String, &'a Value> {
    let mut out = BTreeMap::new();
    for list in [item.get("parameters"), op.get("parameters")] {
        for p in list.and_then(Value::as_array).into_iter().flatten() {
            let p = doc.resolve(p);
            let name = str_of(p, "name").unwrap_or_default();
            let location = str_of(p, "in").unwrap_or_default();
            out.insert(format!("{location} {name}"), p);
        }
    }
    out
}

pub fn compare_all(old: &Doc, new: &Doc, out: &mut Changes) {
    let (a, b) = (operations(old), operations(new));
    for (k, op) in &a {
        if !b.contains_key(k) {
            out.push(
                Impact::Breaking,
                "RemovedOperation",
                op.label(),
                format!("operation `{}` removed", str_of(op.op, "operationId").unwrap_or("?")),
            );
        }
    }
    for (k, op) in &b {
        match a.get(k) {
            None => out.push(
                Impact::NonBreaking,
                "AddedOperation",
                op.label(),
                format!("operation `{}` added", str_of(op.op, "operationId").unwrap_or("?")),
            ),
            Some(old_op) => compare(old, new, old_op, op, out),
        }
    }
}

fn compare(old: &Doc, new: &Doc, a: &Op, b: &Op, out: &mut Changes) {
    let loc = b.label();
    if a.path != b.path {
        out.push(
            Impact::NonBreaking,
            "PathSpellingChanged",
            &loc,
            format!("path was `{}`", a.path),
        );
    }
    let (ida, idb) = (str_of(a.op, "operationId"), str_of(b.op, "operationId"));
    if ida != idb {
        out.push(
            Impact::Breaking,
            "ModifiedOperationId",
            &loc,
            format!("operationId {} → {}", quoted(ida), quoted(idb)),
        );
    }
    for field in ["summary", "description"] {
        if str_of(a.op, field) != str_of(b.op, field) {
            out.push(
                Impact::Docs,
                "DescriptionChanged",
                &loc,
                format!(
                    "{field}: {} → {}",
                    quoted(str_of(a.op, field)),
                    quoted(str_of(b.op, field))
                ),
            );
        }
    }
    if a.op.get("deprecated") != b.op.get("deprecated") {
        out.push(
            Impact::NonBreaking,
            "DeprecatedChanged",
            &loc,
            format!(
                "deprecated {} → {}",
                show(a.op.get("deprecated")),
                show(b.op.get("deprecated"))
            ),
        );
    }
    paging_and_lro(a.op, b.op, &loc, out);
    parameters::compare(old, new, a, b, &loc, out);
    request_body(old, new, a.op, b.op, &loc, out);
    responses(old, new, a.op, b.op, &loc, out);
    examples(a.op, b.op, &loc, out);
}

fn paging_and_lro(a: &Value, b: &Value, loc: &str, out: &mut Changes) {
    let (pa, pb) = (a.get("x-ms-pageable"), b.get("x-ms-pageable"));
    if pa != pb {
        let message = match (pa, pb) {
            (None, Some(p)) => format!("now pageable ({p})"),
            (Some(_), None) => "no longer pageable".to_string(),
            _ => format!("paging {} → {}", show(pa), show(pb)),
        };
        out.push(Impact::Breaking, "XmsPageableChanged", loc, message);
    }
    let lro = |o: &Value| o.get("x-ms-long-running-operation").and_then(Value::as_bool) == Some(true);
    if lro(a) != lro(b) {
        out.push(
            Impact::Breaking,
            "XmsLongRunningOperationChanged",
            loc,
            format!("long-running {} → {}", lro(a), lro(b)),
        );
    }
    let (oa, ob) = (
        a.get("x-ms-long-running-operation-options"),
        b.get("x-ms-long-running-operation-options"),
    );
    if oa != ob {
        out.push(
            Impact::Breaking,
            "LroOptionsChanged",
            loc,
            format!("long-running options {} → {}", show(oa), show(ob)),
        );
    }
}

fn request_body(old: &Doc, new: &Doc, a: &Value, b: &Value, loc: &str, out: &mut Changes) {
    let (ba, bb) = (
        a.get("requestBody").map(|x| old.resolve(x)),
        b.get("requestBody").map(|x| new.resolve(x)),
    );
    let required = |x: &Value| x.get("required").and_then(Value::as_bool) == Some(true);
    let here = format!("{loc} request body");
    match (ba, bb) {
        (None, None) => {}
        (Some(_), None) => out.push(Impact::Breaking, "RemovedRequestBody", here, "request body removed"),
        (None, Some(x)) => out.push(
            Impact::breaking_if(required(x)),
            if required(x) {
                "AddingRequiredParameter"
            } else {
                "AddingOptionalParameter"
            },
            here,
            format!(
                "{} request body added",
                if required(x) { "required" } else { "optional" }
            ),
        ),
        (Some(x), Some(y)) => {
            if required(x) != required(y) {
                out.push(
                    Impact::breaking_if(required(y)),
                    "RequiredStatusChange",
                    &here,
                    format!("required {} → {}", required(x), required(y)),
                );
            }
            for (key, name) in [
                ("x-ms-requestBody-name", "name"),
                ("x-ms-requestBody-index", "position"),
            ] {
                if x.get(key).or(a.get(key)) != y.get(key).or(b.get(key)) {
                    out.push(
                        Impact::NonBreaking,
                        "RequestBodyRenamed",
                        &here,
                        format!(
                            "body parameter {name} {} → {}",
                            show(x.get(key).or(a.get(key))),
                            show(y.get(key).or(b.get(key)))
                        ),
                    );
                }
            }
            content(old, new, x, y, &here, Direction::REQUEST, out);
        }
    }
}

fn responses(old: &Doc, new: &Doc, a: &Value, b: &Value, loc: &str, out: &mut Changes) {
    let empty = serde_json::Map::new();
    let ra = a.get("responses").and_then(Value::as_object).unwrap_or(&empty);
    let rb = b.get("responses").and_then(Value::as_object).unwrap_or(&empty);
    for code in ra.keys().filter(|c| !rb.contains_key(*c)) {
        out.push(
            Impact::Breaking,
            "RemovedResponseCode",
            loc,
            format!("response {code} removed"),
        );
    }
    for code in rb.keys().filter(|c| !ra.contains_key(*c)) {
        // openapi-diff treats a new status code as breaking: existing clients treat it as an error.
        out.push(
            Impact::Breaking,
            "AddingResponseCode",
            loc,
            format!("response {code} added"),
        );
    }
    for (code, x) in ra {
        if let Some(y) = rb.get(code) {
            let (x, y) = (old.resolve(x), new.resolve(y));
            let here = format!("{loc} response {code}");
            content(old, new, x, y, &here, Direction::RESPONSE, out);
            let headers = |r: &Value| -> BTreeSet<String> {
                r.get("headers")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k.to_lowercase())
                    .collect()
            };
            let (ha, hb) = (headers(x), headers(y));
            for h in ha.difference(&hb) {
                out.push(
                    Impact::Breaking,
                    "RemovingHeader",
                    &here,
                    format!("header `{h}` removed"),
                );
            }
            for h in hb.difference(&ha) {
                out.push(
                    Impact::NonBreaking,
                    "AddingHeader",
                    &here,
                    format!("header `{h}` added"),
                );
            }
        }
    }
}

/// Media types and their schemas of a request body or response.
fn content(old: &Doc, new: &Doc, x: &Value, y: &Value, loc: &str, dir: Direction, out: &mut Changes) {
    let types = |v: &Value| -> BTreeSet<String> {
        v.get("content")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k.clone())
            .collect()
    };
    let (ta, tb) = (types(x), types(y));
    if ta != tb {
        let removed: Vec<_> = ta.difference(&tb).cloned().collect();
        let added: Vec<_> = tb.difference(&ta).cloned().collect();
        out.push(
            Impact::breaking_if(!removed.is_empty()),
            "MediaTypeChanged",
            loc,
            format!(
                "media types: removed [{}], added [{}]",
                removed.join(", "),
                added.join(", ")
            ),
        );
    }
    let (sa, sb) = (media_schemas(x).next(), media_schemas(y).next());
    match (sa, sb) {
        (Some(sa), Some(sb)) => SchemaDiff { old, new, out }.schema(sa, sb, loc, dir),
        (Some(_), None) => out.push(Impact::Breaking, "RemovedBodySchema", loc, "body schema removed"),
        (None, Some(s)) => out.push(
            Impact::breaking_if(dir.request),
            "AddedBodySchema",
            loc,
            format!("body schema added (`{}`)", super::schemas::describe(s)),
        ),
        (None, None) => {}
    }
}

fn examples(a: &Value, b: &Value, loc: &str, out: &mut Changes) {
    let names = |o: &Value| -> BTreeSet<String> {
        o.get("x-ms-examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k.clone())
            .collect()
    };
    let (ea, eb) = (names(a), names(b));
    for e in ea.difference(&eb) {
        out.push(Impact::Docs, "ExampleRemoved", loc, format!("example {e:?} removed"));
    }
    for e in eb.difference(&ea) {
        out.push(Impact::Docs, "ExampleAdded", loc, format!("example {e:?} added"));
    }
}
