//! `specgen --expand`: navigation properties become fields only when named (issue 13). Runs
//! the real binary on a small Graph-style document: `manager` is a reference to an entity type,
//! `directReports` carries `x-ms-navigationProperty: true`.

use std::path::{Path, PathBuf};
use std::process::Command;

const SPEC: &str = r##"openapi: 3.0.1
info:
  title: People
  version: v1.0
servers:
  - url: https://graph.microsoft.com/v1.0/
paths:
  '/people/{person-id}':
    get:
      operationId: person_GetPerson
      parameters:
        - name: person-id
          in: path
          required: true
          schema:
            type: string
      responses:
        2XX:
          description: Retrieved entity
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/ns.person'
components:
  schemas:
    ns.entity:
      type: object
      properties:
        id:
          type: string
      additionalProperties:
        type: object
    ns.person:
      allOf:
        - $ref: '#/components/schemas/ns.entity'
        - type: object
          properties:
            displayName:
              type: string
              nullable: true
            manager:
              $ref: '#/components/schemas/ns.person'
            directReports:
              type: array
              items:
                $ref: '#/components/schemas/ns.person'
              x-ms-navigationProperty: true
          additionalProperties:
            type: object
"##;

fn temp_dir(name: &str) -> PathBuf {
    // Under target/ rather than the system temp dir, so test runs leave nothing behind.
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
    let dir = workspace
        .join("target/test-tmp")
        .join(format!("specgen-expand-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the CLI with `extra` flags; returns (success, stderr, the models file if written).
fn run(name: &str, extra: &[&str]) -> (bool, String, Option<String>) {
    let dir = temp_dir(name);
    std::fs::write(dir.join("people.yaml"), SPEC).unwrap();
    let out = dir.join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .arg("--spec")
        .arg(dir.join("people.yaml"))
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .expect("running specgen");
    let models = std::fs::read_to_string(out.join("src/people/models.rs")).ok();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        models,
    )
}

#[test]
fn navigation_properties_are_fields_only_when_expanded() {
    let field = |wire: &str| format!(" \"{wire}\" ");
    /// (name, flags, wire names that are fields, wire names that are not)
    type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str]);
    let cases: &[Case] = &[
        ("none", &[], &["displayName"], &["manager", "directReports"]),
        ("manager", &["--expand", "manager"], &["manager"], &["directReports"]),
        (
            "both",
            &["--expand", "manager", "--expand", "directReports"],
            &["manager", "directReports"],
            &[],
        ),
        ("all", &["--expand", "*"], &["manager", "directReports"], &[]),
    ];
    for (name, flags, fields, left_out) in cases {
        let (ok, stderr, models) = run(name, flags);
        assert!(ok, "{name}: {stderr}");
        let models = models.expect("models.rs");
        for wire in *fields {
            assert!(
                models.contains(&field(wire)),
                "{name}: `{wire}` is not a field:\n{models}"
            );
        }
        for wire in *left_out {
            assert!(!models.contains(&field(wire)), "{name}: `{wire}` is a field:\n{models}");
            assert!(
                models.contains("Navigation properties not generated") && models.contains(wire),
                "{name}: `{wire}` is not listed as left out:\n{models}"
            );
        }
    }
}

#[test]
fn an_expand_name_that_matches_nothing_is_an_error() {
    let (ok, stderr, models) = run("typo", &["--expand", "mangaer"]);
    assert!(!ok, "succeeded:\n{stderr}");
    assert!(models.is_none(), "wrote models despite the error");
    assert!(stderr.contains("expand `mangaer`"), "{stderr}");
    assert!(stderr.contains("people.yaml"), "{stderr}");
}
