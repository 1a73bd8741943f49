//! `cargo xtask generate` regenerates `generated/` (and the feature fixtures) from their specs;
//! `cargo xtask check` fails with a diff when anything drifted.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};
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
    match cli.task {
        Task::Generate { verbose } => {
            for target in xtask::targets(&root) {
                let (manifest, generated) = xtask::generate_in_memory(&target)?;
                let mut report = Report::default();
                if !manifest.files.is_empty() {
                    check_vendored(&target.specs, &manifest, &mut report)?;
                }
                for problem in &report.problems {
                    eprintln!("warning: {problem}");
                }
                xtask::write(&target, &generated)?;
                summarize(&target, &generated, verbose);
            }
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
    }
}

fn summarize(target: &xtask::Target, generated: &specgen::Generated, verbose: bool) {
    let t = generated.timings;
    let lines: usize = generated.files.iter().map(|f| f.contents.lines().count()).sum();
    println!(
        "{}: {} files, {lines} lines (load {:?}, normalize {:?}, model {:?}, emit {:?}); {} warning(s){}",
        target.out.display(),
        generated.files.len(),
        t.load,
        t.normalize,
        t.model,
        t.emit,
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
