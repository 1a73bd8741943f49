//! Hostile input (issue 6): random structural mutations of every vendored spec and every fixture
//! spec, run through the whole pipeline in process (load → normalize → model → emit). The
//! generator must return Ok or diagnostics, never panic, and whatever it emits must parse.
//!
//! - Seeded and reproducible: trial `i` uses seed `mix(SEED, i)` whatever thread runs it, and a
//!   failure prints the mutations applied, so `MUTATIONS_ONLY=<trial>` replays one trial.
//! - Bounded in time: mutations hit small subjects. Bastion and the fixtures are mutated whole;
//!   the big specs are cut into subjects of a few paths plus the components those paths reach
//!   (AVD in chunks, Graph on paths whose closure is small, plus the real `/users` selection a
//!   few times). Files the mutated one `$ref`s (network.json, common-types) are written beside it
//!   in the upstream layout, so cross-file references resolve as they do in `specs/`.
//! - `MUTATIONS=<n>` changes the number of trials (default 10,000), `MUTATIONS_SEED=<u64>` the
//!   seed, `MUTATIONS_DEPTH=<n>` the most mutations per trial (default 3),
//!   `MUTATIONS_SUBJECT=<text>` keeps the subjects whose label contains it, `MUTATIONS_TRACE=1`
//!   prints each trial before it runs (a stack overflow aborts the process: the last trial
//!   printed is the culprit), `MUTATIONS_VERBOSE=1` prints the first error of each trial.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde_json::{Map, Value};
use specgen::model::select::{Selector, transform_path};
use specgen::{CrateConfig, ServiceConfig};

const DEFAULT_TRIALS: usize = 10_000;
const DEFAULT_SEED: u64 = 0x5eed_0006;

// ---------------------------------------------------------------------------------------------
// A small PRNG (SplitMix64): no dependency, same sequence on every platform.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

