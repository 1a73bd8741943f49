//! Navigation properties: links from one entity to others (a Graph user's `manager`, `drive`,
//! `messages`...). The service returns them only when a request asks (`$expand`), yet typing
//! them pulls every linked entity into the crate: Graph's `user` reaches ~550 schemas through
//! them. So they are generated only when the manifest's `expand` (or `specgen --expand`) names
//! them; the others are left out of the structs, and their keys, when sent, land in the
//! struct's `additional_properties` like any property the spec does not describe.
//!
//! A property is a navigation property when its schema says `x-ms-navigationProperty: true`,
//! or, in a Graph service, when it is a single-valued reference to an entity type (a schema
//! that derives from the `entity` base type). OData allows entity types only as targets of
//! navigation properties, and the converter that writes Graph's OpenAPI documents cannot put
//! the marker beside a `$ref` (OpenAPI 3.0 ignores a reference's siblings): `manager`,
//! `drive` and `calendar` come without it.

use std::collections::{BTreeSet, HashMap};

use openapiv3::{ReferenceOr, Schema};

use super::context::Context;
use super::schema_view::view;

pub struct Navigation {
    /// Wire names to generate.
    expand: BTreeSet<String>,
    /// `expand = ["*"]`: every navigation property is generated.
    all: bool,
    /// Graph service: single-valued references to entity types count too.
    graph: bool,
    /// Component name → derives from the entity base type.
    entities: HashMap<String, bool>,
    /// Navigation properties met, by wire name, to find `expand` entries that name none.
    seen: BTreeSet<String>,
}

impl Navigation {
    pub fn new(expand: &[String], graph: bool) -> Self {
        Navigation {
            expand: expand.iter().filter(|e| *e != "*").cloned().collect(),
            all: expand.iter().any(|e| e == "*"),
            graph,
            entities: HashMap::new(),
            seen: BTreeSet::new(),
        }
    }

    /// Whether property `wire` (a `$ref` to `reference`, or the inline `schema`) is a
    /// navigation property that is not generated.
    pub fn leaves_out(
        &mut self,
        ctx: &Context<'_>,
        wire: &str,
        reference: Option<&str>,
        schema: Option<&Schema>,
    ) -> bool {
        if !self.is_navigation(ctx, reference, schema) {
            return false;
        }
        self.seen.insert(wire.to_string());
        !(self.all || self.expand.contains(wire))
    }

    /// `expand` entries that name no navigation property of the service's models: almost
    /// always a typo (or a property of a model the selected operations do not reach).
    pub fn unused(&self) -> Vec<String> {
        self.expand.difference(&self.seen).cloned().collect()
    }

    fn is_navigation(&mut self, ctx: &Context<'_>, reference: Option<&str>, schema: Option<&Schema>) -> bool {
        if let Some(schema) = schema
            && schema
                .schema_data
                .extensions
                .get("x-ms-navigationProperty")
                .and_then(serde_json::Value::as_bool)
                == Some(true)
        {
            return true;
        }
        if !self.graph {
            return false;
        }
        let target = reference.or_else(|| schema.and_then(single_reference));
        target.is_some_and(|r| self.is_entity(ctx, r))
    }

    /// Whether the component `reference` points to derives (through `allOf`) from the entity
    /// base type, Graph's `microsoft.graph.entity`.
    fn is_entity(&mut self, ctx: &Context<'_>, reference: &str) -> bool {
        let Some(name) = component_name(reference) else {
            return false;
        };
        if let Some(known) = self.entities.get(&name) {
            return *known;
        }
        // Walks the parents with a visited set: an `allOf` cycle is reported elsewhere.
        let mut visited = BTreeSet::new();
        let mut stack = vec![name.clone()];
        let mut found = false;
        while let Some(current) = stack.pop() {
            if current.rsplit('.').next() == Some("entity") {
                found = true;
                break;
            }
            if !visited.insert(current.clone()) {
                continue;
            }
            let Some(schema) = component(ctx, &current) else {
                continue;
            };
            for parent in view(schema).all_of {
                if let ReferenceOr::Reference { reference } = parent
                    && let Some(parent) = component_name(reference)
                {
                    stack.push(parent);
                }
            }
        }
        self.entities.insert(name, found);
        found
    }
}

