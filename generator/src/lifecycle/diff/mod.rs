//! `specgen diff`: what changed between two versions of an API, at the level its users
//! care about, and in the Rust surface the generator makes from each.
//!
//! Both versions are loaded and normalized by specgen (so Swagger 2.0 and OpenAPI 3.0 compare
//! alike and cross-file `$ref`s are bundled), then compared as values: operations
//! (`operations.rs`), their parameters (`parameters.rs`), models and enums (`schemas.rs`, with
//! the direction each model is used in from `usage.rs`). Every change is classified following
//! Azure openapi-diff's rules (`change.rs`). The Rust surface (`rust_surface.rs`) generates both
//! versions in memory and compares their public items. `render.rs` writes Markdown or JSON;
//! `sides.rs` finds what to compare (files, or a manifest's service at two api-versions).

pub mod change;
pub mod doc;
pub mod operations;
pub mod parameters;
pub mod render;
pub mod rust_surface;
pub mod schemas;
pub mod sides;
pub mod usage;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

use crate::{CrateConfig, Flavor, ServiceConfig};
use anyhow::Result;
use serde_json::Value;

use change::Changes;
pub use change::{ApiChange, DiffReport, Impact, RustChange};
use doc::Doc;

/// One side of the comparison: its entry files, and how to generate it (for the Rust surface).
#[derive(Clone, Debug)]
pub struct Side {
    pub label: String,
    pub service: ServiceConfig,
}

impl Side {
    /// Spec files given directly: generated as one service `api` (ARM flavor for ARM paths).
    pub fn files(label: impl Into<String>, entries: Vec<PathBuf>) -> Side {
        Side {
            label: label.into(),
            service: ServiceConfig {
                name: "api".into(),
                module: "api".into(),
                feature: "api".into(),
                client: "ApiClient".into(),
                entry: entries,
                ..Default::default()
            },
        }
    }
}

/// Compares two versions; `rust` also generates both and compares their public items.
pub fn diff(old: &Side, new: &Side, rust: bool) -> Result<DiffReport> {
    let a = Doc::load(&old.service.entry)?;
    let b = Doc::load(&new.service.entry)?;
    let mut report = diff_docs(&a, &b);
    report.old = old.label.clone();
    report.new = new.label.clone();
    if rust {
        match (surface(old, &a), surface(new, &b)) {
            (Ok(x), Ok(y)) => report.rust = Some(rust_surface::diff(&x, &y)),
            (Err(e), _) | (_, Err(e)) => report.notes.push(format!("Rust surface not compared: {e}")),
        }
    }
    Ok(report)
}

/// The API part of the diff, on two normalized documents.
pub fn diff_docs(a: &Doc, b: &Doc) -> DiffReport {
    let mut out = Changes::default();
    info(a, b, &mut out);
    operations::compare_all(a, b, &mut out);
    let mut directions = usage::directions(a);
    for (name, dir) in usage::directions(b) {
        let d = directions.entry(name).or_default();
        *d = d.union(dir);
    }
    schemas::SchemaDiff {
        old: a,
        new: b,
        out: &mut out,
    }
    .components(&directions);
    DiffReport {
        api: out.0,
        ..Default::default()
    }
}

fn info(a: &Doc, b: &Doc, out: &mut Changes) {
    let version = |d: &Doc| d.root.pointer("/info/version").cloned().unwrap_or(Value::Null);
    if version(a) != version(b) {
        out.push(
            Impact::NonBreaking,
            "VersionChanged",
            "info.version",
            format!("api-version {} → {}", version(a), version(b)),
        );
    }
    let servers = |d: &Doc| d.root.get("servers").cloned();
    if servers(a) != servers(b) {
        out.push(
            Impact::Breaking,
            "ServersChanged",
            "servers",
            format!(
                "{} → {}",
                schemas::show(servers(a).as_ref()),
                schemas::show(servers(b).as_ref())
            ),
        );
    }
}

/// Generates one side in memory and collects its public items.
fn surface(side: &Side, doc: &Doc) -> Result<rust_surface::Surface> {
    let mut service = side.service.clone();
    // One side is one api-version: its surface, not that of the versions beside it.
    service.side_by_side.clear();
    if service.flavor == Flavor::Plain && service.name == "api" && is_arm(doc) {
        service.flavor = Flavor::Arm;
    }
    if service.api_version.is_none() || service.name == "api" {
        service.api_version = doc
            .root
            .pointer("/info/version")
            .and_then(Value::as_str)
            .map(String::from);
    }
    let krate = CrateConfig {
        name: "diff".into(),
        version: "0.0.0".into(),
        command: "specgen diff".into(),
    };
    let generated = crate::generate(&krate, &[service], std::path::Path::new(""))
        .map_err(|d| anyhow::anyhow!("generating {}: {d}", side.label))?;
    let files: Vec<(String, String)> = generated
        .files
        .into_iter()
        .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.contents))
        .collect();
    Ok(rust_surface::surface(
        files.iter().map(|(p, c)| (p.as_str(), c.as_str())),
    ))
}

/// An Azure Resource Manager API: its paths live under `/subscriptions` or `/providers`.
fn is_arm(doc: &Doc) -> bool {
    doc.root.get("paths").and_then(Value::as_object).is_some_and(|p| {
        p.keys()
            .any(|k| k.starts_with("/subscriptions") || k.starts_with("/providers"))
    })
}
