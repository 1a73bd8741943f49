//! Models: component schemas added / removed, and for each schema both versions have, its type,
//! properties (added, removed, required-ness, read-only), enum values, nullability, defaults,
//! constraints and descriptions. Classified with the direction the schema is used in.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::change::{Changes, Direction, Impact};
use super::doc::{Doc, bool_of, schema_ref, str_of};

/// Validation keywords compared as constraints (openapi-diff `ConstraintChanged`).
const CONSTRAINTS: &[&str] = &[
    "maxLength",
    "minLength",
    "pattern",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

pub struct SchemaDiff<'a> {
    pub old: &'a Doc,
    pub new: &'a Doc,
    pub out: &'a mut Changes,
}

impl SchemaDiff<'_> {
    /// Every component schema of either document, by name.
    pub fn components(&mut self, directions: &BTreeMap<String, Direction>) {
        let empty = serde_json::Map::new();
        let old = self.old.schemas().unwrap_or(&empty);
        let new = self.new.schemas().unwrap_or(&empty);
        let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        // A removed component whose schema lives on, unchanged, under a new name was renamed.
        let added: Vec<&String> = new.keys().filter(|n| !old.contains_key(n.as_str())).collect();
        let mut renamed: BTreeMap<&str, &str> = BTreeMap::new();
        for (name, schema) in old.iter().filter(|(n, _)| !new.contains_key(n.as_str())) {
            let twin = added.iter().find(|a| {
                !renamed.values().any(|r| r == &a.as_str()) && equivalent(self.old, schema, self.new, &new[a.as_str()])
            });
            if let Some(twin) = twin {
                renamed.insert(name, twin);
            }
        }
        for name in names {
            if let Some(twin) = renamed.get(name.as_str()) {
                self.out.push(
                    Impact::NonBreaking,
                    "ReferenceRenamed",
                    format!("model {name}"),
                    format!("renamed to `{twin}` (the same schema)"),
                );
                continue;
            }
            if renamed.values().any(|t| t == name) {
                continue;
            }
            let location = format!("model {name}");
            // A schema no operation reaches is conservatively treated as used both ways.
            let dir = directions.get(name.as_str()).copied().unwrap_or(Direction {
                request: true,
                response: true,
            });
            match (old.get(name.as_str()), new.get(name.as_str())) {
                (Some(_), None) => self
                    .out
                    .push(Impact::Breaking, "RemovedDefinition", location, "model removed"),
                (None, Some(_)) => self
                    .out
                    .push(Impact::NonBreaking, "AddedDefinition", location, "model added"),
                (Some(a), Some(b)) => self.schema(a, b, &location, dir),
                (None, None) => {}
            }
        }
    }

    /// Compares two schemas found at the same place. Named (`$ref`) schemas are compared once,
    /// as components; here only the reference itself is checked.
    pub fn schema(&mut self, a: &Value, b: &Value, loc: &str, dir: Direction) {
        let (da, db) = (describe(a), describe(b));
        if da != db && is_reference(a) && is_reference(b) && equivalent(self.old, a, self.new, b) {
            // The bundler names a component after its file when its name is taken (common-types
            // `Resource` → `types_Resource`): same schema, another name (the Rust type is renamed).
            self.out.push(
                Impact::NonBreaking,
                "ReferenceRenamed",
                loc,
                format!("`{da}` → `{db}` (the same schema under another name)"),
            );
            return;
        }
        if da != db {
            let only_format =
                str_of(a, "type") == str_of(b, "type") && schema_ref(a).is_none() && schema_ref(b).is_none();
            let rule = if only_format {
                "TypeFormatChanged"
            } else {
                "TypeChanged"
            };
            self.out
                .push(Impact::Breaking, rule, loc, format!("type `{da}` → `{db}`"));
            return;
        }
        self.docs(a, b, loc);
        if is_reference(a) || is_reference(b) {
            // The named schema is compared as a component; only what sits beside the `$ref`.
            self.nullable(a, b, loc, dir);
            return;
        }
        self.enumeration(a, b, loc, dir);
        self.nullable(a, b, loc, dir);
        if a.get("default") != b.get("default") && a.get("default").is_some() {
            self.out.push(
                Impact::Breaking,
                "DefaultValueChanged",
                loc,
                format!("default {} → {}", show(a.get("default")), show(b.get("default"))),
            );
        }
        for key in CONSTRAINTS {
            if a.get(*key) != b.get(*key) {
                // A stricter rule breaks senders; responses are not validated by clients.
                self.out.push(
                    Impact::breaking_if(dir.request),
                    "ConstraintChanged",
                    loc,
                    format!("`{key}` {} → {}", show(a.get(*key)), show(b.get(*key))),
                );
            }
        }
        self.all_of(a, b, loc, dir);
        self.discriminator(a, b, loc);
        self.properties(a, b, loc, dir);
        if let (Some(ia), Some(ib)) = (a.get("items"), b.get("items")) {
            self.schema(ia, ib, &format!("{loc}[]"), dir);
        }
        self.additional_properties(a, b, loc, dir);
    }

    fn docs(&mut self, a: &Value, b: &Value, loc: &str) {
        for key in ["description", "title"] {
            if str_of(a, key) != str_of(b, key) {
                self.out.push(
                    Impact::Docs,
                    "DescriptionChanged",
                    loc,
                    format!("{key}: {} → {}", quoted(str_of(a, key)), quoted(str_of(b, key))),
                );
            }
        }
    }

    fn enumeration(&mut self, a: &Value, b: &Value, loc: &str, dir: Direction) {
        let values = |s: &Value| -> Vec<Value> { s.get("enum").and_then(Value::as_array).cloned().unwrap_or_default() };
        let (va, vb) = (values(a), values(b));
        let extensible = |s: &Value| s.pointer("/x-ms-enum/modelAsString").and_then(Value::as_bool) == Some(true);
        for v in va.iter().filter(|v| !vb.contains(v)) {
            self.out.push(
                Impact::Breaking,
                "RemovedEnumValue",
                loc,
                format!("enum value {v} removed"),
            );
        }
        for v in vb.iter().filter(|v| !va.contains(v)) {
            // Clients that match on a closed set of received values meet one they don't know;
            // `modelAsString` enums promise that can happen.
            let breaking = dir.response && !extensible(b);
            let why = if breaking {
                " (closed enum in a response)"
            } else if extensible(b) {
                " (extensible enum)"
            } else {
                ""
            };
            self.out.push(
                Impact::breaking_if(breaking),
                "AddedEnumValue",
                loc,
                format!("enum value {v} added{why}"),
            );
        }
        let (xa, xb) = (a.get("x-ms-enum"), b.get("x-ms-enum"));
        for key in ["name", "modelAsString"] {
            let (ka, kb) = (xa.and_then(|x| x.get(key)), xb.and_then(|x| x.get(key)));
            if ka != kb {
                self.out.push(
                    Impact::Breaking,
                    "XmsEnumChanged",
                    loc,
                    format!("x-ms-enum `{key}` {} → {}", show(ka), show(kb)),
                );
            }
        }
    }

    fn nullable(&mut self, a: &Value, b: &Value, loc: &str, dir: Direction) {
        let (na, nb) = (bool_of(a, "nullable"), bool_of(b, "nullable"));
        if na != nb {
            // null may now arrive (response) / may no longer be sent (request).
            let breaking = if nb { dir.response } else { dir.request };
            self.out.push(
                Impact::breaking_if(breaking),
                "NullableChanged",
                loc,
                format!("nullable {na} → {nb}"),
            );
        }
    }

    fn all_of(&mut self, a: &Value, b: &Value, loc: &str, dir: Direction) {
        let list = |s: &Value| s.get("allOf").and_then(Value::as_array).cloned().unwrap_or_default();
        let (la, lb) = (list(a), list(b));
        let names = |l: &[Value]| l.iter().map(describe).collect::<Vec<_>>();
        let renamed_only = la.len() == lb.len()
            && names(&la) != names(&lb)
            && la.iter().zip(&lb).all(|(x, y)| equivalent(self.old, x, self.new, y));
        if renamed_only {
            self.out.push(
                Impact::NonBreaking,
                "ReferenceRenamed",
                loc,
                format!(
                    "allOf [{}] → [{}] (the same schemas under other names)",
                    names(&la).join(", "),
                    names(&lb).join(", ")
                ),
            );
            return;
        }
        if names(&la) != names(&lb) {
            self.out.push(
                Impact::Breaking,
                "DifferentAllOf",
                loc,
                format!("allOf [{}] → [{}]", names(&la).join(", "), names(&lb).join(", ")),
            );
            return;
        }
        for (i, (x, y)) in la.iter().zip(&lb).enumerate() {
            self.schema(x, y, &format!("{loc} allOf[{i}]"), dir);
        }
    }

    fn discriminator(&mut self, a: &Value, b: &Value, loc: &str) {
        let name = |s: &Value| s.pointer("/discriminator/propertyName").cloned();
        let value = |s: &Value| s.get("x-ms-discriminator-value").cloned();
        if name(a) != name(b) || value(a) != value(b) {
            self.out.push(
                Impact::Breaking,
                "DifferentDiscriminator",
                loc,
                format!(
                    "discriminator {}/{} → {}/{}",
                    show(name(a).as_ref()),
                    show(value(a).as_ref()),
                    show(name(b).as_ref()),
                    show(value(b).as_ref())
                ),
            );
        }
    }

    fn properties(&mut self, a: &Value, b: &Value, loc: &str, dir: Direction) {
        let empty = serde_json::Map::new();
        let pa = a.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        let pb = b.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        let (ra, rb) = (required(a), required(b));
        for (name, sa) in pa {
            let here = format!("{loc}.{name}");
            let Some(sb) = pb.get(name) else {
                self.out
                    .push(Impact::Breaking, "RemovedProperty", here, "property removed");
                continue;
            };
            let (ro_a, ro_b) = (read_only(self.old, sa), read_only(self.new, sb));
            if ro_a != ro_b {
                self.out.push(
                    Impact::Breaking,
                    "ReadonlyPropertyChanged",
                    &here,
                    format!("readOnly {ro_a} → {ro_b}"),
                );
            }
            match (ra.contains(name.as_str()), rb.contains(name.as_str())) {
                (false, true) => self.out.push(
                    // Senders must now provide it; read-only properties are never sent.
                    Impact::breaking_if(dir.request && !ro_b),
                    "RequiredStatusChange",
                    &here,
                    "property made required",
                ),
                (true, false) => self.out.push(
                    // Receivers can no longer rely on it being present.
                    Impact::breaking_if(dir.response),
                    "RequiredStatusChange",
                    &here,
                    "property no longer required",
                ),
                _ => {}
            }
            self.schema(sa, sb, &here, dir);
        }
        for (name, sb) in pb.iter().filter(|(n, _)| !pa.contains_key(n.as_str())) {
            let here = format!("{loc}.{name}");
            let ro = read_only(self.new, sb);
            let ty = describe(sb);
            if rb.contains(name.as_str()) {
                self.out.push(
                    Impact::breaking_if(dir.request && !ro),
                    "AddedRequiredProperty",
                    here,
                    format!("required property added (`{ty}`)"),
                );
            } else if ro {
                self.out.push(
                    Impact::NonBreaking,
                    "AddedReadOnlyPropertyInResponse",
                    here,
                    format!("read-only property added (`{ty}`)"),
                );
            } else {
                self.out.push(
                    Impact::NonBreaking,
                    "AddedOptionalProperty",
                    here,
                    format!("optional property added (`{ty}`)"),
                );
            }
        }
    }

    fn additional_properties(&mut self, a: &Value, b: &Value, loc: &str, dir: Direction) {
        let (xa, xb) = (a.get("additionalProperties"), b.get("additionalProperties"));
        match (xa, xb) {
            (Some(x), Some(y)) if x.is_object() && y.is_object() => self.schema(x, y, &format!("{loc}{{*}}"), dir),
            _ if xa == xb => {}
            (None | Some(Value::Bool(false)), Some(_)) => self.out.push(
                Impact::Breaking,
                "AddedAdditionalProperties",
                loc,
                "additionalProperties added",
            ),
            _ => self.out.push(
                Impact::Breaking,
                "RemovedAdditionalProperties",
                loc,
                format!("additionalProperties {} → {}", show(xa), show(xb)),
            ),
        }
    }
}

