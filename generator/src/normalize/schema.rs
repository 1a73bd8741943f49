//! Swagger 2.0 schema objects → OpenAPI 3.0 schema objects (in place, structure kept):
//! - `x-nullable: true` → also `nullable: true` (`x-nullable` itself is kept, like every `x-*`);
//! - `type: file` → `type: string, format: binary`;
//! - `discriminator: "kind"` → `{propertyName: kind, mapping}` from the definitions that
//!   (transitively) `allOf` the base, keyed by their `x-ms-discriminator-value` or name;
//! - a `$ref` with siblings that matter (`x-*`, `readOnly`, `x-nullable`, ...) becomes
//!   `{allOf: [{$ref}], ...siblings}`, because an OpenAPI 3.0 Reference Object ignores siblings
//!   and `openapiv3` drops them. A `$ref` with only `description`/`title` stays a plain `$ref`.
//!
//! `$ref` strings themselves are rewritten later, for the whole document (see `refs.rs`).

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

/// Base definition name → definitions that `allOf` it directly, in document order.
#[derive(Default)]
pub struct Hierarchy {
    children: BTreeMap<String, Vec<String>>,
    values: IndexMap<String, String>,
}

impl Hierarchy {
    pub fn from_definitions(definitions: Option<&Map<String, Value>>) -> Self {
        let mut h = Hierarchy::default();
        let Some(definitions) = definitions else { return h };
        for (name, def) in definitions {
            let value = def
                .get("x-ms-discriminator-value")
                .and_then(Value::as_str)
                .unwrap_or(name);
            h.values.insert(name.clone(), value.to_string());
            for part in def.get("allOf").and_then(Value::as_array).into_iter().flatten() {
                if let Some(base) = part
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/definitions/"))
                {
                    h.children
                        .entry(base.replace("~1", "/").replace("~0", "~"))
                        .or_default()
                        .push(name.clone());
                }
            }
        }
        h
    }

    /// Discriminator value → `#/components/schemas/<name>` for `base` and its descendants.
    pub fn mapping(&self, base: &str, definitions: Option<&Map<String, Value>>) -> Map<String, Value> {
        let mut mapping = Map::new();
        let mut seen = vec![base.to_string()];
        let mut queue = std::collections::VecDeque::from([base.to_string()]);
        while let Some(name) = queue.pop_front() {
            let explicit = definitions
                .and_then(|d| d.get(&name))
                .and_then(|d| d.get("x-ms-discriminator-value"))
                .is_some();
            if (name != base || explicit)
                && let Some(value) = self.values.get(&name)
            {
                mapping.entry(value.clone()).or_insert_with(|| {
                    Value::String(format!("#/components/schemas/{}", crate::load::pointer::escape(&name)))
                });
            }
            for child in self.children.get(&name).into_iter().flatten() {
                if !seen.contains(child) {
                    seen.push(child.clone());
                    queue.push_back(child.clone());
                }
            }
        }
        mapping
    }
}

/// Converts one schema (and every schema below it). `name` is the definition name when the
/// schema is a definition (needed for discriminator mappings).
pub fn convert(schema: &Value, name: Option<&str>, h: &Hierarchy, definitions: Option<&Map<String, Value>>) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        let converted = match key.as_str() {
            "properties" | "patternProperties" => match value {
                Value::Object(props) => Value::Object(
                    props
                        .iter()
                        .map(|(k, v)| (k.clone(), convert(v, None, h, definitions)))
                        .collect(),
                ),
                other => other.clone(),
            },
            "items" | "additionalProperties" | "not" => match value {
                Value::Array(items) => Value::Array(items.iter().map(|v| convert(v, None, h, definitions)).collect()),
                other => convert(other, None, h, definitions),
            },
            "allOf" | "anyOf" | "oneOf" => match value {
                Value::Array(items) => Value::Array(items.iter().map(|v| convert(v, None, h, definitions)).collect()),
                other => other.clone(),
            },
            "discriminator" => match (value, name) {
                (Value::String(property), Some(base)) => {
                    let mapping = h.mapping(base, definitions);
                    let mut d = Map::new();
                    d.insert("propertyName".to_string(), Value::String(property.clone()));
                    if !mapping.is_empty() {
                        d.insert("mapping".to_string(), Value::Object(mapping));
                    }
                    Value::Object(d)
                }
                (Value::String(property), None) => json!({"propertyName": property}),
                (other, _) => other.clone(),
            },
            "type" if value == "file" => {
                out.insert("type".to_string(), json!("string"));
                out.insert("format".to_string(), json!("binary"));
                continue;
            }
            "format" if map.get("type").is_some_and(|t| t == "file") => continue,
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
        if key == "x-nullable" && value == &Value::Bool(true) && !map.contains_key("nullable") {
            out.insert("nullable".to_string(), Value::Bool(true));
        }
    }
    wrap_ref_with_siblings(out)
}

