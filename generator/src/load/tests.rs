//! Data-driven tests of [`super::load`]: each case writes a few files into a fresh temporary
//! directory, loads the entries, and compares the bundle (or the errors).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use super::*;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Writes `files` (name → content; a `Value` is written as JSON, a string as is) into a temp dir.
fn write(files: &[(&str, Value)]) -> PathBuf {
    // Under target/ rather than the system temp dir, so test runs leave nothing behind.
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
    let dir = workspace.join("target/test-tmp").join(format!(
        "specgen-load-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    for (name, content) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = match content {
            Value::String(s) => s.clone(),
            other => serde_json::to_string_pretty(other).unwrap(),
        };
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn run(files: &[(&str, Value)], entries: &[&str]) -> (PathBuf, Result<Bundle, Diagnostics>) {
    let dir = write(files);
    let entries: Vec<PathBuf> = entries.iter().map(|e| dir.join(e)).collect();
    let result = load(&entries);
    (dir, result)
}

/// Loads and compares the bundled document with `expected`.
fn check(files: &[(&str, Value)], entries: &[&str], expected: Value) -> Bundle {
    let (_, result) = run(files, entries);
    let bundle = result.unwrap_or_else(|e| panic!("load failed:\n{e}"));
    assert_eq!(
        bundle.document,
        expected,
        "\ngot:\n{}\n",
        serde_json::to_string_pretty(&bundle.document).unwrap()
    );
    // Key order is part of the output.
    assert_eq!(
        serde_json::to_string(&bundle.document).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
    bundle
}

/// Loads, expects failure, and checks that some error's text contains each of `needles`
/// (`{dir}` is replaced by the temp dir).
fn check_err(files: &[(&str, Value)], entries: &[&str], needles: &[&str]) {
    let (dir, result) = run(files, entries);
    let errors = match result {
        Ok(b) => panic!("expected an error, got {}", b.document),
        Err(e) => e,
    };
    let text = errors.to_string();
    for needle in needles {
        let needle = needle.replace("{dir}", &dir.display().to_string());
        assert!(text.contains(&needle), "`{needle}` not in:\n{text}");
    }
}

fn swagger(extra: Value) -> Value {
    let mut doc = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}});
    if let (Some(d), Some(e)) = (doc.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            d.insert(k.clone(), v.clone());
        }
    }
    doc
}

#[test]
fn local_refs_are_kept() {
    let doc = swagger(
        json!({"definitions": {"A": {"properties": {"b": {"$ref": "#/definitions/B"}}}, "B": {"type": "string"}}}),
    );
    check(&[("a.json", doc.clone())], &["a.json"], doc);
}

#[test]
fn cross_file_definitions_are_pulled_transitively() {
    let a = swagger(json!({"definitions": {"A": {"$ref": "./sub/t.json#/definitions/T"}}}));
    let t = json!({"definitions": {"T": {"properties": {"u": {"$ref": "#/definitions/U"}}}, "U": {"type": "integer"}, "Unused": {}}});
    let bundle = check(
        &[("a.json", a), ("sub/t.json", t)],
        &["a.json"],
        swagger(json!({"definitions": {
            "A": {"$ref": "#/definitions/T"},
            "T": {"properties": {"u": {"$ref": "#/definitions/U"}}},
            "U": {"type": "integer"}
        }})),
    );
    let at = bundle.source_map.locate("/definitions/T/properties/u");
    assert!(at.file.ends_with("sub/t.json"), "{at}");
    assert_eq!(at.pointer, "/definitions/T/properties/u");
    assert!(bundle.source_map.locate("/definitions/A").file.ends_with("a.json"));
}

