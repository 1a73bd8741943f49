//! How the model types request and response bodies that are not JSON: multipart parts (with
//! the spec's `encoding`), what stays raw bytes (with a warning), and text responses. The wire
//! side is `tests/tests/bodies.rs` (fixtures `bodies` and `form_data`).

use std::path::PathBuf;

use serde_json::{Value, json};
use specgen::model::ir::{Body, FormPart, Media, Operation, PartKind, ResponseBody, TypeRef};
use specgen::{ServiceConfig, Timings};

/// Models `spec` (written to a temporary file) and returns its operations and warnings.
fn model(name: &str, spec: Value) -> (Vec<Operation>, Vec<String>) {
    let dir = std::env::temp_dir().join(format!("specgen-bodies-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("spec.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&spec).unwrap()).unwrap();
    let service = ServiceConfig {
        name: "bodies".into(),
        module: "bodies".into(),
        feature: "bodies".into(),
        client: "BodiesClient".into(),
        entry: vec![PathBuf::from("spec.json")],
        ..Default::default()
    };
    let modeled = specgen::model_service(&service, &dir, &mut Timings::default()).expect("the spec models");
    std::fs::remove_dir_all(&dir).unwrap();
    let ops = modeled.api.resources.into_iter().flat_map(|r| r.operations).collect();
    (ops, modeled.warnings.iter().map(|w| w.to_string()).collect())
}

fn openapi(paths: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Bodies", "version": "1"},
        "servers": [{"url": "https://example.com"}],
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

fn post(body: Value) -> Value {
    json!({"/x": {"post": {"operationId": "x_Send", "requestBody": body, "responses": {"204": {"description": "ok"}}}}})
}

fn body(ops: &[Operation]) -> &Body {
    ops[0].body.as_ref().expect("a body")
}

fn parts(ops: &[Operation]) -> Vec<(&str, &PartKind)> {
    match &body(ops).media {
        Media::Multipart(m) => m
            .parts
            .iter()
            .map(|FormPart { wire_name, kind, .. }| (wire_name.as_str(), kind))
            .collect(),
        other => panic!("not multipart: {other:?}"),
    }
}

#[test]
fn multipart_parts_follow_the_merged_schema_and_its_encoding() {
    let schemas = json!({
        "Base": {"type": "object", "properties": {"kind": {"type": "string"}, "id": {"type": "string", "readOnly": true}}},
        "Upload": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "required": ["doc"], "properties": {
            "doc": {"type": "string", "format": "binary"},
            "pages": {"type": "array", "items": {"type": "string", "format": "binary"}},
            "meta": {"type": "object", "properties": {"a": {"type": "integer"}}}
        }}]}
    });
    let media = json!({"multipart/form-data": {
        "schema": {"$ref": "#/components/schemas/Upload"},
        "encoding": {
            "doc": {"contentType": "application/pdf"},
            "pages": {"contentType": "image/*"},
            "meta": {"style": "deepObject"},
            "missing": {"contentType": "text/plain"}
        }
    }});
    let (ops, warnings) = model(
        "merged",
        openapi(post(json!({"required": true, "content": media})), schemas),
    );
    let files = |list, content_type: &str| PartKind::Files {
        list,
        content_type: content_type.into(),
    };
    assert_eq!(
        parts(&ops),
        vec![
            ("kind", &PartKind::Value { content_type: None }),
            ("doc", &files(false, "application/pdf")),
            // A wildcard says what the server takes, not what the bytes are.
            ("pages", &files(true, "application/octet-stream")),
            ("meta", &PartKind::DeepObject),
        ],
        "read-only `id` is not sent"
    );
    assert!(matches!(&body(&ops).ty, TypeRef::Named(name) if name == "Upload"));
    let [warning] = &warnings[..] else {
        panic!("one warning expected: {warnings:#?}")
    };
    assert!(
        warning.contains("`encoding` names `missing`, which is not a property of the body")
            && warning.contains("#/paths/~1x/post/requestBody/content/multipart~1form-data/encoding/missing"),
        "{warning}"
    );
}

#[test]
fn multipart_without_an_object_schema_stays_bytes_with_a_warning() {
    let media = json!({"multipart/form-data": {"schema": {"type": "string"}}});
    let (ops, warnings) = model(
        "string",
        openapi(post(json!({"required": true, "content": media})), json!({})),
    );
    assert_eq!(body(&ops).media, Media::Bytes("multipart/form-data".into()));
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("request body media type `multipart/form-data` is not supported")),
        "{warnings:#?}"
    );
}