pub(super) fn wrap_ref_with_siblings(mut out: Map<String, Value>) -> Value {
    let Some(reference) = out.get("$ref").cloned() else {
        return Value::Object(out);
    };
    let matters = out
        .keys()
        .any(|k| !matches!(k.as_str(), "$ref" | "description" | "title" | "$comment"));
    if !matters {
        return Value::Object(out);
    }
    out.shift_remove("$ref");
    let mut wrapped = Map::new();
    wrapped.insert("allOf".to_string(), json!([{"$ref": reference}]));
    wrapped.extend(out);
    Value::Object(wrapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(definitions: Value, name: &str, expected: Value) {
        let defs = definitions.as_object();
        let h = Hierarchy::from_definitions(defs);
        let got = convert(&definitions[name], Some(name), &h, defs);
        assert_eq!(got, expected, "\ngot: {got}");
    }

    #[test]
    fn schema_cases() {
        check(
            json!({"A": {"type": "string", "x-nullable": true}}),
            "A",
            json!({"type": "string", "x-nullable": true, "nullable": true}),
        );
        check(
            json!({"A": {"type": "string", "x-nullable": false}}),
            "A",
            json!({"type": "string", "x-nullable": false}),
        );
        check(
            json!({"A": {"type": "file"}}),
            "A",
            json!({"type": "string", "format": "binary"}),
        );
        check(
            json!({"A": {"properties": {"f": {"type": "file", "description": "d"}, "g": {"items": {"type": "file"}}}}}),
            "A",
            json!({"properties": {"f": {"type": "string", "format": "binary", "description": "d"}, "g": {"items": {"type": "string", "format": "binary"}}}}),
        );
        check(
            json!({"A": {"$ref": "#/definitions/B", "description": "d"}}),
            "A",
            json!({"$ref": "#/definitions/B", "description": "d"}),
        );
        check(
            json!({"A": {"properties": {"p": {"$ref": "#/definitions/B", "x-ms-client-flatten": true, "x-nullable": true}}}}),
            "A",
            json!({"properties": {"p": {"allOf": [{"$ref": "#/definitions/B"}], "x-ms-client-flatten": true, "x-nullable": true, "nullable": true}}}),
        );
        check(
            json!({"A": {"additionalProperties": {"type": "string", "x-nullable": true}}}),
            "A",
            json!({"additionalProperties": {"type": "string", "x-nullable": true, "nullable": true}}),
        );
    }

    #[test]
    fn discriminator_cases() {
        let defs = json!({
            "Pet": {"discriminator": "kind", "properties": {"kind": {"type": "string"}}, "required": ["kind"]},
            "Dog": {"allOf": [{"$ref": "#/definitions/Pet"}], "x-ms-discriminator-value": "dog"},
            "Cat": {"allOf": [{"$ref": "#/definitions/Pet"}]},
            "Puppy": {"allOf": [{"$ref": "#/definitions/Dog"}], "x-ms-discriminator-value": "puppy"}
        });
        check(
            defs.clone(),
            "Pet",
            json!({"discriminator": {"propertyName": "kind", "mapping": {
                "dog": "#/components/schemas/Dog", "Cat": "#/components/schemas/Cat", "puppy": "#/components/schemas/Puppy"
            }}, "properties": {"kind": {"type": "string"}}, "required": ["kind"]}),
        );
        check(
            json!({"Lone": {"discriminator": "k"}}),
            "Lone",
            json!({"discriminator": {"propertyName": "k"}}),
        );
    }
}
