//! `specgen drift --upstream DIR` (`specgen::lifecycle::drift`) against an upstream-like tree built in a temp dir from the
//! repository's own specs/ (the tests never read ../shared): clean when identical, and each kind
//! of drift caught: a changed byte, a vanished file, a newer stable api-version (previews only
//! when asked).

use std::path::{Path, PathBuf};

use specgen::lifecycle::Project;
use specgen::lifecycle::drift::{DriftOptions, DriftReport, drift as drift_in, render};
use specgen::lifecycle::manifest::Manifest;
use specgen::lifecycle::upstream::Source;

const NETWORK: &str = "specification/network/resource-manager/Microsoft.Network";

/// A copy of every vendored file at its path, like ../shared/upstream (without MANIFEST.tsv).
fn upstream_copy() -> (tempfile::TempDir, PathBuf) {
    let root = xtask::workspace_root();
    let manifest = Manifest::read(&root.join("specs/specs.toml")).expect("specs.toml");
    let dir = tempfile::tempdir().expect("temp dir");
    for file in &manifest.files {
        let to = dir.path().join(&file.path);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(root.join("specs").join(&file.path), &to).expect("copy");
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

/// Drift of the tree at `root` against the folder `upstream` (its vendored files and upstream
/// only: generated/ is checked by tests/tests/drift.rs).
fn drift_of(root: &Path, upstream: &Path, previews: bool) -> DriftReport {
    let project = Project::at(&root.join("specs/specs.toml"), None);
    let options = DriftOptions {
        upstream: Some(Source::Dir(upstream.to_path_buf())),
        previews,
        skip_generated: true,
    };
    drift_in(&project, &options).expect("drift runs")
}

fn drift(upstream: &Path, previews: bool) -> DriftReport {
    drift_of(&xtask::workspace_root(), upstream, previews)
}

#[test]
fn identical_upstream_is_clean() {
    let (_keep, up) = upstream_copy();
    let report = drift(&up, true);
    assert!(report.is_clean(), "{}", render(&report, "specgen bump"));
    assert_eq!(
        report.checked,
        Manifest::read(&xtask::workspace_root().join("specs/specs.toml"))
            .unwrap()
            .files
            .len()
    );
}

#[test]
fn one_changed_byte_and_one_missing_file_are_drift() {
    let (_keep, up) = upstream_copy();
    let changed = format!("{NETWORK}/stable/2024-05-01/bastionHost.json");
    let mut bytes = std::fs::read(up.join(&changed)).unwrap();
    bytes[10] ^= 1;
    std::fs::write(up.join(&changed), bytes).unwrap();
    let gone = format!("{NETWORK}/stable/2024-05-01/examples/BastionHostGet.json");
    std::fs::remove_file(up.join(&gone)).unwrap();

    let report = drift(&up, false);
    assert!(!report.is_clean());
    assert_eq!(
        report.changed.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        [changed.as_str()]
    );
    assert_eq!(report.missing, [gone]);
    assert!(
        report.changed[0].1.starts_with("upstream changed"),
        "{}",
        report.changed[0].1
    );
    assert!(report.newer.is_empty());
}

#[test]
fn newer_stable_versions_are_reported_previews_only_when_asked() {
    let (_keep, up) = upstream_copy();
    let from = up.join(format!("{NETWORK}/stable/2024-05-01/bastionHost.json"));
    for dir in ["stable/2023-09-01", "stable/2025-01-01", "preview/2025-06-01-preview"] {
        let to = up.join(format!("{NETWORK}/{dir}"));
        std::fs::create_dir_all(&to).unwrap();
        std::fs::copy(&from, to.join("bastionHost.json")).unwrap();
    }
    // A version folder without the service's entry file is not a version of this service.
    std::fs::create_dir_all(up.join(format!("{NETWORK}/stable/2026-01-01"))).unwrap();

    let stable = drift(&up, false);
    assert_eq!(stable.newer.len(), 1);
    assert_eq!(stable.newer[0].service, "network");
    assert_eq!(stable.newer[0].vendored, "2024-05-01");
    assert_eq!(stable.newer[0].available, ["2025-01-01"]);
    assert!(stable.changed.is_empty() && stable.missing.is_empty());

    let all = drift(&up, true);
    assert_eq!(all.newer[0].available, ["2025-01-01", "2025-06-01-preview"]);
    let text = render(&all, "specgen bump");
    assert!(
        text.contains("newer api-version: network is at 2024-05-01, upstream has 2025-01-01, 2025-06-01-preview"),
        "{text}"
    );
}

/// Acceptance 3 of issue 4: one vendored byte changed in the tree is drift (and said to be ours).
#[test]
fn an_edited_vendored_byte_is_drift() {
    let (_keep, up) = upstream_copy();
    let tree = tempfile::tempdir().unwrap();
    let root = xtask::workspace_root();
    let manifest = Manifest::read(&root.join("specs/specs.toml")).unwrap();
    std::fs::create_dir_all(tree.path().join("specs")).unwrap();
    std::fs::copy(root.join("specs/specs.toml"), tree.path().join("specs/specs.toml")).unwrap();
    for file in &manifest.files {
        let to = tree.path().join("specs").join(&file.path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join("specs").join(&file.path), to).unwrap();
    }
    let edited = format!("{NETWORK}/stable/2024-05-01/network.json");
    let path = tree.path().join("specs").join(&edited);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[0] ^= 0x20;
    std::fs::write(&path, bytes).unwrap();

    let report = drift_of(tree.path(), &up, false);
    assert_eq!(report.changed.len(), 1);
    assert_eq!(report.changed[0].0, edited);
    assert!(
        report.changed[0].1.starts_with("the vendored copy was edited"),
        "{}",
        report.changed[0].1
    );
    // The tree's own check says it too, upstream or not.
    assert_eq!(report.local.len(), 1, "{:?}", report.local);
    assert!(
        report.local[0].starts_with(&format!("specs/{edited}: sha256 is ")),
        "{}",
        report.local[0]
    );
    assert!(!report.is_clean());
}

/// azure-rest-api-specs moved folders (`Microsoft.Network/Network/stable/...`); a newer version
/// beside the entry's recorded upstream path is found too.
#[test]
fn newer_versions_are_found_beside_the_recorded_upstream_path() {
    let (_keep, up) = upstream_copy();
    let entry = format!("{NETWORK}/stable/2024-05-01/bastionHost.json");
    let moved = format!("{NETWORK}/Network/stable/2024-05-01/bastionHost.json");
    let newer = up.join(format!("{NETWORK}/Network/stable/2025-01-01"));
    std::fs::create_dir_all(&newer).unwrap();
    std::fs::copy(up.join(&entry), newer.join("bastionHost.json")).unwrap();

    // A tree whose manifest records the entry at the moved upstream path.
    let tree = tempfile::tempdir().unwrap();
    let root = xtask::workspace_root();
    let text = std::fs::read_to_string(root.join("specs/specs.toml")).unwrap();
    let record = format!("upstream_path = \"{entry}\"");
    assert!(text.contains(&record), "specs.toml records {entry} at its own path");
    std::fs::create_dir_all(tree.path().join("specs")).unwrap();
    std::fs::write(
        tree.path().join("specs/specs.toml"),
        text.replace(&record, &format!("upstream_path = \"{moved}\"")),
    )
    .unwrap();
    for file in &Manifest::read(&root.join("specs/specs.toml")).unwrap().files {
        let to = tree.path().join("specs").join(&file.path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join("specs").join(&file.path), to).unwrap();
    }

    let report = drift_of(tree.path(), &up, false);
    assert_eq!(report.newer.len(), 1, "{}", render(&report, "specgen bump"));
    assert_eq!(report.newer[0].available, ["2025-01-01"]);
}
