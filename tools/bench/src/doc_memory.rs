//! Peak memory of `cargo doc -p session_clients --no-deps` with every feature: the figure that
//! matters is rustdoc's (the generated crate is large), not cargo's.
//!
//! `/usr/bin/time` around cargo reports the largest resident set among cargo and the processes
//! it waited for (see `measure.rs`), and after a warm-up the only process cargo starts is the one
//! rustdoc of our crate; so the figure is rustdoc's unless cargo itself were larger (it is
//! ~75 MB when it has nothing to do). Measured once against a `RUSTDOC` wrapper timing rustdoc
//! alone: same figure.
//!
//! It runs in its own target directory: in the workspace's `target/debug/deps`, full of stale
//! builds of the same crates, rustdoc reads many candidate metadata files and peaks ~0.25 GB
//! higher (0.5 GB higher with one small feature), a figure about that directory, not our crate.

use std::path::Path;

use anyhow::{Result, bail};

use super::measure::{self, Invocation};

/// Issue 5's budget for documenting the generated crate.
const BUDGET_MB: f64 = 1024.0;

pub fn run(root: &Path) -> Result<()> {
    println!("## `cargo doc -p session_clients --no-deps --all-features`\n");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let doc =
        Invocation::new(&cargo, root).args(["doc", "--quiet", "-p", "session_clients", "--no-deps", "--all-features"]);
    let doc = doc.env("CARGO_TARGET_DIR", &root.join("target/bench-doc").to_string_lossy());
    // Warm-up: dependencies' metadata (minutes the first time), so the measured run starts
    // rustdoc only.
    let warm_up = measure::run(&doc)?;
    if !warm_up.success {
        bail!("cargo doc failed:\n{}", warm_up.output);
    }
    // Same bytes, new mtime: cargo documents the crate again.
    let lib = root.join("generated/src/lib.rs");
    std::fs::write(&lib, std::fs::read(&lib)?)?;
    let sample = measure::run(&doc)?;
    if !sample.success {
        bail!("cargo doc failed:\n{}", sample.output);
    }
    println!("| wall (s) | rustdoc peak memory (MB) | budget |");
    println!("|---:|---:|---|");
    match sample.max_rss_kib {
        Some(kib) => {
            let mb = kib as f64 / 1024.0;
            let verdict = if mb < BUDGET_MB { "met" } else { "MISSED" };
            println!(
                "| {:.1} | {mb:.0} | < {BUDGET_MB:.0} MB: {verdict} |\n",
                sample.wall.as_secs_f64()
            );
        }
        None => println!("| {:.1} | unknown (no /usr/bin/time) | |\n", sample.wall.as_secs_f64()),
    }
    Ok(())
}
