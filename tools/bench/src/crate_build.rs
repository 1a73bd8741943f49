//! Compile time of a generated crate alone: dependencies built once, then the crate's source is
//! touched and the second `cargo build` is timed, so the figure is the cost of the generated code.

use std::path::Path;

use anyhow::{Context, Result};

use super::measure::{self, Invocation, Sample};

/// Builds the crate at `dir` with dependencies shared in `target_dir`; returns the timed rebuild.
/// A crate that does not build is a result (`success == false`), not an error.
pub fn rebuild_time(dir: &Path, target_dir: &Path) -> Result<Sample> {
    make_standalone(dir)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let build = Invocation::new(&cargo, dir)
        .args(["build", "--quiet"])
        .env("CARGO_TARGET_DIR", &target_dir.to_string_lossy());
    // Dependencies (and a first build of the crate).
    let warm_up = measure::run(&build)?;
    if !warm_up.success {
        return Ok(warm_up);
    }
    touch_sources(dir)?;
    measure::run(&build)
}

/// The crates are written under this workspace's `target/`; an empty `[workspace]` table stops
/// cargo from treating them as members of ours.
fn make_standalone(dir: &Path) -> Result<()> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).with_context(|| format!("reading {}", manifest.display()))?;
    if !text.lines().any(|l| l.trim() == "[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n"))?;
    }
    Ok(())
}

/// Rewrites `src/lib.rs` with its own bytes: a new mtime, so cargo rebuilds only this crate.
fn touch_sources(dir: &Path) -> Result<()> {
    let lib = dir.join("src/lib.rs");
    let bytes = std::fs::read(&lib).with_context(|| format!("reading {}", lib.display()))?;
    std::fs::write(&lib, bytes)?;
    Ok(())
}
