//! `specgen generate | diff | drift | bump` on a project outside this repository's `specs/`
//! (`project.rs`): the commands as a user runs them, their exit codes, the crate version each
//! bump sets (additive → minor, documentation only → patch, breaking → minor below 1.0 and major
//! from 1.0), the CHANGELOG entries, and drift against a git repository fetched sparsely. The
//! main test's transcript is the README's "Lifecycle of a generated crate" block: the README
//! shows real output, and this test fails when it does not (`UPDATE_README=1` rewrites it).

mod project;

use std::fmt::Write;
use std::path::Path;

use project::{Workspace, entry, spec};
use specgen::lifecycle::upstream::{Source, Upstream, Wanted};

const PROJECT: [&str; 4] = ["--manifest", "api/specs.toml", "--out", "client"];
const README_START: &str =
    "<!-- lifecycle transcript: written by generator/tests/lifecycle (UPDATE_README=1) -->\n```console\n";
const README_END: &str = "```\n<!-- end of lifecycle transcript -->";

/// Commands and what they printed, as a console session.
#[derive(Default)]
struct Transcript(String);

impl Transcript {
    /// Runs `specgen ARGS`, expects exit `code`, records it when `shown`; returns stdout.
    fn run(&mut self, ws: &Workspace, args: &[&str], code: i32, shown: bool) -> String {
        let (actual, stdout, stderr) = ws.specgen(args);
        assert_eq!(actual, code, "specgen {args:?}:\n{stdout}\n{stderr}");
        if shown {
            let _ = writeln!(self.0, "$ specgen {}", args.join(" "));
            self.0.push_str(&stdout);
            if code != 0 {
                let _ = writeln!(self.0, "$ echo $?\n{code}");
            }
        }
        stdout
    }

    fn comment(&mut self, text: &str) {
        let _ = writeln!(self.0, "$ # {text}");
    }
}

/// `COMMAND --manifest api/specs.toml --out client ARGS...`.
fn with_project<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut out = args[..1].to_vec();
    out.extend(PROJECT);
    out.extend(&args[1..]);
    out
}

/// `[crate] version` of the generated crate.
fn crate_version(ws: &Workspace) -> String {
    let toml = ws.read("client/Cargo.toml");
    let line = toml
        .lines()
        .find(|l| l.starts_with("version = "))
        .expect("a version line");
    line.trim_start_matches("version = ").trim_matches('"').to_string()
}

