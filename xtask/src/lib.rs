//! The workspace's tasks (`cargo xtask generate | check | diff | drift | bump | bench`), as a
//! library so `cargo test` runs the same drift check CI does. diff, drift and bump are
//! specgen's (`specgen::lifecycle`); this crate only fixes the two projects of the workspace and
//! adds what is particular to it: the example replay tests written beside the crate.

use std::path::{Path, PathBuf};

use anyhow::Result;
use specgen::{Generated, GeneratedFile};

// The replay-test writer (tools/replay-gen), the benchmark (tools/bench) and the lifecycle
// modules under their former xtask paths, for the workspace's tests.
pub use replay_gen as replay;
pub use specgen::lifecycle::Project as Target;
pub use specgen::lifecycle::{bump, check, diff, drift, manifest, upstream};
pub use specgen_bench as bench;

use manifest::Manifest;

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The crates the workspace generates: the product (`specs/` → `generated/`) and the feature
/// fixtures (`fixtures/specs/` → `fixtures/generated/`).
pub fn targets(root: &Path) -> [Target; 2] {
    [
        Target {
            manifest: root.join("specs/specs.toml"),
            specs: root.join("specs"),
            out: root.join("generated"),
        },
        Target {
            manifest: root.join("fixtures/fixtures.toml"),
            specs: root.join("fixtures/specs"),
            out: root.join("fixtures/generated"),
        },
    ]
}

/// Reads the manifest and generates the crate in memory.
pub fn generate_in_memory(target: &Target) -> Result<(Manifest, Generated)> {
    target.generate()
}

/// Runs every check on every target; an empty report means the tree is clean.
pub fn check_all(root: &Path) -> Result<check::Report> {
    let mut report = check::Report::default();
    for target in targets(root) {
        let (manifest, generated) = target.generate()?;
        target.check(&manifest, &generated, &mut report)?;
        replay::check(&target, &generated, &mut report)?;
    }
    Ok(report)
}

/// Writes the generated crate and its replay tests.
pub fn write(target: &Target, generated: &Generated) -> Result<()> {
    target.write(generated)?;
    replay::write(target, generated)
}

/// The replay tests of a target, as the files `bump` writes beside the crate.
pub fn replay_files(target: &Target, generated: &Generated) -> Result<Vec<GeneratedFile>> {
    Ok(replay::files_for(target, generated)?
        .into_iter()
        .map(|f| GeneratedFile {
            path: f.path,
            contents: f.contents,
        })
        .collect())
}
