//! `cargo xtask bench` peers section: specgen, progenitor and openapi-generator side by side on
//! the same input files; generation time and peak memory, code per operation, compile time, and
//! the issue 5 budgets as ratios.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::crate_build;
use super::inputs::{self, Input};
use super::measure::{self, Sample};
use super::peers::{self, CodeSize, Tool};

/// Inputs whose generated crates are also compiled (each tool's dependencies are built once,
/// minutes on 2 cores): a vendored service every tool but progenitor reads, the largest real
/// service progenitor reads (`default` responses removed), and the largest public spec it reads.
const COMPILED: [&str; 3] = ["network", "desktop_virtualization_no_default", "azure_advisor"];

/// Issue 5 budgets: generation at least this many times faster than the peer.
const FASTER_THAN_OPENAPI_GENERATOR: f64 = 20.0;
const FASTER_THAN_PROGENITOR: f64 = 3.0;

pub struct Options<'a> {
    /// Only inputs with these names (all when empty).
    pub inputs: &'a [String],
    pub compile: bool,
}

/// What one tool did with one input.
struct Outcome {
    tool: Tool,
    generation: Result<(Sample, CodeSize), String>,
    /// Rebuild after touching the source: `None` when not compiled.
    build: Option<Result<Duration, String>>,
}

pub fn run(root: &Path, options: &Options) -> Result<()> {
    println!("## Peers: same input, side by side\n");
    build_specgen(root)?;
    let tools: Vec<Tool> = Tool::ALL.into_iter().filter(|t| t.installed(root)).collect();
    for tool in Tool::ALL {
        if tools.contains(&tool) {
            println!("- {}: {}", tool.label(), tool.version(root));
        } else {
            println!(
                "- {}: peer not installed (install: `{}`)",
                tool.label(),
                tool.install_hint()
            );
        }
    }
    println!();
    let scratch = root.join("target/bench-peers");
    let mut inputs = inputs::all(root, &scratch.join("inputs"))?;
    if let Some(unknown) = options
        .inputs
        .iter()
        .find(|name| !inputs.iter().any(|i| &i.name == *name))
    {
        let known: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
        bail!("unknown input `{unknown}`; inputs: {}", known.join(", "));
    }
    if !options.inputs.is_empty() {
        inputs.retain(|i| options.inputs.contains(&i.name));
    }
    let mut results = Vec::new();
    for input in &inputs {
        eprintln!("bench peers: {} ({} operations)", input.name, input.operations);
        let outcomes = tools
            .iter()
            .map(|&tool| {
                measure_one(
                    root,
                    &scratch,
                    tool,
                    input,
                    options.compile && COMPILED.contains(&input.name.as_str()),
                )
            })
            .collect::<Result<Vec<_>>>()?;
        results.push((input, outcomes));
    }
    print_inputs(&results);
    print_table(&results);
    print_ratios(&results);
    print_rejections(&results);
    Ok(())
}

/// The release `specgen` binary the comparison runs (the bench itself may be built alone).
fn build_specgen(root: &Path) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "--quiet", "-p", "specgen", "--bin", "specgen"])
        .status()
        .context("running cargo build --release -p specgen")?;
    if !status.success() {
        bail!("building specgen in release failed");
    }
    Ok(())
}

fn measure_one(root: &Path, scratch: &Path, tool: Tool, input: &Input, compile: bool) -> Result<Outcome> {
    let out: PathBuf = scratch.join("out").join(tool.label()).join(&input.name);
    let invocation = tool.invocation(root, input, &out);
    // Every run writes into an empty directory, as a first generation would.
    let clean = || -> Result<()> {
        if out.exists() {
            std::fs::remove_dir_all(&out)?;
        }
        Ok(())
    };
    let sample = measure::median_of(tool.runs(), &invocation, clean)?;
    if !sample.success {
        return Ok(Outcome {
            tool,
            generation: Err(peers::rejection_reason(&sample.output)),
            build: None,
        });
    }
    let size = peers::code_size(tool, &out)?;
    let build = if compile {
        eprintln!("bench peers: building {} output for {}", tool.label(), input.name);
        let sample = crate_build::rebuild_time(&out, &scratch.join("target"))?;
        Some(if sample.success {
            Ok(sample.wall)
        } else {
            Err(peers::rejection_reason(&sample.output))
        })
    } else {
        None
    };
    Ok(Outcome {
        tool,
        generation: Ok((sample, size)),
        build,
    })
}

type Results<'a> = [(&'a Input, Vec<Outcome>)];

fn print_inputs(results: &Results) {
    println!("| input | from | operations | KB |");
    println!("|---|---|---:|---:|");
    for (input, _) in results {
        println!(
            "| {} | {} | {} | {} |",
            input.name,
            input.origin,
            input.operations,
            input.bytes / 1024
        );
    }
    println!();
}