#[test]
fn a_user_project_through_its_lifecycle() {
    let ws = Workspace::new();
    let mut t = Transcript::default();

    let out = t.run(&ws, &with_project(&["generate"]), 0, true);
    assert!(out.starts_with("wrote ") && out.contains(" files to client"), "{out}");
    assert_eq!(crate_version(&ws), "0.3.1");

    // Drift here: clean, then one vendored byte edited and a stray file.
    let out = t.run(&ws, &with_project(&["drift"]), 0, true);
    assert!(out.contains("drift here: 0 problem(s)"), "{out}");
    let vendored = format!("api/{}", entry("2024-01-01"));
    let original = ws.read(&vendored);
    ws.write(&vendored, &original.replacen("Gets a widget.", "Gets a widget!", 1));
    let out = t.run(&ws, &with_project(&["drift"]), 1, false);
    assert!(
        out.contains(&format!("{vendored}: sha256 is ")) && out.contains("specs.toml records"),
        "{out}"
    );
    // The crate made from the edited file differs too.
    assert!(out.contains("client/src/widgets/widgets.rs is stale:"), "{out}");
    assert!(out.contains("drift here: 2 problem(s)"), "{out}");
    ws.write(&vendored, &original);
    std::fs::write(ws.path("client/src/widgets/by_hand.rs"), "// mine\n").unwrap();
    let out = t.run(&ws, &with_project(&["drift"]), 1, false);
    assert!(
        out.contains("client/src/widgets/by_hand.rs: not made by the generator"),
        "{out}"
    );
    std::fs::remove_file(ws.path("client/src/widgets/by_hand.rs")).unwrap();

    // Drift upstream: newer api-versions (previews only when asked).
    let out = t.run(&ws, &with_project(&["drift", "--upstream", "upstream"]), 1, true);
    assert!(
        out.contains("newer api-version: widgets is at 2024-01-01, upstream has 2024-06-01, 2025-01-01 (`specgen bump widgets 2025-01-01 --upstream upstream`)"),
        "{out}"
    );
    let out = t.run(
        &ws,
        &with_project(&["drift", "--upstream", "upstream", "--previews", "--json"]),
        1,
        false,
    );
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        json["newer"][0]["available"],
        serde_json::json!(["2024-06-01", "2025-01-01", "2026-01-01-preview"])
    );
    assert_eq!(json["checked"], 2);

    // Diff: a service at two api-versions, and two files.
    let out = t.run(
        &ws,
        &with_project(&[
            "diff",
            "--service",
            "widgets",
            "--from",
            "2024-01-01",
            "--to",
            "2024-06-01",
            "--upstream",
            "upstream",
        ]),
        0,
        true,
    );
    assert!(
        out.contains("- `POST /widgets/{name}/start`: operation `Widgets_Start` added (AddedOperation)"),
        "{out}"
    );
    assert!(out.contains("Verdict: not breaking."), "{out}");
    let (old, new) = (
        format!("upstream/{}", entry("2024-06-01")),
        format!("upstream/{}", entry("2025-01-01")),
    );
    let out = t.run(&ws, &["diff", &old, &new], 1, true);
    assert!(
        out.contains("- `DELETE /widgets/{name}`: operation `Widgets_Delete` removed (RemovedOperation)"),
        "{out}"
    );
    let out = t.run(&ws, &["diff", &old, &new, "--json"], 1, false);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(
        json["rust"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["item"] == "api::widgets::Widgets::delete" && c["impact"] == "breaking"),
        "{json:#}"
    );

    // Bump, additive: a new operation is a minor version.
    let before = project::files(&ws.root);
    let out = t.run(
        &ws,
        &with_project(&["bump", "widgets", "2024-06-01", "--upstream", "upstream", "--dry-run"]),
        0,
        false,
    );
    assert!(out.contains("crate version 0.3.1 → 0.4.0 (additive); dry run"), "{out}");
    assert_eq!(project::files(&ws.root), before, "a dry run wrote files");
    let out = t.run(
        &ws,
        &with_project(&["bump", "widgets", "2024-06-01", "--upstream", "upstream"]),
        0,
        true,
    );
    assert!(out.contains("crate version 0.3.1 → 0.4.0 (additive)"), "{out}");
    assert_eq!(crate_version(&ws), "0.4.0");
    assert!(ws.path(&format!("api/{}", entry("2024-06-01"))).is_file());
    assert!(
        !ws.path("api/widgets/stable/2024-01-01").exists(),
        "the old version stays"
    );
    let changelog = ws.read("client/CHANGELOG.md");
    assert!(
        changelog.contains("## widgets_client 0.4.0: `widgets 2024-01-01` → `widgets 2024-06-01`\n\nVersion 0.3.1 → 0.4.0: additions only (2 in the API, 2 in the Rust surface), nothing breaking.\n"),
        "{changelog}"
    );
    t.run(&ws, &with_project(&["drift"]), 0, false);

    // Bump, documentation only: upstream reworded 2024-06-01 in place; a patch version.
    ws.write(
        &format!("upstream/{}", entry("2024-06-01")),
        &(serde_json::to_string_pretty(&spec("2024-06-01", "Gets one widget by its name.")).unwrap() + "\n"),
    );
    ws.commit("reword");
    t.comment("upstream reworded a description of 2024-06-01 in place");
    let out = t.run(
        &ws,
        &with_project(&["bump", "widgets", "2024-06-01", "--upstream", "upstream"]),
        0,
        true,
    );
    assert!(out.contains("0 file(s) vendored, 1 updated, 0 removed"), "{out}");
    assert!(
        out.contains("crate version 0.4.0 → 0.4.1 (documentation only)"),
        "{out}"
    );
    assert_eq!(crate_version(&ws), "0.4.1");

    // Bump, breaking below 1.0: a removed operation is a minor version.
    let out = t.run(
        &ws,
        &with_project(&["bump", "widgets", "2025-01-01", "--upstream", "upstream"]),
        0,
        true,
    );
    assert!(out.contains("crate version 0.4.1 → 0.5.0 (breaking)"), "{out}");
    assert_eq!(crate_version(&ws), "0.5.0");
    let changelog = ws.read("client/CHANGELOG.md");
    assert!(
        changelog.contains("Version 0.4.1 → 0.5.0: breaking changes (1 in the API, 2 in the Rust surface); below 1.0 a breaking change bumps the minor version.\n"),
        "{changelog}"
    );
    // Three entries, oldest first, under one head.
    assert_eq!(changelog.matches("\n## widgets_client ").count(), 3, "{changelog}");
    assert!(
        changelog.starts_with("# Changelog of the generated crate\n"),
        "{changelog}"
    );

    // Breaking from 1.0: a major version.
    let manifest = ws
        .read("api/specs.toml")
        .replacen("version = \"0.5.0\"", "version = \"1.2.0\"", 1);
    ws.write("api/specs.toml", &manifest);
    t.run(&ws, &with_project(&["generate"]), 0, false);
    let out = t.run(
        &ws,
        &with_project(&["bump", "widgets", "2024-01-01", "--upstream", "upstream"]),
        0,
        false,
    );
    assert!(out.contains("crate version 1.2.0 → 2.0.0 (breaking)"), "{out}");
    assert_eq!(crate_version(&ws), "2.0.0");
    t.run(&ws, &with_project(&["drift"]), 0, false);

    readme_shows(&t.0);
}

