//! Broken input through the public entry point `specgen::generate`: no panic, an error that
//! names the file and where in it (JSON pointer, or line:col for syntax errors). The rendered
//! diagnostics are snapshotted with the temp directory replaced by `[TMP]`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use specgen::{CrateConfig, Flavor, ServiceConfig};

struct Case {
    name: &'static str,
    /// Files written to the temp specs root: (relative path, contents).
    files: Vec<(&'static str, String)>,
    entry: &'static str,
    include: &'static [&'static str],
    /// Substrings the rendered diagnostics must contain (file and location at least).
    expect: &'static [&'static str],
}

/// A valid Swagger 2.0 document; `PATHS` (and `DEFINITIONS`) are replaced per case.
const SWAGGER: &str = r##"{
  "swagger": "2.0",
  "info": { "title": "Things", "version": "2024-01-01" },
  "host": "management.azure.com",
  "schemes": ["https"],
  "produces": ["application/json"],
  "paths": PATHS,
  "definitions": DEFINITIONS
}
"##;

const THING: &str = r##"{
    "Thing": { "type": "object", "properties": { "name": { "type": "string" } } }
  }"##;

const GET_THING: &str = r##"{
    "/things": {
      "get": {
        "operationId": "Things_List",
        "parameters": [],
        "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Thing" } } }
      }
    }
  }"##;

const BROKEN_LOCAL: &str = r##"{
    "/things": {
      "get": {
        "operationId": "Things_List",
        "parameters": [],
        "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Missing" } } }
      }
    }
  }"##;

const BROKEN_CROSS_FILE: &str = r##"{
    "/things": {
      "get": {
        "operationId": "Things_List",
        "parameters": [],
        "responses": { "200": { "description": "OK", "schema": { "$ref": "./common/types.json#/definitions/Missing" } } }
      }
    }
  }"##;

const MISSING_CROSS_FILE: &str = r##"{
    "/things": {
      "get": {
        "operationId": "Things_List",
        "parameters": [],
        "responses": { "200": { "description": "OK", "schema": { "$ref": "./common/absent.json#/definitions/Thing" } } }
      }
    }
  }"##;

const UNDECLARED_PARAM: &str = r##"{
    "/things/{thingName}": {
      "get": {
        "operationId": "Things_Get",
        "parameters": [],
        "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Thing" } } }
      }
    }
  }"##;

const COMMON_TYPES: &str = r##"{
  "swagger": "2.0",
  "info": { "title": "Common types", "version": "1" },
  "paths": {},
  "definitions": { "Other": { "type": "string" } }
}
"##;

/// Line 6 has a trailing comma before `}`.
const MALFORMED_JSON: &str = r##"{
  "swagger": "2.0",
  "info": { "title": "Things", "version": "2024-01-01" },
  "paths": {},
  "definitions": {
    "Thing": { "type": "object", },
  }
}
"##;

/// Line 7 opens a flow sequence that never closes.
const MALFORMED_YAML: &str = "\
openapi: 3.0.1
info:
  title: Things
  version: v1.0
paths:
  /things:
    get: [operationId: Things_List
      responses:
        '200':
          description: OK
";

fn spec(paths: &str) -> String {
    spec_with(paths, THING)
}

fn spec_with(paths: &str, definitions: &str) -> String {
    SWAGGER.replace("PATHS", paths).replace("DEFINITIONS", definitions)
}

/// `GET /things` with extra operation fields (`"x-ms-pageable": ...`) and a response schema.
fn list_things(extra: &str, schema: &str) -> String {
    format!(
        r##"{{
    "/things": {{
      "get": {{
        "operationId": "Things_List",
        "parameters": [],
        {extra}
        "responses": {{ "200": {{ "description": "OK", "schema": {schema} }} }}
      }}
    }}
  }}"##
    )
}

const UNKNOWN_VERSION: &str = r##"{
  "swagger": "1.2",
  "info": { "title": "Things", "version": "2024-01-01" },
  "paths": {}
}
"##;

const MALFORMED_LOCAL: &str = r##"{
    "/things": {
      "get": {
        "operationId": "Things_List",
        "parameters": [],
        "responses": { "200": { "description": "OK", "schema": { "$ref": "#definitions/Thing" } } }
      }
    }
  }"##;

