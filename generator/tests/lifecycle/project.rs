//! A user's project outside this repository's `specs/`: `widgets/api/specs.toml` (one service,
//! OpenAPI 3.0, a cross-file `$ref`), its crate in `widgets/client`, and an upstream git work tree
//! `widgets/upstream` with four api-versions:
//!
//! - 2024-01-01 (vendored): get and delete a widget.
//! - 2024-06-01: adds `start` (additive).
//! - 2025-01-01: drops `delete` (breaking).
//! - 2026-01-01-preview: a preview, reported only with `--previews`.
//!
//! Commits are made with fixed names and dates so their hashes, and every output, are the same
//! on every run.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use specgen::lifecycle::check::sha256_hex;

pub const ENTRY: &str = "widgets/stable/VERSION/widgets.json";
pub const COMMON: &str = "widgets/common/types.json";

/// The folder holding the project (`widgets/`); commands run in it, so outputs show relative
/// paths only.
pub struct Workspace {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Workspace {
    pub fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("widgets");
        std::fs::create_dir_all(&root).unwrap();
        let ws = Workspace { _dir: dir, root };
        ws.upstream_init();
        ws.vendor("2024-01-01");
        ws
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// `specgen ARGS` in the workspace: (exit code, stdout, stderr).
    pub fn specgen(&self, args: &[&str]) -> (i32, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_specgen"))
            .current_dir(&self.root)
            .args(args)
            .output()
            .expect("specgen runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// `git ARGS` in `dir` (relative to the workspace), deterministic identity and dates.
    pub fn git(&self, dir: &str, args: &[&str]) -> String {
        let out = Command::new("git")
            .current_dir(self.path(dir))
            .args(["-c", "user.name=upstream", "-c", "user.email=upstream@example.com"])
            .args(["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"])
            .args(args)
            .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn upstream_init(&self) {
        std::fs::create_dir_all(self.path("upstream")).unwrap();
        self.git("upstream", &["init", "-q"]);
        self.write(&format!("upstream/{COMMON}"), &pretty(&common()));
        for version in ["2024-01-01", "2024-06-01", "2025-01-01", "2026-01-01-preview"] {
            self.write(
                &format!("upstream/{}", entry(version)),
                &pretty(&spec(version, "Gets a widget.")),
            );
        }
        // Other services upstream, which no command here needs (a partial fetch leaves them out).
        self.write("upstream/gadgets/stable/2024-01-01/gadgets.json", &"x".repeat(100_000));
        self.commit("upstream");
    }

    pub fn commit(&self, message: &str) {
        self.git("upstream", &["add", "-A"]);
        self.git("upstream", &["commit", "-q", "-m", message]);
    }

    /// The project pinned at `version`: the upstream files copied, recorded with their sha256.
    fn vendor(&self, version: &str) {
        let head = self.git("upstream", &["rev-parse", "HEAD"]);
        let mut records = String::new();
        for file in [COMMON.to_string(), entry(version)] {
            let bytes = std::fs::read(self.path(&format!("upstream/{file}"))).unwrap();
            self.write(&format!("api/{file}"), std::str::from_utf8(&bytes).unwrap());
            records.push_str(&format!(
                "\n[[file]]\npath = \"{file}\"\nrepo = \"example/widgets-specs\"\ncommit = \"{head}\"\nupstream_path = \"{file}\"\nsha256 = \"{}\"\n",
                sha256_hex(&bytes)
            ));
        }
        let manifest = format!(
            r#"# The widgets API, vendored from upstream.
[crate]
name = "widgets_client"
version = "0.3.1"

[[service]]
name = "widgets"
module = "widgets"
feature = "widgets"
client = "WidgetsClient"
api_version = "{version}"
entry = ["{}"]
{records}"#,
            entry(version)
        );
        self.write("api/specs.toml", &manifest);
    }
}

pub fn entry(version: &str) -> String {
    let kind = if version.ends_with("-preview") {
        "preview"
    } else {
        "stable"
    };
    ENTRY.replace("stable/VERSION", &format!("{kind}/{version}"))
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap() + "\n"
}

fn common() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Common types", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Widget": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "color": {"type": "string"}}
        }}}
    })
}

/// The widgets API at `version`; `get_description` is the GET's description.
pub fn spec(version: &str, get_description: &str) -> Value {
    let name = json!({"name": "name", "in": "path", "required": true, "schema": {"type": "string"}});
    let widget = json!({"$ref": "../../common/types.json#/components/schemas/Widget"});
    let mut paths = serde_json::Map::new();
    let mut item = json!({
        "get": {
            "operationId": "Widgets_Get",
            "description": get_description,
            "parameters": [name],
            "responses": {"200": {"description": "The widget.", "content": {"application/json": {"schema": widget}}}}
        }
    });
    if version < "2025-01-01" {
        item["delete"] = json!({
            "operationId": "Widgets_Delete",
            "parameters": [name],
            "responses": {"204": {"description": "Deleted."}}
        });
    }
    paths.insert("/widgets/{name}".into(), item);
    if version >= "2024-06-01" {
        paths.insert(
            "/widgets/{name}/start".into(),
            json!({"post": {
                "operationId": "Widgets_Start",
                "parameters": [name],
                "responses": {"202": {"description": "Starting."}}
            }}),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Widgets", "version": version},
        "servers": [{"url": "https://widgets.example.com"}],
        "paths": paths
    })
}

/// Files below `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
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
