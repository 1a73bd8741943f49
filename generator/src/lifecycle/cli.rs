//! The lifecycle subcommands' arguments and what they print, shared by `specgen diff | drift |
//! bump` and this repository's `cargo xtask diff | drift | bump` (which fixes the project and
//! adds its replay tests). Exit codes: 0 clean, 1 breaking (diff) or drift found (drift), 2 when
//! the command could not run.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use super::bump::{self, BumpOptions};
use super::diff::{self, DiffReport, sides};
use super::drift::{self, DriftOptions};
use super::project::{Extras, Project};
use super::upstream::Source;

/// Which project: its manifest, specs root and generated crate.
#[derive(Args, Clone, Debug)]
pub struct ProjectArgs {
    /// The manifest (`[crate]`, `[[service]]`, `[[file]]` records).
    #[arg(long, default_value = "specs/specs.toml")]
    pub manifest: PathBuf,
    /// The folder the manifest's paths are relative to (default: the manifest's folder).
    #[arg(long)]
    pub specs: Option<PathBuf>,
    /// The generated crate (default: `generated/` beside the specs folder).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl ProjectArgs {
    pub fn project(&self) -> Project {
        let mut project = Project::at(&self.manifest, self.out.as_deref());
        if let Some(specs) = &self.specs {
            project.specs = specs.clone();
        }
        project
    }
}