/// The shape of a schema in one line: `string`, `string/date-time`, `array<Sku>`,
/// `map<string>`, `Sku` for a reference, `object` for an inline object (compared deeper).
pub fn describe(schema: &Value) -> String {
    if let Some(name) = schema_ref(schema) {
        return name.to_string();
    }
    if let Some(r) = str_of(schema, "$ref") {
        return r.to_string();
    }
    if let Some(only) = wrapped_reference(schema) {
        return describe(only);
    }
    let ty = str_of(schema, "type");
    let base = match ty {
        Some("array") => format!(
            "array<{}>",
            schema.get("items").map(describe).unwrap_or_else(|| "any".into())
        ),
        Some("object") | None
            if schema.get("properties").is_none()
                && schema.get("additionalProperties").is_some_and(Value::is_object) =>
        {
            format!(
                "map<{}>",
                schema.get("additionalProperties").map(describe).unwrap_or_default()
            )
        }
        Some(t) => t.to_string(),
        None if schema.get("properties").is_some() || schema.get("allOf").is_some() => "object".to_string(),
        None if schema.get("oneOf").is_some() => "oneOf".to_string(),
        None if schema.get("anyOf").is_some() => "anyOf".to_string(),
        None => "any".to_string(),
    };
    let base = match str_of(schema, "format") {
        Some(f) => format!("{base}/{f}"),
        None => base,
    };
    if schema.get("enum").is_some() {
        format!("enum {base}")
    } else {
        base
    }
}

