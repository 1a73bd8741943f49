//! A normalized document to compare: the spec files loaded and bundled by specgen and lowered to
//! OpenAPI 3.0, exactly what the generator parses as `openapiv3::OpenAPI` (the parse is run too,
//! so a document the generator rejects is rejected here). The diff walks the lowered JSON value:
//! every keyword, `x-ms-*` extensions included, and the `description` beside a `$ref` that a
//! typed Reference Object would drop.

use std::path::PathBuf;

use crate::load::SpecVersion;
use anyhow::{Result, anyhow};
use serde_json::Value;

pub struct Doc {
    pub root: Value,
}

impl Doc {
    /// Loads entry files (one service) the way the generator does.
    pub fn load(entries: &[PathBuf]) -> Result<Doc> {
        let bundle = crate::load::load(entries).map_err(|d| anyhow!("loading {}:\n{d}", show(entries)))?;
        let root = match bundle.version {
            SpecVersion::Swagger2 => crate::normalize::lower_swagger2(&bundle).0,
            SpecVersion::OpenApi3 => bundle.document.clone(),
        };
        crate::normalize::normalize(bundle).map_err(|d| anyhow!("normalizing {}:\n{d}", show(entries)))?;
        Ok(Doc { root })
    }

    pub fn from_value(root: Value) -> Doc {
        Doc { root }
    }

    /// Follows local `$ref`s (a few hops at most; a cycle of bare refs ends as `Null`).
    pub fn resolve<'a>(&'a self, mut value: &'a Value) -> &'a Value {
        for _ in 0..16 {
            match value.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix('#').and_then(|p| self.root.pointer(p)) {
                    Some(target) => value = target,
                    None => return &Value::Null,
                },
                None => return value,
            }
        }
        &Value::Null
    }

    pub fn schemas(&self) -> Option<&serde_json::Map<String, Value>> {
        self.root.pointer("/components/schemas").and_then(Value::as_object)
    }
}

/// The component name a schema `$ref` points at (`#/components/schemas/Sku` → `Sku`).
pub fn schema_ref(value: &Value) -> Option<&str> {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
}

pub fn str_of<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

pub fn bool_of(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn show(entries: &[PathBuf]) -> String {
    entries
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
