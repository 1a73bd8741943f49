//! `cargo xtask generate` regenerates `generated/` (and the feature fixtures) from their specs;
//! `cargo xtask check` fails with a diff when anything drifted; `diff`, `drift` and `bump` are
//! `specgen diff | drift | bump` on this workspace's product, with its replay tests.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};
use specgen::lifecycle::cli;
use xtask::check::{Report, check_vendored};

#[derive(Parser)]
#[command(about = "Workspace tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate `generated/` from `specs/` (and `fixtures/generated/` from `fixtures/specs/`).
    Generate {
        /// Print every generator warning, not only their count.
        #[arg(long)]
        verbose: bool,
    },
    /// Verify vendored files' sha256 and that every generated crate is current (exit 1 with a
    /// diff if not).
    Check,
    /// Benchmark generation (per stage, scaling on the full Graph documents), generated code
    /// size, compile time, `cargo doc` memory, and peers (progenitor, openapi-generator) side by
    /// side; rebuilds itself in release first.
    Bench {
        /// Skip the compile-time measurements (they take minutes).
        #[arg(long)]
        skip_compile: bool,
        /// Run only these sections (repeatable; default all).
        #[arg(long, value_enum)]
        only: Vec<xtask::bench::Section>,
        /// Peers section: only these inputs (repeatable; default all).
        #[arg(long)]
        input: Vec<String>,
    },
    /// `specgen diff` (a service's versions are looked up in specs/specs.toml).
    Diff(cli::DiffArgs),
    /// `specgen bump` on specs/ → generated/, replay tests included. The service's `keep`
    /// (specs.toml) says how many versions stay generated side by side.
    Bump(cli::BumpArgs),
    /// `specgen drift` on specs/ → generated/ (replay tests: `cargo xtask check`).
    Drift(cli::DriftArgs),
    /// One scaling point of `bench`, run in its own process to measure its peak memory.
    #[command(hide = true)]
    BenchOne {
        #[arg(long)]
        fraction: usize,
        spec: std::path::PathBuf,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    let root = xtask::workspace_root();
    let targets = xtask::targets(&root);
    let product = &targets[0];
    match cli.task {
        Task::Generate { verbose } => {
            for target in xtask::targets(&root) {
                let (manifest, generated) = xtask::generate_in_memory(&target)?;
                let mut report = Report::default();
                if !manifest.files.is_empty() {
                    check_vendored(&target.specs, &target.manifest, &manifest, &mut report)?;
                }
                for problem in &report.problems {
                    eprintln!("warning: {problem}");
                }
                xtask::write(&target, &generated)?;
                summarize(&target, &generated, verbose);
            }
            Ok(ExitCode::SUCCESS)
        }
        Task::Bench {
            skip_compile,
            only,
            input,
        } => {
            if cfg!(debug_assertions) {
                // Timings of a debug build mean nothing: run the same command in release.
                let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
                let mut cmd = std::process::Command::new(cargo);
                cmd.current_dir(&root)
                    .args(["run", "--release", "--quiet", "-p", "xtask", "--", "bench"]);
                // Forward the arguments as given.
                cmd.args(std::env::args_os().skip_while(|a| a != "bench").skip(1));
                let status = cmd.status()?;
                return Ok(if status.success() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                });
            }
            let options = xtask::bench::Options {
                only,
                skip_compile,
                inputs: input,
            };
            xtask::bench::run(&root, &options)?;
            Ok(ExitCode::SUCCESS)
        }
        Task::BenchOne { fraction, spec } => {
            xtask::bench::bench_one(&spec, fraction)?;
            Ok(ExitCode::SUCCESS)
        }
        Task::Check => {
            let report = xtask::check_all(&root)?;
            if report.is_clean() {
                println!("check: vendored specs match specs.toml and every generated crate is current");
                return Ok(ExitCode::SUCCESS);
            }
            for problem in &report.problems {
                eprintln!("{problem}");
            }
            eprintln!(
                "check failed: {} problem(s); run `cargo xtask generate` and commit",
                report.problems.len()
            );
            Ok(ExitCode::FAILURE)
        }
        Task::Diff(args) => Ok(cli::finish(cli::diff(product, &args))),
        Task::Drift(args) => Ok(cli::finish(cli::drift(product, &args, "cargo xtask bump"))),
        Task::Bump(args) => Ok(cli::finish(cli::bump(product, &args, &xtask::replay_files))),
    }
}

fn summarize(target: &xtask::Target, generated: &specgen::Generated, verbose: bool) {
    let t = generated.timings;
    let lines: usize = generated.files.iter().map(|f| f.contents.lines().count()).sum();
    println!(
        "{}: {} files, {lines} lines (load {:?}, normalize {:?}, model {:?}, emit {:?}, format {:?}); {} warning(s){}",
        target.out.display(),
        generated.files.len(),
        t.load,
        t.normalize,
        t.model,
        t.emit,
        t.format,
        generated.warnings.len(),
        if verbose || generated.warnings.is_empty() {
            ""
        } else {
            " (--verbose lists them)"
        }
    );
    if verbose {
        // Paths relative to the workspace, as a reader would type them.
        let root = format!("{}/", xtask::workspace_root().display());
        for w in &generated.warnings {
            println!("{}", w.to_string().replace(&root, ""));
        }
    }
}
