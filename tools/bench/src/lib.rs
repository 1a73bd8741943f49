//! `cargo xtask bench` (this crate, driven by xtask): where generation time goes, how it
//! scales, how big the output is, how long the generated crate takes to compile, how much
//! memory documenting it takes, and how all that compares with peer generators on the same
//! inputs. A benchmark, run by hand (it rebuilds itself in release), not a test.
//!
//! Code map: this file (our own sections), [`compare`] (peers side by side, budgets), [`peers`]
//! (the tools' command lines and code counting), [`inputs`] (one OpenAPI 3.0 file per input),
//! [`measure`] (wall time + peak memory of a command), [`crate_build`] (rebuild time of a
//! generated crate), [`doc_memory`] (rustdoc's peak memory).

mod compare;
mod crate_build;
mod doc_memory;
mod inputs;
mod measure;
mod peers;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use specgen::{CrateConfig, ServiceConfig, Timings};

use specgen::lifecycle::Project as Target;
use specgen::lifecycle::manifest::Manifest;

/// How many times each generation is repeated; the median is reported.
const RUNS: usize = 5;

/// The parts of the benchmark, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Section {
    /// Generation time per stage of each vendored service.
    Generation,
    /// Time and memory on growing slices of the full Graph documents.
    Scaling,
    /// Size of the committed generated crate.
    Size,
    /// Compile time of the committed generated crate per feature.
    Compile,
    /// Peak memory of `cargo doc` on the generated crate.
    Doc,
    /// specgen, progenitor and openapi-generator side by side.
    Peers,
}

pub struct Options {
    /// Sections to run (all when empty).
    pub only: Vec<Section>,
    /// Skip every compile-time measurement (they take minutes).
    pub skip_compile: bool,
    /// Peers section: only these inputs (all when empty).
    pub inputs: Vec<String>,
}

impl Options {
    fn wants(&self, section: Section) -> bool {
        self.only.is_empty() || self.only.contains(&section)
    }
}

