//! The Rust-surface verdict of `specgen diff` against an independent oracle: cargo-semver-checks
//! on the generated crate before and after the Bastion bump (Network 2023-11-01 → 2024-05-01).
//! `tools/semver-oracle/run.sh` runs the tool (pinned by `tools/semver-oracle/install.sh`) and
//! records its findings; this test compares them item by item with our breaking Rust changes.
//! Where the two disagree, the item is listed below with the reason, and the test fails if a
//! listed disagreement disappears (so the list cannot go stale) or a new one appears.

use std::collections::BTreeMap;
use std::path::PathBuf;

use specgen::lifecycle::diff::Impact;
use specgen::lifecycle::diff::sides::service_side;
use specgen::lifecycle::manifest::Manifest;

const RECORD: &str = include_str!("../../tools/semver-oracle/bastion-2023-11-01-to-2024-05-01.txt");
const INSTALL: &str = include_str!("../../tools/semver-oracle/install.sh");

/// Breaking changes we report that the oracle has no lint for.
const OURS_ONLY: &[(&str, &str)] = &[(
    "BastionHostIpConfigurationPropertiesFormat.public_ip_address",
    "the field's type changed (`SubResource` → `Option<SubResource>`, upstream dropped it from \
     `required`): every read that uses it as a `SubResource` and every struct literal that sets it \
     stops compiling, but cargo-semver-checks has no lint for a changed field type (its lints \
     match items and attributes, not types)",
)];

/// Oracle findings we do not report.
const THEIRS_ONLY: &[(&str, &str)] = &[];

/// `Type.field`, `Enum::Variant`, `Type::method`: an item without its module path (ours are
/// generated as `network::models::…`, the oracle names them from the crate's re-exports).
fn key_of_ours(item: &str) -> String {
    let segments: Vec<&str> = item.split("::").collect();
    let first_type = segments
        .iter()
        .position(|s| s.starts_with(|c: char| c.is_ascii_uppercase()))
        .unwrap_or(0);
    segments[first_type..].join("::")
}

/// `lint → items` from the record: each `--- failure LINT: …` block's `Failed in:` lines
/// (`field Type.field`, `variant Enum:Variant`, …).
fn oracle_findings(record: &str) -> BTreeMap<String, &str> {
    let mut out = BTreeMap::new();
    let mut lint = None;
    let mut in_items = false;
    for line in record.lines() {
        if let Some(rest) = line.strip_prefix("--- failure ") {
            lint = rest.split(':').next();
            in_items = false;
        } else if line == "Failed in:" {
            in_items = true;
        } else if in_items && line.starts_with("  ") {
            let item = line.split_whitespace().nth(1).expect("`KIND ITEM`");
            // `Enum:Variant` → `Enum::Variant`.
            let item = if item.contains("::") {
                item.to_string()
            } else {
                item.replace(':', "::")
            };
            out.insert(item, lint.expect("an item inside a failure block"));
        } else {
            in_items = false;
        }
    }
    out
}

#[test]
fn our_rust_surface_verdict_agrees_with_cargo_semver_checks() {
    let pinned = INSTALL
        .lines()
        .find_map(|l| l.strip_prefix("CARGO_SEMVER_CHECKS_VERSION="))
        .expect("install.sh pins a version");
    assert!(
        RECORD.contains(&format!("/tree/v{pinned}/")),
        "the record is not from cargo-semver-checks {pinned}: run tools/semver-oracle/run.sh"
    );

    let root = xtask::workspace_root();
    let manifest = Manifest::read(&root.join("specs/specs.toml")).unwrap();
    let network = manifest.services.iter().find(|s| s.name == "network").unwrap();
    let roots: Vec<PathBuf> = vec![root.join("specs")];
    let old = service_side(network, "2023-11-01", &roots).unwrap();
    let new = service_side(network, "2024-05-01", &roots).unwrap();
    let report = specgen::lifecycle::diff::diff(&old, &new, true).unwrap();
    let rust = report.rust.as_ref().expect("the Rust surface was compared");
    let ours: BTreeMap<String, &str> = rust
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .map(|c| (key_of_ours(&c.item), c.note.as_str()))
        .collect();
    let theirs = oracle_findings(RECORD);
    assert!(!theirs.is_empty(), "no findings parsed from the record:\n{RECORD}");

    let mut problems = Vec::new();
    let listed = |list: &[(&str, &str)], key: &str| list.iter().any(|(k, _)| *k == key);
    for (key, note) in &ours {
        match (theirs.contains_key(key), listed(OURS_ONLY, key)) {
            (true, false) => {}
            (true, true) => problems.push(format!("{key}: listed in OURS_ONLY, but the oracle reports it now")),
            (false, true) => {}
            (false, false) => problems.push(format!("{key}: we say breaking ({note}), the oracle does not")),
        }
    }
    for (key, lint) in &theirs {
        match (ours.contains_key(key), listed(THEIRS_ONLY, key)) {
            (true, false) => {}
            (true, true) => problems.push(format!("{key}: listed in THEIRS_ONLY, but we report it now")),
            (false, true) => {}
            (false, false) => problems.push(format!("{key}: the oracle says breaking ({lint}), we do not")),
        }
    }
    for (key, _) in OURS_ONLY.iter().chain(THEIRS_ONLY) {
        if !ours.contains_key(*key) && !theirs.contains_key(*key) {
            problems.push(format!("{key}: a listed disagreement that neither side reports"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nours: {ours:#?}\ntheirs: {theirs:#?}",
        problems.join("\n")
    );
    // Agreed items, so a vacuous pass (nothing in common) cannot happen.
    let agreed = ours.keys().filter(|k| theirs.contains_key(*k)).count();
    assert_eq!(agreed, 3, "ours: {ours:#?}\ntheirs: {theirs:#?}");

    // The verdict: a breaking change, so a new major version (0.x: a new minor) — and no
    // additions at the minor level on either side.
    assert!(
        RECORD.contains("Summary semver requires new major version: 2 major and 0 minor checks failed"),
        "{RECORD}"
    );
    assert!(rust.iter().all(|c| c.impact == Impact::Breaking), "{rust:#?}");
    let changelog = std::fs::read_to_string(root.join("generated/CHANGELOG.md")).unwrap();
    assert!(
        changelog.contains("Version 0.1.0 → 0.2.0: breaking changes"),
        "{changelog}"
    );
}
