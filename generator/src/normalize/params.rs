//! Swagger 2.0 parameters → OpenAPI 3.0:
//! - query/path/header/cookie parameters: `type`, `format`, `items`, `enum`, `default`, limits
//!   move into `schema`; `collectionFormat` becomes `style`/`explode`; `x-nullable` → schema
//!   `nullable`; `x-ms-enum` is kept on the parameter AND copied into the schema (the model
//!   reads enums from schemas). Every `x-*` stays on the parameter.
//! - `in: body` → a Request Body: one media type per `consumes`, the parameter's name in
//!   `x-ms-requestBody-name`, its other `x-*` (`x-ms-client-flatten`, ...) on the request body.
//! - `in: formData` → properties of one object schema in a `multipart/form-data` or
//!   `application/x-www-form-urlencoded` request body. An array's `collectionFormat` other than
//!   `multi` (csv is the default) goes to the media type's `encoding` as the extension
//!   `x-collection-format` (OpenAPI 3 has no multipart equivalent: style and explode are for
//!   urlencoded bodies only); the model joins such a list into one part.

use serde_json::{Map, Value, json};

use super::schema::{self, Hierarchy};

/// Fields of a Swagger 2.0 non-body parameter that describe its value (they go to `schema`).
const SCHEMA_FIELDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// A warning found while converting, with the pointer (relative to the parameter) it is about.
pub type Warn = (String, String);