#[test]
fn parameters_and_responses_go_to_their_sections() {
    let a = swagger(json!({"paths": {"/x": {"get": {
        "parameters": [{"$ref": "common.json#/parameters/Api"}],
        "responses": {"default": {"$ref": "common.json#/responses/Err"}}
    }}}}));
    let common = json!({
        "parameters": {"Api": {"name": "api-version", "in": "query", "type": "string", "x-ms-parameter-location": "client"}},
        "responses": {"Err": {"description": "e", "schema": {"$ref": "#/definitions/E"}}},
        "definitions": {"E": {"type": "object"}}
    });
    check(
        &[("a.json", a), ("common.json", common)],
        &["a.json"],
        swagger(json!({
            "paths": {"/x": {"get": {
                "parameters": [{"$ref": "#/parameters/Api"}],
                "responses": {"default": {"$ref": "#/responses/Err"}}
            }}},
            "definitions": {"E": {"type": "object"}},
            "parameters": {"Api": {"name": "api-version", "in": "query", "type": "string", "x-ms-parameter-location": "client"}},
            "responses": {"Err": {"description": "e", "schema": {"$ref": "#/definitions/E"}}}
        })),
    );
}

#[test]
fn cycles_and_refs_into_the_middle_of_a_node() {
    let a = swagger(json!({"definitions": {
        "A": {"$ref": "o.json#/definitions/Node/properties/next"}
    }}));
    let o = json!({"definitions": {"Node": {"properties": {"next": {"$ref": "#/definitions/Node"}}}}});
    check(
        &[("a.json", a), ("o.json", o)],
        &["a.json"],
        swagger(json!({"definitions": {
            "A": {"$ref": "#/definitions/Node/properties/next"},
            "Node": {"properties": {"next": {"$ref": "#/definitions/Node"}}}
        }})),
    );
}

/// YAML documents split across files that refer to each other through nodes that are not
/// components: the inner occurrence of the cycle refers to where the node was copied.
#[test]
fn cycles_through_inlined_nodes_across_files() {
    let a = Value::String(
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'b.yaml#/folder'}\n".into(),
    );
    let b = Value::String(
        "folder:\n  type: object\n  properties:\n    items:\n      type: array\n      items: {$ref: 'c.yaml#/entry'}\n"
            .into(),
    );
    let c = Value::String("entry:\n  type: object\n  properties:\n    parent: {$ref: 'b.yaml#/folder'}\n".into());
    let schema = "/paths/~1x/get/responses/200/content/application~1json/schema";
    let (_, result) = run(&[("a.yaml", a), ("b.yaml", b), ("c.yaml", c)], &["a.yaml"]);
    let bundle = result.unwrap_or_else(|e| panic!("{e}"));
    let parent = bundle
        .document
        .pointer(&format!("{schema}/properties/items/items/properties/parent/$ref"))
        .cloned();
    assert_eq!(parent, Some(json!(format!("#{schema}"))), "{}", bundle.document);
}

#[test]
fn examples_are_not_followed() {
    let a = swagger(json!({"paths": {"/x": {"get": {
        "x-ms-examples": {"E": {"$ref": "./examples/missing.json"}},
        "responses": {"200": {"description": "ok", "examples": {"application/json": {"$ref": "nowhere"}}}}
    }}}}));
    check(&[("a.json", a.clone())], &["a.json"], a);
}

#[test]
fn clashing_names_are_renamed_identical_ones_merged() {
    let a = swagger(json!({"definitions": {
        "R": {"$ref": "v6/types.json#/definitions/Resource"},
        "S": {"$ref": "n.json#/definitions/Resource"},
        "T": {"$ref": "n.json#/definitions/Same"},
        "Same": {"type": "boolean"},
        "Resource": {"type": "string"}
    }}));
    let types = json!({"definitions": {"Resource": {"properties": {"id": {"type": "string"}}}}});
    let n =
        json!({"definitions": {"Resource": {"properties": {"id": {"type": "integer"}}}, "Same": {"type": "boolean"}}});
    let a2 = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, "definitions": {"Same": {"type": "boolean"}}});
    let bundle = check(
        &[("a.json", a), ("a2.json", a2), ("v6/types.json", types), ("n.json", n)],
        &["a.json", "a2.json"],
        swagger(json!({"definitions": {
            "R": {"$ref": "#/definitions/types_Resource"},
            "S": {"$ref": "#/definitions/n_Resource"},
            "T": {"$ref": "#/definitions/Same"},
            "Same": {"type": "boolean"},
            "Resource": {"type": "string"},
            "types_Resource": {"properties": {"id": {"type": "string"}}},
            "n_Resource": {"properties": {"id": {"type": "integer"}}}
        }})),
    );
    assert_eq!(bundle.warnings.len(), 2, "{:?}", bundle.warnings);
    assert!(
        bundle
            .source_map
            .locate("/definitions/types_Resource/properties")
            .file
            .ends_with("v6/types.json")
    );
}

