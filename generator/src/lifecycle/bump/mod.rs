//! `specgen bump SERVICE API_VERSION --upstream DIR|GIT`: vendor another api-version of a
//! service, regenerate, and set the crate's version from the diff.
//!
//! 1. plan (nothing written): the new entry files are the manifest's with the version segment
//!    replaced; their `$ref` closure and examples are read from upstream (`closure.rs`; a git
//!    upstream fetches the files as the closure finds them); each file's origin (repo, commit,
//!    upstream path) comes from the checkout's `MANIFEST.tsv`, else from git. Files only the
//!    old version used are dropped.
//! 2. validate: the new manifest (`manifest_edit.rs`) and files are staged in a temp copy of the
//!    specs root; the diff between the vendored and the staged version gives the crate's next
//!    version (`semver.rs`); the whole crate (and the project's extra files) is generated from
//!    the stage. Any failure (an unresolvable `$ref`, a manifest patch whose node moved, a
//!    generator error) stops here and changes nothing.
//! 3. apply: write the vendored files, remove the dropped ones, write the manifest, write the
//!    crate, and append the version, its reason and the diff to the crate's `CHANGELOG.md`.

pub mod closure;
pub mod manifest_edit;
pub mod semver;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::ServiceConfig;
use crate::config::SideBySide;
use crate::lifecycle::check::sha256_hex;
use crate::lifecycle::diff::{self, Side};
use crate::lifecycle::manifest::VendoredFile;
use crate::lifecycle::project::{Extras, Project, write_files};
use crate::lifecycle::upstream::{Origin, Source, Upstream, Wanted};
use crate::lifecycle::{git, versions};

pub use semver::Class;

const CHANGELOG_HEAD: &str = "# Changelog of the generated crate\n\nEach bump (`specgen bump`) appends the crate version it set, why, and the API and Rust-surface diff of the api-version it vendored.\n";

pub struct BumpOptions<'a> {
    /// Plan and validate only: nothing is written.
    pub dry_run: bool,
    /// Files the project makes beside the crate, validated and written with it.
    pub extras: Extras<'a>,
}

/// What a bump did (or, with `dry_run`, would do).
#[derive(Debug)]
pub struct BumpReport {
    pub from: String,
    pub to: String,
    pub added: Vec<PathBuf>,
    pub updated: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    pub missing_examples: Vec<(PathBuf, PathBuf)>,
    /// The crate's version before and after.
    pub crate_version: (String, String),
    pub class: Class,
    /// The CHANGELOG entry: the version, its reason and the diff.
    pub changelog_entry: String,
    pub breaking: bool,
}

