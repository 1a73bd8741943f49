//! OpenAPI 3.1 → OpenAPI 3.0.3 (on `serde_json::Value`, before parsing, like Swagger 2.0), so the
//! model reads one language. Schemas (JSON Schema 2020-12 in 3.1):
//! - `type: [T, "null"]` → `type: T, nullable: true`; `type: "null"` → `nullable: true`;
//!   several non-null types → `anyOf` of one schema per type;
//! - `const: v` → `enum: [v]`; `examples: [a, …]` → `example: a`;
//! - numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true` (maximum alike);
//! - `contentEncoding: base64` → `format: byte`; `contentMediaType` of binary data without an
//!   encoding → `format: binary`;
//! - `prefixItems` (tuples) → `items` that is any of the listed schemas (and the `items` schema);
//! - `$ref` with siblings that matter → `allOf: [{$ref}]` + siblings (as for Swagger 2.0);
//! - boolean schemas: `true` → `{}`, `false` → `{not: {}}`.
//!
//! Document level: `webhooks` and `components/pathItems` are reported (path items that `paths`
//! references are inlined first), `mutualTLS` security schemes are reported and left out (a
//! client certificate is configured on the transport), a missing `paths` is empty.

use serde_json::{Map, Value, json};

use crate::diag::Diagnostic;
use crate::load::{SourceMap, pointer};

pub fn is_openapi31(document: &Value) -> bool {
    document
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1"))
}

pub fn lower(document: &mut Value, source_map: &mut SourceMap) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let Some(root) = document.as_object_mut() else {
        return Vec::new();
    };
    root.insert("openapi".into(), json!("3.0.3"));
    if let Some(Value::Object(hooks)) = root.remove("webhooks")
        && !hooks.is_empty()
    {
        let names: Vec<String> = hooks.keys().map(|k| format!("`{k}`")).collect();
        warnings.push(
            Diagnostic::warning(format!(
                "webhooks {} are not generated: they are requests the API sends, not operations a client calls",
                names.join(", ")
            ))
            .at(source_map.locate("/webhooks")),
        );
    }
    let path_items = root
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|c| c.remove("pathItems"));
    if let Some(Value::Object(items)) = &path_items {
        let mut inlined = Vec::new();
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for (path, item) in paths.iter_mut() {
                let Some(name) = item
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                    .map(|n| n.replace("~1", "/").replace("~0", "~"))
                else {
                    continue;
                };
                if let Some(target) = items.get(&name) {
                    *item = target.clone();
                    inlined.push((path.clone(), name));
                }
            }
        }
        let copy = source_map.clone();
        for (path, name) in &inlined {
            let from = format!("/components/pathItems/{}", pointer::escape(name));
            copy.graft_into(source_map, &from, &format!("/paths/{}", pointer::escape(path)));
        }
        let unused: Vec<String> = items
            .keys()
            .filter(|k| !inlined.iter().any(|(_, n)| n == *k))
            .map(|k| format!("`{k}`"))
            .collect();
        if !unused.is_empty() {
            warnings.push(
                Diagnostic::warning(format!(
                    "components/pathItems {} are not generated: no path refers to them",
                    unused.join(", ")
                ))
                .at(source_map.locate("/components/pathItems")),
            );
        }
    }
    if let Some(Value::Object(schemes)) = root.get_mut("components").and_then(|c| c.get_mut("securitySchemes")) {
        let mutual: Vec<String> = schemes
            .iter()
            .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(k, _)| k.clone())
            .collect();
        for name in mutual {
            schemes.shift_remove(&name);
            warnings.push(
                Diagnostic::warning(format!(
                    "security scheme `{name}` is mutualTLS: configure the client certificate on the HTTP transport"
                ))
                .at(source_map.locate(&format!("/components/securitySchemes/{}", pointer::escape(&name)))),
            );
        }
    }
    root.entry("paths").or_insert_with(|| json!({}));
    walk(document);
    warnings
}

/// Finds the schemas of the document: `components/schemas/*` and every `schema` member.
fn walk(value: &mut Value) {
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            items.iter_mut().for_each(walk);
        }
        return;
    };
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "schema" => lower_schema(child),
            "schemas" => {
                if let Value::Object(schemas) = child {
                    schemas.values_mut().for_each(lower_schema);
                }
            }
            // Example payloads may contain anything, `schema` keys included.
            "example" | "examples" => {}
            k if k.starts_with("x-") => {}
            _ => walk(child),
        }
    }
}

const SUBSCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
const SUBSCHEMAS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
];
const SUBSCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

pub fn lower_schema(schema: &mut Value) {
    match schema {
        Value::Bool(true) => *schema = json!({}),
        Value::Bool(false) => *schema = json!({"not": {}}),
        Value::Object(map) => {
            for key in SUBSCHEMA_MAPS {
                if let Some(Value::Object(children)) = map.get_mut(*key) {
                    children.values_mut().for_each(lower_schema);
                }
            }
            let tuple = map.contains_key("prefixItems");
            for key in SUBSCHEMAS {
                // `additionalProperties: false` keeps its 3.0 meaning; `items: false` after
                // `prefixItems` closes the tuple (read below).
                if let Some(child) = map.get_mut(*key)
                    && !((*key == "additionalProperties" || (*key == "items" && tuple)) && child.is_boolean())
                {
                    lower_schema(child);
                }
            }
            for key in SUBSCHEMA_LISTS {
                if let Some(Value::Array(children)) = map.get_mut(*key) {
                    children.iter_mut().for_each(lower_schema);
                }
            }
            lower_keywords(map);
            if map.contains_key("$ref") {
                let taken = std::mem::take(map);
                *schema = super::schema::wrap_ref_with_siblings(taken);
            }
        }
        _ => {}
    }
}

