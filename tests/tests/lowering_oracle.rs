//! Our Swagger 2.0 → OpenAPI 3.0 lowering (specgen's normalize stage) against an independent
//! one, `swagger2openapi` (npm, installed with Prism by `npm ci --prefix tools/prism`), on every
//! vendored Swagger spec.
//!
//! Twice per spec: (1) swagger2openapi gets the bundle specgen's loader makes (every `$ref`
//! local, `target/lowering/<name>.swagger.json`), the lowering alone is compared; (2) it gets the
//! vendored files and resolves their `$ref`s itself (`--resolve`), so our loader is compared
//! too. The two OpenAPI 3.0 documents are compared operation by
//! operation at the level of parameters, request bodies and responses, schemas followed through
//! their `$ref`s (each pair of components compared once). Every difference must be explained by
//! an entry of [`EXPLAINED`] (with its reason); an entry that explains nothing fails the test.
//!
//! Skips loudly without `tools/prism/node_modules`, fails then under `SPECGEN_ORACLES=1`.

// The vendored files without x-ms-examples, as Prism gets them (swagger2openapi `--resolve`
// would follow the examples' `$ref`s too, one of which is missing upstream).
#[allow(dead_code)]
#[path = "prism/documents.rs"]
mod documents;

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One difference: where (operation and JSON path under it), which member, our value, theirs.
#[derive(Debug)]
struct Diff {
    /// Set when the difference is ours `$ref` to a component from another file where
    /// swagger2openapi `--resolve` inlined a copy.
    external: bool,
    at: String,
    key: String,
    ours: Option<Value>,
    theirs: Option<Value>,
}

/// A class of differences that is not a bug of ours: name, matcher, why.
struct Explained {
    name: &'static str,
    matches: fn(&Diff) -> bool,
    reason: &'static str,
}