/// The README's transcript block is `transcript`, or is rewritten to it with `UPDATE_README=1`.
fn readme_shows(transcript: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find(README_START).expect("the README has the transcript block") + README_START.len();
    let end = start + readme[start..].find(README_END).expect("the transcript block ends");
    if &readme[start..end] == transcript {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(&path, format!("{}{transcript}{}", &readme[..start], &readme[end..])).unwrap();
        return;
    }
    panic!(
        "the README's lifecycle transcript is not what the commands print; rerun with UPDATE_README=1. Now:\n{transcript}"
    );
}

/// `--upstream file://…/upstream.git`: only the files the command needs are fetched (git's
/// partial fetch), and drift and bump work from it as from a checkout.
#[test]
fn a_git_upstream_is_fetched_sparsely() {
    let ws = Workspace::new();
    ws.git("", &["clone", "-q", "--bare", "upstream", "upstream.git"]);
    let url = format!("file://{}", ws.path("upstream.git").display());
    let head = ws.git("upstream", &["rev-parse", "HEAD"]);
    ws.specgen(&with_project(&["generate"]));

    // The library: what the fetch brought.
    let manifest = specgen::lifecycle::manifest::Manifest::read(&ws.path("api/specs.toml")).unwrap();
    let wanted = Wanted {
        files: Vec::new(),
        versions: vec![(entry("2024-01-01").into(), "2024-01-01".into())],
    };
    let source = Source::parse(&format!("{url}#main"));
    let upstream = Upstream::open_source(&source, &manifest.files, &wanted).expect("fetch");
    let checkout = upstream.checkout().expect("a git checkout");
    assert_eq!(checkout.commit, head);
    for needed in [entry("2024-01-01"), entry("2025-01-01"), project::COMMON.to_string()] {
        assert!(upstream.dir.join(&needed).is_file(), "{needed} not checked out");
        assert!(checkout.has_contents(Path::new(&needed)), "{needed} not fetched");
    }
    let other = Path::new("gadgets/stable/2024-01-01/gadgets.json");
    assert!(!upstream.dir.join(other).exists(), "an unneeded file was checked out");
    assert!(!checkout.has_contents(other), "an unneeded blob was fetched");
    drop(upstream);

    // The commands.
    let (code, out, err) = ws.specgen(&with_project(&["drift", "--upstream", &url]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("newer api-version: widgets is at 2024-01-01, upstream has 2024-06-01, 2025-01-01"),
        "{out}"
    );
    assert!(out.contains("2 vendored file(s) checked against file://"), "{out}");
    let (code, out, err) = ws.specgen(&with_project(&["bump", "widgets", "2024-06-01", "--upstream", &url]));
    assert_eq!(code, 0, "{out}{err}");
    let manifest = ws.read("api/specs.toml");
    let record = format!(
        "path = \"{}\"\nrepo = \"widgets/upstream\"\ncommit = \"{head}\"\nupstream_path = \"{}\"",
        entry("2024-06-01"),
        entry("2024-06-01")
    );
    assert!(manifest.contains(&record), "{manifest}");
    let (code, out, err) = ws.specgen(&with_project(&["drift", "--upstream", &url]));
    assert_eq!(code, 1, "2025-01-01 is still newer: {out}{err}");
    assert!(
        out.contains("0 changed, 0 missing; 1 service(s) with a newer api-version"),
        "{out}"
    );

    // A repository that is not there is an error (exit 2), not drift.
    let (code, _, err) = ws.specgen(&with_project(&["drift", "--upstream", "file:///nonexistent/specs.git"]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("fetching HEAD from file:///nonexistent/specs.git"),
        "{err}"
    );
}