pub fn run(root: &Path, options: &Options) -> Result<()> {
    let target = &crate::product(root);
    let manifest = Manifest::read(&target.manifest)?;
    println!("# specgen benchmark\n");
    println!("machine: {} cores, {}", cores(), cpu_model());
    println!("profile: release, median of {RUNS} runs\n");
    if options.wants(Section::Generation) {
        generation(target, &manifest)?;
    }
    if options.wants(Section::Scaling) {
        scaling(root, target)?;
    }
    if options.wants(Section::Size) {
        code_size(root, &manifest)?;
    }
    if options.wants(Section::Compile) && !options.skip_compile {
        compile(root, &manifest)?;
    }
    if options.wants(Section::Doc) {
        doc_memory::run(root)?;
    }
    if options.wants(Section::Peers) {
        compare::run(
            root,
            &compare::Options {
                inputs: &options.inputs,
                compile: !options.skip_compile,
            },
        )?;
    }
    Ok(())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Generation of each vendored service alone and of all of them, split by stage.
fn generation(target: &Target, manifest: &Manifest) -> Result<()> {
    println!("## Generation time (ms)\n");
    println!("| service | load | normalize | model | emit | format | total |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut rows: Vec<(String, Vec<ServiceConfig>)> = manifest
        .services
        .iter()
        .map(|s| (s.name.clone(), vec![s.clone()]))
        .collect();
    rows.push(("all".into(), manifest.services.clone()));
    for (name, services) in rows {
        let mut totals = Vec::new();
        let mut stages: Vec<Timings> = Vec::new();
        for _ in 0..RUNS {
            let start = Instant::now();
            let generated =
                specgen::generate(&manifest.krate, &services, &target.specs).map_err(|d| anyhow::anyhow!("{d}"))?;
            totals.push(start.elapsed());
            stages.push(generated.timings);
        }
        let pick = |f: fn(&Timings) -> Duration| ms(median(stages.iter().map(f).collect()));
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            pick(|t| t.load),
            pick(|t| t.normalize),
            pick(|t| t.model),
            pick(|t| t.emit),
            pick(|t| t.format),
            ms(median(totals))
        );
    }
    println!();
    Ok(())
}

/// Time and peak memory for growing slices of the full Graph documents (every operation, not
/// only our selection). Each point runs in its own process so peak memory is its own.
fn scaling(root: &Path, target: &Target) -> Result<()> {
    println!("## Scaling on the full Graph documents (all operations)\n");
    println!("| input | operations | generated lines | time (ms) | peak memory (MB) |");
    println!("|---|---:|---:|---:|---:|");
    let graph = Path::new("msgraph-sdk-powershell/openApiDocs");
    for (version, file) in [
        ("v1.0", "Users.yml"),
        ("v1.0", "Users.Actions.yml"),
        ("beta", "Users.yml"),
        ("beta", "Users.Actions.yml"),
    ] {
        let spec = target.specs.join(graph).join(version).join(file);
        for fraction in [8, 4, 2, 1] {
            let output = Command::new(std::env::current_exe()?)
                .args(["bench-one", "--fraction", &fraction.to_string()])
                .arg(&spec)
                .current_dir(root)
                .output()
                .context("running bench-one")?;
            if !output.status.success() {
                bail!("bench-one failed: {}", String::from_utf8_lossy(&output.stderr));
            }
            let line = String::from_utf8_lossy(&output.stdout);
            let [ops, lines, time, mb]: [&str; 4] = line
                .split_whitespace()
                .collect::<Vec<_>>()
                .try_into()
                .map_err(|_| anyhow::anyhow!("unexpected bench-one output: {line}"))?;
            println!("| {version} {file} (1/{fraction}) | {ops} | {lines} | {time} | {mb} |");
        }
    }
    println!();
    Ok(())
}

/// One scaling point, in a fresh process: generate the first 1/`fraction` of the document's
/// operations and print `operations lines milliseconds peak_mb`.
pub fn bench_one(spec: &Path, fraction: usize) -> Result<()> {
    let start = Instant::now();
    let bundle = specgen::load::load(&[spec.to_path_buf()]).map_err(|d| anyhow::anyhow!("{d}"))?;
    let normalized = specgen::normalize::normalize(bundle).map_err(|d| anyhow::anyhow!("{d}"))?;
    // Operations as `PATH#METHOD`, keeping the first of any duplicated operationId (the full
    // Graph documents have some; the generator refuses duplicates within one service).
    let mut seen = std::collections::HashSet::new();
    let mut operations: Vec<String> = Vec::new();
    for (path, item) in &normalized.openapi.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            if op.operation_id.as_ref().is_none_or(|id| seen.insert(id.clone())) {
                operations.push(format!("{}#{}", glob_escape(path), method.to_uppercase()));
            }
        }
    }
    let keep = operations.len().div_ceil(fraction.max(1));
    let include: Vec<String> = operations.into_iter().take(keep).collect();
    let service = ServiceConfig {
        name: "bench".into(),
        module: "bench".into(),
        feature: "bench".into(),
        client: "BenchClient".into(),
        flavor: specgen::Flavor::Graph,
        entry: vec![spec.to_path_buf()],
        include,
        // Every navigation property, as before issue 13: the heaviest model graph.
        expand: vec!["*".into()],
        ..Default::default()
    };
    let modeled = specgen::model::build(&normalized.openapi, &normalized.source_map, &service)
        .map_err(|d| anyhow::anyhow!("{d}"))?;
    let krate = CrateConfig {
        name: "bench".into(),
        version: "0.0.0".into(),
        command: "bench".into(),
    };
    let files = specgen::emit::emit_crate(&krate, &[modeled.api]).map_err(|d| anyhow::anyhow!("{d}"))?;
    let elapsed = start.elapsed();
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    println!("{keep} {lines} {} {:.0}", ms(elapsed), peak_memory_mb());
    Ok(())
}