const REFERS_TO_COMMON: &str = r##"{
    "/things": {
      "get": {
        "operationId": "Things_List",
        "parameters": [],
        "responses": { "200": { "description": "OK", "schema": { "$ref": "./common/types.json#/definitions/Other" } } }
      }
    }
  }"##;

/// `Other` refers to its neighbour with a `$ref` that is not a string.
const MALFORMED_COMMON_TYPES: &str = r##"{
  "swagger": "2.0",
  "info": { "title": "Common types", "version": "1" },
  "paths": {},
  "definitions": {
    "Other": { "type": "object", "properties": { "inner": { "$ref": 42 } } }
  }
}
"##;

const CYCLE: &str = r##"{
    "Thing": { "$ref": "#/definitions/Alias" },
    "Alias": { "$ref": "#/definitions/Thing" }
  }"##;

const PARAM_NOT_IN_TEMPLATE: &str = r##"{
    "/things": {
      "get": {
        "operationId": "Things_Get",
        "parameters": [ { "name": "thingName", "in": "path", "required": true, "type": "string" } ],
        "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Thing" } } }
      }
    }
  }"##;

const ENUM_WITHOUT_VALUES: &str = r##"{
    "Thing": {
      "type": "object",
      "properties": { "kind": { "type": "string", "x-ms-enum": { "name": "Kind", "modelAsString": true } } }
    }
  }"##;

const THING_REF: &str = r##"{ "$ref": "#/definitions/Thing" }"##;

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "broken_local_ref",
            files: vec![("things.json", spec(BROKEN_LOCAL))],
            entry: "things.json",
            include: &[],
            expect: &[
                "things.json",
                "#/paths/~1things/get/responses/200/schema",
                "#/definitions/Missing",
            ],
        },
        Case {
            name: "broken_cross_file_ref",
            files: vec![
                ("common/types.json", COMMON_TYPES.to_string()),
                ("things.json", spec(BROKEN_CROSS_FILE)),
            ],
            entry: "things.json",
            include: &[],
            expect: &[
                "things.json",
                "#/paths/~1things/get/responses/200/schema",
                "common/types.json",
                "Missing",
            ],
        },
        Case {
            name: "missing_cross_file",
            files: vec![("things.json", spec(MISSING_CROSS_FILE))],
            entry: "things.json",
            include: &[],
            expect: &[
                "things.json",
                "#/paths/~1things/get/responses/200/schema",
                "common/absent.json",
            ],
        },
        Case {
            name: "malformed_json",
            files: vec![("things.json", MALFORMED_JSON.to_string())],
            entry: "things.json",
            include: &[],
            expect: &["things.json:6:"],
        },
        Case {
            name: "malformed_yaml",
            files: vec![("things.yaml", MALFORMED_YAML.to_string())],
            entry: "things.yaml",
            include: &[],
            expect: &["things.yaml:"],
        },
        Case {
            name: "missing_entry",
            files: vec![],
            entry: "absent.json",
            include: &[],
            expect: &["absent.json"],
        },
        Case {
            name: "include_selects_nothing",
            files: vec![("things.json", spec(GET_THING))],
            entry: "things.json",
            include: &["/nothing#GET"],
            expect: &["/nothing#GET", "things.json#/paths"],
        },
        Case {
            name: "unknown_spec_version",
            files: vec![("things.json", UNKNOWN_VERSION.to_string())],
            entry: "things.json",
            include: &[],
            expect: &["things.json#", "swagger: \"1.2\""],
        },
        Case {
            name: "malformed_local_ref",
            files: vec![("things.json", spec(MALFORMED_LOCAL))],
            entry: "things.json",
            include: &[],
            expect: &[
                "things.json#/paths/~1things/get/responses/200/schema",
                "#definitions/Thing",
            ],
        },
        Case {
            name: "malformed_cross_file_ref",
            files: vec![
                ("common/types.json", MALFORMED_COMMON_TYPES.to_string()),
                ("things.json", spec(REFERS_TO_COMMON)),
            ],
            entry: "things.json",
            include: &[],
            expect: &["common/types.json#/definitions/Other/properties/inner", "42"],
        },
        Case {
            name: "ref_cycle",
            files: vec![("things.json", spec_with(GET_THING, CYCLE))],
            entry: "things.json",
            include: &[],
            expect: &[
                "things.json#/definitions/",
                "`Thing`",
                "`Alias`",
                "#/paths/~1things/get/responses/200/schema",
            ],
        },
        Case {
            name: "path_parameter_not_in_template",
            files: vec![("things.json", spec(PARAM_NOT_IN_TEMPLATE))],
            entry: "things.json",
            include: &[],
            expect: &["things.json#/paths/~1things/get", "thingName"],
        },
        Case {
            name: "x_ms_enum_without_values",
            files: vec![("things.json", spec_with(GET_THING, ENUM_WITHOUT_VALUES))],
            entry: "things.json",
            include: &[],
            expect: &["things.json#/definitions/Thing/properties/kind/x-ms-enum"],
        },
        Case {
            name: "x_ms_pageable_next_link_name",
            files: vec![(
                "things.json",
                spec(&list_things(r#""x-ms-pageable": { "nextLinkName": 5 },"#, THING_REF)),
            )],
            entry: "things.json",
            include: &[],
            expect: &["things.json#/paths/~1things/get/x-ms-pageable/nextLinkName", "`5`"],
        },
        Case {
            name: "x_ms_long_running_final_state_via",
            files: vec![(
                "things.json",
                spec(&list_things(
                    r#""x-ms-long-running-operation": true, "x-ms-long-running-operation-options": { "final-state-via": "somewhere" },"#,
                    THING_REF,
                )),
            )],
            entry: "things.json",
            include: &[],
            expect: &[
                "things.json#/paths/~1things/get/x-ms-long-running-operation-options/final-state-via",
                "somewhere",
            ],
        },
        Case {
            name: "undeclared_path_parameter",
            files: vec![("things.json", spec(UNDECLARED_PARAM))],
            entry: "things.json",
            include: &[],
            expect: &["things.json", "#/paths/~1things~1{thingName}/get", "thingName"],
        },
    ]
}

