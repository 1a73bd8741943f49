//! Drift: the committed tree is what the generator makes from the vendored specs (the same check
//! CI runs through `cargo xtask check`), generation is deterministic, and the check really
//! catches each kind of drift (on a temporary copy of the tree; the real tree is never written).

use std::path::Path;

use xtask::check::Report;

/// The directories `xtask::targets` reads and checks, relative to the workspace root.
const TREE: &[&str] = &["specs", "fixtures", "generated"];

/// A vendored file whose bytes we flip, and the generated file we edit.
const VENDORED: &str = "specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/bastionHost.json";
const EDITED: &str = "src/network/v2024_05_01/bastion_hosts.rs";
const UNKNOWN: &str = "src/network/hand_written.rs";

fn render(report: &Report) -> String {
    report
        .problems
        .iter()
        .enumerate()
        .map(|(i, p)| format!("--- problem {} ---\n{p}\n", i + 1))
        .collect()
}

#[test]
fn committed_tree_is_clean() {
    let root = xtask::workspace_root();
    let report = xtask::check_all(&root).expect("check_all runs");
    assert!(
        report.is_clean(),
        "`cargo xtask check` found {} problem(s) in the committed tree (run `cargo xtask generate` and commit):\n{}",
        report.problems.len(),
        render(&report)
    );
}

#[test]
fn generation_is_deterministic() {
    let root = xtask::workspace_root();
    for target in xtask::targets(&root) {
        let (_, first) = xtask::generate_in_memory(&target).expect("first run");
        let (_, second) = xtask::generate_in_memory(&target).expect("second run");
        let paths = |g: &specgen::Generated| g.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(
            paths(&first),
            paths(&second),
            "{}: file lists differ",
            target.out.display()
        );
        for (a, b) in first.files.iter().zip(&second.files) {
            assert!(
                a.contents == b.contents,
                "{}: {} differs between two runs",
                target.out.display(),
                a.path.display()
            );
        }
        assert!(!first.files.is_empty(), "{}: nothing generated", target.out.display());
        println!("{}: {} files, identical twice", target.out.display(), first.files.len());
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

/// Turns the first indentation space (after a newline) into a tab: JSON-insignificant
/// whitespace, so the generator's output does not change and only the sha256 check can see it.
fn flip_indentation_byte(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let at = bytes.windows(2).position(|w| w == b"\n ").expect("an indented line") + 1;
    bytes[at] = b'\t';
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn check_catches_each_kind_of_drift_in_a_copy() {
    let real = xtask::workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for dir in TREE {
        copy_dir(&real.join(dir), &root.join(dir));
    }

    // The paths the check uses all live under the copy, none under the real tree.
    for target in xtask::targets(root) {
        for path in [&target.manifest, &target.specs, &target.out] {
            assert!(path.starts_with(root), "{} is outside the copy", path.display());
        }
    }

    // Whatever the copy reports before the edits (nothing on a consistent commit; another
    // engineer's regeneration in flux otherwise) is the baseline; the edits must add exactly
    // their own problems to it.
    let baseline = xtask::check_all(root).expect("check_all runs on the copy").problems;

    // 1. A vendored spec edited by one byte: a space of the indentation becomes a tab.
    flip_indentation_byte(&root.join("specs").join(VENDORED));
    // 2. A generated file edited by hand.
    let edited = root.join("generated").join(EDITED);
    let text = std::fs::read_to_string(&edited).unwrap();
    let needle = "pub fn disconnect_active_sessions(";
    assert!(text.contains(needle));
    std::fs::write(&edited, text.replacen(needle, "pub fn disconnect_all_sessions(", 1)).unwrap();
    // 3. A file the generator does not make.
    std::fs::write(root.join("generated").join(UNKNOWN), "// written by hand\n").unwrap();

    let mut report = xtask::check_all(root).expect("check_all runs on the copy");
    report.problems.retain(|p| !baseline.contains(p));
    let problems = render(&report);
    println!("{problems}");

    let sha = format!("specs/{VENDORED}: sha256 is ");
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.starts_with(&sha) && p.contains("specs.toml records")),
        "no sha256 problem naming {VENDORED}:\n{problems}"
    );

    let stale = format!("generated/{EDITED} is stale:");
    let diff = report
        .problems
        .iter()
        .find(|p| p.starts_with(&stale))
        .unwrap_or_else(|| panic!("{EDITED} not reported stale:\n{problems}"));
    for line in [
        format!("--- generated/{EDITED} (committed)"),
        format!("+++ generated/{EDITED} (generator output)"),
        "-    pub fn disconnect_all_sessions(".to_string(),
        "+    pub fn disconnect_active_sessions(".to_string(),
    ] {
        assert!(
            diff.lines().any(|l| l == line),
            "the diff lacks the line {line:?}:\n{diff}"
        );
    }
    assert!(diff.lines().any(|l| l.starts_with("@@ ")), "no hunk header:\n{diff}");

    let unknown = format!("generated/{UNKNOWN}: not made by the generator");
    assert!(
        report.problems.iter().any(|p| p.starts_with(&unknown)),
        "{UNKNOWN} not reported:\n{problems}"
    );

    // Nothing else: each edit is reported exactly once, and the byte flip changes no output.
    assert_eq!(
        report.problems.len(),
        3,
        "expected exactly three new problems:\n{problems}"
    );
}
