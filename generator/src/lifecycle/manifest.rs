//! `specs/specs.toml`: the vendored files (with upstream origin and sha256) and the services.

use std::path::{Path, PathBuf};

use crate::{CrateConfig, ServiceConfig};
use anyhow::{Context, Result};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(rename = "crate")]
    pub krate: CrateConfig,
    #[serde(rename = "service")]
    pub services: Vec<ServiceConfig>,
    /// Vendored files (only `specs/specs.toml` has them; fixtures are ours).
    #[serde(rename = "file", default)]
    pub files: Vec<VendoredFile>,
}

/// One file copied byte-exact from upstream.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendoredFile {
    /// Relative to `specs/`.
    pub path: PathBuf,
    pub repo: String,
    pub commit: String,
    pub upstream_path: String,
    pub sha256: String,
}

impl Manifest {
    pub fn read(path: &Path) -> Result<Manifest> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    }
}
