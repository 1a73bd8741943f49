//! Swagger 2.0 → OpenAPI 3.0.3, on `serde_json::Value`. See the module docs of `normalize` for
//! the rules; parameters are in `params.rs`, schemas in `schema.rs`. Every node written is
//! anchored in the new source map to the node of the bundle it came from.

use serde_json::{Map, Value, json};

use crate::diag::Diagnostic;
use crate::load::refs::{self, Ctx, Found, Rewrite};
use crate::load::{SourceMap, SpecVersion, pointer};

use super::params;
use super::schema::{self, Hierarchy};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub struct Converted {
    pub document: Value,
    pub source_map: SourceMap,
    pub warnings: Vec<Diagnostic>,
}

pub fn convert(doc: &Value, old: &SourceMap) -> Converted {
    let empty = Map::new();
    let root = doc.as_object().unwrap_or(&empty);
    let definitions = root.get("definitions").and_then(Value::as_object);
    let mut cx = Cx {
        root,
        old,
        map: SourceMap::new(),
        warnings: Vec::new(),
        h: Hierarchy::from_definitions(definitions),
        definitions,
        consumes: media_types(root.get("consumes")),
        produces: media_types(root.get("produces")),
    };
    let mut document = cx.document();
    rewrite_refs(&mut document, root);
    Converted {
        document,
        source_map: cx.map,
        warnings: cx.warnings,
    }
}

fn media_types(v: Option<&Value>) -> Vec<String> {
    let list: Vec<String> = v
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| m.as_str().map(String::from))
        .collect();
    if list.is_empty() {
        vec!["application/json".to_string()]
    } else {
        list
    }
}

struct Cx<'a> {
    root: &'a Map<String, Value>,
    old: &'a SourceMap,
    map: SourceMap,
    warnings: Vec<Diagnostic>,
    h: Hierarchy,
    definitions: Option<&'a Map<String, Value>>,
    consumes: Vec<String>,
    produces: Vec<String>,
}

impl<'a> Cx<'a> {
    fn anchor(&mut self, new: &str, old: &str) {
        self.old.graft_into(&mut self.map, old, new);
    }

    fn warn(&mut self, old: &str, message: String) {
        self.warnings
            .push(Diagnostic::warning(message).at(self.old.locate(old)));
    }

    fn document(&mut self) -> Value {
        let root = self.root;
        let mut out = Map::new();
        self.anchor("", "");
        out.insert("openapi".to_string(), json!("3.0.3"));
        for key in ["info", "externalDocs"] {
            if let Some(v) = root.get(key) {
                out.insert(key.to_string(), v.clone());
            }
        }
        if let Some(servers) = self.servers() {
            out.insert("servers".to_string(), servers);
            self.anchor(
                "/servers",
                if root.contains_key("host") {
                    "/host"
                } else {
                    "/basePath"
                },
            );
        }
        for key in ["tags", "security"] {
            if let Some(v) = root.get(key) {
                out.insert(key.to_string(), v.clone());
            }
        }
        out.insert("paths".to_string(), Value::Object(self.paths()));
        let components = self.components();
        if !components.is_empty() {
            out.insert("components".to_string(), Value::Object(components));
        }
        for (key, value) in root {
            if !key.starts_with("x-") || key == "x-ms-paths" {
                continue;
            }
            let at = pointer::push("", key);
            let value = if key == "x-ms-parameterized-host" {
                self.parameterized_host(value, &at)
            } else {
                value.clone()
            };
            out.insert(key.clone(), value);
        }
        Value::Object(out)
    }

    fn servers(&self) -> Option<Value> {
        let base_path = self.root.get("basePath").and_then(Value::as_str).unwrap_or("");
        let url = |prefix: String| -> Value {
            let url = format!("{prefix}{base_path}");
            let url = if url.len() > 1 {
                url.trim_end_matches('/').to_string()
            } else {
                url
            };
            json!({"url": url})
        };
        match self.root.get("host").and_then(Value::as_str) {
            Some(host) => {
                let schemes: Vec<&str> = self
                    .root
                    .get("schemes")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                let schemes = if schemes.is_empty() { vec!["https"] } else { schemes };
                Some(Value::Array(
                    schemes.iter().map(|s| url(format!("{s}://{host}"))).collect(),
                ))
            }
            None if !base_path.is_empty() => Some(json!([{"url": base_path}])),
            None => None,
        }
    }