fn mix(seed: u64, trial: usize) -> u64 {
    let mut rng = Rng::new(seed ^ (trial as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
    rng.next_u64()
}

// ---------------------------------------------------------------------------------------------
// Odd names and values.

fn odd_names() -> Vec<String> {
    let mut names: Vec<String> = [
        "type",
        "self",
        "Self",
        "crate",
        "super",
        "fn",
        "async",
        "gen",
        "r#type",
        "$filter",
        "$ref",
        "@odata.nextLink",
        "@odata.type",
        "user-id",
        "1st",
        "0",
        "123abc",
        "1.0",
        "-1",
        "é",
        "naïve",
        "日本語",
        "🦀",
        "",
        " ",
        "_",
        "__",
        "a b",
        "fooBar",
        "foo_bar",
        "FooBar",
        "FOO_BAR",
        "Option",
        "Result",
        "String",
        "Vec",
        "Box",
        "None",
        "Some",
        "Default",
        "default",
        "value",
        "Value",
        "'",
        "\"",
        "\\",
        "{",
        "}",
        "{id}",
        "}{",
        "#",
        "/",
        "~",
        "~1",
        "%",
        "%zz",
        "\n",
        "a\u{0}b",
        "\u{200b}",
        "x-ms-enum",
        "/{a}/{a}",
        "/things/{",
        "/{}",
        "no-slash",
        "/",
        "//",
        "/a/{b}/c",
        "/a/{b}{c}",
        "..",
        "../x.json",
        "GET",
        "get",
        "2XX",
        "default",
        "200",
        "application/json",
        "*/*",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    names.push("x".repeat(300));
    names.push("é".repeat(200));
    names.push("a_".repeat(150));
    names
}

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "file", "null", "", "bogus", "String",
];

const FORMATS: &[&str] = &[
    "int32",
    "int64",
    "date-time",
    "date",
    "duration",
    "uuid",
    "byte",
    "binary",
    "arm-id",
    "unixtime",
    "float",
    "double",
    "decimal",
    "",
    "bogus",
];

/// Keys that mean something to the generator; injected with random values.
const KEYWORDS: &[&str] = &[
    "type",
    "format",
    "$ref",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "required",
    "enum",
    "default",
    "nullable",
    "x-nullable",
    "readOnly",
    "discriminator",
    "x-ms-discriminator-value",
    "x-ms-enum",
    "x-ms-pageable",
    "x-ms-long-running-operation",
    "x-ms-long-running-operation-options",
    "x-ms-client-name",
    "x-ms-client-flatten",
    "x-ms-parameter-location",
    "x-ms-skip-url-encoding",
    "x-ms-mutability",
    "x-ms-secret",
    "x-ms-error-response",
    "x-ms-paths",
    "x-ms-odata",
    "x-ms-parameterized-host",
    "collectionFormat",
    "style",
    "explode",
    "in",
    "name",
    "schema",
    "parameters",
    "responses",
    "requestBody",
    "content",
    "operationId",
    "consumes",
    "produces",
    "tags",
    "deprecated",
    "servers",
    "host",
    "basePath",
];

const BROKEN_REFS: &[&str] = &[
    "#/definitions/Missing",
    "#/components/schemas/Missing",
    "#/parameters/Missing",
    "#/components/parameters/Missing",
    "#/responses/Missing",
    "missing.json#/definitions/X",
    "./missing.yaml",
    "#definitions/X",
    "",
    "#",
    "#/",
    "#/paths",
    "#/info",
    "#/definitions",
    "#/components/schemas",
    "http://example.com/x.json#/definitions/X",
    "//example.com/x.json",
    "#/definitions/A%zz",
    "#/definitions/~2",
    "#/components/schemas/",
    "../../../../../../../../../../etc/passwd#/x",
    ".",
    "./",
    "#/definitions/X/properties/y",
];

// ---------------------------------------------------------------------------------------------
// JSON pointers over `serde_json::Value`.

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn split(pointer: &str) -> Option<(String, String)> {
    let at = pointer.rfind('/')?;
    let token = pointer[at + 1..].replace("~1", "/").replace("~0", "~");
    Some((pointer[..at].to_string(), token))
}

/// Every node's pointer (root excluded), depth first, and the pointers of `$ref` holders.
fn nodes(value: &Value) -> (Vec<String>, Vec<String>) {
    fn walk(value: &Value, at: &mut String, all: &mut Vec<String>, refs: &mut Vec<String>) {
        let len = at.len();
        match value {
            Value::Object(map) => {
                if matches!(map.get("$ref"), Some(Value::String(_))) {
                    refs.push(at.clone());
                }
                for (key, child) in map {
                    at.push('/');
                    at.push_str(&escape(key));
                    all.push(at.clone());
                    walk(child, at, all, refs);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push('/');
                    at.push_str(&i.to_string());
                    all.push(at.clone());
                    walk(child, at, all, refs);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    let (mut all, mut refs) = (Vec::new(), Vec::new());
    walk(value, &mut String::new(), &mut all, &mut refs);
    (all, refs)
}

// ---------------------------------------------------------------------------------------------
// Mutations.

struct Mutator<'a> {
    rng: Rng,
    names: &'a [String],
    /// What was done, for the failure report.
    log: Vec<String>,
}

impl Mutator<'_> {
    fn odd_name(&mut self) -> String {
        self.rng.pick(self.names).clone()
    }

    fn random_value(&mut self, doc: &Value, all: &[String]) -> Value {
        match self.rng.below(12) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.chance(50)),
            2 => Value::from(*self.rng.pick(&[0i64, -1, 1, i64::MAX, i64::MIN])),
            3 => Value::from(1.5),
            4 => Value::String(self.odd_name()),
            5 => Value::Array(vec![]),
            6 => Value::Object(Map::new()),
            7 => Value::Array(vec![Value::String(self.odd_name()), Value::Null, Value::from(2)]),
            8 => serde_json::json!({ "type": *self.rng.pick(TYPES) }),
            9 => serde_json::json!({ "$ref": *self.rng.pick(BROKEN_REFS) }),
            // A transplant: some other node of the same document.
            _ if !all.is_empty() => doc
                .pointer(self.rng.pick::<String>(all).as_str())
                .cloned()
                .unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }

    /// Applies one random mutation to `doc`; `all`/`refs` are the pointers of the unmutated
    /// document (stale ones are skipped).
    fn mutate(&mut self, doc: &mut Value, all: &[String], refs: &[String]) {
        if all.is_empty() {
            return;
        }
        let kind = self.rng.below(11);
        let target = self.rng.pick(all).clone();
        if doc.pointer(&target).is_none() {
            return;
        }
        match kind {
            0 => {
                // Delete.
                let Some((parent, token)) = split(&target) else { return };
                match doc.pointer_mut(&parent) {
                    Some(Value::Object(map)) => {
                        map.shift_remove(&token);
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = token.parse::<usize>()
                            && i < items.len()
                        {
                            items.remove(i);
                        }
                    }
                    _ => return,
                }
                self.log.push(format!("delete {target}"));
            }
            1 => {
                // Duplicate, under an odd key or as a second array element.
                let Some(node) = doc.pointer(&target).cloned() else {
                    return;
                };
                let Some((parent, _)) = split(&target) else { return };
                let key = self.odd_name();
                match doc.pointer_mut(&parent) {
                    Some(Value::Object(map)) => {
                        map.insert(key.clone(), node);
                        self.log.push(format!("duplicate {target} as {parent}/{key:?}"));
                    }
                    Some(Value::Array(items)) => {
                        items.push(node);
                        self.log.push(format!("duplicate {target} at the end of {parent}"));
                    }
                    _ => {}
                }
            }
            2 | 3 => {
                // Retype / replace with another value (or a transplanted node).
                let value = self.random_value(doc, all);
                let shown = short(&value);
                if let Some(node) = doc.pointer_mut(&target) {
                    *node = value;
                    self.log.push(format!("replace {target} with {shown}"));
                }
            }
            4 if !refs.is_empty() => {
                // Break a `$ref`: dangling, malformed, or pointing at an ancestor (a cycle).
                let holder = self.rng.pick(refs).clone();
                let new = match self.rng.below(4) {
                    0 => {
                        let mut ancestor = holder.clone();
                        for _ in 0..self.rng.below(4) {
                            ancestor.truncate(ancestor.rfind('/').unwrap_or(0));
                        }
                        Value::String(format!("#{ancestor}"))
                    }
                    1 => Value::String(format!("#{}", self.rng.pick(all))),
                    2 => self.random_value(doc, all),
                    _ => Value::String(self.rng.pick(BROKEN_REFS).to_string()),
                };
                let shown = short(&new);
                if let Some(Value::Object(map)) = doc.pointer_mut(&holder) {
                    map.insert("$ref".into(), new);
                    self.log.push(format!("{holder}/$ref = {shown}"));
                }
            }
            5 => {
                // Swap types and formats.
                let ty = *self.rng.pick(TYPES);
                let format = *self.rng.pick(FORMATS);
                if let Some(Value::Object(map)) = doc.pointer_mut(&target) {
                    map.insert("type".into(), Value::String(ty.into()));
                    if self.rng.chance(30) {
                        map.insert("format".into(), Value::String(format.into()));
                    }
                    self.log.push(format!("{target}: type {ty:?} (format {format:?})"));
                }
            }
            6 => {
                // Rename a key to an odd name.
                let Some((parent, token)) = split(&target) else { return };
                let key = self.odd_name();
                if let Some(Value::Object(map)) = doc.pointer_mut(&parent)
                    && let Some(node) = map.shift_remove(&token)
                {
                    map.insert(key.clone(), node);
                    self.log.push(format!("rename {target} to {key:?}"));
                }
            }
            7 => {
                // An odd string where a string was.
                let name = self.odd_name();
                if let Some(node @ Value::String(_)) = doc.pointer_mut(&target) {
                    *node = Value::String(name.clone());
                    self.log.push(format!("{target} = {name:?}"));
                }
            }
            8 => {
                // A self-referencing schema.
                if let Some(Value::Object(map)) = doc.pointer_mut(&target) {
                    let me = serde_json::json!({ "$ref": format!("#{target}") });
                    let (key, value) = match self.rng.below(4) {
                        0 => ("items", me),
                        1 => ("allOf", Value::Array(vec![me])),
                        2 => ("additionalProperties", me),
                        _ => ("properties", serde_json::json!({ "again": me })),
                    };
                    map.insert(key.into(), value);
                    self.log.push(format!("{target}/{key} refers to {target}"));
                }
            }
            _ => {
                // A keyword with a random value.
                let key = *self.rng.pick(KEYWORDS);
                let value = self.random_value(doc, all);
                let shown = short(&value);
                if let Some(Value::Object(map)) = doc.pointer_mut(&target) {
                    map.insert(key.into(), value);
                    self.log.push(format!("{target}/{key} = {shown}"));
                }
            }
        }
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

// ---------------------------------------------------------------------------------------------
// Subjects: what gets mutated.

/// One file of a subject, relative to the subject's root.
struct File {
    path: PathBuf,
    doc: Value,
    bytes: Vec<u8>,
    all: Vec<String>,
    refs: Vec<String>,
}

impl File {
    fn new(path: PathBuf, doc: Value) -> Self {
        let bytes = serde_json::to_vec(&doc).expect("a Value serializes");
        let (all, refs) = nodes(&doc);
        File {
            path,
            doc,
            bytes,
            all,
            refs,
        }
    }
}

struct Subject {
    label: String,
    service: ServiceConfig,
    files: Vec<File>,
    /// How many of `files` (from the start) are entry files; the rest are the files they `$ref`.
    mutable: usize,
    /// Share of the trials, relative.
    weight: usize,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

fn read(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    specgen::load::parse_document(path, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

/// The files `doc` (at `path`, relative to `root`) reaches through cross-file `$ref`s,
/// transitively, relative to `root`. `x-ms-examples` are not followed.
fn dependencies(root: &Path, path: &Path, doc: &Value, out: &mut BTreeMap<PathBuf, Value>) {
    let mut files = BTreeSet::new();
    collect_ref_files(doc, false, &mut files);
    let dir = path.parent().unwrap_or(Path::new(""));
    for file in files {
        let rel = specgen::load::normalize_path(&dir.join(&file));
        if rel == path || out.contains_key(&rel) {
            continue;
        }
        let dep = read(&root.join(&rel));
        out.insert(rel.clone(), dep.clone());
        dependencies(root, &rel, &dep, out);
    }
}

fn collect_ref_files(value: &Value, literal: bool, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if !literal && let Some(Value::String(r)) = map.get("$ref") {
                let file = r.split('#').next().unwrap_or("");
                if !file.is_empty() {
                    out.insert(file.to_string());
                }
            }
            for (key, child) in map {
                let literal = literal || matches!(key.as_str(), "x-ms-examples" | "example" | "examples" | "enum");
                collect_ref_files(child, literal, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_ref_files(v, literal, out)),
        _ => {}
    }
}

/// The local component graph of one document: which components (`/definitions/X`,
/// `/components/schemas/X`, ...) each path item and each component refers to.
struct Graph {
    paths: BTreeMap<String, BTreeSet<String>>,
    components: BTreeMap<String, BTreeSet<String>>,
}

impl Graph {
    fn new(doc: &Value) -> Self {
        let refs = |node: &Value| {
            let mut local = BTreeSet::new();
            collect_local_refs(node, false, &mut local);
            local
                .into_iter()
                .filter_map(|p| component_of(&p))
                .collect::<BTreeSet<_>>()
        };
        let mut paths = BTreeMap::new();
        for (path, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
            paths.insert(path.clone(), refs(item));
        }
        let mut components = BTreeMap::new();
        for section in ["definitions", "parameters", "responses"] {
            for (name, node) in doc.get(section).and_then(Value::as_object).into_iter().flatten() {
                components.insert(format!("/{section}/{}", escape(name)), refs(node));
            }
        }
        for (kind, entries) in doc.get("components").and_then(Value::as_object).into_iter().flatten() {
            for (name, node) in entries.as_object().into_iter().flatten() {
                components.insert(format!("/components/{kind}/{}", escape(name)), refs(node));
            }
        }
        Graph { paths, components }
    }

    /// The components reached from `paths`.
    fn closure(&self, paths: &[&String]) -> BTreeSet<String> {
        let mut reached = BTreeSet::new();
        let mut queue: Vec<&String> = paths.iter().filter_map(|p| self.paths.get(*p)).flatten().collect();
        while let Some(c) = queue.pop() {
            if reached.insert(c.clone()) {
                queue.extend(self.components.get(c).into_iter().flatten());
            }
        }
        reached
    }
}

/// `/definitions/X/properties/y` → `/definitions/X`; `/components/schemas/X/...` →
/// `/components/schemas/X`.
fn component_of(pointer: &str) -> Option<String> {
    let depth = if pointer.starts_with("/components/") { 4 } else { 3 };
    let parts: Vec<&str> = pointer.splitn(depth + 1, '/').take(depth).collect();
    (parts.len() == depth).then(|| parts.join("/"))
}

/// `doc` with only `paths` and the local components they reach (security schemes stay).
fn trim(doc: &Value, graph: &Graph, paths: &[&String]) -> Value {
    let reached = graph.closure(paths);
    let Some(map) = doc.as_object() else { return doc.clone() };
    let keep = |prefix: &str, entries: &Value| -> Value {
        let Some(entries) = entries.as_object() else {
            return entries.clone();
        };
        Value::Object(
            entries
                .iter()
                .filter(|(name, _)| reached.contains(&format!("{prefix}/{}", escape(name))))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    };
    let mut out = Map::new();
    for (key, value) in map {
        let value = match key.as_str() {
            "paths" => Value::Object(
                paths
                    .iter()
                    .filter_map(|p| value.get(p.as_str()).map(|v| ((*p).clone(), v.clone())))
                    .collect(),
            ),
            "x-ms-paths" => continue,
            "definitions" | "parameters" | "responses" => keep(&format!("/{key}"), value),
            "components" => match value.as_object() {
                Some(components) => Value::Object(
                    components
                        .iter()
                        .map(|(kind, entries)| {
                            let entries = if kind == "securitySchemes" {
                                entries.clone()
                            } else {
                                keep(&format!("/components/{kind}"), entries)
                            };
                            (kind.clone(), entries)
                        })
                        .collect(),
                ),
                None => value.clone(),
            },
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

fn collect_local_refs(value: &Value, literal: bool, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if !literal
                && let Some(Value::String(r)) = map.get("$ref")
                && let Some(pointer) = r.strip_prefix('#')
            {
                out.insert(pointer.to_string());
            }
            for (key, child) in map {
                let literal = literal || matches!(key.as_str(), "x-ms-examples" | "example" | "examples" | "enum");
                collect_local_refs(child, literal, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_local_refs(v, literal, out)),
        _ => {}
    }
}

/// Subjects of one service: `files` are its entry documents (relative to `root`), cut into
/// `chunk`-path subjects (or whole when `chunk` is `None`).
fn subjects_of(
    label: &str,
    root: &Path,
    service: &ServiceConfig,
    chunk: Option<usize>,
    max_components: usize,
    weight: usize,
    out: &mut Vec<Subject>,
) {
    let entries: Vec<(PathBuf, Value)> = service.entry.iter().map(|e| (e.clone(), read(&root.join(e)))).collect();
    let mut deps = BTreeMap::new();
    for (path, doc) in &entries {
        dependencies(root, path, doc, &mut deps);
    }
    for (path, _) in &entries {
        deps.remove(path);
    }
    let make = |label: String, service: ServiceConfig, entry_docs: Vec<(PathBuf, Value)>, weight: usize| {
        let mutable = entry_docs.len();
        let mut files: Vec<File> = entry_docs.into_iter().map(|(p, d)| File::new(p, d)).collect();
        files.extend(deps.iter().map(|(p, d)| File::new(p.clone(), d.clone())));
        Subject {
            label,
            service,
            files,
            mutable,
            weight,
        }
    };
    let Some(chunk) = chunk else {
        out.push(make(label.to_string(), service.clone(), entries, weight));
        return;
    };
    // One subject per group of `chunk` paths (of each entry file) whose components stay few,
    // at most `MAX_GROUPS` groups per service, spread over the file. The other entry files keep
    // no paths: cross-entry refs still resolve.
    const MAX_GROUPS: usize = 60;
    let graphs: Vec<Graph> = entries.iter().map(|(_, d)| Graph::new(d)).collect();
    let empty: Vec<Value> = entries.iter().zip(&graphs).map(|((_, d), g)| trim(d, g, &[])).collect();
    let mut groups: Vec<Vec<(PathBuf, Value)>> = Vec::new();
    for (i, (_, doc)) in entries.iter().enumerate() {
        let graph = &graphs[i];
        let small: Vec<&String> = graph
            .paths
            .keys()
            .filter(|p| graph.closure(&[p]).len() <= max_components)
            .collect();
        let chunks: Vec<&[&String]> = small.chunks(chunk).collect();
        let stride = chunks.len().div_ceil(MAX_GROUPS).max(1);
        for group in chunks.into_iter().step_by(stride) {
            let docs = entries
                .iter()
                .enumerate()
                .map(|(j, (p, _))| {
                    let trimmed = if i == j {
                        trim(doc, graph, group)
                    } else {
                        empty[j].clone()
                    };
                    (p.clone(), trimmed)
                })
                .collect();
            groups.push(docs);
        }
    }
    let mut service = service.clone();
    service.include.clear();
    service.transforms.patch.clear();
    let n = groups.len().max(1);
    for (g, docs) in groups.into_iter().enumerate() {
        out.push(make(format!("{label}[{g}]"), service.clone(), docs, weight.div_ceil(n)));
    }
}

/// The real selection of a service with `include` globs, trimmed to the selected paths.
fn selected_subject(label: &str, root: &Path, service: &ServiceConfig, weight: usize, out: &mut Vec<Subject>) {
    let selector = Selector::new(&service.include, &service.exclude).expect("valid globs");
    let docs: Vec<(PathBuf, Value)> = service
        .entry
        .iter()
        .map(|e| {
            let doc = read(&root.join(e));
            let paths: Vec<&String> = doc
                .get("paths")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter(|(path, item)| {
                            let path = transform_path(path, &service.transforms);
                            item.as_object().is_some_and(|ops| {
                                ops.keys().any(|method| {
                                    let id = item
                                        .pointer(&format!("/{}/operationId", escape(method)))
                                        .and_then(Value::as_str)
                                        .unwrap_or("");
                                    selector.matches(&path, method, id).is_some()
                                })
                            })
                        })
                        .map(|(k, _)| k)
                        .collect()
                })
                .unwrap_or_default();
            let trimmed = trim(&doc, &Graph::new(&doc), &paths);
            (e.clone(), trimmed)
        })
        .collect();
    let files = docs.into_iter().map(|(p, d)| File::new(p, d)).collect::<Vec<_>>();
    out.push(Subject {
        label: label.to_string(),
        service: service.clone(),
        mutable: files.len(),
        files,
        weight,
    });
}

fn subjects() -> Vec<Subject> {
    let root = workspace_root();
    let mut out = Vec::new();
    let specs = root.join("specs");
    let manifest = xtask::manifest::Manifest::read(&specs.join("specs.toml")).expect("specs.toml");
    for service in &manifest.services {
        match service.name.as_str() {
            "network" => subjects_of("network", &specs, service, Some(2), usize::MAX, 1500, &mut out),
            "desktop_virtualization" => subjects_of(
                "desktop_virtualization",
                &specs,
                service,
                Some(4),
                usize::MAX,
                3000,
                &mut out,
            ),
            name if name.starts_with("graph") => {
                subjects_of(name, &specs, service, Some(2), 25, 2500, &mut out);
                selected_subject(&format!("{name}/selection"), &specs, service, 6, &mut out);
            }
            other => panic!("specs.toml has a new service `{other}`: add it to the mutation test"),
        }
    }
    let fixtures = root.join("fixtures/specs");
    let manifest = xtask::manifest::Manifest::read(&root.join("fixtures/fixtures.toml")).expect("fixtures.toml");
    for service in &manifest.services {
        subjects_of(
            &format!("fixtures/{}", service.name),
            &fixtures,
            service,
            None,
            usize::MAX,
            400,
            &mut out,
        );
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Running the generator.

enum Outcome {
    Generated,
    Diagnostics,
    Panic(String),
    Unparsable(String),
}

thread_local! {
    static PANIC_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

fn run(subject: &Subject, dir: &Path, parsed: &mut HashSet<u64>) -> Outcome {
    let krate = CrateConfig {
        name: "mutated".into(),
        version: "0.0.0".into(),
        command: "mutations".into(),
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut timings = specgen::Timings::default();
        let modeled = specgen::model_service(&subject.service, dir, &mut timings)?;
        specgen::emit::emit_crate(&krate, &[modeled.api])
    }));
    let files = match result {
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = PANIC_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
            return Outcome::Panic(format!("{message} at {at}"));
        }
        Ok(Err(d)) => {
            if std::env::var_os("MUTATIONS_VERBOSE").is_some() {
                let first = d
                    .iter()
                    .find(|d| d.is_error())
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                eprintln!("{}: {}", subject.label, first.chars().take(100).collect::<String>());
            }
            return Outcome::Diagnostics;
        }
        Ok(Ok(files)) => files,
    };
    for file in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        file.contents.hash(&mut hasher);
        if !parsed.insert(hasher.finish()) {
            continue;
        }
        if let Err(e) = syn::parse_file(&file.contents) {
            return Outcome::Unparsable(format!("{}: {e}", file.path.display()));
        }
    }
    Outcome::Generated
}

fn write(dir: &Path, path: &Path, bytes: &[u8]) {
    let path = dir.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("creating the subject's directories");
    }
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[derive(Default)]
struct Tally {
    tried: usize,
    generated: usize,
    diagnostics: usize,
    failures: Vec<String>,
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// Specs that once crashed the generator, each with the bug it found. They run first, through
/// the same checks as the random trials.
const REGRESSIONS: &[(&str, &str)] = &[(
    // model/types.rs: an inline schema that `allOf`s the component containing it (here array
    // items `$ref`ing their own component, with sibling properties) recursed until the stack
    // overflowed; inline structs are now named before their fields are built.
    "inline_schema_containing_itself",
    r##"{
      "swagger": "2.0",
      "info": { "title": "Trees", "version": "1" },
      "host": "management.azure.com",
      "paths": { "/trees": { "get": { "operationId": "Trees_Get", "produces": ["application/json"],
        "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/TreeNode" } } } } } },
      "definitions": { "TreeNode": { "type": "object", "properties": {
        "children": { "type": "array", "items": { "$ref": "#/definitions/TreeNode", "properties": {
          "extra": { "type": "string" } } } } } } }
    }"##,
)];

#[test]
fn past_crashes_stay_fixed() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let mut parsed = HashSet::new();
    let mut failures = Vec::new();
    for (name, text) in REGRESSIONS {
        let doc: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let service = ServiceConfig {
            name: "regression".into(),
            module: "regression".into(),
            feature: "regression".into(),
            client: "RegressionClient".into(),
            flavor: specgen::Flavor::Arm,
            entry: vec![PathBuf::from(format!("{name}.json"))],
            ..Default::default()
        };
        let subject = Subject {
            label: name.to_string(),
            service,
            files: vec![File::new(PathBuf::from(format!("{name}.json")), doc)],
            mutable: 1,
            weight: 0,
        };
        write(tmp.path(), &subject.files[0].path, &subject.files[0].bytes);
        match run(&subject, tmp.path(), &mut parsed) {
            Outcome::Generated | Outcome::Diagnostics => {}
            Outcome::Panic(m) => failures.push(format!("{name}: PANIC: {m}")),
            Outcome::Unparsable(m) => failures.push(format!("{name}: emitted code does not parse: {m}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn mutated_specs_never_panic_the_generator() {
    let start = Instant::now();
    let trials = env_number("MUTATIONS").map_or(DEFAULT_TRIALS, |n| n as usize);
    let seed = env_number("MUTATIONS_SEED").unwrap_or(DEFAULT_SEED);
    let only = env_number("MUTATIONS_ONLY").map(|n| n as usize);
    // Mutations per trial: 1 to `depth`.
    let depth = env_number("MUTATIONS_DEPTH").map_or(3, |n| n.max(1) as usize);
    let mut subjects = subjects();
    if let Ok(filter) = std::env::var("MUTATIONS_SUBJECT") {
        subjects.retain(|s| s.label.contains(&filter));
    }
    // Trial → subject, in proportion to the weights, deterministic.
    let total_weight: usize = subjects.iter().map(|s| s.weight).sum();
    let mut schedule = Vec::with_capacity(trials);
    for (i, s) in subjects.iter().enumerate() {
        let n = (s.weight * trials).div_ceil(total_weight);
        schedule.extend(std::iter::repeat_n(i, n));
    }
    // Interleaved (a seeded Fisher-Yates shuffle), so any prefix covers every subject.
    let mut rng = Rng::new(seed);
    for i in (1..schedule.len()).rev() {
        schedule.swap(i, rng.below(i + 1));
    }
    schedule.truncate(trials.max(1));
    let setup = start.elapsed();

    let names = odd_names();
    let tmp = tempfile::tempdir().expect("a temp dir");
    let next = AtomicUsize::new(0);
    let tally = Mutex::new(Tally::default());
    let per_subject = Mutex::new(vec![(0usize, 0usize); subjects.len()]);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(4);

    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| l.to_string());
        PANIC_AT.with(|p| *p.borrow_mut() = at);
    }));
    std::thread::scope(|scope| {
        for w in 0..workers {
            let (subjects, schedule, names, next, tally, per_subject) =
                (&subjects, &schedule, &names, &next, &tally, &per_subject);
            let dir = tmp.path().join(format!("worker{w}"));
            scope.spawn(move || {
                // Every subject's files, written once per worker.
                for (i, s) in subjects.iter().enumerate() {
                    for f in &s.files {
                        write(&dir.join(i.to_string()), &f.path, &f.bytes);
                    }
                }
                let mut parsed = HashSet::new();
                let mut local = Tally::default();
                loop {
                    let trial = next.fetch_add(1, Ordering::Relaxed);
                    if trial >= schedule.len() {
                        break;
                    }
                    if only.is_some_and(|o| o != trial) {
                        continue;
                    }
                    let subject = &subjects[schedule[trial]];
                    let root = dir.join(schedule[trial].to_string());
                    let mut mutator = Mutator {
                        rng: Rng::new(mix(seed, trial)),
                        names,
                        log: Vec::new(),
                    };
                    // Mostly the entry files; sometimes a file they `$ref` (network.json,
                    // common-types), so cross-file references break too.
                    let deps = subject.files.len() - subject.mutable;
                    let index = if deps > 0 && mutator.rng.chance(15) {
                        subject.mutable + mutator.rng.below(deps)
                    } else {
                        mutator.rng.below(subject.mutable)
                    };
                    let file = &subject.files[index];
                    let mut doc = file.doc.clone();
                    for _ in 0..1 + mutator.rng.below(depth) {
                        mutator.mutate(&mut doc, &file.all, &file.refs);
                    }
                    let bytes = serde_json::to_vec(&doc).expect("a Value serializes");
                    write(&root, &file.path, &bytes);
                    if std::env::var_os("MUTATIONS_TRACE").is_some() {
                        eprintln!("trial {trial} ({}): {}", subject.label, mutator.log.join("; "));
                    }
                    let outcome = run(subject, &root, &mut parsed);
                    write(&root, &file.path, &file.bytes);
                    local.tried += 1;
                    let report = |what: &str, detail: &str| {
                        format!(
                            "trial {trial} ({}, {}): {what}: {detail}\n  mutations: {}\n  replay: MUTATIONS_SEED={seed} MUTATIONS_ONLY={trial} cargo test -p workspace-tests --test mutations",
                            subject.label,
                            file.path.display(),
                            mutator.log.join("; ")
                        )
                    };
                    match outcome {
                        Outcome::Generated => {
                            local.generated += 1;
                            per_subject.lock().unwrap()[schedule[trial]].0 += 1;
                        }
                        Outcome::Diagnostics => {
                            local.diagnostics += 1;
                            per_subject.lock().unwrap()[schedule[trial]].1 += 1;
                        }
                        Outcome::Panic(message) => local.failures.push(report("PANIC", &message)),
                        Outcome::Unparsable(message) => local.failures.push(report("emitted code does not parse", &message)),
                    }
                }
                let mut tally = tally.lock().unwrap();
                tally.tried += local.tried;
                tally.generated += local.generated;
                tally.diagnostics += local.diagnostics;
                tally.failures.extend(local.failures);
            });
        }
    });
    std::panic::set_hook(previous_hook);

    let tally = tally.into_inner().unwrap();
    let panics = tally.failures.iter().filter(|f| f.contains(": PANIC: ")).count();
    let per_subject = per_subject.into_inner().unwrap();
    let mut by_label: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (s, (ok, diag)) in subjects.iter().zip(per_subject) {
        let label = s.label.split('[').next().unwrap_or(&s.label).to_string();
        let entry = by_label.entry(label).or_default();
        entry.0 += ok;
        entry.1 += diag;
    }
    for (label, (ok, diag)) in &by_label {
        eprintln!("  {label}: {} tried ({ok} generated, {diag} diagnosed)", ok + diag);
    }
    // Straight to stderr, past the test harness's capture: `cargo test` shows the count.
    let _ = writeln!(
        std::io::stderr(),
        "mutations: {} tried, {panics} panics ({} generated, {} diagnosed; {} subjects, seed {seed}, {:.1?} incl. {:.1?} setup)",
        tally.tried,
        tally.generated,
        tally.diagnostics,
        subjects.len(),
        start.elapsed(),
        setup,
    );
    let mut failures = tally.failures;
    failures.sort();
    let shown: Vec<_> = failures.iter().take(20).cloned().collect();
    assert!(
        failures.is_empty(),
        "{} of {} mutations failed (first 20):\n{}",
        failures.len(),
        tally.tried,
        shown.join("\n")
    );
    if only.is_none() {
        assert!(tally.tried >= trials, "only {} of {trials} mutations ran", tally.tried);
    }
}