/// A query/path/header parameter.
pub fn parameter(p: &Map<String, Value>, h: &Hierarchy, warnings: &mut Vec<Warn>) -> Value {
    let mut out = Map::new();
    let location = p.get("in").and_then(Value::as_str).unwrap_or_default();
    for key in ["name", "in", "description"] {
        if let Some(v) = p.get(key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    if location == "path" {
        out.insert("required".to_string(), Value::Bool(true));
    } else if let Some(v) = p.get("required") {
        out.insert("required".to_string(), v.clone());
    }
    for key in ["deprecated", "allowEmptyValue"] {
        if let Some(v) = p.get(key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    let is_array = p.get("type").is_some_and(|t| t == "array");
    if is_array {
        let format = p.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
        let (style, explode) = match (location, format) {
            ("query" | "cookie", "csv") => ("form", false),
            ("query" | "cookie", "multi") => ("form", true),
            ("query", "ssv") => ("spaceDelimited", false),
            ("query", "pipes") => ("pipeDelimited", false),
            ("path" | "header", "csv") => ("simple", false),
            (_, other) => {
                warnings.push((
                    "/collectionFormat".to_string(),
                    format!("collectionFormat `{other}` has no OpenAPI 3 equivalent for `in: {location}`; kept as `form`/`simple` with explode=false and `x-ms-collectionFormat`"),
                ));
                out.insert("x-ms-collectionFormat".to_string(), Value::String(other.to_string()));
                (
                    if matches!(location, "path" | "header") {
                        "simple"
                    } else {
                        "form"
                    },
                    false,
                )
            }
        };
        out.insert("style".to_string(), json!(style));
        out.insert("explode".to_string(), json!(explode));
    }
    out.insert("schema".to_string(), value_schema(p, h));
    for (k, v) in p {
        if k.starts_with("x-") && !out.contains_key(k) {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// The `schema` of a non-body parameter or a response header.
pub fn value_schema(p: &Map<String, Value>, h: &Hierarchy) -> Value {
    let mut s = Map::new();
    for key in SCHEMA_FIELDS {
        if let Some(v) = p.get(*key) {
            let v = if *key == "items" { items(v) } else { v.clone() };
            s.insert(key.to_string(), v);
        }
    }
    for key in ["x-nullable", "x-ms-enum"] {
        if let Some(v) = p.get(key) {
            s.insert(key.to_string(), v.clone());
        }
    }
    schema::convert(&Value::Object(s), None, h, None)
}

/// Swagger 2.0 `items` of a non-body parameter: drop its own `collectionFormat`.
fn items(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != "collectionFormat")
                .map(|(k, v)| (k.clone(), if k == "items" { items(v) } else { v.clone() }))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A body parameter → Request Body object.
pub fn body(
    p: &Map<String, Value>,
    consumes: &[String],
    h: &Hierarchy,
    definitions: Option<&Map<String, Value>>,
) -> Value {
    let mut out = Map::new();
    if let Some(d) = p.get("description") {
        out.insert("description".to_string(), d.clone());
    }
    let schema = p
        .get("schema")
        .map(|s| schema::convert(s, None, h, definitions))
        .unwrap_or_else(|| json!({}));
    let content: Map<String, Value> = consumes
        .iter()
        .map(|mt| (mt.clone(), json!({"schema": schema})))
        .collect();
    out.insert("content".to_string(), Value::Object(content));
    if let Some(r) = p.get("required") {
        out.insert("required".to_string(), r.clone());
    }
    if let Some(name) = p.get("name") {
        out.insert("x-ms-requestBody-name".to_string(), name.clone());
    }
    for (k, v) in p {
        if k.starts_with("x-") && !out.contains_key(k) {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// formData parameters → one Request Body object.
pub fn form(params: &[&Map<String, Value>], consumes: &[String], h: &Hierarchy) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut encoding = Map::new();
    let mut has_file = false;
    for p in params {
        let Some(name) = p.get("name").and_then(Value::as_str) else {
            continue;
        };
        has_file |= p.get("type").is_some_and(|t| t == "file");
        let mut s = match value_schema(p, h) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        if let Some(d) = p.get("description") {
            s.insert("description".to_string(), d.clone());
        }
        for (k, v) in p.iter() {
            if k.starts_with("x-") && !s.contains_key(k) {
                s.insert(k.clone(), v.clone());
            }
        }
        if p.get("required").is_some_and(|r| r == true) {
            required.push(Value::String(name.to_string()));
        }
        if p.get("type").is_some_and(|t| t == "array") {
            let format = p.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            if format != "multi" {
                encoding.insert(name.to_string(), json!({ "x-collection-format": format }));
            }
        }
        properties.insert(name.to_string(), Value::Object(s));
    }
    let mut schema = Map::new();
    schema.insert("type".to_string(), json!("object"));
    schema.insert("properties".to_string(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".to_string(), Value::Array(required.clone()));
    }
    let form_types: Vec<&String> = consumes
        .iter()
        .filter(|c| c.starts_with("multipart/form-data") || c.starts_with("application/x-www-form-urlencoded"))
        .collect();
    let media: Vec<String> = if !form_types.is_empty() {
        form_types.into_iter().cloned().collect()
    } else if has_file {
        vec!["multipart/form-data".to_string()]
    } else {
        vec!["application/x-www-form-urlencoded".to_string()]
    };
    let schema = Value::Object(schema);
    let content: Map<String, Value> = media
        .into_iter()
        .map(|mt| {
            let media = match encoding.is_empty() {
                true => json!({"schema": schema}),
                false => json!({"schema": schema, "encoding": encoding}),
            };
            (mt, media)
        })
        .collect();
    let mut out = Map::new();
    out.insert("content".to_string(), Value::Object(content));
    if !required.is_empty() {
        out.insert("required".to_string(), Value::Bool(true));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: Value, expected: Value) {
        let mut warnings = Vec::new();
        let got = parameter(input.as_object().unwrap(), &Hierarchy::default(), &mut warnings);
        assert_eq!(got, expected, "\ngot: {got}");
    }

    #[test]
    fn parameter_cases() {
        check(
            json!({"name": "api-version", "in": "query", "required": true, "type": "string", "x-ms-parameter-location": "client"}),
            json!({"name": "api-version", "in": "query", "required": true, "schema": {"type": "string"}, "x-ms-parameter-location": "client"}),
        );
        check(
            json!({"name": "n", "in": "path", "type": "string", "pattern": "^a$", "minLength": 1}),
            json!({"name": "n", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^a$", "minLength": 1}}),
        );
        check(
            json!({"name": "ids", "in": "query", "type": "array", "items": {"type": "string", "collectionFormat": "csv"}}),
            json!({"name": "ids", "in": "query", "style": "form", "explode": false, "schema": {"type": "array", "items": {"type": "string"}}}),
        );
        for (format, style, explode) in [
            ("csv", "form", false),
            ("multi", "form", true),
            ("ssv", "spaceDelimited", false),
            ("pipes", "pipeDelimited", false),
        ] {
            check(
                json!({"name": "a", "in": "query", "type": "array", "collectionFormat": format, "items": {"type": "integer"}}),
                json!({"name": "a", "in": "query", "style": style, "explode": explode, "schema": {"type": "array", "items": {"type": "integer"}}}),
            );
        }
        check(
            json!({"name": "h", "in": "header", "type": "array", "items": {"type": "string"}}),
            json!({"name": "h", "in": "header", "style": "simple", "explode": false, "schema": {"type": "array", "items": {"type": "string"}}}),
        );
        check(
            json!({"name": "e", "in": "query", "type": "string", "enum": ["a", "b"], "default": "a", "x-ms-enum": {"name": "E", "modelAsString": true}, "x-nullable": true}),
            json!({"name": "e", "in": "query", "schema": {"type": "string", "enum": ["a", "b"], "default": "a", "x-nullable": true, "nullable": true, "x-ms-enum": {"name": "E", "modelAsString": true}}, "x-ms-enum": {"name": "E", "modelAsString": true}, "x-nullable": true}),
        );
    }

    #[test]
    fn tsv_warns() {
        let mut warnings = Vec::new();
        let p = json!({"name": "a", "in": "query", "type": "array", "collectionFormat": "tsv", "items": {"type": "string"}});
        let got = parameter(p.as_object().unwrap(), &Hierarchy::default(), &mut warnings);
        assert_eq!(got["style"], "form");
        assert_eq!(got["x-ms-collectionFormat"], "tsv");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn body_and_form_cases() {
        let h = Hierarchy::default();
        let p = json!({"name": "parameters", "in": "body", "required": true, "description": "d", "schema": {"$ref": "#/definitions/X"}, "x-ms-client-flatten": true});
        assert_eq!(
            body(p.as_object().unwrap(), &["application/json".to_string()], &h, None),
            json!({"description": "d", "content": {"application/json": {"schema": {"$ref": "#/definitions/X"}}}, "required": true, "x-ms-requestBody-name": "parameters", "x-ms-client-flatten": true})
        );
        let f1 = json!({"name": "file", "in": "formData", "type": "file", "required": true});
        let f2 = json!({"name": "note", "in": "formData", "type": "string", "description": "n"});
        assert_eq!(
            form(
                &[f1.as_object().unwrap(), f2.as_object().unwrap()],
                &["application/json".to_string()],
                &h
            ),
            json!({"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"},
                "note": {"type": "string", "description": "n"}
            }, "required": ["file"]}}}, "required": true})
        );
        assert_eq!(
            form(&[f2.as_object().unwrap()], &[], &h),
            json!({"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"note": {"type": "string", "description": "n"}}}}}})
        );
    }
}