#[derive(Args, Debug, Default)]
pub struct DiffArgs {
    /// Old and new spec file (`old.json new.json`); repeat `--old`/`--new` for multi-file APIs.
    pub files: Vec<PathBuf>,
    /// Old entry files (with `--new`), for APIs of several files.
    #[arg(long = "old")]
    pub old: Vec<PathBuf>,
    #[arg(long = "new")]
    pub new: Vec<PathBuf>,
    /// A service of the manifest; its entry files are found per api-version.
    #[arg(long)]
    pub service: Option<String>,
    #[arg(long, requires = "service")]
    pub from: Option<String>,
    /// Defaults to the vendored api-version.
    #[arg(long, requires = "service")]
    pub to: Option<String>,
    /// Folders laid out like upstream, searched after the specs root for other api-versions.
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

#[derive(Args, Debug, Default)]
pub struct DriftArgs {
    /// Also compare with upstream: a folder laid out like it (a checkout), or a git repository
    /// (`https://…`, `file://…`, a bare repository; `#REV` picks a branch, tag or commit), of
    /// which only the needed files are fetched.
    #[arg(long)]
    pub upstream: Option<String>,
    /// Also report newer preview api-versions.
    #[arg(long)]
    pub previews: bool,
    /// Do not regenerate the crate to compare it with the committed one.
    #[arg(long)]
    pub skip_generated: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct BumpArgs {
    pub service: String,
    pub api_version: String,
    /// Upstream: a folder laid out like it, or a git repository (as for `drift`).
    #[arg(long)]
    pub upstream: String,
    /// Plan and validate only; print the CHANGELOG entry without writing anything.
    #[arg(long)]
    pub dry_run: bool,
}

/// What a command prints, and its exit code.
pub struct Outcome {
    pub stdout: String,
    pub code: ExitCode,
}

pub fn generate(project: &Project) -> Result<Outcome> {
    let (_, generated) = project.generate()?;
    project.write(&generated)?;
    for w in &generated.warnings {
        eprintln!("{w}");
    }
    Ok(Outcome {
        stdout: format!(
            "wrote {} files to {}; {}\n",
            generated.files.len(),
            project.out.display(),
            crate::diag::summary(&generated.warnings)
        ),
        code: ExitCode::SUCCESS,
    })
}

pub fn diff(project: &Project, args: &DiffArgs) -> Result<Outcome> {
    let (old, new) = if let Some(name) = &args.service {
        let Some(from) = &args.from else {
            bail!("--service needs --from")
        };
        let mut roots = vec![project.specs.clone()];
        roots.extend(args.upstream.iter().cloned());
        sides::service(&project.read_manifest()?, name, from, args.to.as_deref(), &roots)?
    } else {
        match (args.files.as_slice(), args.old.is_empty()) {
            ([a, b], true) => sides::files(vec![a.clone()], vec![b.clone()]),
            ([], false) if !args.new.is_empty() => sides::files(args.old.clone(), args.new.clone()),
            _ => bail!(
                "give two spec files (`diff old.json new.json`), --old/--new files, or --service NAME --from V1 [--to V2]"
            ),
        }
    };
    let report = diff::diff(&old, &new, !args.no_rust)?;
    Ok(Outcome {
        stdout: if args.json {
            diff::render::json(&report)
        } else {
            diff::render::markdown(&report, "#")
        },
        code: flag(failed(&report, args)),
    })
}

/// 1 when anything breaking changed (with `--api-only`, in the API).
fn failed(report: &DiffReport, args: &DiffArgs) -> bool {
    if args.api_only {
        report.api_breaking() > 0
    } else {
        report.is_breaking()
    }
}

/// `bump` names the command that bumps, in the hint for a newer api-version.
pub fn drift(project: &Project, args: &DriftArgs, bump: &str) -> Result<Outcome> {
    let options = DriftOptions {
        upstream: args.upstream.as_deref().map(Source::parse),
        previews: args.previews,
        skip_generated: args.skip_generated,
    };
    let report = drift::drift(project, &options)?;
    Ok(Outcome {
        stdout: if args.json {
            serde_json::to_string_pretty(&report)? + "\n"
        } else {
            drift::render(&report, bump)
        },
        code: flag(!report.is_clean()),
    })
}

pub fn bump(project: &Project, args: &BumpArgs, extras: Extras) -> Result<Outcome> {
    let options = BumpOptions {
        dry_run: args.dry_run,
        extras,
    };
    let source = Source::parse(&args.upstream);
    let report = bump::bump(project, &args.service, &args.api_version, &source, &options)?;
    let mut stdout = String::new();
    if args.dry_run {
        stdout.push_str(&report.changelog_entry);
    }
    stdout.push_str(&bump::render(&report, project, &args.service, args.dry_run));
    Ok(Outcome {
        stdout,
        code: ExitCode::SUCCESS,
    })
}

fn flag(failed: bool) -> ExitCode {
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// Prints an outcome; an error is printed to stderr and exits 2, apart from the 1 that means
/// "breaking" or "drift".
pub fn finish(outcome: Result<Outcome>) -> ExitCode {
    match outcome {
        Ok(o) => {
            print!("{}", o.stdout);
            o.code
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `specgen generate | diff | drift | bump`.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Generate the crate a manifest describes (its services, selections, transforms) into its
    /// folder, removing files the generator no longer makes.
    Generate {
        #[command(flatten)]
        project: ProjectArgs,
    },
    /// Semantic diff of two versions of an API (operations, parameters, models, enums, paging,
    /// long-running behaviour, response codes) classified breaking or not, plus the diff of the
    /// Rust surface generated from each. Exit 1 when anything breaking changed.
    Diff {
        #[command(flatten)]
        project: ProjectArgs,
        #[command(flatten)]
        args: DiffArgs,
    },
    /// Check a project with a manifest: vendored files against their sha256, the generated
    /// crate against the generator, and (with --upstream) the vendored files and api-versions
    /// against upstream. Exit 1 on any drift.
    Drift {
        #[command(flatten)]
        project: ProjectArgs,
        #[command(flatten)]
        args: DriftArgs,
    },
    /// Vendor another api-version of a service from upstream (entry files, their $ref closure,
    /// examples), update the manifest, regenerate, set the crate version from the diff and
    /// append it, its reason and the diff to the crate's CHANGELOG.md. Changes nothing when a
    /// $ref cannot be resolved or the new version does not generate.
    Bump {
        #[command(flatten)]
        project: ProjectArgs,
        #[command(flatten)]
        args: BumpArgs,
    },
}

impl Command {
    /// Runs the command and prints its outcome (`specgen` has no files beside the crate).
    pub fn run(&self) -> ExitCode {
        finish(match self {
            Command::Generate { project } => generate(&project.project()),
            Command::Diff { project, args } => diff(&project.project(), args),
            Command::Drift { project, args } => drift(&project.project(), args, "specgen bump"),
            Command::Bump { project, args } => bump(&project.project(), args, &super::project::no_extras),
        })
    }
}
