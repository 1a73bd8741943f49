//! The workspace's tasks (`cargo xtask generate | check | diff | drift | bump`), as a library so
//! `cargo test` runs the same drift check CI does.

pub mod bench;
pub mod bump;
pub mod check;
pub mod diff;
pub mod diff_cli;
pub mod drift;
pub mod manifest;
pub mod replay;
pub mod upstream;
pub mod versions;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use specgen::Generated;

use manifest::Manifest;

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A crate the workspace generates: the product (`specs/` → `generated/`) or the feature
/// fixtures (`fixtures/specs/` → `fixtures/generated/`).
#[derive(Clone, Debug)]
pub struct Target {
    pub manifest: PathBuf,
    pub specs: PathBuf,
    pub out: PathBuf,
}

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
    let manifest = Manifest::read(&target.manifest)?;
    match specgen::generate(&manifest.krate, &manifest.services, &target.specs) {
        Ok(generated) => Ok((manifest, generated)),
        Err(diagnostics) => bail!("generation from {} failed:\n{diagnostics}", target.manifest.display()),
    }
}

/// Runs every check on every target; an empty report means the tree is clean.
pub fn check_all(root: &Path) -> Result<check::Report> {
    let mut report = check::Report::default();
    for target in targets(root) {
        let (manifest, generated) = generate_in_memory(&target)?;
        if !manifest.files.is_empty() {
            check::check_vendored(&target.specs, &manifest, &mut report)?;
        }
        check::check_generated(&target.out, &generated, &mut report)?;
        replay::check(&target, &generated, &mut report)?;
    }
    Ok(report)
}

/// Writes the generated crate, removing files the generator no longer makes.
pub fn write(target: &Target, generated: &Generated) -> Result<()> {
    let out = &target.out;
    let stale = check::stale_files(out, generated)?;
    for path in stale {
        std::fs::remove_file(out.join(&path))?;
    }
    for file in &generated.files {
        let path = out.join(&file.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &file.contents)?;
    }
    replay::write(target, generated)
}