pub fn bump(
    project: &Project,
    service_name: &str,
    version: &str,
    source: &Source,
    options: &BumpOptions,
) -> Result<BumpReport> {
    let specs = &project.specs;
    let manifest_text = std::fs::read_to_string(&project.manifest)
        .with_context(|| format!("reading {}", project.manifest.display()))?;
    let manifest = project.read_manifest()?;
    let Some(service) = manifest.services.iter().find(|s| s.name == service_name) else {
        bail!("no service `{service_name}` in {}", project.manifest.display());
    };
    let from = service.api_version.clone().unwrap_or_default();

    // 1. Plan.
    let new_entries = versions::entries_for(service, version)?;
    let wanted = Wanted {
        files: new_entries.clone(),
        versions: Vec::new(),
    };
    let upstream = Upstream::open_source(source, &manifest.files, &wanted)?;
    let read_upstream = |p: &Path| upstream.locate(p, None).and_then(|f| std::fs::read(f).ok());
    let new = upstream_closure(&upstream, &new_entries)
        .map_err(|e| anyhow::anyhow!("bump {service_name} {version}: {e}; nothing was changed"))?;
    let read_local = |p: &Path| std::fs::read(specs.join(p)).ok();
    let local_closure = |entries: &[PathBuf], whose: &str| {
        closure::closure(entries, &read_local).map_err(|e| anyhow::anyhow!("{whose}: {e}"))
    };
    let generations = kept_versions(service, version);
    let mut kept: BTreeSet<PathBuf> = new.files().cloned().collect();
    for other in manifest.services.iter().filter(|s| s.name != service_name) {
        for entries in all_entries(other)? {
            let c = local_closure(&entries, &format!("service `{}` (not bumped)", other.name))?;
            kept.extend(c.files().cloned());
        }
    }
    for old in &generations.kept {
        let c = local_closure(
            &versions::entries_for(service, &old.api_version)?,
            &format!("{service_name} {}", old.api_version),
        )?;
        kept.extend(c.files().cloned());
    }
    let mut removed = BTreeSet::new();
    for v in &generations.dropped {
        let c = local_closure(&versions::entries_for(service, v)?, &format!("{service_name} {v}"))?;
        removed.extend(c.files().filter(|f| !kept.contains(*f)).cloned());
    }
    let removed: Vec<PathBuf> = removed.into_iter().collect();

    let mut files: Vec<VendoredFile> = manifest
        .files
        .iter()
        .filter(|f| !removed.contains(&f.path))
        .cloned()
        .collect();
    let mut writes: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let (mut added, mut updated) = (Vec::new(), Vec::new());
    for path in new.files() {
        let bytes = read_upstream(path).with_context(|| format!("reading {} upstream", path.display()))?;
        let origin = origin(&upstream, path)?;
        let record = VendoredFile {
            path: path.clone(),
            repo: origin.repo,
            commit: origin.commit,
            upstream_path: origin.upstream_path,
            sha256: sha256_hex(&bytes),
        };
        match files.iter_mut().find(|f| &f.path == path) {
            Some(existing) => {
                let same_bytes = std::fs::read(specs.join(path)).ok().as_deref() == Some(bytes.as_slice());
                if !same_bytes {
                    updated.push(path.clone());
                }
                *existing = record;
            }
            None => {
                added.push(path.clone());
                files.push(record);
            }
        }
        writes.push((path.clone(), bytes));
    }
    if version == from && added.is_empty() && updated.is_empty() && removed.is_empty() {
        bail!("{service_name} is already at {version} and upstream has the same files; nothing to do");
    }
    let docs_url = docs_url(service, &manifest.files, &files, &new_entries);
    let new_manifest = manifest_edit::rewrite(
        &manifest_text,
        &manifest_edit::ServiceEdit {
            service: service_name,
            api_version: version,
            entries: &new_entries,
            docs_url: docs_url.as_deref(),
            side_by_side: &generations.kept,
        },
        &files,
    )?;

    // 2. Validate in a staged copy of the specs root.
    let stage = tempfile::Builder::new().prefix("specgen-bump").tempdir()?;
    copy_tree(specs, stage.path())?;
    for path in &removed {
        let _ = std::fs::remove_file(stage.path().join(path));
    }
    for (path, bytes) in &writes {
        let to = stage.path().join(path);
        std::fs::create_dir_all(to.parent().unwrap_or(stage.path()))?;
        std::fs::write(to, bytes)?;
    }
    let staged = Project {
        manifest: stage
            .path()
            .join(project.manifest.file_name().unwrap_or("specs.toml".as_ref())),
        specs: stage.path().to_path_buf(),
        out: project.out.clone(),
    };
    std::fs::write(&staged.manifest, &new_manifest)?;

    // The diff between the vendored version and the staged one gives the crate's next version.
    let old_side = diff::sides::service_side(service, &from, std::slice::from_ref(specs))?;
    let new_service = staged
        .read_manifest()?
        .services
        .into_iter()
        .find(|s| s.name == service_name)
        .context("bumped service vanished from the manifest")?;
    let mut new_service_abs = new_service.clone();
    new_service_abs.entry = new_service.entry.iter().map(|e| stage.path().join(e)).collect();
    let new_side = Side {
        label: format!("{service_name} {version}"),
        service: new_service_abs,
    };
    let diff = diff::diff(&old_side, &new_side, true)?;
    let class = semver::classify(&diff);
    let old_version = manifest.krate.version.clone();
    let new_version = semver::next(&old_version, class)?;
    let new_manifest = manifest_edit::set_crate_version(&new_manifest, &new_version)?;
    std::fs::write(&staged.manifest, &new_manifest)?;

    let (_, generated) = staged.generate().map_err(|e| {
        anyhow::anyhow!("bump {service_name} {version}: the new version does not generate; nothing was changed:\n{e:#}")
    })?;
    (options.extras)(&staged, &generated).map_err(|e| {
        anyhow::anyhow!("bump {service_name} {version}: the project's files beside the crate fail (for this repository: its examples do not replay); nothing was changed:\n{e:#}")
    })?;
    let changelog_entry = format!(
        "## {} {new_version}: `{}` → `{}`\n\n{}\n\n{}",
        manifest.krate.name,
        old_side.label,
        new_side.label,
        semver::reason(&diff, &old_version, &new_version),
        diff::render::markdown(&diff, "###")
    );
    let report = BumpReport {
        from,
        to: version.to_string(),
        added,
        updated,
        removed: removed.clone(),
        missing_examples: new.missing_examples.clone(),
        crate_version: (old_version, new_version),
        class,
        changelog_entry,
        breaking: diff.is_breaking(),
    };
    if options.dry_run {
        return Ok(report);
    }

    // 3. Apply.
    for path in &removed {
        std::fs::remove_file(specs.join(path)).with_context(|| format!("removing {}", path.display()))?;
        prune_empty_dirs(specs, path);
    }
    for (path, bytes) in &writes {
        let to = specs.join(path);
        std::fs::create_dir_all(to.parent().unwrap_or(specs))?;
        std::fs::write(to, bytes)?;
    }
    std::fs::write(&project.manifest, new_manifest)?;
    project.write(&generated)?;
    write_files(&project.root(), &(options.extras)(project, &generated)?)?;
    let changelog = project.changelog();
    let mut text = std::fs::read_to_string(&changelog).unwrap_or_else(|_| CHANGELOG_HEAD.to_string());
    text.push('\n');
    text.push_str(&report.changelog_entry);
    std::fs::write(&changelog, text)?;
    Ok(report)
}

