//! `specgen diff` on two small spec files: Markdown or JSON on stdout, exit code 0 when nothing
//! breaking changed and 1 when something did.

use std::path::Path;
use std::process::Command;

const OLD: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Widgets", "version": "1"},
  "servers": [{"url": "https://example.com"}],
  "paths": {
    "/widgets": {"get": {"operationId": "Widgets_List", "responses": {"200": {"description": "ok",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}}}}}},
    "/widgets/{name}": {"delete": {"operationId": "Widgets_Delete",
      "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
      "responses": {"204": {"description": "gone"}}}}
  },
  "components": {"schemas": {"Widget": {"type": "object", "properties": {"name": {"type": "string"}}}}}
}"##;

fn run(dir: &Path, old: &str, new: &str, extra: &[&str]) -> (i32, String) {
    std::fs::write(dir.join("old.json"), old).unwrap();
    std::fs::write(dir.join("new.json"), new).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .arg("diff")
        .arg(dir.join("old.json"))
        .arg(dir.join("new.json"))
        .args(extra)
        .output()
        .expect("specgen runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_new_operation_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let new = OLD.replace(
        r#""/widgets": {"#,
        r#""/widgets/{name}/start": {"post": {"operationId": "Widgets_Start",
      "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
      "responses": {"202": {"description": "started"}}}},
    "/widgets": {"#,
    );
    let (code, out) = run(dir.path(), OLD, &new, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("- `POST /widgets/{name}/start`: operation `Widgets_Start` added (AddedOperation)"),
        "{out}"
    );
    assert!(out.contains("Verdict: not breaking."), "{out}");
}

#[test]
fn a_new_optional_property_breaks_only_the_rust_surface() {
    let dir = tempfile::tempdir().unwrap();
    let new = OLD.replace(
        r#""properties": {"name": {"type": "string"}}"#,
        r#""properties": {"name": {"type": "string"}, "color": {"type": "string"}}"#,
    );
    let (code, out) = run(dir.path(), OLD, &new, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("- `model Widget.color`: optional property added (`string`) (AddedOptionalProperty)"),
        "{out}"
    );
    assert!(out.contains("| breaking | 0 | 1 |"), "{out}");
    let (code, out) = run(dir.path(), OLD, &new, &["--api-only"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_removed_operation_exits_1_and_json_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let start = OLD.find(r#""/widgets/{name}""#).unwrap();
    let end = OLD.find("\n  },\n  \"components\"").unwrap();
    let new = format!("{}{}", OLD[..start].trim_end().trim_end_matches(','), &OLD[end..]);
    let (code, out) = run(dir.path(), OLD, &new, &["--json"]);
    assert_eq!(code, 1, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON on stdout");
    assert_eq!(json["api"][0]["rule"], "RemovedOperation");
    assert_eq!(json["api"][0]["impact"], "breaking");
    assert_eq!(json["api"][0]["location"], "DELETE /widgets/{name}");
    // The generated client lost the method too.
    let rust = json["rust"].as_array().expect("Rust surface compared");
    assert!(
        rust.iter()
            .any(|c| c["impact"] == "breaking" && c["note"] == "fn removed"),
        "{rust:?}"
    );
}
