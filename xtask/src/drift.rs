//! `cargo xtask drift --upstream DIR`: did upstream move on? Vendored files whose bytes differ
//! from (or are missing in) the upstream checkout, and newer api-versions of each service
//! (stable only unless `--previews`). Nothing is ever switched automatically: `bump` does that.

use std::fmt::Write;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::check::sha256_hex;
use crate::manifest::Manifest;
use crate::upstream::Upstream;
use crate::versions;

#[derive(Debug, Default, Serialize)]
pub struct DriftReport {
    pub upstream: String,
    /// Vendored files whose bytes differ from upstream: `(path under specs/, why)`.
    pub changed: Vec<(String, String)>,
    /// Vendored files upstream no longer has.
    pub missing: Vec<String>,
    /// Newer api-versions available per service.
    pub newer: Vec<Newer>,
    /// Files checked.
    pub checked: usize,
}

#[derive(Debug, Serialize)]
pub struct Newer {
    pub service: String,
    pub vendored: String,
    pub available: Vec<String>,
}

impl DriftReport {
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.newer.is_empty()
    }
}

pub fn drift(root: &Path, upstream_dir: &Path, previews: bool) -> Result<DriftReport> {
    let manifest = Manifest::read(&root.join("specs/specs.toml"))?;
    let mut upstream = Upstream::open(upstream_dir)?;
    upstream.learn_moves(&manifest.files);
    let mut report = DriftReport {
        upstream: upstream_dir.display().to_string(),
        ..Default::default()
    };
    for file in &manifest.files {
        report.checked += 1;
        let local = root.join("specs").join(&file.path);
        let shown = file.path.display().to_string();
        let Some(theirs) = upstream.locate(&file.path, Some(&file.upstream_path)) else {
            report.missing.push(shown);
            continue;
        };
        let (ours, theirs) = (std::fs::read(&local)?, std::fs::read(&theirs)?);
        if ours != theirs {
            let origin = upstream
                .origin(&file.path)
                .filter(|o| o.commit != file.commit)
                .map(|o| format!("; upstream is at {}@{}", o.repo, o.commit))
                .unwrap_or_default();
            let (ours_sha, theirs_sha) = (sha256_hex(&ours), sha256_hex(&theirs));
            // Which side moved: the vendored copy no longer has its recorded hash, or upstream
            // no longer has it.
            let side = if ours_sha != file.sha256 {
                "the vendored copy was edited (its sha256 is not the one in specs.toml)"
            } else {
                "upstream changed"
            };
            report.changed.push((
                shown,
                format!(
                    "{side}: sha256 {} here (specs.toml: {} from {}), {} upstream{origin}",
                    short(&ours_sha),
                    short(&file.sha256),
                    short(&file.commit),
                    short(&theirs_sha),
                ),
            ));
        }
    }
    for service in &manifest.services {
        let Some(current) = &service.api_version else { continue };
        let mut available: Vec<String> = Vec::new();
        for entry in &service.entry {
            // Upstream may have moved the folder since (azure-rest-api-specs now has
            // `Microsoft.Network/Network/stable/...`): look where it keeps it too.
            let found = std::iter::once(entry.clone())
                .chain(upstream.moved_candidates(entry))
                .flat_map(|e| versions::available(upstream_dir, &e, current));
            for v in found {
                let newer = v.as_str() > current.as_str() && (previews || !versions::is_preview(&v));
                if newer && !available.contains(&v) {
                    available.push(v);
                }
            }
        }
        available.sort();
        if !available.is_empty() {
            report.newer.push(Newer {
                service: service.name.clone(),
                vendored: current.clone(),
                available,
            });
        }
    }
    Ok(report)
}

pub fn render(report: &DriftReport) -> String {
    let mut s = String::new();
    for (path, why) in &report.changed {
        let _ = writeln!(s, "differs from upstream: specs/{path}: {why}");
    }
    for path in &report.missing {
        let _ = writeln!(s, "missing upstream: specs/{path}");
    }
    for n in &report.newer {
        let _ = writeln!(
            s,
            "newer api-version: {} is at {}, upstream has {} (`cargo xtask bump {} {} --upstream {}`)",
            n.service,
            n.vendored,
            n.available.join(", "),
            n.service,
            n.available.last().map(String::as_str).unwrap_or_default(),
            report.upstream
        );
    }
    let _ = writeln!(
        s,
        "drift: {} vendored file(s) checked against {}: {} changed, {} missing; {} service(s) with a newer api-version",
        report.checked,
        report.upstream,
        report.changed.len(),
        report.missing.len(),
        report.newer.len()
    );
    s
}

fn short(hex: &str) -> &str {
    hex.get(..12).unwrap_or(hex)
}
