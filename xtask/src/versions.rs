//! Api-versions in an upstream layout: an entry file's path names its version as one segment
//! (`.../Microsoft.Network/stable/2024-05-01/bastionHost.json`); other versions are sibling
//! folders, stable ones under `stable/`, previews under `preview/` (`2024-01-01-preview`).

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use specgen::ServiceConfig;

/// The service's entry files for `version`, relative to the specs root (not checked to exist).
pub fn entries_for(service: &ServiceConfig, version: &str) -> Result<Vec<PathBuf>> {
    specgen::api_versions::entries_for(service, version).map_err(|e| anyhow::anyhow!("service `{}`: {e}", service.name))
}

/// The first of `roots` holding `rel`.
pub fn find(rel: &Path, roots: &[PathBuf]) -> Result<PathBuf> {
    for root in roots {
        let p = root.join(rel);
        if p.is_file() {
            return Ok(p);
        }
    }
    bail!(
        "`{}` is in none of: {}",
        rel.display(),
        roots
            .iter()
            .map(|r| r.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

pub use specgen::api_versions::is_preview;

/// Api-versions found upstream beside the entry's version folder, in both `stable/` and
/// `preview/`, that contain the entry file's name; sorted.
pub fn available(upstream: &Path, entry: &Path, current: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(file) = entry.file_name() else { return out };
    // `.../stable/<current>/x.json` → `.../`
    let Some(version_dir) = entry.ancestors().find(|a| a.file_name().is_some_and(|n| n == current)) else {
        return out;
    };
    let Some(kind_dir) = version_dir.parent() else {
        return out;
    };
    let Some(base) = kind_dir.parent() else { return out };
    for kind in ["stable", "preview"] {
        let Ok(read) = std::fs::read_dir(upstream.join(base).join(kind)) else {
            continue;
        };
        for e in read.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if e.path().join(file).is_file() && looks_like_version(&name) {
                out.push(name);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn looks_like_version(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-'
}