#[test]
fn swagger_form_data_files_are_file_parts_and_lists_follow_their_collection_format() {
    let spec = json!({
        "swagger": "2.0",
        "info": {"title": "Bodies", "version": "1"},
        "host": "example.com",
        "paths": {"/x": {"post": {
            "operationId": "x_Send",
            "consumes": ["multipart/form-data"],
            "parameters": [
                {"name": "upload", "in": "formData", "type": "file", "required": true},
                {"name": "note", "in": "formData", "type": "string"},
                {"name": "ids", "in": "formData", "type": "array", "items": {"type": "string"}},
                {"name": "all", "in": "formData", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                {"name": "words", "in": "formData", "type": "array", "items": {"type": "string"}, "collectionFormat": "ssv"}
            ],
            "responses": {"204": {"description": "ok"}}
        }}}
    });
    let (ops, warnings) = model("swagger", spec);
    let octets = PartKind::Files {
        list: false,
        content_type: "application/octet-stream".into(),
    };
    assert_eq!(
        parts(&ops),
        vec![
            ("upload", &octets),
            ("note", &PartKind::Value { content_type: None }),
            // collectionFormat: csv by default, one part; multi, a part per item.
            ("ids", &PartKind::Delimited(',')),
            ("all", &PartKind::Value { content_type: None }),
            ("words", &PartKind::Delimited(' ')),
        ]
    );
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn text_responses_are_typed_by_their_scalar_schema_and_binary_ones_are_streams() {
    let get = |content: Value| json!({"get": {"operationId": "x_Get", "responses": {"200": {"description": "ok", "content": content}}}});
    let cases = [
        (
            json!({"text/plain": {"schema": {"type": "string"}}}),
            ResponseBody::Text(TypeRef::String),
        ),
        (
            json!({"text/plain": {"schema": {"$ref": "#/components/schemas/Count"}}}),
            ResponseBody::Text(TypeRef::I32),
        ),
        (
            json!({"text/csv": {"schema": {"type": "number"}}}),
            ResponseBody::Text(TypeRef::F64),
        ),
        (
            json!({"text/plain": {"schema": {"type": "boolean"}}}),
            ResponseBody::Text(TypeRef::Bool),
        ),
        // Binary schemas and media are streams.
        (
            json!({"text/plain": {"schema": {"type": "string", "format": "binary"}}}),
            ResponseBody::Stream,
        ),
        (json!({"application/octet-stream": {}}), ResponseBody::Stream),
        (
            json!({"image/png": {"schema": {"type": "string"}}}),
            ResponseBody::Stream,
        ),
        (
            json!({"application/x-tar": {"schema": {"$ref": "#/components/schemas/File"}}}),
            ResponseBody::Stream,
        ),
        // No schema says nothing about the text; XML is structured: the buffered bytes.
        (json!({"text/plain": {}}), ResponseBody::Bytes),
        (json!({"text/xml": {"schema": {"type": "string"}}}), ResponseBody::Bytes),
    ];
    for (i, (content, expected)) in cases.into_iter().enumerate() {
        let spec = openapi(
            json!({"/x": get(content.clone())}),
            json!({"Count": {"type": "integer", "format": "int32"}, "File": {"type": "string", "format": "binary"}}),
        );
        let (ops, _) = model(&format!("text{i}"), spec);
        assert_eq!(ops[0].response, expected, "{content}");
    }
}

#[test]
fn swagger_urlencoded_lists_follow_their_collection_format() {
    let spec = json!({
        "swagger": "2.0",
        "info": {"title": "Bodies", "version": "1"},
        "host": "example.com",
        "paths": {"/x": {"post": {
            "operationId": "x_Send",
            "consumes": ["application/x-www-form-urlencoded"],
            "parameters": [
                {"name": "ids", "in": "formData", "type": "array", "items": {"type": "string"}},
                {"name": "all", "in": "formData", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                {"name": "bars", "in": "formData", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"}
            ],
            "responses": {"204": {"description": "ok"}}
        }}}
    });
    let (ops, _) = model("urlencoded", spec);
    assert_eq!(
        body(&ops).media,
        Media::Form(vec![("ids".into(), ','), ("bars".into(), '|')])
    );
}
