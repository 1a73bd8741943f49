//! `cargo xtask bump` (`specgen::lifecycle::bump` with the replay tests beside the crate) on a
//! temporary copy of the tree, against an upstream-like checkout built from the repository
//! itself (every vendored file, Network 2023-11-01 and 2024-05-01 with their examples, and a
//! MANIFEST.tsv from specs.toml): pinning Network back to 2023-11-01 alone and bumping it to
//! 2024-05-01 again (`keep = 2`: 2023-11-01 stays side by side), from the crate version the
//! committed CHANGELOG names as the one before, reproduces the committed specs/, specs.toml,
//! generated/ (its version included) and CHANGELOG byte for byte, and the tree passes
//! `cargo xtask check` at each step. An unresolvable `$ref` changes nothing.

use std::path::{Path, PathBuf};

use specgen::lifecycle::bump::{BumpOptions, BumpReport, Class, manifest_edit};
use specgen::lifecycle::upstream::Source;
use xtask::manifest::Manifest;

const NETWORK: &str = "specification/network/resource-manager/Microsoft.Network/stable";
const CHANGELOG: &str = "generated/CHANGELOG.md";
/// The heading of the committed bump's CHANGELOG entry, and the line that gives the versions.
const CHANGELOG_ENTRY: &str = "\n## session_clients 0.2.0: `network 2023-11-01` → `network 2024-05-01`\n\nVersion ";

