//! Stage 1, load: read the entry files (JSON or YAML) and every file their `$ref`s reach, and
//! bundle them into ONE document whose `$ref`s are all local (`#/...`).
//!
//! Contract (used by `normalize` and `model`):
//! - [`load`] takes the entry files of one service (e.g. `bastionHost.json`, or Graph's
//!   `Users.yml` + `Users.Actions.yml`) and returns a [`Bundle`].
//! - Definitions pulled from other files are copied into the bundle under the section they came
//!   from (`definitions`, `parameters`, `responses` for Swagger 2.0; `components/*` for OpenAPI 3).
//!   Name clashes between different nodes get deterministic, file-derived names; identical nodes
//!   are merged.
//! - `x-ms-examples` subtrees are not followed (their `$ref`s point at example files).
//! - [`SourceMap::locate`] maps any pointer of the bundled document back to the file and pointer
//!   the node was read from, so later stages can report `bastionHost.json#/paths/...`.
//! - Unreadable files, invalid JSON/YAML (with line/column), dangling `$ref`s and unknown spec
//!   versions are errors naming file and pointer. Never panics.
//!
//! Code map: [`read`] (one file → `Value`), [`refs`] (where `$ref`s are, parsing them),
//! [`bundle`] (collect + write the bundle), [`naming`] (merge or rename clashing components),
//! [`source_map`], [`pointer`].
//!
//! Name clashes: the first-seen component keeps its name (entry files first, in the order
//! given; then files in the order their `$ref`s are reached). A different component with the
//! same name in the same section becomes `<file stem>_<Name>` (then `<dir>_<stem>_<Name>`, ...,
//! then `<Name>_2`), every `$ref` to it is rewritten, and a warning says so.

// `Diagnostic` is the project-wide error type; boxing it would only move the cost.
#![allow(clippy::result_large_err)]

mod bundle;
mod naming;
pub mod pointer;
mod read;
pub(crate) mod refs;
mod source_map;

use std::collections::HashSet;
use std::path::PathBuf;

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Location};

pub use read::{normalize_path, parse_document};
pub use source_map::SourceMap;

/// Which spec language the entry files are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecVersion {
    /// `swagger: "2.0"`
    Swagger2,
    /// `openapi: 3.x`
    OpenApi3,
}

/// One bundled document and where its parts came from.
#[derive(Clone, Debug)]
pub struct Bundle {
    pub document: Value,
    pub version: SpecVersion,
    pub source_map: SourceMap,
    pub warnings: Vec<Diagnostic>,
}

/// Loads and bundles the entry files of one service. See the module docs.
pub fn load(entry_files: &[PathBuf]) -> Result<Bundle, Diagnostics> {
    if entry_files.is_empty() {
        return Err(Diagnostic::error("no entry files given").into());
    }
    let mut errors = Diagnostics::default();
    let mut entries: Vec<(PathBuf, Value, SpecVersion)> = Vec::new();
    let mut seen = HashSet::new();
    for path in entry_files {
        let path = normalize_path(path);
        if !seen.insert(path.clone()) {
            continue;
        }
        match read::read_document(&path).and_then(|doc| detect_version(&path, &doc).map(|v| (doc, v))) {
            Ok((doc, version)) => entries.push((path, doc, version)),
            Err(diag) => errors.push(diag),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    let version = entries[0].2;
    for (path, _, v) in &entries[1..] {
        if *v != version {
            errors.push(
                Diagnostic::error(format!(
                    "`{}` is {v:?} but `{}` is {version:?}; entry files must share one spec version",
                    path.display(),
                    entries[0].0.display()
                ))
                .at(Location::new(path, "")),
            );
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }

    let mut bundler = bundle::Bundler::new(version, entries.into_iter().map(|(p, d, _)| (p, d)).collect());
    bundler.collect();
    if !bundler.errors.is_empty() {
        let mut all = Diagnostics(std::mem::take(&mut bundler.errors));
        all.0.extend(std::mem::take(&mut bundler.warnings));
        return Err(all);
    }
    let naming = naming::assign(&bundler);
    let (document, emit) = bundle::build(&bundler, &naming.names, &naming.emitted);
    let mut warnings = bundler.warnings;
    warnings.extend(naming.warnings);
    warnings.extend(emit.warnings);
    if !emit.errors.is_empty() {
        let mut all = Diagnostics(emit.errors);
        all.0.extend(warnings);
        return Err(all);
    }
    Ok(Bundle {
        document,
        version,
        source_map: emit.map,
        warnings,
    })
}

/// `swagger: "2.0"` or `openapi: 3.x`, else an error naming the file.
pub fn detect_version(path: &std::path::Path, doc: &Value) -> Result<SpecVersion, Diagnostic> {
    let unknown = |what: String| {
        Diagnostic::error(format!("`{}`: {what}", path.display()))
            .at(Location::new(path, ""))
            .hint("a spec starts with `swagger: \"2.0\"` (Swagger 2.0) or `openapi: 3.0.x` (OpenAPI 3)")
    };
    let Some(map) = doc.as_object() else {
        return Err(unknown(
            "the document is not an object, so it is not a Swagger/OpenAPI spec".to_string(),
        ));
    };
    if let Some(v) = map.get("swagger") {
        let ok = match v {
            Value::String(s) => s == "2.0",
            Value::Number(n) => n.as_f64() == Some(2.0),
            _ => false,
        };
        return if ok {
            Ok(SpecVersion::Swagger2)
        } else {
            Err(unknown(format!("unknown spec version `swagger: {v}`")))
        };
    }
    if let Some(v) = map.get("openapi") {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        return if text.starts_with("3.") {
            Ok(SpecVersion::OpenApi3)
        } else {
            Err(unknown(format!("unknown spec version `openapi: {v}`")))
        };
    }
    Err(unknown(
        "no `swagger: \"2.0\"` nor `openapi: 3.x` field; unknown spec version".to_string(),
    ))
}

#[cfg(test)]
mod tests;