/// Selections are globs; escape the glob metacharacters a path may contain (`{user-id}`).
fn glob_escape(id: &str) -> String {
    id.chars()
        .map(|c| {
            if "*?[]{}\\".contains(c) {
                format!("[{c}]")
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Peak resident memory of this process (Linux `VmHWM`), in MB; 0 where unknown.
fn peak_memory_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Lines and bytes of the committed generated crate, per service, operation and model.
fn code_size(root: &Path, manifest: &Manifest) -> Result<()> {
    println!("## Generated code (committed generated/)\n");
    println!("| service | operations | models | lines | KiB | lines/op | bytes/op (client + models) | lines/model |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for service in &manifest.services {
        let dir = root.join("generated/src").join(service.module.replace("::", "/"));
        let (mut lines, mut bytes, mut ops, mut models, mut model_lines) = (0usize, 0usize, 0usize, 0usize, 0usize);
        for file in files_in(&dir)? {
            let text = std::fs::read_to_string(&file)?;
            lines += text.lines().count();
            bytes += text.len();
            ops += text.matches("    /// - operationId: `").count();
            if file.ends_with("models.rs") {
                model_lines += text.lines().count();
                models += text.matches("\npub struct ").count()
                    + text.matches("\nserde_struct! {").count()
                    + text.matches("\npub enum ").count()
                    + text.matches("_enum! {").count();
            }
        }
        let per = |n: usize, d: usize| n.checked_div(d).unwrap_or(0);
        println!(
            "| {} | {ops} | {models} | {lines} | {} | {} | {} | {} |",
            service.name,
            bytes / 1024,
            per(lines, ops),
            per(bytes, ops),
            per(model_lines, models)
        );
    }
    let runtime = files_in(&root.join("generated/src/runtime"))?;
    let runtime_lines: usize = runtime
        .iter()
        .map(|f| std::fs::read_to_string(f).map(|t| t.lines().count()).unwrap_or(0))
        .sum();
    println!("| runtime (shared) | | | {runtime_lines} | | | | |\n");
    Ok(())
}

fn files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    Ok(out)
}

/// `cargo build` of the generated crate with one feature at a time, dependencies already built,
/// so the figure is the cost of our code.
fn compile(root: &Path, manifest: &Manifest) -> Result<()> {
    println!("## Compile time of `session_clients` (dependencies already built, dev profile)\n");
    println!("| features | cargo build (s) | cargo check (s) |");
    println!("|---|---:|---:|");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = |subcommand: &str, features: &[&str]| -> Result<Duration> {
        let mut cmd = Command::new(&cargo);
        cmd.current_dir(root)
            .args([subcommand, "--quiet", "-p", "session_clients", "--no-default-features"]);
        if !features.is_empty() {
            cmd.args(["--features", &features.join(",")]);
        }
        // Touching the crate root makes cargo rebuild only our crate.
        let lib = root.join("generated/src/lib.rs");
        let text = std::fs::read(&lib)?;
        std::fs::write(&lib, &text)?;
        let start = Instant::now();
        let status = cmd.status()?;
        if !status.success() {
            bail!("cargo {subcommand} failed for features {features:?}");
        }
        Ok(start.elapsed())
    };
    let all: Vec<&str> = manifest.services.iter().map(|s| s.feature.as_str()).collect();
    // Warm-up: dependencies for every feature set.
    run("build", &all)?;
    run("check", &all)?;
    let mut sets: Vec<(String, Vec<&str>)> = all.iter().map(|f| (f.to_string(), vec![*f])).collect();
    sets.push(("all".into(), all.clone()));
    for (name, features) in sets {
        let build = run("build", &features)?;
        let check = run("check", &features)?;
        println!("| {name} | {:.1} | {:.1} |", build.as_secs_f64(), check.as_secs_f64());
    }
    println!();
    Ok(())
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// The workspace root (the parent of `tools/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The product of the workspace: `specs/specs.toml` → `generated/`.
fn product(root: &Path) -> Target {
    Target::at(&root.join("specs/specs.toml"), Some(&root.join("generated")))
}