/// The new version's closure, read upstream; a git upstream fetches what the walk finds
/// missing (one batch per round: referenced specs, then the files they reference, ...).
fn upstream_closure(upstream: &Upstream, entries: &[PathBuf]) -> Result<closure::Closure, String> {
    loop {
        let missing = RefCell::new(Vec::new());
        let read = |p: &Path| {
            let found = upstream.locate(p, None).and_then(|f| std::fs::read(f).ok());
            if found.is_none() {
                missing.borrow_mut().push(p.to_path_buf());
            }
            found
        };
        let result = closure::closure(entries, &read);
        let missing = missing.into_inner();
        if missing.is_empty() || !upstream.fetch_more(&missing).map_err(|e| format!("{e:#}"))? {
            return result;
        }
    }
}

/// The entry files of every api-version a service generates (unversioned ones: its entries).
fn all_entries(service: &ServiceConfig) -> Result<Vec<Vec<PathBuf>>> {
    let mut out = vec![service.entry.clone()];
    for other in &service.side_by_side {
        out.push(versions::entries_for(service, &other.api_version)?);
    }
    Ok(out)
}

/// After a bump to `version`: the older versions kept side by side (the newest ones, up to
/// the service's `keep`) and the versions dropped.
struct Generations {
    kept: Vec<SideBySide>,
    dropped: Vec<String>,
}

fn kept_versions(service: &ServiceConfig, version: &str) -> Generations {
    let keep = service.keep.unwrap_or(1 + service.side_by_side.len()).max(1);
    let mut older: Vec<SideBySide> = service
        .side_by_side
        .iter()
        .cloned()
        .chain(service.api_version.iter().map(|v| SideBySide {
            api_version: v.clone(),
            docs_url: service.docs_url.clone(),
        }))
        .filter(|s| s.api_version != version)
        .collect();
    // Newest first; only versions older than the new default stay (it must be the newest).
    older.sort_by(|a, b| b.api_version.cmp(&a.api_version));
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for s in older {
        if kept.len() + 1 < keep && s.api_version.as_str() < version {
            kept.push(s);
        } else {
            dropped.push(s.api_version);
        }
    }
    kept.reverse();
    Generations { kept, dropped }
}

/// Where a file came from: the checkout's MANIFEST.tsv row, else its git history.
fn origin(upstream: &Upstream, path: &Path) -> Result<Origin> {
    if let Some(o) = upstream.origin(path) {
        return Ok(o.clone());
    }
    // Not in the checkout's layout at `path`: upstream keeps it in a folder it moved to.
    let at = if upstream.dir.join(path).is_file() {
        path.to_path_buf()
    } else {
        upstream.moved_path(path).unwrap_or_else(|| path.to_path_buf())
    };
    let rel = at.to_string_lossy().replace('\\', "/");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(&upstream.dir)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    match (
        git(&["log", "-1", "--format=%H", "--", &rel]),
        git(&["remote", "get-url", "origin"]),
    ) {
        (Some(commit), remote) => Ok(Origin {
            repo: remote.map(|r| git::repo_name(&r)).unwrap_or_else(|| "unknown".into()),
            commit,
            upstream_path: rel,
            sha256: String::new(),
        }),
        (None, _) => bail!(
            "`{rel}`: the upstream checkout has no MANIFEST.tsv row for it and is not a git checkout, so its commit is unknown"
        ),
    }
}

