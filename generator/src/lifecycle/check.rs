//! The local half of drift: vendored files must match their recorded sha256, and the generated
//! crate must be exactly what the generator makes from them today. Problems name files as the
//! project shows them (`specs/...`, `generated/...`: the folder's own name, then the path).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::Generated;
use anyhow::Result;
use sha2::{Digest, Sha256};
use similar::TextDiff;

use super::manifest::Manifest;

/// Problems found; empty means the tree is clean.
#[derive(Debug, Default)]
pub struct Report {
    pub problems: Vec<String>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Every vendored file has the recorded hash, and every file under `specs/` is recorded.
/// `manifest_path` is left out of the unrecorded files when it sits in `specs`.
pub fn check_vendored(specs: &Path, manifest_path: &Path, manifest: &Manifest, report: &mut Report) -> Result<()> {
    let mut recorded = BTreeSet::new();
    for file in &manifest.files {
        recorded.insert(file.path.clone());
        match std::fs::read(specs.join(&file.path)) {
            Ok(bytes) => {
                let actual = sha256_hex(&bytes);
                if actual != file.sha256 {
                    report.problems.push(format!(
                        "{}: sha256 is {actual}, specs.toml records {} (vendored files are never edited by hand; re-vendor from {}@{})",
                        shown(specs, &file.path),
                        file.sha256,
                        file.repo,
                        file.commit
                    ));
                }
            }
            Err(e) => report.problems.push(format!("{}: {e}", shown(specs, &file.path))),
        }
    }
    let manifest_rel = manifest_path.strip_prefix(specs).ok();
    for path in walk(specs)? {
        if Some(path.as_path()) != manifest_rel && !recorded.contains(&path) {
            report
                .problems
                .push(format!("{}: not recorded in specs.toml", shown(specs, &path)));
        }
    }
    Ok(())
}

/// `generated/` equals the generator's output, file for file.
pub fn check_generated(out: &Path, generated: &Generated, report: &mut Report) -> Result<()> {
    for file in &generated.files {
        let path = out.join(&file.path);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != file.contents {
            let name = shown(out, &file.path);
            let diff = TextDiff::from_lines(&current, &file.contents)
                .unified_diff()
                .context_radius(3)
                .header(&format!("{name} (committed)"), &format!("{name} (generator output)"))
                .to_string();
            let diff: String = diff.lines().take(200).map(|l| format!("{l}\n")).collect();
            report.problems.push(format!("{name} is stale:\n{diff}"));
        }
    }
    for path in stale_files(out, generated)? {
        report
            .problems
            .push(format!("{}: not made by the generator (remove it)", shown(out, &path)));
    }
    Ok(())
}

/// Files under `generated/` (manifest and `src/`) the generator does not make.
pub fn stale_files(out: &Path, generated: &Generated) -> Result<Vec<PathBuf>> {
    let made: BTreeSet<&Path> = generated.files.iter().map(|f| f.path.as_path()).collect();
    let mut stale = Vec::new();
    for path in walk(&out.join("src"))? {
        let path = Path::new("src").join(path);
        if !made.contains(path.as_path()) {
            stale.push(path);
        }
    }
    Ok(stale)
}

/// `specs/a/b.json`: the folder's own name, then the path in it.
pub fn shown(dir: &Path, rel: &Path) -> String {
    match dir.file_name() {
        Some(name) => format!("{}/{}", name.to_string_lossy(), rel.display()),
        None => rel.display().to_string(),
    }
}

/// Files below `dir`, relative to it, sorted.
fn walk(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    Ok(out)
}
