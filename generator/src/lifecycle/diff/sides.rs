//! What `diff` compares: two sets of spec files, or a service of a manifest at two of its
//! api-versions (entry files found in the specs root or in upstream checkouts).

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::Side;
use crate::ServiceConfig;
use crate::lifecycle::manifest::Manifest;
use crate::lifecycle::versions;

/// Two sets of entry files; each side is labelled with its files.
pub fn files(old: Vec<PathBuf>, new: Vec<PathBuf>) -> (Side, Side) {
    let label = |files: &[PathBuf]| {
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(" + ")
    };
    (Side::files(label(&old), old), Side::files(label(&new), new))
}

/// A service of `manifest` at `from` and at `to` (default: its vendored api-version), its files
/// looked up in each of `roots` in turn.
pub fn service(
    manifest: &Manifest,
    name: &str,
    from: &str,
    to: Option<&str>,
    roots: &[PathBuf],
) -> Result<(Side, Side)> {
    let Some(service) = manifest.services.iter().find(|s| s.name == name) else {
        bail!("no service `{name}` in the manifest");
    };
    let to = to
        .map(String::from)
        .or_else(|| service.api_version.clone())
        .unwrap_or_default();
    Ok((service_side(service, from, roots)?, service_side(service, &to, roots)?))
}

/// The manifest's service at another api-version: same selection, names and transforms.
pub fn service_side(service: &ServiceConfig, version: &str, roots: &[PathBuf]) -> Result<Side> {
    let mut service = service.clone();
    service.entry = versions::entries_for(&service, version)?
        .iter()
        .map(|rel| versions::find(rel, roots))
        .collect::<Result<_>>()?;
    service.api_version = Some(version.to_string());
    Ok(Side {
        label: format!("{} {version}", service.name),
        service,
    })
}
