//! `$ref`s into the inside of a schema, or to a schema inside `paths` (what the bundler writes for
//! a cycle through files that are not components), (`#/components/schemas/ApplicationGateway/allOf/0`,
//! `#/components/schemas/CreateCompletionRequest/properties/logit_bias`: APIs.guru's
//! conversions and OpenAI's spec have them). The model types component schemas, so each such
//! target becomes a component of its own (`ApplicationGateway_allOf_0`), the node where it was
//! becomes a `$ref` to it, and every `$ref` to it is rewritten: the place it came from and every
//! user share one type. Deepest targets first, so a target inside another moves before it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::load::{SourceMap, pointer};

const SCHEMAS: &str = "/components/schemas/";

pub fn hoist(document: &mut Value, source_map: &mut SourceMap) {
    let mut targets = BTreeSet::new();
    collect(document, &mut targets);
    let mut targets: Vec<String> = targets
        .into_iter()
        .filter(|t| document.pointer(t).is_some_and(Value::is_object))
        .collect();
    if targets.is_empty() {
        return;
    }
    if let Some(root) = document.as_object_mut() {
        let components = root.entry("components").or_insert_with(|| json!({}));
        if let Some(components) = components.as_object_mut() {
            components.entry("schemas").or_insert_with(|| json!({}));
        }
    }
    // Deepest first; ties in pointer order, so names are deterministic.
    targets.sort_by(|a, b| depth(b).cmp(&depth(a)).then(a.cmp(b)));
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for target in targets {
        let Some(tokens) = pointer::tokens(&target) else {
            continue;
        };
        // `A_properties_b` inside a component; for a schema in `paths`, the path and what follows.
        let skip = if target.starts_with(SCHEMAS) { 2 } else { 1 };
        let wanted: String = tokens[skip..]
            .join("_")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let name = free_name(document, wanted.trim_matches('_'));
        let Some(node) = document.pointer_mut(&target) else {
            continue;
        };
        let reference = format!("#{SCHEMAS}{}", pointer::escape(&name));
        let moved = std::mem::replace(node, json!({ "$ref": reference }));
        if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
            schemas.insert(name.clone(), moved);
        }
        let copy = source_map.clone();
        copy.graft_into(source_map, &target, &format!("{SCHEMAS}{}", pointer::escape(&name)));
        renamed.insert(format!("#{target}"), reference);
    }
    rewrite(document, &renamed);
}

fn depth(pointer: &str) -> usize {
    pointer.matches('/').count()
}

/// Pointers (without `#`) of `$ref`s that point inside a component schema.
fn collect(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && let Some(target) = reference.strip_prefix('#')
                && (target.strip_prefix(SCHEMAS).is_some_and(|rest| rest.contains('/'))
                    || (target.starts_with("/paths/") && target.contains("/schema")))
            {
                out.insert(target.to_string());
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

fn free_name(document: &Value, wanted: &str) -> String {
    let taken = |name: &str| {
        document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .is_some_and(|s: &Map<String, Value>| s.contains_key(name))
    };
    if !taken(wanted) {
        return wanted.to_string();
    }
    (2..)
        .map(|n| format!("{wanted}_{n}"))
        .find(|n| !taken(n))
        .unwrap_or_default()
}

fn rewrite(value: &mut Value, renamed: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref")
                && let Some(new) = renamed.get(reference.as_str())
            {
                *reference = new.clone();
            }
            map.values_mut().for_each(|v| rewrite(v, renamed));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, renamed)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn deep_targets_become_components() {
        let mut doc = json!({"components": {"schemas": {
            "A": {"properties": {"b": {"type": "object", "properties": {"c": {"type": "string"}}}}},
            "D": {"properties": {
                "b": {"$ref": "#/components/schemas/A/properties/b"},
                "c": {"$ref": "#/components/schemas/A/properties/b/properties/c"}
            }}
        }}});
        super::hoist(&mut doc, &mut Default::default());
        assert_eq!(
            doc,
            json!({"components": {"schemas": {
                "A": {"properties": {"b": {"$ref": "#/components/schemas/A_properties_b"}}},
                "D": {"properties": {
                    "b": {"$ref": "#/components/schemas/A_properties_b"},
                    "c": {"$ref": "#/components/schemas/A_properties_b_properties_c"}
                }},
                "A_properties_b_properties_c": {"type": "string"},
                "A_properties_b": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/A_properties_b_properties_c"}}}
            }}})
        );
    }
}
