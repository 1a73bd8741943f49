//! The replay tests are generated (`tools/replay-gen`): `cargo xtask check` must catch one
//! that was edited by hand or is missing. Runs on a temporary copy of the tree.

use std::path::Path;

const TREE: &[&str] = &["specs", "fixtures", "generated"];
const NETWORK: &str = "tests/tests/replay_network.rs";
const AVD: &str = "tests/tests/replay_desktop_virtualization.rs";

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

#[test]
fn check_catches_edited_and_missing_replay_tests() {
    let real = xtask::workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for dir in TREE {
        copy_dir(&real.join(dir), &root.join(dir));
    }
    std::fs::create_dir_all(root.join("tests/tests")).unwrap();
    std::fs::copy(real.join(NETWORK), root.join(NETWORK)).unwrap();
    std::fs::copy(real.join(AVD), root.join(AVD)).unwrap();
    let baseline = xtask::check_all(root).unwrap().problems;

    // Loosen one expectation by hand, and lose the other file.
    let text = std::fs::read_to_string(root.join(NETWORK)).unwrap();
    let needle = r#"query: &[("api-version", "2024-05-01")]"#;
    assert!(text.contains(needle));
    std::fs::write(root.join(NETWORK), text.replacen(needle, "query: &[]", 1)).unwrap();
    std::fs::remove_file(root.join(AVD)).unwrap();

    let mut problems = xtask::check_all(root).unwrap().problems;
    problems.retain(|p| !baseline.contains(p));
    let edited = problems
        .iter()
        .find(|p| p.starts_with(&format!("{NETWORK} is stale:")))
        .unwrap_or_else(|| panic!("{NETWORK} not reported: {problems:#?}"));
    assert!(
        edited
            .lines()
            .any(|l| l.trim_start_matches('-').trim() == "query: &[],"),
        "{edited}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with(&format!("{AVD} is stale:"))),
        "{AVD} not reported: {problems:#?}"
    );
    assert_eq!(problems.len(), 2, "{problems:#?}");
}
