//! `cargo run -p corpus -- [--only NAME]... [--no-build] [--table FILE]`: the real-spec corpus
//! through specgen. Every spec is generated (in process, with the CLI's defaults), every crate
//! checked and linted (`cargo clippy -D warnings`, one workspace for all), a few built in full;
//! one line per spec as it goes, then the summary table. Exit 1 when anything failed.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use corpus::generate::Outcome;
use corpus::table::Row;
use corpus::{build, entries, generate, kinds, manifest, table};

#[derive(Parser)]
struct Args {
    /// Only these corpus entries (default: all of entries.txt).
    #[arg(long)]
    only: Vec<String>,
    /// More entries to run (same as `--only`).
    names: Vec<String>,
    /// Generate only: no cargo check, clippy or build.
    #[arg(long)]
    no_build: bool,
    /// Entries that also get a full `cargo build` (default: a few small ones of each kind).
    #[arg(long = "full-build")]
    full_build: Vec<String>,
    /// Where the crates are written (default: target/corpus).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the markdown table here too.
    #[arg(long)]
    table: Option<PathBuf>,
    /// The `before` counts (default: tests/cli-specs/baseline.tsv).
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Record this run's counts as a baseline file, with this line as its header.
    #[arg(long, requires = "baseline_header")]
    write_baseline: Option<PathBuf>,
    #[arg(long)]
    baseline_header: Option<String>,
}

const FULL_BUILD: &[&str] = &["azure_msi", "petstore_expanded", "open_payments_wallet_address"];

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<bool, String> {
    let dir = corpus::corpus_dir();
    let workspace_root = dir.join("../..");
    let problems = manifest::verify(&dir)?;
    for p in &problems {
        eprintln!("manifest: {p}");
    }
    let mut entries = entries::read(&dir)?;
    let only: Vec<&String> = args.only.iter().chain(&args.names).collect();
    if !only.is_empty() {
        entries.retain(|e| only.contains(&&e.name));
    }
    let out = args.out.unwrap_or_else(|| workspace_root.join("target/corpus"));
    let crates = out.join("crates");
    if crates.exists() {
        std::fs::remove_dir_all(&crates).map_err(|e| format!("clearing {}: {e}", crates.display()))?;
    }
    let mut rows = Vec::new();
    let mut written = Vec::new();
    for entry in &entries {
        let mut row = Row {
            name: entry.name.clone(),
            category: entry.category.clone(),
            check: "-",
            clippy: "-",
            build: "-",
            ..Default::default()
        };
        let outcome = generate::run(&entry.name, &entry.files);
        match &outcome {
            Outcome::Generated(g) => {
                row.generate = "ok";
                row.spec_ops = g.spec_ops.len();
                row.generated_ops = g.generated.len();
                row.unaccounted = g.unaccounted().len();
                row.value_fallbacks = g.value_fallbacks();
                for w in &g.warnings {
                    *row.warnings.entry(kinds::of(&w.message)).or_default() += 1;
                }
                for op in g.unaccounted() {
                    eprintln!(
                        "{}: {} {} is neither generated nor named in a warning",
                        entry.name, op.method, op.path
                    );
                }
                for file in &g.files {
                    let path = crates.join(&entry.name).join(&file.path);
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
                    }
                    std::fs::write(&path, &file.contents).map_err(|e| format!("{}: {e}", path.display()))?;
                }
                written.push(entry.name.clone());
            }
            Outcome::Failed(message) => {
                row.generate = "FAILED";
                eprintln!("{}: generation failed:\n{}", entry.name, first_lines(message, 12));
            }
            Outcome::Panicked(message) => {
                row.generate = "PANIC";
                eprintln!("{}: the generator PANICKED: {message}", entry.name);
            }
        }
        eprintln!(
            "{:<32} {:>5} ops, {:>5} generated, {:>4} warnings, {:>4} Value fallbacks, generate {}",
            row.name,
            row.spec_ops,
            row.generated_ops,
            row.warnings.values().sum::<usize>(),
            row.value_fallbacks,
            row.generate
        );
        rows.push(row);
    }
    if !args.no_build && !written.is_empty() {
        build::write_workspace(&crates, &written, &workspace_root.join("Cargo.lock"))?;
        let target = out.join("target");
        eprintln!("cargo clippy -D warnings on {} crates ...", written.len());
        let statuses = build::clippy(&crates, &target)?;
        let full: Vec<String> = if args.full_build.is_empty() {
            FULL_BUILD.iter().map(|s| s.to_string()).collect()
        } else {
            args.full_build.clone()
        };
        let full: Vec<String> = full.into_iter().filter(|n| written.contains(n)).collect();
        let built = build::build(&crates, &target, &full)?;
        for row in rows.iter_mut().filter(|r| r.generate == "ok") {
            let status = statuses.get(&row.name).cloned().unwrap_or_default();
            row.check = if status.check_errors.is_empty() { "ok" } else { "FAILED" };
            row.clippy = if !status.check_errors.is_empty() {
                "-"
            } else if status.lint_errors.is_empty() {
                "ok"
            } else {
                "FAILED"
            };
            if let Some(ok) = built.get(&row.name) {
                row.build = if *ok { "ok" } else { "FAILED" };
            }
            for e in status.check_errors.iter().chain(&status.lint_errors).take(3) {
                eprintln!("{}: {}", row.name, first_lines(e, 14));
            }
            let more = (status.check_errors.len() + status.lint_errors.len()).saturating_sub(3);
            if more > 0 {
                eprintln!("{}: ... and {more} more", row.name);
            }
        }
    }
    let before = table::read_baseline(&args.baseline.unwrap_or_else(|| dir.join("baseline.tsv")));
    let markdown = table::markdown(&rows, &before);
    println!("{markdown}");
    if let Some(path) = &args.table {
        std::fs::write(path, &markdown).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let (Some(path), Some(header)) = (&args.write_baseline, &args.baseline_header) {
        std::fs::write(path, table::baseline_tsv(&rows, header)).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(problems.is_empty() && rows.iter().all(Row::passed))
}

fn first_lines(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join("\n")
}
