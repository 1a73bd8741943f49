//! Finding and parsing `$ref`s. A `$ref` key only means "reference" where the spec grammar
//! says so: not in literal data (`example`, `default`, `enum`, `x-ms-examples`, ...) and not as
//! the name of a property (`properties: { $ref: ... }`). [`Ctx`] tracks that while walking.
//! Discriminator `mapping` values are references too (a bare name means a schema component).

use serde_json::Value;

use super::SpecVersion;
use super::pointer;

/// What a node is, as far as `$ref` handling is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ctx {
    /// A spec object: a `$ref` key with a string value is a reference.
    Node,
    /// A map from names to nodes (`properties`, `definitions`, `paths`, ...): its keys are names.
    NameMap,
    /// OpenAPI 3 `examples` map: its values are Example objects.
    ExamplesMap,
    /// An Example object: `value` is literal data.
    Example,
    /// A discriminator `mapping`: its string values are references.
    Mapping,
    /// Literal data: never holds references.
    Literal,
}

const LITERAL_KEYS: &[&str] = &["example", "x-example", "x-ms-examples", "default", "enum", "const"];
const NAME_MAP_KEYS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "parameters",
    "responses",
    "headers",
    "schemas",
    "requestBodies",
    "securitySchemes",
    "securityDefinitions",
    "links",
    "callbacks",
    "paths",
    "x-ms-paths",
    "content",
    "encoding",
    "scopes",
    "variables",
];

/// The context of the value under `key` of an object in context `ctx`.
pub fn child_ctx(ctx: Ctx, key: &str, version: SpecVersion) -> Ctx {
    match ctx {
        Ctx::Literal | Ctx::Mapping => Ctx::Literal,
        Ctx::NameMap => Ctx::Node,
        Ctx::ExamplesMap => Ctx::Example,
        Ctx::Example if key == "value" => Ctx::Literal,
        Ctx::Node | Ctx::Example => {
            if LITERAL_KEYS.contains(&key) {
                Ctx::Literal
            } else if key == "examples" {
                match version {
                    SpecVersion::Swagger2 => Ctx::Literal,
                    SpecVersion::OpenApi3 => Ctx::ExamplesMap,
                }
            } else if key == "mapping" {
                Ctx::Mapping
            } else if NAME_MAP_KEYS.contains(&key) {
                Ctx::NameMap
            } else {
                Ctx::Node
            }
        }
    }
}

/// The context of an array element.
pub fn element_ctx(ctx: Ctx) -> Ctx {
    match ctx {
        Ctx::Literal | Ctx::Mapping => Ctx::Literal,
        _ => Ctx::Node,
    }
}

/// One reference found while walking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// `{"$ref": "..."}` held by the node at the pointer.
    Ref(String),
    /// A discriminator mapping value, normalized to reference syntax.
    Mapping(String),
    /// A `$ref` whose value is not a string.
    Malformed(String),
}

impl Found {
    pub fn reference(&self) -> Option<&str> {
        match self {
            Found::Ref(r) | Found::Mapping(r) => Some(r),
            Found::Malformed(_) => None,
        }
    }
}

/// A mapping value as reference syntax: bare names mean `#/components/schemas/<name>`.
pub fn mapping_ref(value: &str) -> String {
    if value.contains('#') || value.contains('/') {
        value.to_string()
    } else {
        format!("#/components/schemas/{}", pointer::escape(value))
    }
}

/// Calls `f(pointer of holder, found)` for every reference under `value` (which is at `base`).
pub fn for_each_ref(value: &Value, base: &str, ctx: Ctx, version: SpecVersion, f: &mut dyn FnMut(&str, Found)) {
    let mut path = base.to_string();
    walk(value, &mut path, ctx, version, f);
}

