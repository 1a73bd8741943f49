//! The files a service needs: its entry files, every file their `$ref`s reach (transitively, each
//! pointer checked), and the example files their `x-ms-examples` name. Paths are relative to the
//! specs root, in upstream layout. A schema `$ref` that cannot be resolved is an error (nothing
//! may be vendored half-way); a missing example file is only reported, because upstream has such
//! gaps (AVD 2025-10-10 names `ScalingPlanPersonalSchedule_Delete.json`, which does not exist).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::load::{normalize_path, parse_document, pointer};
use serde_json::Value;

#[derive(Debug, Default)]
pub struct Closure {
    /// Spec files (entries first reached, then by path).
    pub specs: BTreeSet<PathBuf>,
    pub examples: BTreeSet<PathBuf>,
    /// `(file that names it, example path)` for example files that are not there.
    pub missing_examples: Vec<(PathBuf, PathBuf)>,
}

impl Closure {
    pub fn files(&self) -> impl Iterator<Item = &PathBuf> {
        self.specs.iter().chain(&self.examples)
    }
}

/// Walks from `entries`; `read(path)` gives a file's bytes, `None` if it does not exist.
pub fn closure(entries: &[PathBuf], read: &dyn Fn(&Path) -> Option<Vec<u8>>) -> Result<Closure, String> {
    let mut out = Closure::default();
    let mut docs: BTreeMap<PathBuf, Value> = BTreeMap::new();
    let mut queue: Vec<PathBuf> = entries.iter().map(|e| normalize_path(e)).collect();
    for entry in &queue {
        if read(entry).is_none() {
            return Err(format!("entry file `{}` is not there", entry.display()));
        }
    }
    while let Some(file) = queue.pop() {
        if !out.specs.insert(file.clone()) {
            continue;
        }
        let doc = load(&file, read, &mut docs)?;
        let mut refs = Vec::new();
        collect_refs(&doc, false, &mut refs);
        let dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        for (reference, is_example) in refs {
            let (path_part, fragment) = reference.split_once('#').unwrap_or((reference.as_str(), ""));
            if path_part.is_empty() {
                continue; // local to this file: the generator's loader checks those
            }
            if path_part.contains("://") {
                return Err(format!(
                    "`{}`: remote $ref `{reference}` cannot be vendored",
                    file.display()
                ));
            }
            let decoded = pointer::percent_decode(path_part).unwrap_or_else(|| path_part.to_string());
            let target = normalize_path(&dir.join(decoded));
            if is_example {
                if read(&target).is_some() {
                    out.examples.insert(target);
                } else {
                    out.missing_examples.push((file.clone(), target));
                }
                continue;
            }
            let target_doc = load(&target, read, &mut docs)
                .map_err(|e| format!("`{}`: $ref `{reference}` cannot be resolved: {e}", file.display()))?;
            if !fragment.is_empty() && pointer::get(&target_doc, fragment).is_none() {
                return Err(format!(
                    "`{}`: $ref `{reference}` cannot be resolved: `{}` has no `{fragment}`",
                    file.display(),
                    target.display()
                ));
            }
            queue.push(target);
        }
    }
    Ok(out)
}

fn load(
    file: &Path,
    read: &dyn Fn(&Path) -> Option<Vec<u8>>,
    docs: &mut BTreeMap<PathBuf, Value>,
) -> Result<Value, String> {
    if let Some(doc) = docs.get(file) {
        return Ok(doc.clone());
    }
    let bytes = read(file).ok_or_else(|| format!("`{}` is not there", file.display()))?;
    let doc = parse_document(file, &bytes).map_err(|d| d.to_string())?;
    docs.insert(file.to_path_buf(), doc.clone());
    Ok(doc)
}

/// Every `$ref` string, and whether it sits under `x-ms-examples`.
fn collect_refs(value: &Value, in_examples: bool, out: &mut Vec<(String, bool)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref"
                    && let Some(r) = child.as_str()
                {
                    out.push((r.to_string(), in_examples));
                } else {
                    collect_refs(child, in_examples || key == "x-ms-examples", out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, in_examples, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> impl Fn(&Path) -> Option<Vec<u8>> {
        let map: BTreeMap<PathBuf, Vec<u8>> = list
            .iter()
            .map(|(p, c)| (PathBuf::from(p), c.as_bytes().to_vec()))
            .collect();
        move |p: &Path| map.get(p).cloned()
    }

    const ENTRY: &str = r##"{"swagger": "2.0", "paths": {"/a": {"get": {"x-ms-examples": {"E": {"$ref": "./examples/E.json"}, "F": {"$ref": "./examples/F.json"}}, "responses": {"200": {"schema": {"$ref": "../../../common/types.json#/definitions/T"}}}}}}}"##;

    #[test]
    fn follows_refs_and_examples() {
        let read = files(&[
            ("svc/stable/1/a.json", ENTRY),
            ("svc/stable/1/examples/E.json", "{}"),
            (
                "common/types.json",
                r##"{"definitions": {"T": {"$ref": "./more.json#/definitions/U"}}}"##,
            ),
            ("common/more.json", r##"{"definitions": {"U": {"type": "string"}}}"##),
        ]);
        let c = closure(&[PathBuf::from("svc/stable/1/a.json")], &read).expect("closure");
        let specs: Vec<_> = c.specs.iter().map(|p| p.to_string_lossy().to_string()).collect();
        assert_eq!(specs, ["common/more.json", "common/types.json", "svc/stable/1/a.json"]);
        assert_eq!(
            c.examples.iter().collect::<Vec<_>>(),
            [&PathBuf::from("svc/stable/1/examples/E.json")]
        );
        assert_eq!(
            c.missing_examples,
            [(
                PathBuf::from("svc/stable/1/a.json"),
                PathBuf::from("svc/stable/1/examples/F.json")
            )]
        );
    }

    #[test]
    fn unresolvable_refs_are_errors() {
        let missing_file = files(&[("svc/stable/1/a.json", ENTRY)]);
        let err = closure(&[PathBuf::from("svc/stable/1/a.json")], &missing_file).unwrap_err();
        assert!(
            err.contains("cannot be resolved") && err.contains("common/types.json"),
            "{err}"
        );

        let missing_pointer = files(&[
            ("svc/stable/1/a.json", ENTRY),
            ("common/types.json", r#"{"definitions": {}}"#),
        ]);
        let err = closure(&[PathBuf::from("svc/stable/1/a.json")], &missing_pointer).unwrap_err();
        assert!(err.contains("has no `/definitions/T`"), "{err}");

        let err = closure(&[PathBuf::from("nope.json")], &missing_pointer).unwrap_err();
        assert!(err.contains("entry file `nope.json` is not there"), "{err}");
    }
}
