//! One corpus entry through the CLI's pipeline, in process (load → normalize → model → emit,
//! with the CLI's defaults: no selection, flavor from the server URL, names from the title).

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use specgen::model::naming::{Case, sanitize};
use specgen::{CrateConfig, Diagnostic, Flavor, GeneratedFile, ServiceConfig};

use crate::spec_ops::{self, SpecOp};

pub struct Generated {
    pub spec_ops: Vec<SpecOp>,
    /// `(METHOD, path)` of every generated method.
    pub generated: BTreeSet<(String, String)>,
    pub warnings: Vec<Diagnostic>,
    pub files: Vec<GeneratedFile>,
}

pub enum Outcome {
    Generated(Box<Generated>),
    /// The generator refused the spec (its diagnostics, rendered).
    Failed(String),
    Panicked(String),
}

pub fn run(crate_name: &str, files: &[PathBuf]) -> Outcome {
    match catch_unwind(AssertUnwindSafe(|| generate(crate_name, files))) {
        Ok(Ok(generated)) => Outcome::Generated(Box::new(generated)),
        Ok(Err(message)) => Outcome::Failed(message),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Outcome::Panicked(message)
        }
    }
}

fn generate(crate_name: &str, files: &[PathBuf]) -> Result<Generated, String> {
    let bundle = specgen::load::load(files).map_err(|d| d.to_string())?;
    let spec_ops = spec_ops::list(&bundle);
    let normalized = specgen::normalize::normalize(bundle).map_err(|d| d.to_string())?;
    let doc = &normalized.openapi;
    let server = doc.servers.first().map(|s| s.url.as_str()).unwrap_or("");
    let flavor = if server.contains("management.azure.com") {
        Flavor::Arm
    } else if server.contains("graph.microsoft.com") {
        Flavor::Graph
    } else {
        Flavor::Plain
    };
    let module = sanitize(&doc.info.title, Case::Snake);
    let service = ServiceConfig {
        name: module.clone(),
        module: module.clone(),
        feature: module.clone(),
        client: format!("{}Client", sanitize(&doc.info.title, Case::Pascal)),
        flavor,
        entry: files.to_vec(),
        ..Default::default()
    };
    let krate = CrateConfig {
        name: crate_name.to_string(),
        version: "0.1.0".into(),
        command: "specgen".into(),
    };
    let mut warnings = normalized.warnings.clone();
    let modeled = specgen::model::build(doc, &normalized.source_map, &service).map_err(|d| d.to_string())?;
    warnings.extend(modeled.warnings);
    let warnings = specgen::diag::distinct(warnings);
    let generated = modeled
        .api
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .map(|op| (op.http_method.as_str().to_string(), op.path.clone()))
        .collect();
    let files = specgen::emit::emit_crate(&krate, &[modeled.api]).map_err(|d| d.to_string())?;
    Ok(Generated {
        spec_ops,
        generated,
        warnings,
        files,
    })
}

impl Generated {
    /// Declared operations that were neither generated nor named by a warning located at (or
    /// inside) their node: the ones that would be silently dropped.
    pub fn unaccounted(&self) -> Vec<&SpecOp> {
        self.spec_ops
            .iter()
            .filter(|op| !self.generated.contains(&(op.method.clone(), op.path.clone())))
            .filter(|op| {
                !self.warnings.iter().any(|w| {
                    w.location.as_deref().is_some_and(|l| {
                        let inside_path_item = (l.pointer.starts_with("/paths/")
                            || l.pointer.starts_with("/x-ms-paths/"))
                            && op.location.pointer.starts_with(&format!("{}/", l.pointer));
                        l.file == op.location.file && (l.pointer.starts_with(&op.location.pointer) || inside_path_item)
                    })
                })
            })
            .collect()
    }

    pub fn value_fallbacks(&self) -> usize {
        self.warnings
            .iter()
            .filter(|w| crate::kinds::is_value_fallback(&w.message))
            .count()
    }
}