/// Whether two schemas (of the old and the new document) describe the same values: equal after
/// following `$ref`s on both sides, ignoring `description` and `title`. Pairs of component names
/// already under comparison are assumed equal, so recursive schemas terminate.
pub fn equivalent(old: &Doc, a: &Value, new: &Doc, b: &Value) -> bool {
    fn eq<'a>(
        old: &'a Doc,
        a: &'a Value,
        new: &'a Doc,
        b: &'a Value,
        assumed: &mut BTreeSet<(&'a str, &'a str)>,
        depth: usize,
    ) -> bool {
        if depth > 64 {
            return false;
        }
        if let (Some(x), Some(y)) = (schema_ref(a), schema_ref(b))
            && !assumed.insert((x, y))
        {
            return true;
        }
        let (a, b) = (old.resolve(a), new.resolve(b));
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let keys = |m: &'a serde_json::Map<String, Value>| -> BTreeSet<&'a str> {
                    m.keys()
                        .map(String::as_str)
                        .filter(|k| !matches!(*k, "description" | "title"))
                        .collect()
                };
                keys(x) == keys(y)
                    && keys(x)
                        .into_iter()
                        .all(|k| eq(old, &x[k], new, &y[k], assumed, depth + 1))
            }
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| eq(old, p, new, q, assumed, depth + 1))
            }
            (x, y) => x == y,
        }
    }
    eq(old, a, new, b, &mut BTreeSet::new(), 0)
}

/// `{allOf: [{$ref}], readOnly: true}`: a reference with siblings (see specgen's normalize).
fn wrapped_reference(schema: &Value) -> Option<&Value> {
    match schema.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
        Some([only])
            if schema_ref(only).is_some()
                && schema.get("properties").is_none()
                && schema.get("type").is_none_or(|t| t == "object") =>
        {
            Some(only)
        }
        _ => None,
    }
}

fn is_reference(schema: &Value) -> bool {
    schema_ref(schema).is_some() || wrapped_reference(schema).is_some()
}

fn required(schema: &Value) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// `readOnly` on the property or on the schema it refers to.
fn read_only(doc: &Doc, property: &Value) -> bool {
    bool_of(property, "readOnly") || bool_of(doc.resolve(property), "readOnly")
}

pub fn show(value: Option<&Value>) -> String {
    match value {
        Some(v) => v.to_string(),
        None => "(none)".to_string(),
    }
}

pub fn quoted(text: Option<&str>) -> String {
    match text {
        Some(t) => format!("{t:?}"),
        None => "(none)".to_string(),
    }
}