/// The docs link follows the entry it pointed at: `https://github.com/{repo}/blob/{commit}/{upstream_path}`.
fn docs_url(
    service: &ServiceConfig,
    old_files: &[VendoredFile],
    new_files: &[VendoredFile],
    new_entries: &[PathBuf],
) -> Option<String> {
    let url = service.docs_url.as_deref()?;
    let index = service.entry.iter().position(|e| {
        old_files
            .iter()
            .find(|f| &f.path == e)
            .is_some_and(|f| url == github_url(f))
    })?;
    let entry = new_entries.get(index)?;
    new_files.iter().find(|f| &f.path == entry).map(github_url)
}

fn github_url(f: &VendoredFile) -> String {
    format!("https://github.com/{}/blob/{}/{}", f.repo, f.commit, f.upstream_path)
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Removes the now-empty directories above a removed file, up to the specs root.
fn prune_empty_dirs(specs: &Path, removed: &Path) {
    for dir in removed.ancestors().skip(1) {
        if dir.as_os_str().is_empty() || std::fs::remove_dir(specs.join(dir)).is_err() {
            break;
        }
    }
}

pub fn render(report: &BumpReport, project: &Project, service: &str, dry_run: bool) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let list = |s: &mut String, what: &str, files: &[PathBuf]| {
        for f in files {
            let _ = writeln!(s, "{what} {}", crate::lifecycle::check::shown(&project.specs, f));
        }
    };
    list(&mut s, "vendored", &report.added);
    list(&mut s, "updated ", &report.updated);
    list(&mut s, "removed ", &report.removed);
    for (by, example) in &report.missing_examples {
        let _ = writeln!(
            s,
            "skipped  {} (named by {}, not upstream)",
            crate::lifecycle::check::shown(&project.specs, example),
            by.display()
        );
    }
    let _ = writeln!(
        s,
        "bump {service}: {} → {}: {} file(s) vendored, {} updated, {} removed; crate version {} → {} ({}); {}",
        report.from,
        report.to,
        report.added.len(),
        report.updated.len(),
        report.removed.len(),
        report.crate_version.0,
        report.crate_version.1,
        report.class,
        if dry_run {
            "dry run: nothing written".to_string()
        } else {
            format!(
                "{} and {} updated, version and diff appended to {}",
                project.manifest.display(),
                project.out.display(),
                project.changelog().display()
            )
        },
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(default: &str, side: &[&str], keep: Option<usize>) -> ServiceConfig {
        ServiceConfig {
            api_version: Some(default.into()),
            docs_url: Some(format!("url-{default}")),
            side_by_side: side
                .iter()
                .map(|v| SideBySide {
                    api_version: v.to_string(),
                    docs_url: Some(format!("url-{v}")),
                })
                .collect(),
            keep,
            ..Default::default()
        }
    }

    fn kept(g: &Generations) -> Vec<(&str, &str)> {
        g.kept
            .iter()
            .map(|s| (s.api_version.as_str(), s.docs_url.as_deref().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn a_bump_keeps_the_newest_older_versions_up_to_keep() {
        // keep = 1 (the default for a single version): the replaced version goes.
        let g = kept_versions(&service("2023-11-01", &[], None), "2024-05-01");
        assert!(g.kept.is_empty());
        assert_eq!(g.dropped, ["2023-11-01"]);
        // keep = 2: it stays side by side, with its docs link.
        let g = kept_versions(&service("2023-11-01", &[], Some(2)), "2024-05-01");
        assert_eq!(kept(&g), [("2023-11-01", "url-2023-11-01")]);
        // Side-by-side versions count; the oldest beyond `keep` goes.
        let g = kept_versions(&service("2024-05-01", &["2023-11-01"], Some(2)), "2025-01-01");
        assert_eq!(kept(&g), [("2024-05-01", "url-2024-05-01")]);
        assert_eq!(g.dropped, ["2023-11-01"]);
        // Without `keep`, as many as there are now (two here).
        let g = kept_versions(&service("2024-05-01", &["2023-11-01"], None), "2025-01-01");
        assert_eq!(kept(&g), [("2024-05-01", "url-2024-05-01")]);
        assert_eq!(g.dropped, ["2023-11-01"]);
    }

    #[test]
    fn going_back_drops_the_newer_versions() {
        let g = kept_versions(&service("2024-05-01", &["2023-11-01"], Some(2)), "2023-11-01");
        assert!(g.kept.is_empty());
        assert_eq!(g.dropped, ["2024-05-01"]);
    }
}
