//! `cargo xtask diff` arguments: two sets of spec files, or a service of `specs.toml` and two of
//! its api-versions (entry files found in `specs/` or in `--upstream` checkouts).

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::Args;

use crate::diff::{self, DiffReport, Side};
use crate::manifest::Manifest;
use crate::versions;

#[derive(Args, Debug, Default)]
pub struct DiffArgs {
    /// Old and new spec file (`old.json new.json`); repeat `--old`/`--new` for multi-file services.
    pub files: Vec<PathBuf>,
    /// More old entry files (with `--new`), for services of several files.
    #[arg(long = "old")]
    pub old: Vec<PathBuf>,
    #[arg(long = "new")]
    pub new: Vec<PathBuf>,
    /// A service of specs/specs.toml; its entry files are found per api-version.
    #[arg(long)]
    pub service: Option<String>,
    #[arg(long, requires = "service")]
    pub from: Option<String>,
    /// Defaults to the vendored api-version.
    #[arg(long, requires = "service")]
    pub to: Option<String>,
    /// Upstream checkouts searched (after specs/) for other api-versions' files.
    #[arg(long)]
    pub upstream: Vec<PathBuf>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Skip generating both versions and comparing the Rust surface.
    #[arg(long)]
    pub no_rust: bool,
    /// Exit 1 only for breaking API changes (by default a breaking change of the generated Rust
    /// surface, e.g. a field added to a struct, fails too); the Rust surface is still reported.
    #[arg(long)]
    pub api_only: bool,
}

pub fn run(root: &Path, args: &DiffArgs) -> Result<DiffReport> {
    let (old, new) = sides(root, args)?;
    diff::diff(&old, &new, !args.no_rust)
}

/// The exit status: 1 when anything breaking changed (with `--api-only`, in the API).
pub fn failed(report: &DiffReport, args: &DiffArgs) -> bool {
    if args.api_only {
        report.api_breaking() > 0
    } else {
        report.is_breaking()
    }
}

pub fn render(report: &DiffReport, args: &DiffArgs) -> String {
    if args.json {
        diff::render::json(report)
    } else {
        diff::render::markdown(report, "#")
    }
}

fn sides(root: &Path, args: &DiffArgs) -> Result<(Side, Side)> {
    if let Some(name) = &args.service {
        let manifest = Manifest::read(&root.join("specs/specs.toml"))?;
        let Some(service) = manifest.services.iter().find(|s| &s.name == name) else {
            bail!("no service `{name}` in specs/specs.toml");
        };
        let Some(from) = &args.from else {
            bail!("--service needs --from")
        };
        let to = args
            .to
            .clone()
            .or_else(|| service.api_version.clone())
            .unwrap_or_default();
        let mut roots = vec![root.join("specs")];
        roots.extend(args.upstream.iter().cloned());
        return Ok((
            service_side(service, from, &roots)?,
            service_side(service, &to, &roots)?,
        ));
    }
    let (old, new) = match (args.files.as_slice(), args.old.is_empty()) {
        ([a, b], true) => (vec![a.clone()], vec![b.clone()]),
        ([], false) if !args.new.is_empty() => (args.old.clone(), args.new.clone()),
        _ => bail!(
            "give two spec files (`diff old.json new.json`), --old/--new files, or --service NAME --from V1 [--to V2]"
        ),
    };
    let label = |files: &[PathBuf]| {
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(" + ")
    };
    Ok((Side::files(label(&old), old), Side::files(label(&new), new)))
}

/// The manifest's service at another api-version: same selection, names and transforms.
pub fn service_side(service: &specgen::ServiceConfig, version: &str, roots: &[PathBuf]) -> Result<Side> {
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
