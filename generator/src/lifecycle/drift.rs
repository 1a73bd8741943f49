//! `specgen drift [--upstream DIR|GIT]`: did anything move? Here: a vendored file whose sha256
//! is not the recorded one, a file under the specs root that is not recorded, a generated crate
//! that is not what the generator makes today. Upstream (when given): vendored files whose bytes
//! differ from (or are missing in) upstream, and newer api-versions of each service (stable only
//! unless `--previews`). Nothing is ever switched automatically: `bump` does that.

use std::fmt::Write;

use anyhow::Result;
use serde::Serialize;

use super::Project;
use super::check::{Report, sha256_hex};
use super::upstream::{Source, Upstream, Wanted};
use super::versions;

#[derive(Debug, Default)]
pub struct DriftOptions {
    pub upstream: Option<Source>,
    /// Also report newer preview api-versions.
    pub previews: bool,
    /// Skip regenerating the crate to compare it with the committed one (for trees that have
    /// specs but no generated crate).
    pub skip_generated: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct DriftReport {
    /// Problems in the project itself: vendored hashes, unrecorded files, a stale crate.
    pub local: Vec<String>,
    /// The specs folder as shown in paths (`specs`).
    pub specs: String,
    /// The upstream compared with, as given (`None` without `--upstream`).
    pub upstream: Option<String>,
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
        self.local.is_empty() && self.changed.is_empty() && self.missing.is_empty() && self.newer.is_empty()
    }
}

pub fn drift(project: &Project, options: &DriftOptions) -> Result<DriftReport> {
    let mut report = DriftReport::default();
    let mut local = Report::default();
    let manifest = if options.skip_generated {
        let manifest = project.read_manifest()?;
        if !manifest.files.is_empty() {
            super::check::check_vendored(&project.specs, &project.manifest, &manifest, &mut local)?;
        }
        manifest
    } else {
        let (manifest, generated) = project.generate()?;
        project.check(&manifest, &generated, &mut local)?;
        manifest
    };
    report.local = local.problems;
    report.specs = super::check::shown(&project.specs, std::path::Path::new(""))
        .trim_end_matches('/')
        .to_string();
    let Some(source) = &options.upstream else {
        return Ok(report);
    };
    let wanted = Wanted {
        files: Vec::new(),
        versions: manifest
            .services
            .iter()
            .filter_map(|s| Some((s.entry.clone(), s.api_version.clone()?)))
            .flat_map(|(entries, v)| entries.into_iter().map(move |e| (e, v.clone())))
            .collect(),
    };
    let upstream = Upstream::open_source(source, &manifest.files, &wanted)?;
    report.upstream = Some(source.to_string());
    for file in &manifest.files {
        report.checked += 1;
        let local = project.specs.join(&file.path);
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
                .flat_map(|e| versions::available(&upstream.dir, &e, current));
            for v in found {
                let newer = v.as_str() > current.as_str() && (options.previews || !versions::is_preview(&v));
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

/// The report for people; `bump` names the command that bumps (`specgen bump`).
pub fn render(report: &DriftReport, bump: &str) -> String {
    let mut s = String::new();
    for problem in &report.local {
        let _ = writeln!(s, "{problem}");
    }
    let _ = writeln!(
        s,
        "drift here: {} problem(s) (vendored files against their sha256, generated crate against the generator)",
        report.local.len()
    );
    let Some(upstream) = &report.upstream else {
        return s;
    };
    let specs = if report.specs.is_empty() {
        String::new()
    } else {
        format!("{}/", report.specs)
    };
    for (path, why) in &report.changed {
        let _ = writeln!(s, "differs from upstream: {specs}{path}: {why}");
    }
    for path in &report.missing {
        let _ = writeln!(s, "missing upstream: {specs}{path}");
    }
    for n in &report.newer {
        let _ = writeln!(
            s,
            "newer api-version: {} is at {}, upstream has {} (`{bump} {} {} --upstream {upstream}`)",
            n.service,
            n.vendored,
            n.available.join(", "),
            n.service,
            n.available.last().map(String::as_str).unwrap_or_default(),
        );
    }
    let _ = writeln!(
        s,
        "drift upstream: {} vendored file(s) checked against {upstream}: {} changed, {} missing; {} service(s) with a newer api-version",
        report.checked,
        report.changed.len(),
        report.missing.len(),
        report.newer.len()
    );
    s
}

fn short(hex: &str) -> &str {
    hex.get(..12).unwrap_or(hex)
}