fn walk(value: &Value, path: &mut String, ctx: Ctx, version: SpecVersion, f: &mut dyn FnMut(&str, Found)) {
    match value {
        Value::Object(map) => {
            if matches!(ctx, Ctx::Node | Ctx::Example) {
                match map.get("$ref") {
                    Some(Value::String(r)) => f(path, Found::Ref(r.clone())),
                    Some(other) => f(path, Found::Malformed(other.to_string())),
                    None => {}
                }
            }
            for (key, child) in map {
                if ctx == Ctx::Mapping {
                    if let Value::String(s) = child {
                        let len = path.len();
                        path.push('/');
                        path.push_str(&pointer::escape(key));
                        f(path, Found::Mapping(mapping_ref(s)));
                        path.truncate(len);
                    }
                    continue;
                }
                if !child.is_object() && !child.is_array() {
                    continue;
                }
                let child_ctx = child_ctx(ctx, key, version);
                if child_ctx == Ctx::Literal {
                    continue;
                }
                let len = path.len();
                path.push('/');
                path.push_str(&pointer::escape(key));
                walk(child, path, child_ctx, version, f);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            let child_ctx = element_ctx(ctx);
            if child_ctx == Ctx::Literal {
                return;
            }
            for (i, child) in items.iter().enumerate() {
                if !child.is_object() && !child.is_array() {
                    continue;
                }
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                walk(child, path, child_ctx, version, f);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// What a rewrite callback wants done with a reference holder.
pub enum Rewrite {
    /// Leave it (and walk into its siblings).
    Keep,
    /// The reference string becomes this.
    Set(String),
    /// The whole holder becomes this value (the holder's other keys are kept), which is not
    /// walked again.
    Replace(Value),
}

/// Like [`for_each_ref`], but lets `f` rewrite each reference.
pub fn rewrite_refs(
    value: &mut Value,
    base: &str,
    ctx: Ctx,
    version: SpecVersion,
    f: &mut dyn FnMut(&str, Found) -> Rewrite,
) {
    let mut path = base.to_string();
    walk_mut(value, &mut path, ctx, version, f);
}

fn walk_mut(
    value: &mut Value,
    path: &mut String,
    ctx: Ctx,
    version: SpecVersion,
    f: &mut dyn FnMut(&str, Found) -> Rewrite,
) {
    if let (Value::Object(map), Ctx::Node | Ctx::Example) = (&*value, ctx)
        && let Some(Value::String(r)) = map.get("$ref")
    {
        match f(path, Found::Ref(r.clone())) {
            Rewrite::Keep => {}
            Rewrite::Set(new) => {
                if let Value::Object(map) = value {
                    map.insert("$ref".to_string(), Value::String(new));
                }
            }
            Rewrite::Replace(mut new) => {
                // Siblings of the `$ref` (`description`, `x-ms-client-flatten`, ...) stay.
                if let (Value::Object(old), Value::Object(replacement)) = (&*value, &mut new) {
                    for (k, v) in old.iter().filter(|(k, _)| k.as_str() != "$ref") {
                        replacement.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                *value = new;
                return;
            }
        }
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let len = path.len();
                path.push('/');
                path.push_str(&pointer::escape(key));
                if ctx == Ctx::Mapping {
                    if let Value::String(s) = child {
                        match f(path, Found::Mapping(mapping_ref(s))) {
                            Rewrite::Keep => {}
                            Rewrite::Set(new) => *s = new,
                            Rewrite::Replace(new) => *child = new,
                        }
                    }
                } else if child.is_object() || child.is_array() {
                    let child_ctx = child_ctx(ctx, key, version);
                    if child_ctx != Ctx::Literal {
                        walk_mut(child, path, child_ctx, version, f);
                    }
                }
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            let child_ctx = element_ctx(ctx);
            if child_ctx == Ctx::Literal {
                return;
            }
            for (i, child) in items.iter_mut().enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                walk_mut(child, path, child_ctx, version, f);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// A parsed `$ref` string: the file part (empty = same file) and the JSON pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefTarget {
    pub file: String,
    pub pointer: String,
}

/// Parses a `$ref` value. Errors say why it is malformed.
pub fn parse_ref(reference: &str) -> Result<RefTarget, String> {
    if reference.is_empty() {
        return Err("empty `$ref`".to_string());
    }
    if reference.contains("://") || reference.starts_with("//") {
        return Err("remote `$ref`s (URLs) are not supported; vendor the file and use a relative path".to_string());
    }
    let (file, fragment) = match reference.split_once('#') {
        Some((file, fragment)) => (file, fragment),
        None => (reference, ""),
    };
    let file = pointer::percent_decode(file).ok_or_else(|| "invalid %-escape in the file part".to_string())?;
    let fragment = pointer::percent_decode(fragment).ok_or_else(|| "invalid %-escape in the fragment".to_string())?;
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return Err(format!(
            "the fragment `#{fragment}` is not a JSON pointer (it must start with `/`)"
        ));
    }
    Ok(RefTarget {
        file,
        pointer: fragment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(doc: Value, version: SpecVersion, expected: &[(&str, &str)]) {
        let mut got = Vec::new();
        for_each_ref(&doc, "", Ctx::Node, version, &mut |p, found| {
            let text = match found {
                Found::Ref(r) => r,
                Found::Mapping(r) => format!("mapping {r}"),
                Found::Malformed(v) => format!("malformed {v}"),
            };
            got.push((p.to_string(), text));
        });
        let expected: Vec<_> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(got, expected, "{doc}");
    }

    #[test]
    fn finds_refs_where_the_grammar_has_them() {
        use SpecVersion::*;
        check(json!({"a": {"$ref": "#/x"}}), Swagger2, &[("/a", "#/x")]);
        check(json!({"properties": {"$ref": {"type": "string"}}}), Swagger2, &[]);
        check(
            json!({"properties": {"$ref": {"$ref": "#/y"}}}),
            Swagger2,
            &[("/properties/$ref", "#/y")],
        );
        check(
            json!({"x-ms-examples": {"E": {"$ref": "./examples/E.json"}}}),
            Swagger2,
            &[],
        );
        check(
            json!({"example": {"$ref": "#/x"}, "default": {"$ref": 1}, "enum": [{"$ref": "#/z"}]}),
            Swagger2,
            &[],
        );
        check(
            json!({"examples": {"application/json": {"$ref": "#/x"}}}),
            Swagger2,
            &[],
        );
        check(
            json!({"examples": {"e": {"$ref": "#/components/examples/e"}, "f": {"value": {"$ref": "x"}}}}),
            OpenApi3,
            &[("/examples/e", "#/components/examples/e")],
        );
        check(json!({"$ref": 5}), Swagger2, &[("", "malformed 5")]);
        check(
            json!({"allOf": [{"$ref": "a.json"}]}),
            Swagger2,
            &[("/allOf/0", "a.json")],
        );
        check(
            json!({"discriminator": {"propertyName": "k", "mapping": {"a": "#/components/schemas/A", "b": "B.x"}}}),
            OpenApi3,
            &[
                ("/discriminator/mapping/a", "mapping #/components/schemas/A"),
                ("/discriminator/mapping/b", "mapping #/components/schemas/B.x"),
            ],
        );
        check(
            json!({"x-ms-parameterized-host": {"parameters": [{"$ref": "#/parameters/H"}]}}),
            Swagger2,
            &[("/x-ms-parameterized-host/parameters/0", "#/parameters/H")],
        );
    }

    #[test]
    fn parse_ref_cases() {
        let ok = |f: &str, p: &str| {
            Ok(RefTarget {
                file: f.to_string(),
                pointer: p.to_string(),
            })
        };
        assert_eq!(parse_ref("#/definitions/A"), ok("", "/definitions/A"));
        assert_eq!(
            parse_ref("./network.json#/definitions/CloudError"),
            ok("./network.json", "/definitions/CloudError")
        );
        assert_eq!(parse_ref("other.yaml"), ok("other.yaml", ""));
        assert_eq!(parse_ref("#/definitions/A%20B"), ok("", "/definitions/A B"));
        assert!(parse_ref("").is_err());
        assert!(parse_ref("#definitions/A").is_err());
        assert!(parse_ref("https://x/y.json#/a").is_err());
        assert!(parse_ref("#/a%zz").is_err());
    }
}
