//! The CLI's warnings: each printed once, a summary line at the end, and `--deny-warnings`
//! turning them into a failure that writes nothing. Runs the real `specgen` binary; stderr is
//! snapshotted with the temp directory replaced by `[TMP]`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Five warnings: two query parameters and two properties that become the same Rust names
/// (reported at the second), an `anyOf` without discriminator (typed as `serde_json::Value`), an
/// XML request body (sent as bytes), and a path-level cookie parameter shared by two operations
/// (met twice, printed once).
const SPEC: &str = r##"{
  "swagger": "2.0",
  "info": { "title": "Things", "version": "2024-01-01" },
  "host": "management.azure.com",
  "schemes": ["https"],
  "produces": ["application/json"],
  "paths": {
    "/things": {
      "get": {
        "operationId": "Things_List",
        "parameters": [
          { "name": "fooBar", "in": "query", "type": "string" },
          { "name": "foo_bar", "in": "query", "type": "string" }
        ],
        "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Thing" } } }
      }
    },
    "/things/import": {
      "post": {
        "operationId": "Things_Import",
        "consumes": ["application/xml"],
        "parameters": [ { "name": "document", "in": "body", "required": true, "schema": { "type": "string" } } ],
        "responses": { "204": { "description": "Imported" } }
      }
    },
    "/things/{name}": {
      "parameters": [ { "name": "session", "in": "cookie", "type": "string" } ],
      "delete": {
        "operationId": "Things_Delete",
        "parameters": [ { "name": "name", "in": "path", "required": true, "type": "string" } ],
        "responses": { "200": { "description": "OK" } }
      },
      "get": {
        "operationId": "Things_Get",
        "parameters": [ { "name": "name", "in": "path", "required": true, "type": "string" } ],
        "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Thing" } } }
      }
    }
  },
  "definitions": {
    "Thing": {
      "type": "object",
      "properties": {
        "shape": { "anyOf": [ { "type": "string" }, { "type": "integer" } ] },
        "fooBar": { "type": "string" },
        "foo_bar": { "type": "string" }
      }
    }
  }
}
"##;

fn temp_dir(name: &str) -> PathBuf {
    // Under target/ rather than the system temp dir, so test runs leave nothing behind.
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
    let dir = workspace
        .join("target/test-tmp")
        .join(format!("specgen-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the CLI on [`SPEC`]; returns (success, stderr with the temp dir redacted, out dir).
fn run(name: &str, extra: &[&str]) -> (bool, String, PathBuf) {
    let dir = temp_dir(name);
    std::fs::write(dir.join("things.json"), SPEC).unwrap();
    let out = dir.join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .arg("--spec")
        .arg(dir.join("things.json"))
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .expect("running specgen");
    let mut stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    stderr = stderr.replace(&format!("{}/", dir.display()), "[TMP]/");
    (output.status.success(), stderr, out)
}

#[test]
fn warnings_are_printed_once_and_summarized() {
    let (ok, stderr, out) = run("warn", &[]);
    assert!(ok, "{stderr}");
    assert!(out.join("Cargo.toml").exists());
    for line in stderr.lines().filter(|l| l.starts_with("warning: ")) {
        assert_eq!(
            stderr.matches(line).count(),
            1,
            "printed more than once: {line}\n{stderr}"
        );
    }
    assert!(
        stderr.contains("[TMP]/things.json#/paths/~1things/get/parameters/1"),
        "{stderr}"
    );
    insta::assert_snapshot!("cli_warnings", stderr);
}

#[test]
fn deny_warnings_fails_and_writes_nothing() {
    let (ok, stderr, out) = run("deny", &["--deny-warnings"]);
    assert!(!ok, "--deny-warnings succeeded:\n{stderr}");
    assert!(!out.exists(), "--deny-warnings wrote {}", out.display());
    assert!(stderr.contains("--deny-warnings"), "{stderr}");
    insta::assert_snapshot!("cli_deny_warnings", stderr);
}
