//! The operations a spec declares, counted on the bundled document before any lowering: every
//! method of every path item under `paths` (and Azure's `x-ms-paths`).

use serde_json::Value;
use specgen::diag::Location;
use specgen::load::{Bundle, pointer};

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

#[derive(Clone, Debug)]
pub struct SpecOp {
    /// Upper case (`GET`).
    pub method: String,
    pub path: String,
    /// Where the spec declares it (entry file and JSON pointer).
    pub location: Location,
}

pub fn list(bundle: &Bundle) -> Vec<SpecOp> {
    let mut ops = Vec::new();
    for section in ["paths", "x-ms-paths"] {
        let Some(Value::Object(paths)) = bundle.document.get(section) else {
            continue;
        };
        for (path, item) in paths {
            let item_pointer = format!("/{section}/{}", pointer::escape(path));
            // A path item that is a `$ref` (OpenAPI 3.1 `components/pathItems`): its methods.
            let item = match item.get("$ref").and_then(Value::as_str) {
                Some(reference) => reference
                    .strip_prefix('#')
                    .and_then(|p| bundle.document.pointer(p))
                    .unwrap_or(item),
                None => item,
            };
            for method in METHODS {
                if item.get(*method).is_some_and(Value::is_object) {
                    ops.push(SpecOp {
                        method: method.to_ascii_uppercase(),
                        path: path.clone(),
                        location: bundle.source_map.locate(&format!("{item_pointer}/{method}")),
                    });
                }
            }
        }
    }
    ops
}