const EXPLAINED: &[Explained] = &[
    Explained {
        name: "default style written out",
        matches: |d| {
            d.key == "style"
                && d.theirs.is_none()
                && match d.ours.as_ref().and_then(Value::as_str) {
                    Some("simple") => {
                        d.at.contains(" parameter path:")
                            || d.at.contains(" parameter header:")
                            || d.at.contains("/headers/")
                    }
                    Some("form") => d.at.contains(" parameter query:"),
                    _ => false,
                }
        },
        reason: "openapiv3 (the model's input type) always serializes a parameter's or header's `style`; ours is the \
                 default for its location (path and header: simple, query: form), which swagger2openapi leaves out",
    },
    Explained {
        name: "required: false written out",
        matches: |d| d.key == "required" && d.ours.is_none() && d.theirs == Some(Value::Bool(false)),
        reason: "swagger2openapi copies `required: false` from optional Swagger parameters; openapiv3 leaves the \
                 default out",
    },
    Explained {
        name: "uniqueItems: false written out",
        matches: |d| d.key == "uniqueItems" && d.ours.is_none() && d.theirs == Some(Value::Bool(false)),
        reason: "the spec says `uniqueItems: false` (the default); openapiv3 serializes only `true`",
    },
    Explained {
        name: "nullable: false written out",
        matches: |d| d.key == "nullable" && d.ours.is_none() && d.theirs == Some(Value::Bool(false)),
        reason: "swagger2openapi turns `x-nullable: false` into `nullable: false` (the default); we keep \
                 `x-nullable: false` and leave the default out",
    },
    Explained {
        name: "x-nullable kept",
        matches: |d| d.key == "x-nullable" && d.theirs.is_none() && d.ours.as_ref().is_some_and(Value::is_boolean),
        reason: "we keep every `x-*` member, `x-nullable` too, beside the `nullable: true` we add for `x-nullable: true` \
                 (a missing `nullable` would show as its own difference); swagger2openapi replaces it",
    },
    Explained {
        name: "component from another file inlined by --resolve",
        matches: |d| d.external,
        reason: "swagger2openapi `--resolve` copies a schema from another file (common-types, network.json) into \
                 each place that refers to it; our loader makes it one component, named once",
    },
    Explained {
        name: "swagger2openapi's dangling requestBody $ref",
        matches: |d| {
            d.key == "$ref that does not resolve (theirs)"
                && d.theirs
                    .as_ref()
                    .and_then(|t| t.get("$ref"))
                    .and_then(Value::as_str)
                    .is_some_and(|r| r.starts_with("#/components/requestBodies/") && r.contains("/properties/"))
        },
        reason: "with --resolve, the bodies that refer to a schema from another file (AVD \
                 PrivateEndpointConnections_UpdateBy{HostPool,Workspace}: privatelinks.json PrivateEndpointConnection) \
                 get `$ref: #/components/requestBodies/WorkspaceProperties/properties/privateEndpointConnections/items`, \
                 a pointer to where the resolver put its first copy, re-rooted under requestBodies, which resolves to \
                 nothing: their bug; our body is the component",
    },
    Explained {
        name: "$ref wrapped in allOf",
        matches: |d| d.key == "$ref wrapped in allOf",
        reason: "OpenAPI 3.0 ignores the siblings of a `$ref` (and openapiv3 drops them when parsing), so a reference \
                 with siblings that matter (`readOnly`, `x-ms-client-flatten`, `x-nullable`, ...) becomes \
                 `allOf: [{$ref}]` with the siblings beside it; swagger2openapi keeps the bare `$ref`",
    },
    Explained {
        name: "siblings of $ref swagger2openapi drops",
        matches: |d| d.at.contains("(siblings of $ref)") && d.theirs.is_none() && d.ours.is_some(),
        reason: "swagger2openapi drops what stood beside a `$ref` (a read-only `provisioningState`, \
                 `x-ms-client-flatten`, `x-nullable`); we keep it (see `$ref wrapped in allOf`), so the property \
                 stays read-only and nullable in the client",
    },
];

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn our_swagger_lowering_agrees_with_swagger2openapi() {
    let root = root();
    let bin = root.join("tools/prism/node_modules/.bin/swagger2openapi");
    let read_json = |path: &Path| -> Value {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    if !workspace_tests::prism::oracle_installed(&bin, "swagger2openapi") {
        return;
    }
    let manifest = specgen::lifecycle::manifest::Manifest::read(&root.join("specs/specs.toml")).expect("specs.toml");
    let services = specgen::api_versions::expand(&manifest.services).expect("services");
    let out = root.join("target/lowering");
    std::fs::create_dir_all(&out).expect("target/lowering");
    documents::copy_without_examples(&root, &out, &manifest).expect("copy the vendored files");
    let mut diffs = Vec::new();
    let mut operations = 0;
    for service in &services {
        if !service.entry.iter().all(|e| e.extension().is_some_and(|x| x == "json")) {
            continue;
        }
        let entries: Vec<PathBuf> = service.entry.iter().map(|e| root.join("specs").join(e)).collect();
        let bundle = specgen::load::load(&entries).unwrap_or_else(|e| panic!("{}: {e}", service.name));
        let input = out.join(format!("{}.swagger.json", service.name));
        std::fs::write(&input, serde_json::to_string_pretty(&bundle.document).expect("json")).expect("write");
        let ours = specgen::normalize::normalize(bundle).unwrap_or_else(|e| panic!("{}: {e}", service.name));
        let ours = serde_json::to_value(&ours.openapi).expect("our json");
        let mine = out.join(format!("{}.ours.json", service.name));
        std::fs::write(&mine, serde_json::to_string_pretty(&ours).expect("json")).expect("write");
        // 1. The same input: our bundle. 2. The vendored files, their `$ref`s resolved by
        //    swagger2openapi itself (`--resolve`), so our loader is compared too.
        let [entry] = service.entry.as_slice() else {
            panic!("{}: one Swagger entry expected", service.name);
        };
        let raw = out.join("specs").join(entry);
        let local: BTreeSet<String> = read_json(&raw)
            .get("definitions")
            .and_then(Value::as_object)
            .map(|d| d.keys().cloned().collect())
            .unwrap_or_default();
        for (mode, input, resolve) in [("bundle", &input, false), ("resolved", &raw, true)] {
            let output = out.join(format!("{}.{mode}.openapi.json", service.name));
            let mut command = Command::new(&bin);
            command.arg(input);
            if resolve {
                command.arg("--resolve");
            }
            // Name the request body like we do (the Swagger body parameter's name).
            let status = command
                .args(["--rbname", "x-ms-requestBody-name", "--outfile"])
                .arg(&output)
                .status()
                .expect("run swagger2openapi");
            assert!(status.success(), "{}: swagger2openapi failed ({status})", service.name);
            let theirs = read_json(&output);
            let name = format!("{} {mode}", service.name);
            let before = diffs.len();
            operations += compare_documents(&name, &ours, &theirs, &mut diffs);
            if resolve {
                for d in &mut diffs[before..] {
                    d.external = is_external_ref(d, &local);
                }
            }
        }
    }
    let mut used = vec![0usize; EXPLAINED.len()];
    let mut unexplained = Vec::new();
    for d in &diffs {
        match EXPLAINED.iter().position(|e| (e.matches)(d)) {
            Some(i) => used[i] += 1,
            None => unexplained.push(d),
        }
    }
    let mut by_key: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &unexplained {
        *by_key.entry(d.key.as_str()).or_default() += 1;
    }
    let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
    for d in unexplained.iter().filter(|d| {
        let n = shown.entry(d.key.as_str()).or_default();
        *n += 1;
        *n <= 4
    }) {
        println!(
            "{} [{}]: ours {} / theirs {}",
            d.at,
            d.key,
            d.ours.as_ref().map_or("-".into(), short),
            d.theirs.as_ref().map_or("-".into(), short)
        );
    }
    let explained: Vec<String> = EXPLAINED
        .iter()
        .zip(&used)
        .map(|(e, n)| format!("{} {n}", e.name))
        .collect();
    for (e, n) in EXPLAINED.iter().zip(&used) {
        println!("explained {n:>4} × {}: {}", e.name, e.reason);
    }
    println!(
        "lowering: {operations} operations, {} differences, {} explained ({}), {} unexplained {by_key:?}",
        diffs.len(),
        diffs.len() - unexplained.len(),
        explained.join(", "),
        unexplained.len()
    );
    let stale: Vec<&str> = EXPLAINED
        .iter()
        .zip(&used)
        .filter(|(_, n)| **n == 0)
        .map(|(e, _)| e.name)
        .collect();
    assert!(stale.is_empty(), "EXPLAINED entries that explain nothing: {stale:?}");
    assert!(unexplained.is_empty(), "{} unexplained differences", unexplained.len());
}

/// `{allOf: [{$ref: X}], siblings…}` (no other structure) → (X, siblings).
fn wrapped_ref(v: &Value) -> Option<(Value, Map<String, Value>)> {
    let map = v.as_object()?;
    let [only] = map.get("allOf")?.as_array()?.as_slice() else {
        return None;
    };
    let reference = only.get("$ref")?;
    if only.as_object()?.len() != 1 || ["$ref", "properties", "items"].iter().any(|k| map.contains_key(*k)) {
        return None;
    }
    let mut siblings = map.clone();
    siblings.remove("allOf");
    Some((reference.clone(), siblings))
}

/// Our `$ref` to a component that is not a definition of the entry file (the loader took it
/// from another file), where theirs has the copy inline.
fn is_external_ref(d: &Diff, local: &BTreeSet<String>) -> bool {
    d.key == "$ref"
        && d.theirs.is_none()
        && d.ours
            .as_ref()
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .is_some_and(|name| !local.contains(name))
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.len() > 160 {
        format!("{}…", &text[..160])
    } else {
        text
    }
}

/// Compares every operation of `ours` with the same one of `theirs`; returns how many.
fn compare_documents(service: &str, ours: &Value, theirs: &Value, diffs: &mut Vec<Diff>) -> usize {
    let mut cx = Cx {
        ours,
        theirs,
        seen: BTreeSet::new(),
        diffs,
    };
    let empty = Map::new();
    let our_paths = ours.get("paths").and_then(Value::as_object).unwrap_or(&empty);
    let their_paths = theirs.get("paths").and_then(Value::as_object).unwrap_or(&empty);
    let mut count = 0;
    let keys: BTreeSet<&String> = our_paths.keys().chain(their_paths.keys()).collect();
    for path in keys {
        let (o, t) = (our_paths.get(path), their_paths.get(path));
        for method in METHODS {
            let (oo, to) = (o.and_then(|i| i.get(method)), t.and_then(|i| i.get(method)));
            if oo.is_none() && to.is_none() {
                continue;
            }
            count += 1;
            let at = format!("{service} {} {path}", method.to_uppercase());
            let (Some(oo), Some(to)) = (oo, to) else {
                cx.diff(&at, "operation", oo, to);
                continue;
            };
            cx.parameters(&at, o, oo, t, to);
            cx.request_body(
                &at,
                oo.get("requestBody"),
                to.get("requestBody"),
                to.get("x-ms-requestBody-name"),
            );
            cx.responses(&at, oo.get("responses"), to.get("responses"));
        }
    }
    count
}

struct Cx<'a, 'd> {
    ours: &'a Value,
    theirs: &'a Value,
    /// Component pairs (our $ref, their $ref) already compared.
    seen: BTreeSet<(String, String)>,
    diffs: &'d mut Vec<Diff>,
}

impl Cx<'_, '_> {
    fn diff(&mut self, at: &str, key: &str, ours: Option<&Value>, theirs: Option<&Value>) {
        self.diffs.push(Diff {
            external: false,
            at: at.to_owned(),
            key: key.to_owned(),
            ours: ours.cloned(),
            theirs: theirs.cloned(),
        });
    }

    fn resolve<'v>(doc: &'v Value, v: &'v Value) -> &'v Value {
        let mut v = v;
        for _ in 0..8 {
            match v.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
                Some(ptr) => match doc.pointer(ptr) {
                    Some(target) => v = target,
                    None => return v,
                },
                None => return v,
            }
        }
        v
    }

    /// Parameters by (in, name), path-level ones included.
    fn parameters(&mut self, at: &str, oi: Option<&Value>, oo: &Value, ti: Option<&Value>, to: &Value) {
        fn collect<'v>(
            doc: &'v Value,
            item: Option<&'v Value>,
            op: &'v Value,
        ) -> BTreeMap<(String, String), &'v Value> {
            let mut out = BTreeMap::new();
            let lists = [item.and_then(|i| i.get("parameters")), op.get("parameters")];
            for list in lists.into_iter().flatten().filter_map(Value::as_array) {
                for p in list {
                    let p = Cx::resolve(doc, p);
                    let key = (
                        p.get("in").and_then(Value::as_str).unwrap_or_default().to_owned(),
                        p.get("name").and_then(Value::as_str).unwrap_or_default().to_owned(),
                    );
                    out.insert(key, p);
                }
            }
            out
        }
        let ours = collect(self.ours, oi, oo);
        let theirs = collect(self.theirs, ti, to);
        let keys: BTreeSet<&(String, String)> = ours.keys().chain(theirs.keys()).collect();
        for key in keys {
            let here = format!("{at} parameter {}:{}", key.0, key.1);
            match (ours.get(key), theirs.get(key)) {
                (Some(o), Some(t)) => self.object(&here, o, t),
                (o, t) => self.diff(&here, "parameter", o.copied(), t.copied()),
            }
        }
    }

    /// `name` is their operation's `x-ms-requestBody-name` (`--rbname`), which we keep on the
    /// request body itself: compared as if it were there.
    fn request_body(&mut self, at: &str, o: Option<&Value>, t: Option<&Value>, name: Option<&Value>) {
        let here = format!("{at} requestBody");
        match (o, t) {
            (None, None) => {}
            (Some(o), Some(t)) => {
                let (o, t) = (Self::resolve(self.ours, o), Self::resolve(self.theirs, t));
                if t.get("$ref").is_some() {
                    return self.diff(&here, "$ref that does not resolve (theirs)", Some(o), Some(t));
                }
                let mut t = t.clone();
                if let (Some(name), Some(map)) = (name, t.as_object_mut()) {
                    map.insert("x-ms-requestBody-name".into(), name.clone());
                }
                self.object(&here, o, &t);
            }
            (o, t) => self.diff(&here, "requestBody", o, t),
        }
    }

    fn responses(&mut self, at: &str, o: Option<&Value>, t: Option<&Value>) {
        let (Some(om), Some(tm)) = (o.and_then(Value::as_object), t.and_then(Value::as_object)) else {
            return self.diff(&format!("{at} responses"), "responses", o, t);
        };
        let codes: BTreeSet<&String> = om.keys().chain(tm.keys()).collect();
        for code in codes {
            let here = format!("{at} response {code}");
            match (om.get(code), tm.get(code)) {
                (Some(o), Some(t)) => {
                    let (o, t) = (Self::resolve(self.ours, o), Self::resolve(self.theirs, t));
                    self.object(&here, o, t);
                }
                (o, t) => self.diff(&here, "response", o, t),
            }
        }
    }

    /// Member by member; `schema` members are compared as schemas, descriptions are ignored.
    fn object(&mut self, at: &str, o: &Value, t: &Value) {
        let (Some(om), Some(tm)) = (o.as_object(), t.as_object()) else {
            if o != t {
                self.diff(at, "value", Some(o), Some(t));
            }
            return;
        };
        let keys: BTreeSet<&String> = om.keys().chain(tm.keys()).collect();
        for key in keys {
            if key == "description" {
                continue;
            }
            let here = format!("{at}/{key}");
            match (om.get(key.as_str()), tm.get(key.as_str())) {
                (Some(ov), Some(tv)) if key == "schema" => self.schema(&here, ov, tv),
                (Some(ov), Some(tv)) if key == "content" || key == "headers" => self.map(&here, ov, tv),
                (Some(ov), Some(tv)) => {
                    if ov != tv {
                        self.diff(&here, key, Some(ov), Some(tv));
                    }
                }
                (ov, tv) => self.diff(&here, key, ov, tv),
            }
        }
    }

    fn map(&mut self, at: &str, o: &Value, t: &Value) {
        let (Some(om), Some(tm)) = (o.as_object(), t.as_object()) else {
            return self.diff(at, "value", Some(o), Some(t));
        };
        let keys: BTreeSet<&String> = om.keys().chain(tm.keys()).collect();
        for key in keys {
            let here = format!("{at}/{key}");
            match (om.get(key.as_str()), tm.get(key.as_str())) {
                (Some(ov), Some(tv)) => {
                    let (ov, tv) = (Self::resolve(self.ours, ov), Self::resolve(self.theirs, tv));
                    self.object(&here, ov, tv)
                }
                (ov, tv) => self.diff(&here, "entry", ov, tv),
            }
        }
    }

    /// Schemas: `$ref`s on both sides are followed (a pair of components once), members
    /// compared recursively.
    fn schema(&mut self, at: &str, o: &Value, t: &Value) {
        // Ours: `{allOf: [{$ref}], siblings…}`; theirs: `{$ref, siblings…}` (OpenAPI 3.0 ignores
        // a reference's siblings). One difference for the wrapping, then the reference and the
        // siblings compared as such.
        if let (Some((reference, siblings)), Some(their_ref)) = (wrapped_ref(o), t.get("$ref")) {
            self.diff(at, "$ref wrapped in allOf", Some(o), Some(t));
            let ours_ref = serde_json::json!({ "$ref": reference });
            let theirs_ref = serde_json::json!({ "$ref": their_ref });
            self.schema(at, &ours_ref, &theirs_ref);
            let mut theirs = t.as_object().cloned().unwrap_or_default();
            theirs.remove("$ref");
            let (ours, theirs) = (Value::Object(siblings), Value::Object(theirs));
            return self.schema_members(&format!("{at} (siblings of $ref)"), &ours, &theirs);
        }
        // Ours wrapped, theirs an inline copy (`--resolve` of a component from another file):
        // the component with our siblings over it against the copy.
        if let (Some((reference, siblings)), None) = (wrapped_ref(o), t.get("$ref")) {
            self.diff(at, "$ref", Some(&reference), None);
            let mut merged = Self::resolve(self.ours, &serde_json::json!({ "$ref": reference }))
                .as_object()
                .cloned()
                .unwrap_or_default();
            let sibling_keys: BTreeSet<String> = siblings.keys().cloned().collect();
            merged.extend(siblings);
            let label = format!("{at} (component with our siblings)");
            let before = self.diffs.len();
            self.schema_members(&label, &Value::Object(merged), t);
            // A sibling's own difference reads as one (their copy left it out, or not).
            for d in &mut self.diffs[before..] {
                if sibling_keys.contains(&d.key) && d.at == format!("{label}/{}", d.key) {
                    d.at = format!("{at} (siblings of $ref)/{}", d.key);
                }
            }
            return;
        }
        let (or, tr) = (
            o.get("$ref").and_then(Value::as_str),
            t.get("$ref").and_then(Value::as_str),
        );
        if or.is_some() || tr.is_some() {
            if let (Some(or), Some(tr)) = (or, tr)
                && !self.seen.insert((or.to_owned(), tr.to_owned()))
            {
                return;
            }
            let (ro, rt) = (Self::resolve(self.ours, o), Self::resolve(self.theirs, t));
            let here = match (or, tr) {
                (Some(r), _) | (None, Some(r)) => format!("{at} ({})", r.rsplit('/').next().unwrap_or(r)),
                _ => at.to_owned(),
            };
            if or.is_none() || tr.is_none() {
                self.diff(at, "$ref", o.get("$ref"), t.get("$ref"));
            }
            return self.schema_members(&here, ro, rt);
        }
        self.schema_members(at, o, t)
    }

    fn schema_members(&mut self, at: &str, o: &Value, t: &Value) {
        let (Some(om), Some(tm)) = (o.as_object(), t.as_object()) else {
            if o != t {
                self.diff(at, "value", Some(o), Some(t));
            }
            return;
        };
        let keys: BTreeSet<&String> = om.keys().chain(tm.keys()).collect();
        for key in keys {
            if key == "description" || key == "title" {
                continue;
            }
            let here = format!("{at}/{key}");
            match (om.get(key.as_str()), tm.get(key.as_str())) {
                (Some(ov), Some(tv)) => match key.as_str() {
                    "properties" => {
                        let (Some(op), Some(tp)) = (ov.as_object(), tv.as_object()) else {
                            continue;
                        };
                        let names: BTreeSet<&String> = op.keys().chain(tp.keys()).collect();
                        for name in names {
                            let here = format!("{here}/{name}");
                            match (op.get(name.as_str()), tp.get(name.as_str())) {
                                (Some(a), Some(b)) => self.schema(&here, a, b),
                                (a, b) => self.diff(&here, "property", a, b),
                            }
                        }
                    }
                    "items" | "additionalProperties" | "not" => self.schema(&here, ov, tv),
                    "allOf" | "anyOf" | "oneOf" => match (ov.as_array(), tv.as_array()) {
                        (Some(a), Some(b)) if a.len() == b.len() => {
                            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                                self.schema(&format!("{here}/{i}"), x, y);
                            }
                        }
                        _ => self.diff(&here, key, Some(ov), Some(tv)),
                    },
                    _ => {
                        if ov != tv {
                            self.diff(&here, key, Some(ov), Some(tv));
                        }
                    }
                },
                (ov, tv) => self.diff(&here, key, ov, tv),
            }
        }
    }
}

/// The comparison is not blind: a lost `nullable`, a changed type and a dropped parameter are
/// differences no entry explains.
#[test]
fn real_differences_stay_unexplained() {
    let theirs = serde_json::json!({"paths": {"/a": {"get": {
        "parameters": [{"in": "query", "name": "q", "schema": {"type": "integer"}}],
        "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}
    }}}, "components": {"schemas": {"A": {"properties": {"n": {"type": "string", "nullable": true}}}}}});
    let ours = serde_json::json!({"paths": {"/a": {"get": {
        "parameters": [],
        "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}
    }}}, "components": {"schemas": {"A": {"properties": {"n": {"type": "number"}}}}}});
    let mut diffs = Vec::new();
    assert_eq!(compare_documents("t", &ours, &theirs, &mut diffs), 1);
    let unexplained: Vec<&str> = diffs
        .iter()
        .filter(|d| !EXPLAINED.iter().any(|e| (e.matches)(d)))
        .map(|d| d.key.as_str())
        .collect();
    assert_eq!(unexplained, ["parameter", "nullable", "type"], "{diffs:#?}");
}