/// `anyOf: [{$ref: X}, {type: object, nullable: true}]` (Graph's nullable reference) → `X`.
fn single_reference(schema: &Schema) -> Option<&str> {
    let v = view(schema);
    if !v.properties.is_empty() {
        return None;
    }
    let mut references = v
        .any_of
        .iter()
        .chain(&v.one_of)
        .chain(&v.all_of)
        .filter_map(|s| match s {
            ReferenceOr::Reference { reference } => Some(reference.as_str()),
            ReferenceOr::Item(_) => None,
        });
    let first = references.next()?;
    references.next().is_none().then_some(first)
}

fn component_name(reference: &str) -> Option<String> {
    reference
        .strip_prefix("#/components/schemas/")
        .map(|n| n.replace("~1", "/").replace("~0", "~"))
}

/// A component schema without following aliases or reporting: only a question is asked here.
fn component<'a>(ctx: &Context<'a>, name: &str) -> Option<&'a Schema> {
    match ctx.doc.components.as_ref()?.schemas.get(name)? {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceMap;

    fn doc() -> openapiv3::OpenAPI {
        serde_json::from_value(serde_json::json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "ns.entity": {"type": "object", "properties": {"id": {"type": "string"}}},
                "ns.directoryObject": {"allOf": [{"$ref": "#/components/schemas/ns.entity"}, {"type": "object"}]},
                "ns.user": {"allOf": [{"$ref": "#/components/schemas/ns.directoryObject"}, {"type": "object"}]},
                "ns.address": {"type": "object", "properties": {"city": {"type": "string"}}},
                "ns.loop": {"allOf": [{"$ref": "#/components/schemas/ns.loop"}]}
            }}
        }))
        .unwrap()
    }

    fn schema(json: serde_json::Value) -> Schema {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn marked_properties_and_references_to_entities_are_navigation() {
        let doc = doc();
        let map = SourceMap::default();
        let ctx = Context::new(&doc, &map);
        let mut nav = Navigation::new(&["manager".into()], true);
        let user = "#/components/schemas/ns.user";
        let marked = schema(serde_json::json!({
            "type": "array", "items": {"$ref": user}, "x-ms-navigationProperty": true
        }));
        let nullable_ref = schema(serde_json::json!({
            "anyOf": [{"$ref": user}, {"type": "object", "nullable": true}]
        }));
        let cases: &[(&str, Option<&str>, Option<&Schema>, bool)] = &[
            // Expanded by the manifest: generated.
            ("manager", Some(user), None, false),
            // Marked collection, single reference, nullable reference: left out.
            ("memberOf", None, Some(&marked), true),
            ("drive", Some("#/components/schemas/ns.directoryObject"), None, true),
            ("sponsor", None, Some(&nullable_ref), true),
            // Complex types, cycles and unknown references are plain properties.
            ("address", Some("#/components/schemas/ns.address"), None, false),
            ("loop", Some("#/components/schemas/ns.loop"), None, false),
            ("missing", Some("#/components/schemas/ns.missing"), None, false),
        ];
        for (wire, reference, schema, left_out) in cases {
            assert_eq!(nav.leaves_out(&ctx, wire, *reference, *schema), *left_out, "{wire}");
        }
        assert!(nav.unused().is_empty());
        assert_eq!(Navigation::new(&["mangaer".into()], true).unused(), ["mangaer"]);
    }

    #[test]
    fn outside_graph_only_the_marker_counts_and_star_expands_all() {
        let doc = doc();
        let map = SourceMap::default();
        let ctx = Context::new(&doc, &map);
        let user = Some("#/components/schemas/ns.user");
        let marked = schema(serde_json::json!({"type": "string", "x-ms-navigationProperty": true}));
        let mut plain = Navigation::new(&[], false);
        assert!(!plain.leaves_out(&ctx, "manager", user, None));
        assert!(plain.leaves_out(&ctx, "tag", None, Some(&marked)));
        let mut all = Navigation::new(&["*".into()], true);
        assert!(!all.leaves_out(&ctx, "manager", user, None));
        assert!(all.unused().is_empty());
    }
}