/// `cargo xtask bump network VERSION --upstream UP` on the tree at `root`.
fn bump(root: &Path, version: &str, up: &Path) -> Result<BumpReport, String> {
    let options = BumpOptions {
        dry_run: false,
        extras: &xtask::replay_files,
    };
    let product = &xtask::targets(root)[0];
    specgen::lifecycle::bump::bump(product, "network", version, &Source::Dir(up.to_path_buf()), &options)
        .map_err(|e| format!("{e:#}"))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Files below `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// The parts of the tree `bump` and `check` read and write (tests/tests: the replay tests
/// generated from the specs' examples).
fn tree_copy() -> (tempfile::TempDir, PathBuf) {
    let root = xtask::workspace_root();
    let dir = tempfile::tempdir().unwrap();
    for part in [
        "specs",
        "generated",
        "fixtures/specs",
        "fixtures/generated",
        "fixtures/fixtures.toml",
        "tests/tests",
    ] {
        let from = root.join(part);
        if from.is_dir() {
            copy_tree(&from, &dir.path().join(part));
        } else {
            std::fs::copy(&from, dir.path().join(part)).unwrap();
        }
    }
    let _ = std::fs::remove_dir_all(dir.path().join("generated/target"));
    let _ = std::fs::remove_dir_all(dir.path().join("fixtures/generated/target"));
    let path = dir.path().to_path_buf();
    (dir, path)
}

/// Every vendored file, with a MANIFEST.tsv.
fn upstream() -> (tempfile::TempDir, PathBuf) {
    let root = xtask::workspace_root();
    let manifest = Manifest::read(&root.join("specs/specs.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut tsv = String::from("local_path\trepo\tcommit\tupstream_path\tbytes\tsha256\n");
    let mut add = |from: PathBuf, local: &str, repo: &str, commit: &str, upstream_path: &str, sha: &str| {
        let to = dir.path().join(local);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        let bytes = std::fs::read(from).unwrap();
        std::fs::write(to, &bytes).unwrap();
        tsv.push_str(&format!(
            "{local}\t{repo}\t{commit}\t{upstream_path}\t{}\t{sha}\n",
            bytes.len()
        ));
    };
    for f in &manifest.files {
        let local = f.path.to_string_lossy();
        add(
            root.join("specs").join(&f.path),
            &local,
            &f.repo,
            &f.commit,
            &f.upstream_path,
            &f.sha256,
        );
    }
    std::fs::write(dir.path().join("MANIFEST.tsv"), tsv).unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn assert_clean(root: &Path, when: &str) {
    let report = xtask::check_all(root).unwrap();
    assert!(
        report.is_clean(),
        "{when}: check found:\n{}",
        report.problems.join("\n")
    );
}

#[test]
fn bump_2023_11_01_to_2024_05_01_reproduces_the_committed_tree() {
    let repo = xtask::workspace_root();
    let (_keep_tree, tree) = tree_copy();
    let (_keep_up, up) = upstream();

    // Pin Network at 2023-11-01 alone: 2024-05-01, newer, cannot stay beside it.
    let down = bump(&tree, "2023-11-01", &up).expect("bump to 2023-11-01");
    assert_eq!(down.added.len(), 0, "2023-11-01 is vendored already: {down:?}");
    assert_eq!(
        down.removed.len(),
        21,
        "2024-05-01's bastionHost.json, network.json and 19 examples"
    );
    assert!(down.missing_examples.is_empty());
    let pinned = Manifest::read(&tree.join("specs/specs.toml")).unwrap();
    let network = pinned.services.iter().find(|s| s.name == "network").unwrap();
    assert_eq!(network.api_version.as_deref(), Some("2023-11-01"));
    assert!(network.side_by_side.is_empty());
    let origin = pinned
        .files
        .iter()
        .find(|f| f.path.ends_with("2023-11-01/bastionHost.json"))
        .unwrap();
    assert_eq!(
        network.docs_url.as_deref(),
        Some(
            format!(
                "https://github.com/{}/blob/{}/{}",
                origin.repo, origin.commit, origin.upstream_path
            )
            .as_str()
        )
    );
    assert!(!tree.join("specs").join(NETWORK).join("2024-05-01").exists());
    assert_clean(&tree, "pinned at 2023-11-01");
    // Going back is breaking too (the minor goes up below 1.0).
    assert_eq!(down.class, Class::Breaking);
    assert_eq!(down.crate_version, ("0.2.0".to_string(), "0.3.0".to_string()));
    // The CHANGELOG and crate version as they were before the committed bump.
    let committed_log = std::fs::read_to_string(repo.join(CHANGELOG)).expect("committed CHANGELOG");
    let before = committed_log
        .rfind(CHANGELOG_ENTRY)
        .expect("the committed CHANGELOG has the bump's entry");
    let versions = &committed_log[before + CHANGELOG_ENTRY.len()..];
    let (old_version, _) = versions.split_once(" → ").expect("`Version OLD → NEW`");
    assert_eq!(old_version, "0.1.0");
    std::fs::write(tree.join(CHANGELOG), &committed_log[..before]).unwrap();
    let manifest_path = tree.join("specs/specs.toml");
    let text = std::fs::read_to_string(&manifest_path).unwrap();
    std::fs::write(
        &manifest_path,
        manifest_edit::set_crate_version(&text, old_version).unwrap(),
    )
    .unwrap();

    let up_report = bump(&tree, "2024-05-01", &up).expect("bump to 2024-05-01");
    assert_eq!((up_report.added.len(), up_report.removed.len()), (21, 0));
    assert!(up_report.missing_examples.is_empty());
    assert!(up_report.breaking);
    assert_eq!(up_report.class, Class::Breaking);
    assert_eq!(up_report.crate_version, ("0.1.0".to_string(), "0.2.0".to_string()));
    assert_clean(&tree, "bumped to 2024-05-01");

    // In tests/tests only the replay tests are generated (the rest may be mid-edit).
    let generated = |part: &str, dir: &Path| -> Vec<PathBuf> {
        files(dir)
            .into_iter()
            .filter(|f| part != "tests/tests" || f.to_string_lossy().starts_with("replay_"))
            .collect()
    };
    for part in ["specs", "generated/src", "tests/tests"] {
        let (ours, theirs) = (generated(part, &repo.join(part)), generated(part, &tree.join(part)));
        assert_eq!(ours, theirs, "{part}: file lists differ");
        for f in &ours {
            assert!(
                std::fs::read(repo.join(part).join(f)).unwrap() == std::fs::read(tree.join(part).join(f)).unwrap(),
                "{part}/{} differs after the round trip",
                f.display()
            );
        }
    }
    for file in ["generated/Cargo.toml", CHANGELOG] {
        assert_eq!(
            std::fs::read_to_string(repo.join(file)).unwrap(),
            std::fs::read_to_string(tree.join(file)).unwrap(),
            "{file} differs after the round trip"
        );
    }
}

#[test]
fn an_unresolvable_ref_changes_nothing() {
    let (_keep_tree, tree) = tree_copy();
    let (_keep_up, up) = upstream();
    // Upstream's 2023-11-01 bastionHost.json now points at a definition network.json lacks.
    let spec = up.join(NETWORK).join("2023-11-01/bastionHost.json");
    let text = std::fs::read_to_string(&spec).unwrap().replacen(
        "./network.json#/definitions/SubResource",
        "./network.json#/definitions/NoSuchThing",
        1,
    );
    std::fs::write(&spec, text).unwrap();
    let before: Vec<(PathBuf, Vec<u8>)> = files(&tree)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(tree.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();

    let err = bump(&tree, "2023-11-01", &up).unwrap_err().to_string();
    assert!(
        err.contains("$ref `./network.json#/definitions/NoSuchThing` cannot be resolved"),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    let after: Vec<(PathBuf, Vec<u8>)> = files(&tree)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(tree.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert!(before == after, "the tree changed");

    let err = bump(&tree, "2019-01-01", &up).unwrap_err().to_string();
    assert!(
        err.contains("is not there") && err.contains("nothing was changed"),
        "{err}"
    );

    let err = bump(&tree, "2024-05-01", &up).unwrap_err().to_string();
    assert!(
        err.contains("already at 2024-05-01") && err.contains("nothing to do"),
        "{err}"
    );
}

