//! A project: its manifest, the specs root the manifest's paths are relative to, and the folder
//! of the generated crate. This repository has two (`specs/specs.toml` → `generated/`, and the
//! feature fixtures); a user's project usually has one, laid out the same way.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::check::{self, Report};
use super::manifest::Manifest;
use crate::{Generated, GeneratedFile};

#[derive(Clone, Debug)]
pub struct Project {
    pub manifest: PathBuf,
    pub specs: PathBuf,
    pub out: PathBuf,
}

/// Files a project derives from a generation beside the crate itself (this repository: the
/// example replay tests), paths relative to [`Project::root`]. `bump` validates them before it
/// writes anything and writes them with the crate.
pub type Extras<'a> = &'a dyn Fn(&Project, &Generated) -> Result<Vec<GeneratedFile>>;

/// No files beside the crate.
pub fn no_extras(_: &Project, _: &Generated) -> Result<Vec<GeneratedFile>> {
    Ok(Vec::new())
}

impl Project {
    /// The usual layout: specs beside the manifest (`specs/specs.toml`), the crate in `out`, or
    /// else in `generated/` beside the specs folder (`./generated` for a `./specs.toml`).
    pub fn at(manifest: &Path, out: Option<&Path>) -> Project {
        let specs = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
        let specs = if specs.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            specs
        };
        let out = out
            .map(Path::to_path_buf)
            .unwrap_or_else(|| parent(&specs).join("generated"));
        Project {
            manifest: manifest.to_path_buf(),
            specs,
            out,
        }
    }

    /// The folder holding the specs folder: where [`Extras`] are written.
    pub fn root(&self) -> PathBuf {
        parent(&self.specs)
    }

    /// `CHANGELOG.md` of the generated crate, which `bump` appends to.
    pub fn changelog(&self) -> PathBuf {
        self.out.join("CHANGELOG.md")
    }

    pub fn read_manifest(&self) -> Result<Manifest> {
        Manifest::read(&self.manifest)
    }

    /// Reads the manifest and generates the crate in memory.
    pub fn generate(&self) -> Result<(Manifest, Generated)> {
        let manifest = self.read_manifest()?;
        match crate::generate(&manifest.krate, &manifest.services, &self.specs) {
            Ok(generated) => Ok((manifest, generated)),
            Err(diagnostics) => bail!("generation from {} failed:\n{diagnostics}", self.manifest.display()),
        }
    }

    /// The vendored files have their recorded hashes (when the manifest records any) and the
    /// committed crate is what `generated` holds.
    pub fn check(&self, manifest: &Manifest, generated: &Generated, report: &mut Report) -> Result<()> {
        if !manifest.files.is_empty() {
            check::check_vendored(&self.specs, &self.manifest, manifest, report)?;
        }
        check::check_generated(&self.out, generated, report)
    }

    /// Writes the generated crate, removing files the generator no longer makes.
    pub fn write(&self, generated: &Generated) -> Result<()> {
        let out = &self.out;
        for path in check::stale_files(out, generated)? {
            std::fs::remove_file(out.join(&path))?;
        }
        write_files(out, &generated.files)
    }
}

/// Writes files below `dir`, leaving the ones whose contents are unchanged alone.
pub fn write_files(dir: &Path, files: &[GeneratedFile]) -> Result<()> {
    for file in files {
        let path = dir.join(&file.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)?;
    }
    Ok(())
}

/// `specs` → `` (the current folder), `a/specs` → `a`, `/x/specs` → `/x`; a manifest in the
/// current folder (`.`) makes it the project's root too.
fn parent(dir: &Path) -> PathBuf {
    match dir.parent() {
        Some(p) if dir != Path::new(".") => p.to_path_buf(),
        _ => PathBuf::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_layout() {
        let p = Project::at(Path::new("specs/specs.toml"), None);
        assert_eq!(
            (p.specs.as_path(), p.out.as_path()),
            (Path::new("specs"), Path::new("generated"))
        );
        assert_eq!(p.root(), Path::new(""));
        let p = Project::at(Path::new("/w/api/specs.toml"), Some(Path::new("/w/client")));
        assert_eq!(
            (p.specs.as_path(), p.out.as_path()),
            (Path::new("/w/api"), Path::new("/w/client"))
        );
        let p = Project::at(Path::new("specs.toml"), None);
        assert_eq!(
            (p.specs.as_path(), p.out.as_path()),
            (Path::new("."), Path::new("generated"))
        );
    }
}