/// The rendered diagnostics of a run that must fail, with the temp directory redacted.
fn run(case: &Case) -> String {
    let tmp = tempfile::tempdir().unwrap();
    for (path, contents) in &case.files {
        let path = tmp.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    let krate = CrateConfig {
        name: "things".into(),
        version: "0.0.0".into(),
        command: "test".into(),
    };
    let service = ServiceConfig {
        name: "things".into(),
        module: "things".into(),
        feature: "things".into(),
        client: "ThingsClient".into(),
        flavor: Flavor::Arm,
        api_version: Some("2024-01-01".into()),
        entry: vec![case.entry.into()],
        include: case.include.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    let root = tmp.path().to_path_buf();
    let result = catch_unwind(AssertUnwindSafe(|| specgen::generate(&krate, &[service], &root)))
        .unwrap_or_else(|_| panic!("{}: the generator panicked", case.name));
    let diagnostics = match result {
        Ok(generated) => panic!(
            "{}: generation succeeded ({} files, warnings: {:?})",
            case.name,
            generated.files.len(),
            generated.warnings.iter().map(ToString::to_string).collect::<Vec<_>>()
        ),
        Err(diagnostics) => diagnostics,
    };
    assert!(diagnostics.has_errors(), "{}: failed without an error", case.name);
    let mut text = diagnostics.to_string();
    for prefix in [root.canonicalize().unwrap(), root] {
        text = text.replace(&format!("{}/", prefix.display()), "[TMP]/");
        text = text.replace(&prefix.display().to_string(), "[TMP]");
    }
    text
}

#[test]
fn broken_specs_are_located_errors() {
    let mut failures = Vec::new();
    for case in cases() {
        let text = run(&case);
        for expected in case.expect {
            if !text.contains(expected) {
                failures.push(format!("{}: {expected:?} missing from:\n{text}", case.name));
            }
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_description(format!("specgen::generate on the `{}` case", case.name));
        settings.bind(|| insta::assert_snapshot!(format!("generator_errors__{}", case.name), text));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
