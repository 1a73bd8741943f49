//! The inputs every tool is compared on: one OpenAPI 3.0 file each, read by all tools alike.
//!
//! - The vendored Azure services are Swagger 2.0 spread over several files. progenitor reads
//!   only one OpenAPI 3.0 file, so they are given to every tool as the document our own load
//!   (bundle every `$ref` into one file) and normalize (Swagger 2.0 → OpenAPI 3.0) stages produce.
//! - The public OpenAPI 3.0 specs of `tests/cli-specs/entries.txt` are given as they are.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;
use specgen::load::SpecVersion;

use specgen::lifecycle::manifest::Manifest;

/// One comparison input.
#[derive(Clone, Debug)]
pub struct Input {
    /// Short label for the tables, also used as a crate/directory name.
    pub name: String,
    /// Where it came from (for the report).
    pub origin: String,
    /// The OpenAPI 3.0 file every tool reads.
    pub file: PathBuf,
    pub operations: usize,
    pub bytes: u64,
}

/// Methods that make an operation of a path item.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// All inputs: the vendored Swagger 2.0 services (converted into `scratch`), then the public
/// OpenAPI 3.0 specs with at least one operation.
pub fn all(root: &Path, scratch: &Path) -> Result<Vec<Input>> {
    let mut inputs = vendored(root, scratch)?;
    inputs.extend(public(root)?);
    Ok(inputs)
}

/// Each Swagger 2.0 service of `specs/specs.toml`, bundled and lowered to OpenAPI 3.0.
fn vendored(root: &Path, scratch: &Path) -> Result<Vec<Input>> {
    let target = &crate::product(root);
    let manifest = Manifest::read(&target.manifest)?;
    std::fs::create_dir_all(scratch)?;
    let mut inputs = Vec::new();
    for service in &manifest.services {
        let entries: Vec<PathBuf> = service.entry.iter().map(|e| target.specs.join(e)).collect();
        let bundle = specgen::load::load(&entries).map_err(|d| anyhow::anyhow!("{d}"))?;
        if bundle.version != SpecVersion::Swagger2 {
            // The Graph services are several multi-megabyte OpenAPI 3 files: not one input.
            continue;
        }
        let (mut document, _, _) = specgen::normalize::lower_swagger2(&bundle);
        drop_examples(&mut document);
        let origin = entries
            .iter()
            .map(|e| e.file_name().unwrap_or_default().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" + ");
        inputs.push(write_input(
            scratch,
            &service.name,
            format!("{origin} (Swagger 2.0, converted)"),
            &document,
        )?);
        // progenitor panics on every ARM operation (each has a `default` error response beside
        // its success); without those it can read some services, so the same trimmed document
        // is also given to every tool.
        drop_default_responses(&mut document);
        inputs.push(write_input(
            scratch,
            &format!("{}_no_default", service.name),
            format!("{origin} (converted, `default` responses removed)"),
            &document,
        )?);
    }
    Ok(inputs)
}

fn write_input(scratch: &Path, name: &str, origin: String, document: &Value) -> Result<Input> {
    let file = scratch.join(format!("{name}.openapi3.json"));
    std::fs::write(&file, serde_json::to_string_pretty(document)?)?;
    Ok(Input {
        name: name.to_string(),
        origin,
        bytes: std::fs::metadata(&file)?.len(),
        operations: count_operations(document),
        file,
    })
}

/// Removes the `default` response of every operation that also has a 2xx one.
fn drop_default_responses(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for method in METHODS {
            let Some(responses) = item
                .get_mut(method)
                .and_then(|op| op.get_mut("responses"))
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            if responses.keys().any(|code| code.starts_with('2')) {
                responses.remove("default");
            }
        }
    }
}

/// `x-ms-examples` hold `$ref`s to example files next to the original spec, which load does not
/// bundle (no generator uses them); the copy in `scratch` would only have dangling references.
fn drop_examples(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("x-ms-examples");
            map.values_mut().for_each(drop_examples);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_examples),
        _ => {}
    }
}

/// The OpenAPI 3.0 entries of `tests/cli-specs/entries.txt` (`name path` lines).
fn public(root: &Path) -> Result<Vec<Input>> {
    let dir = root.join("tests/cli-specs");
    let list = dir.join("entries.txt");
    let text = std::fs::read_to_string(&list).with_context(|| format!("reading {}", list.display()))?;
    let mut inputs = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let [name, path] = line.split_whitespace().collect::<Vec<_>>()[..] else {
            continue;
        };
        if !path.starts_with("openapiv3/") {
            continue;
        }
        let file = dir.join(path);
        let bundle = specgen::load::load(std::slice::from_ref(&file)).map_err(|d| anyhow::anyhow!("{d}"))?;
        let operations = count_operations(&bundle.document);
        if operations == 0 {
            continue;
        }
        inputs.push(Input {
            name: name.to_string(),
            origin: format!("{path} (OpenAPI 3.0)"),
            bytes: std::fs::metadata(&file)?.len(),
            operations,
            file,
        });
    }
    Ok(inputs)
}

/// Operations of an OpenAPI document: methods under `paths` (the same denominator for every
/// tool's per-operation figures).
pub fn count_operations(document: &Value) -> usize {
    document
        .get("paths")
        .and_then(Value::as_object)
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_methods_not_other_path_item_keys() {
        let doc = serde_json::json!({
            "paths": {
                "/a": {"get": {}, "post": {}, "parameters": [], "summary": "x"},
                "/b": {"delete": {}, "x-ms-whatever": {}}
            }
        });
        assert_eq!(count_operations(&doc), 3);
    }

    #[test]
    fn default_responses_go_only_beside_a_success() {
        let mut doc = serde_json::json!({
            "paths": {
                "/a": {"get": {"responses": {"200": {}, "default": {}}}},
                "/b": {"delete": {"responses": {"default": {}}}}
            }
        });
        drop_default_responses(&mut doc);
        assert_eq!(doc["paths"]["/a"]["get"]["responses"], serde_json::json!({"200": {}}));
        assert_eq!(
            doc["paths"]["/b"]["delete"]["responses"],
            serde_json::json!({"default": {}})
        );
    }

    #[test]
    fn vendored_services_become_one_openapi3_file_each() {
        let root = crate::workspace_root();
        let scratch = tempfile::tempdir().unwrap();
        let inputs = vendored(&root, scratch.path()).unwrap();
        assert!(!inputs.is_empty());
        for input in inputs {
            let text = std::fs::read_to_string(&input.file).unwrap();
            let doc: Value = serde_json::from_str(&text).unwrap();
            assert!(doc["openapi"].as_str().unwrap().starts_with("3.0"));
            for (at, _) in text.match_indices("\"$ref\": \"") {
                let target = &text[at + "\"$ref\": \"".len()..];
                assert!(
                    target.starts_with('#'),
                    "non-local $ref in {}: {}",
                    input.name,
                    &target[..40.min(target.len())]
                );
            }
            assert!(input.operations > 0);
        }
    }
}