#[test]
fn same_content_with_different_targets_is_not_merged() {
    // Both files define W → V, but the two V differ: W must not be merged either.
    let a = swagger(json!({"definitions": {"W": {"$ref": "#/definitions/V"}, "V": {"type": "string"}}}));
    let b = swagger(json!({"definitions": {"W": {"$ref": "#/definitions/V"}, "V": {"type": "integer"}}}));
    check(
        &[("a.json", a), ("b.json", b)],
        &["a.json", "b.json"],
        swagger(json!({"definitions": {
            "W": {"$ref": "#/definitions/V"},
            "V": {"type": "string"},
            "b_W": {"$ref": "#/definitions/b_V"},
            "b_V": {"type": "integer"}
        }})),
    );
}

#[test]
fn recursive_identical_components_merge() {
    let doc = swagger(json!({"definitions": {"T": {"properties": {"c": {"items": {"$ref": "#/definitions/T"}}}}}}));
    check(
        &[("a.json", doc.clone()), ("b.json", doc.clone())],
        &["a.json", "b.json"],
        doc,
    );
}

#[test]
fn paths_union_and_merge_of_methods() {
    let a = swagger(json!({"paths": {"/x": {"get": {"responses": {}}}}}));
    let b = swagger(json!({"paths": {"/x": {"put": {"responses": {}}}, "/y": {"get": {"responses": {}}}}}));
    let bundle = check(
        &[("a.json", a), ("b.json", b)],
        &["a.json", "b.json"],
        swagger(
            json!({"paths": {"/x": {"get": {"responses": {}}, "put": {"responses": {}}}, "/y": {"get": {"responses": {}}}}}),
        ),
    );
    assert!(bundle.source_map.locate("/paths/~1x/put").file.ends_with("b.json"));
    assert!(bundle.source_map.locate("/paths/~1x/get").file.ends_with("a.json"));
}

#[test]
fn yaml_openapi3_components_and_mapping() {
    let a = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        2XX:\n          $ref: 'c.yaml#/components/responses/R'\n";
    let c = "components:\n  responses:\n    R:\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '#/components/schemas/Base'}\n  schemas:\n    Base:\n      discriminator:\n        propertyName: k\n        mapping: {d: '#/components/schemas/D', e: E}\n    D: {allOf: [{$ref: '#/components/schemas/Base'}]}\n    E: {type: object}\n";
    check(
        &[("a.yaml", Value::String(a.into())), ("c.yaml", Value::String(c.into()))],
        &["a.yaml"],
        json!({"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": {"responses": {"2XX": {"$ref": "#/components/responses/R"}}}}},
        "components": {
            "schemas": {
                "Base": {"discriminator": {"propertyName": "k", "mapping": {"d": "#/components/schemas/D", "e": "#/components/schemas/E"}}},
                "D": {"allOf": [{"$ref": "#/components/schemas/Base"}]},
                "E": {"type": "object"}
            },
            "responses": {"R": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Base"}}}}}
        }}),
    );
}

#[test]
fn non_component_targets_are_inlined() {
    let a = swagger(json!({"definitions": {"A": {"$ref": "pet.json"}}}));
    let pet = json!({"type": "object", "properties": {"o": {"$ref": "#/definitions/Owner"}}, "definitions": {"Owner": {"type": "string"}}});
    check(
        &[("a.json", a), ("pet.json", pet)],
        &["a.json"],
        swagger(json!({"definitions": {
            "A": {"type": "object", "properties": {"o": {"$ref": "#/definitions/Owner"}}, "definitions": {"Owner": {"type": "string"}}},
            "Owner": {"type": "string"}
        }})),
    );
}

