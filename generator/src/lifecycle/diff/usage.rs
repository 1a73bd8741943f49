//! Which component schemas each direction reaches: a schema sent in a parameter or request body
//! is a request schema, one received in a response is a response schema; many are both.

use std::collections::BTreeMap;

use serde_json::Value;

use super::change::Direction;
use super::doc::{Doc, schema_ref};
use super::operations::{METHODS, operation_parameters};

/// Component schema name → the directions it is used in.
pub fn directions(doc: &Doc) -> BTreeMap<String, Direction> {
    let mut out: BTreeMap<String, Direction> = BTreeMap::new();
    let Some(paths) = doc.root.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for item in paths.values() {
        let item = doc.resolve(item);
        for method in METHODS {
            let Some(op) = item.get(*method) else { continue };
            for p in operation_parameters(doc, item, op).values() {
                if let Some(schema) = p.get("schema") {
                    mark(doc, schema, Direction::REQUEST, &mut out);
                }
            }
            if let Some(body) = op.get("requestBody") {
                for media in media_schemas(doc.resolve(body)) {
                    mark(doc, media, Direction::REQUEST, &mut out);
                }
            }
            if let Some(responses) = op.get("responses").and_then(Value::as_object) {
                for response in responses.values() {
                    for media in media_schemas(doc.resolve(response)) {
                        mark(doc, media, Direction::RESPONSE, &mut out);
                    }
                }
            }
        }
    }
    out
}

/// The schemas of a request body's or response's media types.
pub fn media_schemas(node: &Value) -> impl Iterator<Item = &Value> {
    node.get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|c| c.values())
        .filter_map(|m| m.get("schema"))
}

/// Marks every component schema reachable from `schema` with `dir`.
fn mark(doc: &Doc, schema: &Value, dir: Direction, out: &mut BTreeMap<String, Direction>) {
    if let Some(name) = schema_ref(schema) {
        let seen = out.get(name).copied().unwrap_or_default();
        if seen.union(dir) == seen && out.contains_key(name) {
            return;
        }
        out.insert(name.to_string(), seen.union(dir));
        if let Some(target) = doc.schemas().and_then(|s| s.get(name)) {
            mark(doc, target, dir, out);
        }
        return;
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = schema.get(key).filter(|c| c.is_object()) {
            mark(doc, child, dir, out);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for child in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            mark(doc, child, dir, out);
        }
    }
    for child in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
    {
        mark(doc, child, dir, out);
    }
}
