//! Api-versions in an upstream layout: an entry file's path names its version as one segment
//! (`.../Microsoft.Network/stable/2024-05-01/bastionHost.json`); other versions are sibling
//! folders, stable ones under `stable/`, previews under `preview/` (`2024-01-01-preview`).

use std::path::{Path, PathBuf};

use crate::ServiceConfig;
use anyhow::{Result, bail};

/// The service's entry files for `version`, relative to the specs root (not checked to exist).
pub fn entries_for(service: &ServiceConfig, version: &str) -> Result<Vec<PathBuf>> {
    crate::api_versions::entries_for(service, version).map_err(|e| anyhow::anyhow!("service `{}`: {e}", service.name))
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

pub use crate::api_versions::is_preview;

/// Api-versions found upstream beside the entry's version folder, in both `stable/` and
/// `preview/`, that contain the entry file's name; sorted.
pub fn available(upstream: &Path, entry: &Path, current: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some((base, file)) = version_base(entry, current) else {
        return out;
    };
    for kind in KINDS {
        let Ok(read) = std::fs::read_dir(upstream.join(&base).join(kind)) else {
            continue;
        };
        for e in read.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if e.path().join(&file).is_file() && looks_like_version(&name) {
                out.push(name);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The folders that hold an entry's api-versions: `stable/` and `preview/`.
pub const KINDS: [&str; 2] = ["stable", "preview"];

/// `.../X/stable/<current>/f.json` → (`.../X`, `f.json`): the folder above the version kinds,
/// and the entry's file name.
pub fn version_base(entry: &Path, current: &str) -> Option<(PathBuf, String)> {
    let file = entry.file_name()?.to_string_lossy().to_string();
    let version_dir = entry
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == current))?;
    let base = version_dir.parent()?.parent()?;
    Some((base.to_path_buf(), file))
}

fn looks_like_version(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-'
}