/// One row per input, each cell `specgen / peer / peer` in the order of the tools line; `✗` where
/// the tool rejected the input, `–` where the figure was not measured.
fn print_table(results: &Results) {
    let Some((_, first)) = results.first() else {
        return;
    };
    let order: Vec<&str> = first.iter().map(|o| o.tool.label()).collect();
    let fixed = first
        .iter()
        .find(|o| o.tool == Tool::Specgen)
        .and_then(|o| o.generation.as_ref().ok())
        .map_or(0, |(_, size)| size.fixed_lines);
    println!(
        "Each cell: {}. Generation: median of {} runs ({}: {}) of the tool's command, process start to exit; peak memory \
         of its largest process. Code: `.rs` lines and bytes under `src/` per operation of the input, without the support \
         code copied into every crate whatever the input (specgen's `src/runtime/`, {fixed} lines; progenitor's is the \
         `progenitor-client` dependency). Build: `cargo build` (dev) after touching `src/lib.rs`, dependencies built.\n",
        order.join(" / "),
        Tool::Specgen.runs(),
        Tool::OpenApiGenerator.label(),
        Tool::OpenApiGenerator.runs(),
    );
    println!("| input | ops | generation (ms) | peak memory (MB) | bytes/op | lines/op | build (s) |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (input, outcomes) in results {
        let per = |n: usize| n.checked_div(input.operations).unwrap_or(0).to_string();
        // One cell: the figure of every tool, or why there is none.
        let cell = |figure: &dyn Fn(&Sample, &CodeSize, &Outcome) -> Option<String>| {
            outcomes
                .iter()
                .map(|o| match &o.generation {
                    Err(_) => "✗".to_string(),
                    Ok((sample, size)) => figure(sample, size, o).unwrap_or_else(|| "–".into()),
                })
                .collect::<Vec<_>>()
                .join(" / ")
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            input.name,
            input.operations,
            cell(&|sample, _, _| Some(format!("{:.0}", sample.wall.as_secs_f64() * 1000.0))),
            cell(&|sample, _, _| sample.max_rss_kib.map(|k| format!("{:.0}", k as f64 / 1024.0))),
            cell(&|_, size, _| Some(per(size.bytes))),
            cell(&|_, size, _| Some(per(size.lines))),
            cell(&|_, _, o| match &o.build {
                None => None,
                Some(Ok(d)) => Some(format!("{:.1}", d.as_secs_f64())),
                Some(Err(_)) => Some("fails".into()),
            }),
        );
    }
    println!();
}

/// Issue 5 budgets per input: how many times faster specgen generates, and its code per
/// operation relative to progenitor's.
fn print_ratios(results: &Results) {
    println!(
        "Budgets: generation ≥ {FASTER_THAN_OPENAPI_GENERATOR}× faster than openapi-generator and ≥ {FASTER_THAN_PROGENITOR}× \
         faster than progenitor; bytes/op ≤ progenitor's.\n"
    );
    println!(
        "| input | openapi-generator ÷ specgen time | progenitor ÷ specgen time | specgen ÷ progenitor bytes/op |"
    );
    println!("|---|---:|---:|---:|");
    for (input, outcomes) in results {
        let ok = |tool: Tool| {
            outcomes
                .iter()
                .find(|o| o.tool == tool)
                .and_then(|o| o.generation.as_ref().ok())
        };
        let Some((ours, our_size)) = ok(Tool::Specgen) else {
            continue;
        };
        let speedup = |tool: Tool, budget: f64| {
            ok(tool).map_or("n/a".into(), |(theirs, _)| {
                let ratio = theirs.wall.as_secs_f64() / ours.wall.as_secs_f64();
                format!("{ratio:.1}× {}", verdict(ratio >= budget))
            })
        };
        let size = ok(Tool::Progenitor).map_or("n/a".into(), |(_, theirs)| {
            let ratio = our_size.bytes as f64 / theirs.bytes.max(1) as f64;
            format!("{ratio:.2} {}", verdict(ratio <= 1.0))
        });
        println!(
            "| {} | {} | {} | {size} |",
            input.name,
            speedup(Tool::OpenApiGenerator, FASTER_THAN_OPENAPI_GENERATOR),
            speedup(Tool::Progenitor, FASTER_THAN_PROGENITOR),
        );
    }
    println!();
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

fn print_rejections(results: &Results) {
    let failures: Vec<String> = results
        .iter()
        .flat_map(|(input, outcomes)| {
            outcomes.iter().flat_map(move |o| {
                let generation = o
                    .generation
                    .as_ref()
                    .err()
                    .map(|why| format!("| {} | {} | generation | {why} |", input.name, o.tool.label()));
                let build = match &o.build {
                    Some(Err(why)) => Some(format!("| {} | {} | build | {why} |", input.name, o.tool.label())),
                    _ => None,
                };
                generation.into_iter().chain(build)
            })
        })
        .collect();
    if failures.is_empty() {
        return;
    }
    println!("Rejected inputs (first line that says why):\n");
    println!("| input | tool | step | reason |");
    println!("|---|---|---|---|");
    for line in failures {
        println!("{line}");
    }
    println!();
}