fn lower_keywords(map: &mut Map<String, Value>) {
    match map.get("type").cloned() {
        Some(Value::Array(types)) => {
            let nullable = types.iter().any(|t| t == "null");
            let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
            map.shift_remove("type");
            match others.as_slice() {
                [] => {}
                [one] => {
                    map.insert("type".into(), one.clone());
                }
                several => {
                    let alternatives: Vec<Value> = several.iter().map(|t| json!({ "type": t })).collect();
                    map.insert("anyOf".into(), Value::Array(alternatives));
                }
            }
            if nullable {
                map.insert("nullable".into(), json!(true));
            }
        }
        Some(Value::String(t)) if t == "null" => {
            map.shift_remove("type");
            map.insert("nullable".into(), json!(true));
        }
        _ => {}
    }
    if let Some(value) = map.shift_remove("const")
        && !map.contains_key("enum")
    {
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.shift_remove("examples")
        && !map.contains_key("example")
        && let Some(first) = examples.into_iter().next()
    {
        map.insert("example".into(), first);
    }
    for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(bound) = map.get(exclusive).filter(|b| b.is_number()).cloned() {
            map.insert(inclusive.into(), bound);
            map.insert(exclusive.into(), json!(true));
        }
    }
    let is_string = map.get("type").is_none_or(|t| t == "string");
    if is_string && !map.contains_key("format") {
        let encoding = map.get("contentEncoding").and_then(Value::as_str);
        let media = map.get("contentMediaType").and_then(Value::as_str);
        let format = match (encoding, media) {
            (Some("base64" | "base64url"), _) => Some("byte"),
            (None, Some(m)) if is_binary_media(m) => Some("binary"),
            _ => None,
        };
        if let Some(format) = format {
            map.insert("type".into(), json!("string"));
            map.insert("format".into(), json!(format));
        }
    }
    if let Some(Value::Array(tuple)) = map.shift_remove("prefixItems") {
        let closed = map.get("items") == Some(&Value::Bool(false));
        let mut alternatives: Vec<Value> = Vec::new();
        for schema in tuple.iter().chain(map.get("items").filter(|i| i.is_object())) {
            if !alternatives.contains(schema) {
                alternatives.push(schema.clone());
            }
        }
        let items = match alternatives.len() {
            0 => json!({}),
            1 => alternatives.remove(0),
            _ => json!({ "anyOf": alternatives }),
        };
        map.insert("items".into(), items);
        map.entry("type").or_insert_with(|| json!("array"));
        if closed {
            map.insert("maxItems".into(), json!(tuple.len()));
        }
        map.entry("minItems").or_insert_with(|| json!(tuple.len()));
    }
}

/// Media types whose bytes are not text.
fn is_binary_media(media: &str) -> bool {
    !(media.starts_with("text/")
        || media.ends_with("+json")
        || media.ends_with("/json")
        || media.ends_with("+xml")
        || media.ends_with("/xml"))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    fn check(input: Value, expected: Value) {
        let mut schema = input.clone();
        super::lower_schema(&mut schema);
        assert_eq!(schema, expected, "lowering {input}");
    }

    #[test]
    fn schema_keywords_are_lowered() {
        check(
            json!({"type": ["string", "null"]}),
            json!({"type": "string", "nullable": true}),
        );
        check(json!({"type": ["null"]}), json!({"nullable": true}));
        check(json!({"type": "null"}), json!({"nullable": true}));
        check(
            json!({"type": ["string", "integer"]}),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
        );
        check(json!({"const": "card"}), json!({"enum": ["card"]}));
        check(
            json!({"type": "integer", "examples": [3, 4]}),
            json!({"type": "integer", "example": 3}),
        );
        check(
            json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10}),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true}),
        );
        check(
            json!({"type": "string", "contentEncoding": "base64"}),
            json!({"type": "string", "format": "byte", "contentEncoding": "base64"}),
        );
        check(
            json!({"contentMediaType": "image/png"}),
            json!({"contentMediaType": "image/png", "type": "string", "format": "binary"}),
        );
        check(
            json!({"type": "string", "contentMediaType": "text/plain"}),
            json!({"type": "string", "contentMediaType": "text/plain"}),
        );
        check(
            json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "items": false}),
            json!({"type": "array", "items": {"type": "number"}, "maxItems": 2, "minItems": 2}),
        );
        check(
            json!({"prefixItems": [{"type": "string"}, {"type": "integer"}]}),
            json!({"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "type": "array", "minItems": 2}),
        );
        check(
            json!({"$ref": "#/components/schemas/A", "description": "d"}),
            json!({"$ref": "#/components/schemas/A", "description": "d"}),
        );
        check(
            json!({"$ref": "#/components/schemas/A", "readOnly": true}),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "readOnly": true}),
        );
        check(
            json!({"properties": {"a": {"type": ["array", "null"], "items": true}, "b": false}}),
            json!({"properties": {"a": {"type": "array", "nullable": true, "items": {}}, "b": {"not": {}}}}),
        );
        check(
            json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}),
            json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"nullable": true}]}),
        );
    }
}
