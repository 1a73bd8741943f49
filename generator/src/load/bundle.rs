//! Bundling: walk the entry files and every file their `$ref`s reach, collect the components
//! they need, name them (see [`super::naming`]) and write ONE document whose `$ref`s are local.
//!
//! Terms: a *component* is a named entry of a section (`definitions/X`, `components/schemas/X`,
//! ...) of some file. Entry files contribute all their components; other files only the ones
//! reached. A `$ref` resolves to a [`Target`]:
//! - into a component (possibly into its middle: `#/definitions/A/properties/b`): the component
//!   is copied into the bundle's section under its bundle name, and the `$ref` is rewritten;
//! - into the first entry file, or into `paths` of any entry file: the pointer stays as is;
//! - anywhere else (another file's `paths`, a whole schema file): the node is inlined.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Location};

use super::SpecVersion;
use super::pointer;
use super::read::{normalize_path, read_document};
use super::refs::{self, Ctx, Found, Rewrite};
use super::source_map::SourceMap;

const SWAGGER2_SECTIONS: &[&[&str]] = &[&["definitions"], &["parameters"], &["responses"]];
const OPENAPI3_SECTIONS: &[&[&str]] = &[
    &["components", "schemas"],
    &["components", "responses"],
    &["components", "parameters"],
    &["components", "examples"],
    &["components", "requestBodies"],
    &["components", "headers"],
    &["components", "securitySchemes"],
    &["components", "links"],
    &["components", "callbacks"],
];
pub(crate) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub(crate) fn sections(version: SpecVersion) -> &'static [&'static [&'static str]] {
    match version {
        SpecVersion::Swagger2 => SWAGGER2_SECTIONS,
        SpecVersion::OpenApi3 => OPENAPI3_SECTIONS,
    }
}

pub(crate) struct File {
    pub path: PathBuf,
    pub doc: Value,
    pub entry: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Component { comp: usize, rest: String },
    Identity(String),
    Inline { file: usize, pointer: String },
}

#[derive(Clone, Debug)]
pub(crate) struct Component {
    pub file: usize,
    pub section: usize,
    pub name: String,
}