    fn parameterized_host(&mut self, value: &Value, at: &str) -> Value {
        let mut value = value.clone();
        if let Some(list) = value.get_mut("parameters").and_then(Value::as_array_mut) {
            for (i, p) in list.iter_mut().enumerate() {
                if let Some(m) = p.as_object().filter(|m| !m.contains_key("$ref")) {
                    let mut warnings = Vec::new();
                    let converted = params::parameter(m, &self.h, &mut warnings);
                    self.report(&format!("{at}/parameters/{i}"), warnings);
                    *p = converted;
                }
            }
        }
        value
    }

    fn report(&mut self, at: &str, warnings: Vec<params::Warn>) {
        for (rest, message) in warnings {
            self.warn(&format!("{at}{rest}"), message);
        }
    }

    fn paths(&mut self) -> Map<String, Value> {
        let mut out = Map::new();
        for key in ["paths", "x-ms-paths"] {
            let Some(paths) = self.root.get(key).and_then(Value::as_object) else {
                continue;
            };
            for (path, item) in paths {
                let old_at = pointer::push(&pointer::push("", key), path);
                if out.contains_key(path) {
                    self.warn(
                        &old_at,
                        format!("`{key}` repeats the path `{path}`; the first one is kept"),
                    );
                    continue;
                }
                let new_at = pointer::push("/paths", path);
                self.anchor(&new_at, &old_at);
                let converted = match item.as_object() {
                    Some(item) => self.path_item(item, &old_at, &new_at),
                    None => item.clone(),
                };
                out.insert(path.clone(), converted);
            }
        }
        out
    }

    /// Follows `#/parameters/X` references to the parameter object.
    fn resolve_param(&self, p: &'a Value) -> Option<(&'a Map<String, Value>, Option<String>)> {
        let mut node = p;
        let mut name = None;
        for _ in 0..16 {
            let map = node.as_object()?;
            match map.get("$ref").and_then(Value::as_str) {
                None => return Some((map, name)),
                Some(r) => {
                    let target = r.strip_prefix("#/parameters/")?;
                    let target = pointer::tokens(&format!("/{target}"))?.into_iter().next()?;
                    node = self.root.get("parameters")?.get(&target)?;
                    name = Some(target);
                }
            }
        }
        None
    }