/// azure-rest-api-specs moved Network's folder (`Microsoft.Network/Network/stable/...`, as the
/// 2023-11-01 records in specs.toml say) and a real checkout has no MANIFEST.tsv: a new version
/// that exists only in the moved folder is found there, and its records name that upstream path
/// and the checkout's git commit.
#[test]
fn bump_follows_a_moved_upstream_folder_in_a_git_checkout() {
    let (_keep_tree, tree) = tree_copy();
    let (_keep_up, up) = upstream();
    std::fs::remove_file(up.join("MANIFEST.tsv")).unwrap();
    let moved = up.join("specification/network/resource-manager/Microsoft.Network/Network/stable/2025-01-01");
    for f in files(&up.join(NETWORK).join("2024-05-01")) {
        let to = moved.join(&f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(up.join(NETWORK).join("2024-05-01").join(&f)).unwrap();
        std::fs::write(to, text.replace("2024-05-01", "2025-01-01")).unwrap();
    }
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&up)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "upstream"]);
    let head = git(&["rev-parse", "HEAD"]);

    let report = bump(&tree, "2025-01-01", &up).expect("bump to 2025-01-01");
    assert_eq!(report.added.len(), 21, "{report:?}");
    // keep = 2: 2024-05-01 stays beside 2025-01-01, 2023-11-01 goes.
    assert!(
        report
            .removed
            .iter()
            .all(|f| f.to_string_lossy().contains("/2023-11-01/")),
        "{report:?}"
    );
    let manifest = Manifest::read(&tree.join("specs/specs.toml")).unwrap();
    let record = manifest
        .files
        .iter()
        .find(|f| f.path.ends_with("stable/2025-01-01/bastionHost.json"))
        .expect("the new entry is recorded");
    assert_eq!(
        record.upstream_path,
        "specification/network/resource-manager/Microsoft.Network/Network/stable/2025-01-01/bastionHost.json"
    );
    assert_eq!(record.commit, head);
    let network = manifest.services.iter().find(|s| s.name == "network").unwrap();
    assert_eq!(network.api_version.as_deref(), Some("2025-01-01"));
    let kept: Vec<&str> = network.side_by_side.iter().map(|s| s.api_version.as_str()).collect();
    assert_eq!(kept, ["2024-05-01"]);
    assert_clean(&tree, "bumped to 2025-01-01");
}