pub(crate) struct Bundler {
    pub version: SpecVersion,
    pub files: Vec<File>,
    by_path: HashMap<PathBuf, usize>,
    unreadable: HashSet<PathBuf>,
    pub comps: Vec<Component>,
    comp_index: HashMap<(usize, usize, String), usize>,
    /// per file: `$ref` string → target
    pub resolved: Vec<HashMap<String, Target>>,
    queue: VecDeque<(usize, String)>,
    walked: HashSet<(usize, String)>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl Bundler {
    /// `entries` are already read and checked for their version.
    pub fn new(version: SpecVersion, entries: Vec<(PathBuf, Value)>) -> Self {
        let mut bundler = Bundler {
            version,
            files: Vec::new(),
            by_path: HashMap::new(),
            unreadable: HashSet::new(),
            comps: Vec::new(),
            comp_index: HashMap::new(),
            resolved: Vec::new(),
            queue: VecDeque::new(),
            walked: HashSet::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        for (path, doc) in entries {
            bundler.add_file(path, doc, true);
        }
        bundler
    }

    fn add_file(&mut self, path: PathBuf, doc: Value, entry: bool) -> usize {
        let index = self.files.len();
        self.by_path.insert(path.clone(), index);
        self.files.push(File { path, doc, entry });
        self.resolved.push(HashMap::new());
        index
    }

    pub fn section_pointer(&self, section: usize) -> String {
        pointer::from_tokens(sections(self.version)[section])
    }

    /// Collects everything the entry files reach.
    pub fn collect(&mut self) {
        let entries: Vec<usize> = (0..self.files.len()).collect();
        for &file in &entries {
            for (section, tokens) in sections(self.version).iter().enumerate() {
                let names: Vec<String> = pointer::get(&self.files[file].doc, &pointer::from_tokens(tokens))
                    .and_then(Value::as_object)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                for name in names {
                    self.include(file, section, &name);
                }
            }
        }
        for &file in &entries {
            self.walk(file, String::new());
        }
        while let Some((file, at)) = self.queue.pop_front() {
            self.walk(file, at);
        }
    }

    fn walk(&mut self, file: usize, at: String) {
        if !self.walked.insert((file, at.clone())) {
            return;
        }
        let Some(node) = pointer::get(&self.files[file].doc, &at) else {
            return;
        };
        let mut found = Vec::new();
        refs::for_each_ref(node, &at, Ctx::Node, self.version, &mut |p, f| {
            found.push((p.to_string(), f))
        });
        for (holder, f) in found {
            self.resolve(file, &holder, f);
        }
    }

    fn include(&mut self, file: usize, section: usize, name: &str) -> usize {
        if let Some(&i) = self.comp_index.get(&(file, section, name.to_string())) {
            return i;
        }
        let i = self.comps.len();
        self.comps.push(Component {
            file,
            section,
            name: name.to_string(),
        });
        self.comp_index.insert((file, section, name.to_string()), i);
        if !self.files[file].entry {
            let at = pointer::push(&self.section_pointer(section), name);
            self.queue.push_back((file, at));
        }
        i
    }

    fn resolve(&mut self, file: usize, holder: &str, found: Found) {
        let here = Location::new(&self.files[file].path, holder);
        let reference = match found {
            Found::Malformed(value) => {
                self.errors.push(
                    Diagnostic::error(format!("malformed $ref: {value} is not a string"))
                        .at(here)
                        .hint("a $ref is a string like `#/definitions/Name` or `./other.json#/definitions/Name`"),
                );
                return;
            }
            Found::Ref(r) | Found::Mapping(r) => r,
        };
        if self.resolved[file].contains_key(&reference) {
            return;
        }
        let parsed = match refs::parse_ref(&reference) {
            Ok(parsed) => parsed,
            Err(reason) => {
                self.errors
                    .push(Diagnostic::error(format!("malformed $ref `{reference}`: {reason}")).at(here));
                return;
            }
        };
        let target_file = if parsed.file.is_empty() {
            file
        } else {
            let base = self.files[file].path.parent().unwrap_or(Path::new(""));
            let path = normalize_path(&base.join(&parsed.file));
            match self.open(&path, &reference, &here) {
                Some(i) => i,
                None => return,
            }
        };
        if pointer::get(&self.files[target_file].doc, &parsed.pointer).is_none() {
            self.errors.push(
                Diagnostic::error(format!(
                    "dangling $ref `{reference}`: `{}` has no node at `#{}`",
                    self.files[target_file].path.display(),
                    parsed.pointer
                ))
                .at(here)
                .hint(format!(
                    "target: {}#{}",
                    self.files[target_file].path.display(),
                    parsed.pointer
                )),
            );
            return;
        }
        let target = self.classify(target_file, &parsed.pointer);
        self.resolved[file].insert(reference, target);
    }

    fn open(&mut self, path: &Path, reference: &str, here: &Location) -> Option<usize> {
        if let Some(&i) = self.by_path.get(path) {
            return Some(i);
        }
        if self.unreadable.contains(path) {
            return None;
        }
        match read_document(path) {
            Ok(doc) => Some(self.add_file(path.to_path_buf(), doc, false)),
            Err(mut diag) => {
                self.unreadable.insert(path.to_path_buf());
                diag.hint = Some(format!("referenced by $ref `{reference}` at {here}"));
                self.errors.push(diag);
                None
            }
        }
    }

    fn classify(&mut self, file: usize, at: &str) -> Target {
        let tokens = pointer::tokens(at).unwrap_or_default();
        for (section, sec) in sections(self.version).iter().enumerate() {
            if tokens.len() > sec.len() && tokens.iter().zip(sec.iter()).all(|(a, b)| a == b) {
                let comp = self.include(file, section, &tokens[sec.len()]);
                let rest = pointer::from_tokens(&tokens[sec.len() + 1..]);
                return Target::Component { comp, rest };
            }
        }
        let in_paths = matches!(tokens.first().map(String::as_str), Some("paths" | "x-ms-paths"));
        if file == 0 || (self.files[file].entry && in_paths) {
            Target::Identity(at.to_string())
        } else {
            self.queue.push_back((file, at.to_string()));
            Target::Inline {
                file,
                pointer: at.to_string(),
            }
        }
    }

    /// Copies the node at `file`#`at` to `bundle_at` of the bundle: `$ref`s rewritten, inlined
    /// nodes copied in, anchors recorded.
    pub fn copy(&self, file: usize, at: &str, bundle_at: &str, names: &[String], out: &mut Emit) -> Value {
        let Some(node) = pointer::get(&self.files[file].doc, at) else {
            return Value::Null;
        };
        let mut node = node.clone();
        out.map.insert(bundle_at, &self.files[file].path, at);
        out.stack.push((file, at.to_string(), bundle_at.to_string()));
        refs::rewrite_refs(&mut node, bundle_at, Ctx::Node, self.version, &mut |holder, found| {
            let Some(reference) = found.reference() else {
                return Rewrite::Keep;
            };
            match self.resolved[file].get(reference) {
                None => Rewrite::Keep,
                Some(Target::Component { comp, rest }) => {
                    let c = &self.comps[*comp];
                    let section = self.section_pointer(c.section);
                    Rewrite::Set(format!("#{}{rest}", pointer::push(&section, &names[*comp])))
                }
                Some(Target::Identity(p)) => Rewrite::Set(format!("#{p}")),
                Some(Target::Inline { file: f, pointer: p }) => {
                    if matches!(found, Found::Mapping(_)) {
                        out.warnings.push(
                            Diagnostic::warning(format!(
                                "discriminator mapping `{reference}` does not name a component; left as is"
                            ))
                            .at(Location::new(&self.files[file].path, holder)),
                        );
                        return Rewrite::Keep;
                    }
                    // A cycle through inlined (non-component) nodes: the node being copied is
                    // already in the bundle, so the inner occurrence refers to where it was
                    // copied (a local `$ref`; normalize makes a component of it if it is inside
                    // a schema).
                    if let Some((_, _, copied_at)) = out.stack.iter().find(|(sf, sp, _)| sf == f && sp == p) {
                        return Rewrite::Set(format!("#{copied_at}"));
                    }
                    Rewrite::Replace(self.copy(*f, p, holder, names, out))
                }
            }
        });
        out.stack.pop();
        node
    }
}

/// Output side of [`Bundler::copy`].
#[derive(Default)]
pub(crate) struct Emit {
    pub map: SourceMap,
    /// Nodes being copied: (file, pointer there, pointer in the bundle).
    pub stack: Vec<(usize, String, String)>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Writes the bundle document. `names[c]` is the bundle name of component `c`; `emitted[c]`
/// says whether `c` is written (merged duplicates are not).
pub(crate) fn build(b: &Bundler, names: &[String], emitted: &[bool]) -> (Value, Emit) {
    let mut out = Emit::default();
    out.map.insert("", &b.files[0].path, "");
    let mut doc = Map::new();

    // Sections, in component order.
    let mut section_maps: Vec<Map<String, Value>> = vec![Map::new(); sections(b.version).len()];
    for (c, comp) in b.comps.iter().enumerate() {
        if !emitted[c] {
            continue;
        }
        let section = b.section_pointer(comp.section);
        let at = pointer::push(&section, &comp.name);
        let bundle_at = pointer::push(&section, &names[c]);
        let value = b.copy(comp.file, &at, &bundle_at, names, &mut out);
        section_maps[comp.section].insert(names[c].clone(), value);
    }

    let paths = merge_paths(b, names, &mut out);

    let root = b.files[0].doc.as_object().cloned().unwrap_or_default();
    let section_keys: Vec<&str> = match b.version {
        SpecVersion::Swagger2 => vec!["definitions", "parameters", "responses"],
        SpecVersion::OpenApi3 => vec!["components"],
    };
    let mut placed_sections = false;
    for key in root.keys() {
        let at = pointer::push("", key);
        if key == "paths" || key == "x-ms-paths" {
            if let Some(v) = paths.get(key) {
                doc.insert(key.clone(), v.clone());
            }
        } else if section_keys.contains(&key.as_str()) {
            if !placed_sections {
                place_sections(b, names, &mut doc, &mut section_maps, &mut out);
                placed_sections = true;
            }
        } else if key == "tags" || key == "securityDefinitions" {
            doc.insert(key.clone(), union_by_name(b, key, names, &mut out));
        } else {
            doc.insert(key.clone(), b.copy(0, &at, &at, names, &mut out));
        }
    }
    // Keys only other entry files have.
    for (file, f) in b.files.iter().enumerate().skip(1).filter(|(_, f)| f.entry) {
        let Some(map) = f.doc.as_object() else { continue };
        for key in map.keys() {
            if doc.contains_key(key) || section_keys.contains(&key.as_str()) {
                continue;
            }
            let at = pointer::push("", key);
            if key == "paths" || key == "x-ms-paths" {
                if let Some(v) = paths.get(key) {
                    doc.insert(key.clone(), v.clone());
                }
            } else if key == "tags" || key == "securityDefinitions" {
                doc.insert(key.clone(), union_by_name(b, key, names, &mut out));
            } else {
                doc.insert(key.clone(), b.copy(file, &at, &at, names, &mut out));
            }
        }
    }
    if !placed_sections {
        place_sections(b, names, &mut doc, &mut section_maps, &mut out);
    }
    (Value::Object(doc), out)
}

fn place_sections(
    b: &Bundler,
    names: &[String],
    doc: &mut Map<String, Value>,
    section_maps: &mut [Map<String, Value>],
    out: &mut Emit,
) {
    match b.version {
        SpecVersion::Swagger2 => {
            for (i, tokens) in sections(b.version).iter().enumerate() {
                let map = std::mem::take(&mut section_maps[i]);
                let present = b
                    .files
                    .iter()
                    .filter(|f| f.entry)
                    .any(|f| f.doc.get(tokens[0]).is_some());
                if !map.is_empty() || present {
                    doc.insert(tokens[0].to_string(), Value::Object(map));
                }
            }
        }
        SpecVersion::OpenApi3 => {
            // Keep the root's `components` keys (and their order), sections replaced.
            let mut components = Map::new();
            let root_components = b.files[0].doc.get("components").and_then(Value::as_object);
            let section_name = |i: usize| sections(b.version)[i][1];
            if let Some(rc) = root_components {
                for key in rc.keys() {
                    match (0..section_maps.len()).find(|&i| section_name(i) == key) {
                        Some(i) => {
                            components.insert(key.clone(), Value::Object(std::mem::take(&mut section_maps[i])));
                        }
                        None => {
                            let at = pointer::from_tokens(&["components", key]);
                            components.insert(key.clone(), b.copy(0, &at, &at, names, out));
                        }
                    }
                }
            }
            for (i, map) in section_maps.iter_mut().enumerate() {
                if !map.is_empty() && !components.contains_key(section_name(i)) {
                    components.insert(section_name(i).to_string(), Value::Object(std::mem::take(map)));
                }
            }
            if !components.is_empty() || root_components.is_some() {
                doc.insert("components".to_string(), Value::Object(components));
            }
        }
    }
}

/// `tags` (array, by `name`) and `securityDefinitions` (map, by key): the root's entries, then
/// the new ones of the other entry files.
fn union_by_name(b: &Bundler, key: &str, names: &[String], out: &mut Emit) -> Value {
    let is_array = key == "tags";
    let mut items: Vec<Value> = Vec::new();
    let mut map = Map::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (file, f) in b.files.iter().enumerate().filter(|(_, f)| f.entry) {
        let at = pointer::push("", key);
        match f.doc.get(key) {
            Some(Value::Array(tags)) if is_array => {
                for (i, tag) in tags.iter().enumerate() {
                    let name = tag.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
                    if seen.insert(name) {
                        let tag_at = pointer::push(&at, &i.to_string());
                        let bundle_at = pointer::push(&at, &items.len().to_string());
                        items.push(b.copy(file, &tag_at, &bundle_at, names, out));
                    }
                }
            }
            Some(Value::Object(entries)) if !is_array => {
                for (name, value) in entries {
                    let entry_at = pointer::push(&at, name);
                    match map.get(name) {
                        None => {
                            map.insert(name.clone(), b.copy(file, &entry_at, &entry_at, names, out));
                        }
                        Some(existing) if existing != value => out.warnings.push(
                            Diagnostic::warning(format!(
                                "`{key}/{name}` differs between entry files; the first one is kept"
                            ))
                            .at(Location::new(&f.path, entry_at)),
                        ),
                        Some(_) => {}
                    }
                }
            }
            Some(_) if file == 0 => return b.copy(0, &at, &at, names, out),
            _ => {}
        }
    }
    if is_array {
        Value::Array(items)
    } else {
        Value::Object(map)
    }
}

/// `paths` and `x-ms-paths` of all entry files, merged. Same path + method twice is an error.
fn merge_paths(b: &Bundler, names: &[String], out: &mut Emit) -> Map<String, Value> {
    let mut result = Map::new();
    for key in ["paths", "x-ms-paths"] {
        let mut merged = Map::new();
        let mut owner: HashMap<(String, String), usize> = HashMap::new();
        let mut present = false;
        for (file, f) in b.files.iter().enumerate().filter(|(_, f)| f.entry) {
            let Some(paths) = f.doc.get(key).and_then(Value::as_object) else {
                continue;
            };
            present = true;
            for (path, item) in paths {
                let item_at = pointer::push(&pointer::push("", key), path);
                let Some(item_map) = item.as_object() else {
                    merged.insert(path.clone(), b.copy(file, &item_at, &item_at, names, out));
                    continue;
                };
                let mut copied: Map<String, Value> = Map::new();
                for (k, _) in item_map {
                    let at = pointer::push(&item_at, k);
                    let mut value = b.copy(file, &at, &at, names, out);
                    if METHODS.contains(&k.as_str()) && file != 0 {
                        push_globals(b, file, &mut value);
                    }
                    copied.insert(k.clone(), value);
                }
                match merged.get_mut(path) {
                    None => {
                        out.map.insert(item_at.clone(), &f.path, item_at.clone());
                        for k in item_map.keys().filter(|k| METHODS.contains(&k.as_str())) {
                            owner.insert((path.clone(), k.clone()), file);
                        }
                        merged.insert(path.clone(), Value::Object(copied));
                    }
                    Some(Value::Object(existing)) => {
                        merge_path_item(b, file, path, &item_at, existing, copied, &mut owner, out);
                    }
                    Some(_) => {}
                }
            }
        }
        if present {
            result.insert(key.to_string(), Value::Object(merged));
        }
    }
    result
}

#[allow(clippy::too_many_arguments)]
fn merge_path_item(
    b: &Bundler,
    file: usize,
    path: &str,
    item_at: &str,
    existing: &mut Map<String, Value>,
    mut incoming: Map<String, Value>,
    owner: &mut HashMap<(String, String), usize>,
    out: &mut Emit,
) {
    // Path-level parameters that differ are pushed down into the operations they belong to.
    let existing_params = existing.get("parameters").cloned();
    let incoming_params = incoming.remove("parameters");
    if let Some(params) = &incoming_params {
        if existing_params.as_ref() != Some(params) {
            if let Some(ep) = existing.remove("parameters") {
                for (k, op) in existing.iter_mut() {
                    if METHODS.contains(&k.as_str()) {
                        push_down_parameters(&ep, op);
                    }
                }
            }
            for (k, op) in incoming.iter_mut() {
                if METHODS.contains(&k.as_str()) {
                    push_down_parameters(params, op);
                }
            }
            out.warnings.push(
                Diagnostic::warning(format!(
                    "path-level parameters of `{path}` differ between entry files; moved into the operations"
                ))
                .at(Location::new(&b.files[file].path, pointer::push(item_at, "parameters"))),
            );
        }
    } else if let Some(ep) = existing.get("parameters").cloned() {
        // The incoming file declares none: its operations must not inherit the other file's.
        if incoming.keys().any(|k| METHODS.contains(&k.as_str())) {
            existing.remove("parameters");
            for (k, op) in existing.iter_mut() {
                if METHODS.contains(&k.as_str()) {
                    push_down_parameters(&ep, op);
                }
            }
        }
    }
    for (k, value) in incoming {
        let at = pointer::push(item_at, &k);
        if METHODS.contains(&k.as_str()) {
            if let Some(&first) = owner.get(&(path.to_string(), k.clone())) {
                out.errors.push(
                    Diagnostic::error(format!(
                        "operation `{} {path}` is defined in both `{}` and `{}`",
                        k.to_uppercase(),
                        b.files[first].path.display(),
                        b.files[file].path.display()
                    ))
                    .at(Location::new(&b.files[file].path, at))
                    .hint("each path + method may appear in only one entry file"),
                );
                continue;
            }
            owner.insert((path.to_string(), k.clone()), file);
            existing.insert(k, value);
        } else if !existing.contains_key(&k) {
            existing.insert(k, value);
        }
    }
}

fn push_down_parameters(params: &Value, op: &mut Value) {
    let Some(params) = params.as_array() else { return };
    let Some(op) = op.as_object_mut() else { return };
    let own: Vec<Value> = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let key = |p: &Value| -> Option<(String, String)> {
        Some((p.get("name")?.as_str()?.to_string(), p.get("in")?.as_str()?.to_string()))
    };
    let mut result: Vec<Value> = params
        .iter()
        .filter(|p| !own.contains(p) && key(p).is_none_or(|k| !own.iter().any(|o| key(o) == Some(k.clone()))))
        .cloned()
        .collect();
    result.extend(own);
    op.insert("parameters".to_string(), Value::Array(result));
}

/// For operations of a non-root entry file: the file-level defaults that differ from the root
/// file's (`consumes`, `produces`, `security`) are copied into the operation.
fn push_globals(b: &Bundler, file: usize, op: &mut Value) {
    let Some(op) = op.as_object_mut() else { return };
    let keys: &[&str] = match b.version {
        SpecVersion::Swagger2 => &["consumes", "produces", "security"],
        SpecVersion::OpenApi3 => &["security"],
    };
    for key in keys {
        let mine = b.files[file].doc.get(*key);
        if let Some(v) = mine
            && mine != b.files[0].doc.get(*key)
            && !op.contains_key(*key)
        {
            op.insert(key.to_string(), v.clone());
        }
    }
}
