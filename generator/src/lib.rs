//! specgen: Swagger 2.0 / OpenAPI 3.0 specs in, an async Rust client crate (azure_core 1.x) out.
//!
//! Pipeline: [`load`] → [`normalize`] → [`model`] → [`emit`]. Data flows one way; only `model`
//! knows OpenAPI, only `emit` knows Rust syntax. [`lifecycle`] sits on top of the pipeline:
//! diff two versions of an API, check a project for drift, bump an api-version.

pub mod api_versions;
pub mod config;
pub mod diag;
pub mod emit;
pub mod lifecycle;
pub mod load;
pub mod model;
pub mod normalize;

use std::path::Path;
use std::time::{Duration, Instant};

pub use config::{CrateConfig, Flavor, ServiceConfig};
pub use diag::{Diagnostic, Diagnostics};
pub use emit::GeneratedFile;

/// The output of a run: every file of the crate, the warnings, and where the time went.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Diagnostic>,
    pub apis: Vec<model::ir::Api>,
    pub timings: Timings,
}

/// Wall time per stage, summed over services.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub load: Duration,
    pub normalize: Duration,
    pub model: Duration,
    /// Rendering the IR to tokens (formatting excluded).
    pub emit: Duration,
    /// prettyplease.
    pub format: Duration,
}

/// Builds the IR of one service from its entry files (relative to `specs_root`).
pub fn model_service(
    service: &ServiceConfig,
    specs_root: &Path,
    timings: &mut Timings,
) -> Result<model::Modeled, Diagnostics> {
    let entries: Vec<_> = service.entry.iter().map(|e| specs_root.join(e)).collect();
    let start = Instant::now();
    let mut bundle = load::load(&entries)?;
    apply_patches(&mut bundle.document, &service.transforms.patch)?;
    timings.load += start.elapsed();
    let start = Instant::now();
    let normalized = normalize::normalize(bundle)?;
    timings.normalize += start.elapsed();
    let start = Instant::now();
    let mut modeled = model::build(&normalized.openapi, &normalized.source_map, service)?;
    timings.model += start.elapsed();
    let mut warnings = normalized.warnings;
    warnings.append(&mut modeled.warnings);
    modeled.warnings = warnings;
    Ok(modeled)
}

/// Generates the whole crate in memory.
pub fn generate(krate: &CrateConfig, services: &[ServiceConfig], specs_root: &Path) -> Result<Generated, Diagnostics> {
    let mut timings = Timings::default();
    let mut apis = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Diagnostics::default();
    let services = api_versions::expand(services)?;
    for service in &services {
        match model_service(service, specs_root, &mut timings) {
            Ok(modeled) => {
                warnings.extend(modeled.warnings);
                apis.push(modeled.api);
            }
            Err(e) => errors.0.extend(e.0),
        }
    }
    if errors.has_errors() {
        errors.0.extend(warnings);
        return Err(errors);
    }
    let start = Instant::now();
    let (files, formatting) = emit::emit_crate_timed(krate, &apis)?;
    timings.emit = start.elapsed().saturating_sub(formatting);
    timings.format = formatting;
    Ok(Generated {
        files,
        warnings: diag::distinct(warnings),
        apis,
        timings,
    })
}

/// Applies the manifest's merge patches; a pointer that matches nothing is an error (the
/// upstream node moved and the correction must be revisited).
fn apply_patches(document: &mut serde_json::Value, patches: &[config::Patch]) -> Result<(), Diagnostics> {
    for patch in patches {
        match document.pointer_mut(&patch.pointer) {
            Some(node) => merge(node, &patch.merge),
            None => {
                return Err(
                    Diagnostic::error(format!("manifest patch: no node at `{}`", patch.pointer))
                        .hint(format!("the patch exists because: {}", patch.reason))
                        .into(),
                );
            }
        }
    }
    Ok(())
}

/// RFC 7396 JSON merge patch.
fn merge(target: &mut serde_json::Value, patch: &serde_json::Value) {
    let serde_json::Value::Object(changes) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = serde_json::Value::Object(Default::default());
    }
    if let serde_json::Value::Object(map) = target {
        for (key, value) in changes {
            if value.is_null() {
                map.remove(key);
            } else {
                merge(map.entry(key.clone()).or_insert(serde_json::Value::Null), value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let cases = [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "b"}), json!({"b": "c"}), json!({"a": "b", "b": "c"})),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (
                json!({"a": {"b": "c"}}),
                json!({"a": {"b": "d", "c": null}}),
                json!({"a": {"b": "d"}}),
            ),
            (json!(["a"]), json!({"a": "c"}), json!({"a": "c"})),
        ];
        for (mut target, patch, expected) in cases {
            super::merge(&mut target, &patch);
            assert_eq!(target, expected);
        }
    }
}