    fn kind(&self, p: &'a Value) -> &'a str {
        self.resolve_param(p)
            .and_then(|(m, _)| m.get("in"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    fn path_item(&mut self, item: &'a Map<String, Value>, old_at: &str, new_at: &str) -> Value {
        let shared: Vec<(usize, &'a Value)> = item
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .collect();
        let inherited: Vec<(usize, &'a Value)> = shared
            .iter()
            .copied()
            .filter(|(_, p)| matches!(self.kind(p), "body" | "formData"))
            .collect();
        let mut out = Map::new();
        for (key, value) in item {
            let key_old = pointer::push(old_at, key);
            let key_new = pointer::push(new_at, key);
            if key == "parameters" {
                let mut list = Vec::new();
                for (i, p) in &shared {
                    if !matches!(self.kind(p), "body" | "formData") {
                        list.push(self.plain_parameter(
                            p,
                            &format!("{key_old}/{i}"),
                            &format!("{key_new}/{}", list.len()),
                        ));
                    }
                }
                if !list.is_empty() {
                    out.insert(key.clone(), Value::Array(list));
                }
            } else if METHODS.contains(&key.as_str()) && value.is_object() {
                self.anchor(&key_new, &key_old);
                let op = value
                    .as_object()
                    .map(|op| self.operation(op, &inherited, old_at, &key_old, &key_new));
                out.insert(key.clone(), op.unwrap_or_default());
            } else {
                out.insert(key.clone(), value.clone());
            }
        }
        Value::Object(out)
    }

    fn plain_parameter(&mut self, p: &Value, old_at: &str, new_at: &str) -> Value {
        self.anchor(new_at, old_at);
        match p.as_object() {
            Some(m) if !m.contains_key("$ref") => {
                let mut warnings = Vec::new();
                let converted = params::parameter(m, &self.h, &mut warnings);
                self.report(old_at, warnings);
                self.anchor(&format!("{new_at}/schema"), old_at);
                converted
            }
            _ => p.clone(),
        }
    }

    fn operation(
        &mut self,
        op: &'a Map<String, Value>,
        inherited: &[(usize, &'a Value)],
        item_old: &str,
        old_at: &str,
        new_at: &str,
    ) -> Value {
        let consumes = if op.contains_key("consumes") {
            media_types(op.get("consumes"))
        } else {
            self.consumes.clone()
        };
        let produces = if op.contains_key("produces") {
            media_types(op.get("produces"))
        } else {
            self.produces.clone()
        };
        let own: Vec<(usize, &'a Value)> = op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .collect();

        let mut list = Vec::new();
        let mut body: Option<(Value, usize)> = None;
        let mut form: Vec<&'a Map<String, Value>> = Vec::new();
        let mut form_at: Option<String> = None;
        let params_old = format!("{old_at}/parameters");
        let params_new = format!("{new_at}/parameters");
        let body_new = format!("{new_at}/requestBody");
        for (i, p) in &own {
            let p_old = format!("{params_old}/{i}");
            match self.kind(p) {
                "body" => {
                    if body.is_some() {
                        self.warn(
                            &p_old,
                            "more than one body parameter; only the first is kept".to_string(),
                        );
                        continue;
                    }
                    body = Some((self.body(p, &consumes, &p_old, &body_new), *i));
                }
                "formData" => {
                    if let Some((m, _)) = self.resolve_param(p) {
                        form.push(m);
                        form_at.get_or_insert(p_old);
                    }
                }
                _ => {
                    let converted = self.plain_parameter(p, &p_old, &format!("{params_new}/{}", list.len()));
                    list.push(converted);
                }
            }
        }
        // Path-level body / formData parameters apply to every operation not declaring its own.
        for (i, p) in inherited {
            let p_old = format!("{item_old}/parameters/{i}");
            match self.kind(p) {
                "body" if body.is_none() => body = Some((self.body(p, &consumes, &p_old, &body_new), usize::MAX)),
                "formData" => {
                    if let Some((m, _)) = self.resolve_param(p) {
                        let name = m.get("name");
                        if !form.iter().any(|f| f.get("name") == name) {
                            form.push(m);
                            form_at.get_or_insert(p_old);
                        }
                    }
                }
                _ => {}
            }
        }
        let mut request_body = body.as_ref().map(|(b, _)| b.clone());
        if !form.is_empty() {
            if request_body.is_some() {
                self.warn(
                    &params_old,
                    "both body and formData parameters; the formData ones are dropped".to_string(),
                );
            } else {
                request_body = Some(params::form(&form, &consumes, &self.h));
                if let Some(at) = &form_at {
                    self.anchor(&body_new, at);
                }
            }
        }

        let mut out = Map::new();
        let mut body_placed = false;
        for (key, value) in op {
            match key.as_str() {
                "consumes" | "produces" | "schemes" => {}
                "parameters" => {
                    if !list.is_empty() {
                        out.insert(key.clone(), Value::Array(std::mem::take(&mut list)));
                    }
                    if let Some(rb) = request_body.take() {
                        out.insert("requestBody".to_string(), rb);
                    }
                    body_placed = true;
                }
                "responses" => {
                    if !body_placed {
                        if let Some(rb) = request_body.take() {
                            out.insert("requestBody".to_string(), rb);
                        }
                        body_placed = true;
                    }
                    let converted = match value.as_object() {
                        Some(rs) => self.responses(
                            rs,
                            &produces,
                            &format!("{old_at}/responses"),
                            &format!("{new_at}/responses"),
                        ),
                        None => value.clone(),
                    };
                    out.insert(key.clone(), converted);
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if let Some(rb) = request_body.take() {
            out.insert("requestBody".to_string(), rb);
        }
        if !out.contains_key("responses") {
            out.insert("responses".to_string(), json!({}));
        }
        if let Some((_, index)) = body
            && index != usize::MAX
        {
            out.insert("x-ms-requestBody-index".to_string(), json!(index));
        }
        Value::Object(out)
    }

    fn body(&mut self, p: &'a Value, consumes: &[String], old_at: &str, new_at: &str) -> Value {
        let Some((m, component)) = self.resolve_param(p) else {
            return json!({});
        };
        if let Some(name) = component {
            if consumes == self.consumes.as_slice() {
                self.anchor(new_at, old_at);
                return json!({"$ref": format!("#/components/requestBodies/{}", pointer::escape(&name))});
            }
            self.anchor(new_at, &pointer::push("/parameters", &name));
        } else {
            self.anchor(new_at, old_at);
        }
        params::body(m, consumes, &self.h, self.definitions)
    }

    fn responses(&mut self, rs: &Map<String, Value>, produces: &[String], old_at: &str, new_at: &str) -> Value {
        let mut out = Map::new();
        for (code, r) in rs {
            let r_old = pointer::push(old_at, code);
            let r_new = pointer::push(new_at, code);
            let converted = match r.as_object() {
                Some(m) if !code.starts_with("x-") && !m.contains_key("$ref") => {
                    self.response(m, produces, &r_old, &r_new)
                }
                _ => r.clone(),
            };
            self.anchor(&r_new, &r_old);
            out.insert(code.clone(), converted);
        }
        Value::Object(out)
    }

    fn response(&mut self, r: &Map<String, Value>, produces: &[String], old_at: &str, new_at: &str) -> Value {
        let mut out = Map::new();
        out.insert(
            "description".to_string(),
            r.get("description").cloned().unwrap_or_else(|| json!("")),
        );
        if let Some(headers) = r.get("headers").and_then(Value::as_object) {
            let mut hs = Map::new();
            for (name, hd) in headers {
                let Some(hd) = hd.as_object() else { continue };
                let mut h = Map::new();
                if let Some(d) = hd.get("description") {
                    h.insert("description".to_string(), d.clone());
                }
                h.insert("schema".to_string(), params::value_schema(hd, &self.h));
                for (k, v) in hd {
                    if k.starts_with("x-") {
                        h.insert(k.clone(), v.clone());
                    }
                }
                hs.insert(name.clone(), Value::Object(h));
            }
            out.insert("headers".to_string(), Value::Object(hs));
        }
        if let Some(s) = r.get("schema") {
            let converted = schema::convert(s, None, &self.h, self.definitions);
            let examples = r.get("examples").and_then(Value::as_object);
            let mut content = Map::new();
            for mt in produces {
                let mut media = Map::new();
                media.insert("schema".to_string(), converted.clone());
                if let Some(example) = examples.and_then(|e| e.get(mt)) {
                    media.insert("example".to_string(), example.clone());
                }
                self.anchor(
                    &format!("{new_at}/content/{}/schema", pointer::escape(mt)),
                    &format!("{old_at}/schema"),
                );
                content.insert(mt.clone(), Value::Object(media));
            }
            out.insert("content".to_string(), Value::Object(content));
        }
        for (k, v) in r {
            if k.starts_with("x-") {
                out.insert(k.clone(), v.clone());
            }
        }
        Value::Object(out)
    }

    fn components(&mut self) -> Map<String, Value> {
        let root = self.root;
        let mut out = Map::new();
        if let Some(defs) = root.get("definitions").and_then(Value::as_object) {
            let mut schemas = Map::new();
            for (name, def) in defs {
                self.anchor(
                    &pointer::push("/components/schemas", name),
                    &pointer::push("/definitions", name),
                );
                schemas.insert(
                    name.clone(),
                    schema::convert(def, Some(name), &self.h, self.definitions),
                );
            }
            out.insert("schemas".to_string(), Value::Object(schemas));
        }
        if let Some(rs) = root.get("responses").and_then(Value::as_object) {
            let produces = self.produces.clone();
            let converted = self.responses(rs, &produces, "/responses", "/components/responses");
            out.insert("responses".to_string(), converted);
        }
        if let Some(ps) = root.get("parameters").and_then(Value::as_object) {
            let mut parameters = Map::new();
            let mut bodies = Map::new();
            for (name, p) in ps {
                let old_at = pointer::push("/parameters", name);
                match p.get("in").and_then(Value::as_str) {
                    Some("body") => {
                        let new_at = pointer::push("/components/requestBodies", name);
                        self.anchor(&new_at, &old_at);
                        if let Some(m) = p.as_object() {
                            bodies.insert(name.clone(), params::body(m, &self.consumes, &self.h, self.definitions));
                        }
                    }
                    Some("formData") => {} // inlined into each operation's form request body
                    _ => {
                        let new_at = pointer::push("/components/parameters", name);
                        parameters.insert(name.clone(), self.plain_parameter(p, &old_at, &new_at));
                    }
                }
            }
            if !parameters.is_empty() {
                out.insert("parameters".to_string(), Value::Object(parameters));
            }
            if !bodies.is_empty() {
                out.insert("requestBodies".to_string(), Value::Object(bodies));
            }
        }
        if let Some(defs) = root.get("securityDefinitions").and_then(Value::as_object) {
            let mut schemes = Map::new();
            for (name, d) in defs {
                let old_at = pointer::push("/securityDefinitions", name);
                self.anchor(&pointer::push("/components/securitySchemes", name), &old_at);
                match security_scheme(d) {
                    Ok(s) => {
                        schemes.insert(name.clone(), s);
                    }
                    Err(message) => self.warn(&old_at, message),
                }
            }
            out.insert("securitySchemes".to_string(), Value::Object(schemes));
        }
        out
    }
}

fn security_scheme(d: &Value) -> Result<Value, String> {
    let kind = d.get("type").and_then(Value::as_str).unwrap_or_default();
    let mut out = Map::new();
    match kind {
        "basic" => {
            out.insert("type".to_string(), json!("http"));
            out.insert("scheme".to_string(), json!("basic"));
        }
        "apiKey" => {
            out.insert("type".to_string(), json!("apiKey"));
            for key in ["name", "in"] {
                out.insert(key.to_string(), d.get(key).cloned().unwrap_or_else(|| json!("")));
            }
        }
        "oauth2" => {
            out.insert("type".to_string(), json!("oauth2"));
            let flow = d.get("flow").and_then(Value::as_str).unwrap_or_default();
            let (name, keys): (&str, &[&str]) = match flow {
                "implicit" => ("implicit", &["authorizationUrl"]),
                "password" => ("password", &["tokenUrl"]),
                "application" => ("clientCredentials", &["tokenUrl"]),
                "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                other => return Err(format!("unknown oauth2 flow `{other}`; security scheme dropped")),
            };
            let mut f = Map::new();
            for key in keys {
                f.insert(key.to_string(), d.get(*key).cloned().unwrap_or_else(|| json!("")));
            }
            f.insert(
                "scopes".to_string(),
                d.get("scopes").cloned().unwrap_or_else(|| json!({})),
            );
            out.insert("flows".to_string(), json!({ name: f }));
        }
        other => return Err(format!("unknown security scheme type `{other}`; dropped")),
    }
    if let Some(desc) = d.get("description") {
        out.insert("description".to_string(), desc.clone());
    }
    for (k, v) in d.as_object().into_iter().flatten() {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    Ok(Value::Object(out))
}

/// `#/definitions/X` → `#/components/schemas/X`, `#/parameters/X` → `#/components/parameters/X`
/// (or `#/components/requestBodies/X` for body parameters), `#/responses/X` →
/// `#/components/responses/X`; also below those nodes.
fn rewrite_refs(document: &mut Value, root: &Map<String, Value>) {
    let is_body = |name: &str| {
        root.get("parameters")
            .and_then(|p| p.get(name))
            .and_then(|p| p.get("in"))
            .is_some_and(|i| i == "body")
    };
    refs::rewrite_refs(document, "", Ctx::Node, SpecVersion::OpenApi3, &mut |_, found| {
        let Found::Ref(r) = found else { return Rewrite::Keep };
        if let Some(rest) = r.strip_prefix("#/definitions/") {
            Rewrite::Set(format!("#/components/schemas/{rest}"))
        } else if let Some(rest) = r.strip_prefix("#/parameters/") {
            let name = rest
                .split('/')
                .next()
                .unwrap_or_default()
                .replace("~1", "/")
                .replace("~0", "~");
            let section = if is_body(&name) { "requestBodies" } else { "parameters" };
            Rewrite::Set(format!("#/components/{section}/{rest}"))
        } else if let Some(rest) = r.strip_prefix("#/responses/") {
            Rewrite::Set(format!("#/components/responses/{rest}"))
        } else {
            Rewrite::Keep
        }
    });
}