#[test]
fn errors_name_file_and_pointer() {
    let ok = || swagger(json!({}));
    check_err(&[], &["missing.json"], &["cannot read `{dir}/missing.json`"]);
    check_err(
        &[("a.json", Value::String("{\n \"swagger\": \"2.0\",\n x}".into()))],
        &["a.json"],
        &["invalid JSON", "{dir}/a.json:3:2#"],
    );
    check_err(
        &[("a.yaml", Value::String("openapi: 3.0.0\npaths: [a\n".into()))],
        &["a.yaml"],
        &["invalid YAML", "{dir}/a.yaml:3:1#"],
    );
    check_err(
        &[("a.json", json!({"info": {}}))],
        &["a.json"],
        &["unknown spec version", "{dir}/a.json#"],
    );
    check_err(
        &[("a.json", json!({"swagger": "1.2"}))],
        &["a.json"],
        &["unknown spec version `swagger: \"1.2\"`"],
    );
    check_err(
        &[(
            "a.json",
            swagger(json!({"definitions": {"A": {"$ref": "#/definitions/Nope"}}})),
        )],
        &["a.json"],
        &[
            "dangling $ref `#/definitions/Nope`",
            "{dir}/a.json#/definitions/A",
            "target: {dir}/a.json#/definitions/Nope",
        ],
    );
    check_err(
        &[
            (
                "a.json",
                swagger(json!({"definitions": {"A": {"$ref": "other.json#/definitions/X"}}})),
            ),
            ("other.json", json!({})),
        ],
        &["a.json"],
        &[
            "dangling $ref `other.json#/definitions/X`",
            "{dir}/other.json",
            "{dir}/a.json#/definitions/A",
        ],
    );
    check_err(
        &[(
            "a.json",
            swagger(json!({"definitions": {"A": {"$ref": "gone.json#/definitions/X"}}})),
        )],
        &["a.json"],
        &[
            "cannot read `{dir}/gone.json`",
            "referenced by $ref `gone.json#/definitions/X` at {dir}/a.json#/definitions/A",
        ],
    );
    check_err(
        &[("a.json", swagger(json!({"definitions": {"A": {"$ref": 3}}})))],
        &["a.json"],
        &["malformed $ref", "{dir}/a.json#/definitions/A"],
    );
    check_err(
        &[(
            "a.json",
            swagger(json!({"definitions": {"A": {"$ref": "#definitions/B"}}})),
        )],
        &["a.json"],
        &["malformed $ref `#definitions/B`", "{dir}/a.json#/definitions/A"],
    );
    check_err(
        &[
            ("a.json", swagger(json!({"paths": {"/x": {"get": {}}}}))),
            ("b.json", swagger(json!({"paths": {"/x": {"get": {}}}}))),
        ],
        &["a.json", "b.json"],
        &["operation `GET /x` is defined in both", "{dir}/b.json#/paths/~1x/get"],
    );
    check_err(
        &[("a.json", ok()), ("b.yaml", Value::String("openapi: 3.0.0\n".into()))],
        &["a.json", "b.yaml"],
        &["must share one spec version"],
    );
    check_err(&[], &[], &["no entry files"]);
}

#[test]
fn never_panics_on_odd_documents() {
    for doc in [
        json!({"swagger": "2.0"}),
        json!({"swagger": "2.0", "paths": [], "definitions": 3}),
        json!({"swagger": "2.0", "paths": {"/x": 1}, "definitions": {"A": {"$ref": "#"}}}),
        json!({"swagger": "2.0", "definitions": {"A": {"$ref": "#/definitions/A"}}}),
        json!({"openapi": "3.0.0", "components": []}),
        json!({"openapi": "3.0.0", "components": {"schemas": {"A": {"$ref": "a.json"}}}}),
        json!([1, 2]),
    ] {
        let (_, _result) = run(&[("a.json", doc)], &["a.json"]);
    }
}

#[test]
fn version_detection() {
    let check = |doc: Value, expected: Option<SpecVersion>| {
        assert_eq!(detect_version(Path::new("x"), &doc).ok(), expected, "{doc}");
    };
    check(json!({"swagger": "2.0"}), Some(SpecVersion::Swagger2));
    check(json!({"swagger": 2.0}), Some(SpecVersion::Swagger2));
    check(json!({"openapi": "3.0.1"}), Some(SpecVersion::OpenApi3));
    check(json!({"openapi": "3.1.0"}), Some(SpecVersion::OpenApi3));
    check(json!({"openapi": "2.0"}), None);
    check(json!({"info": {}}), None);
    check(json!("x"), None);
}
