//! Data-driven tests of the Swagger 2.0 lowering: a small Swagger document in, the OpenAPI 3
//! document out (compared as JSON), and the result must parse into `openapiv3`.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::*;
use crate::load::{Bundle, SourceMap, SpecVersion};

fn bundle(extra: Value) -> Bundle {
    let mut doc = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}});
    if let (Some(d), Some(e)) = (doc.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            d.insert(k.clone(), v.clone());
        }
    }
    let mut source_map = SourceMap::new();
    source_map.insert("", Path::new("spec.json"), "");
    Bundle {
        document: doc,
        version: SpecVersion::Swagger2,
        source_map,
        warnings: Vec::new(),
    }
}

fn lowered(extra: Value) -> Value {
    let b = bundle(extra);
    let (doc, _, _) = lower_swagger2(&b);
    // It must also parse.
    if let Err(e) = normalize(b) {
        panic!("does not parse:\n{e}\n{}", serde_json::to_string_pretty(&doc).unwrap());
    }
    doc
}

/// Lowers `input` (top-level fields added to a minimal Swagger doc) and compares the node at
/// `at` of the result with `expected`.
fn check(input: Value, at: &str, expected: Value) {
    let doc = lowered(input);
    let got = doc.pointer(at).cloned().unwrap_or(Value::Null);
    assert_eq!(
        got,
        expected,
        "\nat {at}, got:\n{}",
        serde_json::to_string_pretty(&got).unwrap()
    );
}

fn op(o: Value) -> Value {
    json!({"paths": {"/x": {"post": o}}})
}

#[test]
fn top_level() {
    check(json!({}), "/openapi", json!("3.0.3"));
    check(
        json!({"host": "management.azure.com", "schemes": ["https"]}),
        "/servers",
        json!([{"url": "https://management.azure.com"}]),
    );
    check(
        json!({"host": "h", "basePath": "/v1/"}),
        "/servers",
        json!([{"url": "https://h/v1"}]),
    );
    check(
        json!({"host": "h", "basePath": "/", "schemes": ["http", "https"]}),
        "/servers",
        json!([{"url": "http://h"}, {"url": "https://h"}]),
    );
    check(json!({"basePath": "/api"}), "/servers", json!([{"url": "/api"}]));
    check(
        json!({"x-ms-code-generation-settings": {"a": 1}}),
        "/x-ms-code-generation-settings",
        json!({"a": 1}),
    );
    check(
        json!({"securityDefinitions": {"azure_auth": {"type": "oauth2", "authorizationUrl": "https://login/authorize", "flow": "implicit", "description": "d", "scopes": {"user_impersonation": "u"}}}}),
        "/components/securitySchemes/azure_auth",
        json!({"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://login/authorize", "scopes": {"user_impersonation": "u"}}}, "description": "d"}),
    );
    check(
        json!({"securityDefinitions": {"k": {"type": "apiKey", "name": "X-Key", "in": "header"}}}),
        "/components/securitySchemes/k",
        json!({"type": "apiKey", "name": "X-Key", "in": "header"}),
    );
    check(
        json!({"securityDefinitions": {"b": {"type": "basic"}}}),
        "/components/securitySchemes/b",
        json!({"type": "http", "scheme": "basic"}),
    );
}

#[test]
fn definitions_and_refs() {
    check(
        json!({"definitions": {"A": {"properties": {"b": {"$ref": "#/definitions/B"}, "c": {"$ref": "#/definitions/B/properties/x"}}}, "B": {"properties": {"x": {"type": "string"}}}}}),
        "/components/schemas/A",
        json!({"properties": {"b": {"$ref": "#/components/schemas/B"}, "c": {"$ref": "#/components/schemas/B/properties/x"}}}),
    );
    check(
        json!({"definitions": {"A": {"type": "object", "x-ms-azure-resource": true, "properties": {"p": {"type": "string", "x-ms-mutability": ["read"], "x-ms-secret": true}}}}}),
        "/components/schemas/A",
        json!({"type": "object", "x-ms-azure-resource": true, "properties": {"p": {"type": "string", "x-ms-mutability": ["read"], "x-ms-secret": true}}}),
    );
}

#[test]
fn parameters() {
    let input = json!({
        "parameters": {
            "Api": {"name": "api-version", "in": "query", "required": true, "type": "string", "x-ms-parameter-location": "client"},
            "Body": {"name": "parameters", "in": "body", "required": true, "schema": {"$ref": "#/definitions/X"}, "x-ms-client-flatten": true}
        },
        "definitions": {"X": {"type": "object"}},
        "paths": {"/x/{name}": {
            "parameters": [{"name": "name", "in": "path", "required": true, "type": "string"}],
            "put": {"operationId": "X_Put", "parameters": [{"$ref": "#/parameters/Api"}, {"$ref": "#/parameters/Body"}], "responses": {"200": {"description": "ok"}}}
        }}
    });
    let doc = lowered(input.clone());
    assert_eq!(
        doc.pointer("/paths/~1x~1{name}/parameters"),
        Some(&json!([{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}]))
    );
    assert_eq!(
        doc.pointer("/paths/~1x~1{name}/put"),
        Some(
            &json!({"operationId": "X_Put", "parameters": [{"$ref": "#/components/parameters/Api"}], "requestBody": {"$ref": "#/components/requestBodies/Body"}, "responses": {"200": {"description": "ok"}}, "x-ms-requestBody-index": 1})
        )
    );
    assert_eq!(
        doc.pointer("/components/parameters/Api"),
        Some(
            &json!({"name": "api-version", "in": "query", "required": true, "schema": {"type": "string"}, "x-ms-parameter-location": "client"})
        )
    );
    assert_eq!(
        doc.pointer("/components/requestBodies/Body"),
        Some(
            &json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}}, "required": true, "x-ms-requestBody-name": "parameters", "x-ms-client-flatten": true})
        )
    );
    // An operation with its own consumes gets the body inline.
    check(
        op(
            json!({"consumes": ["application/xml"], "parameters": [{"name": "b", "in": "body", "schema": {"type": "string"}}], "responses": {}}),
        ),
        "/paths/~1x/post/requestBody",
        json!({"content": {"application/xml": {"schema": {"type": "string"}}}, "x-ms-requestBody-name": "b"}),
    );
    check(
        op(json!({"parameters": [{"name": "f", "in": "formData", "type": "file", "required": true}], "responses": {}})),
        "/paths/~1x/post/requestBody",
        json!({"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"f": {"type": "string", "format": "binary"}}, "required": ["f"]}}}, "required": true}),
    );
    // Path-level body parameters move into each operation.
    check(
        json!({"paths": {"/x": {"parameters": [{"name": "b", "in": "body", "schema": {"type": "string"}}], "post": {"responses": {}}}}}),
        "/paths/~1x",
        json!({"post": {"responses": {}, "requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}, "x-ms-requestBody-name": "b"}}}),
    );
}

#[test]
fn responses() {
    check(
        json!({"produces": ["application/json", "text/json"], "paths": {"/x": {"get": {"responses": {
            "200": {"description": "ok", "schema": {"type": "string"}, "headers": {"Location": {"type": "string", "description": "l"}}, "x-ms-error-response": false},
            "202": {"description": "accepted"},
            "default": {"$ref": "#/responses/Err"}
        }}}}, "responses": {"Err": {"description": "e", "schema": {"type": "object"}}}}),
        "/paths/~1x/get/responses",
        json!({
            "200": {"description": "ok", "headers": {"Location": {"description": "l", "schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"type": "string"}}, "text/json": {"schema": {"type": "string"}}}, "x-ms-error-response": false},
            "202": {"description": "accepted"},
            "default": {"$ref": "#/components/responses/Err"}
        }),
    );
    check(
        op(
            json!({"produces": ["application/octet-stream"], "responses": {"200": {"description": "f", "schema": {"type": "file"}}}}),
        ),
        "/paths/~1x/post/responses/200/content",
        json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}),
    );
    check(
        op(
            json!({"responses": {"200": {"description": "x", "schema": {"type": "string"}, "examples": {"application/json": "hi"}}}}),
        ),
        "/paths/~1x/post/responses/200/content/application~1json",
        json!({"schema": {"type": "string"}, "example": "hi"}),
    );
}

#[test]
fn operation_extensions_and_x_ms_paths() {
    let o = json!({"operationId": "A_Delete", "x-ms-long-running-operation": true, "x-ms-long-running-operation-options": {"final-state-via": "location"}, "x-ms-pageable": {"nextLinkName": "nextLink"}, "x-ms-examples": {"E": {"$ref": "./examples/E.json"}}, "responses": {}});
    check(json!({"paths": {"/a": {"delete": o.clone()}}}), "/paths/~1a/delete", o);
    check(
        json!({"paths": {"/a": {"get": {"responses": {}}}}, "x-ms-paths": {"/a?op=b": {"get": {"responses": {}}}}}),
        "/paths",
        json!({"/a": {"get": {"responses": {}}}, "/a?op=b": {"get": {"responses": {}}}}),
    );
    check(json!({"x-ms-paths": {"/a?op=b": {}}}), "/x-ms-paths", Value::Null);
}

#[test]
fn schema_rules_in_context() {
    check(
        json!({"definitions": {
            "Base": {"discriminator": "kind", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
            "A": {"allOf": [{"$ref": "#/definitions/Base"}], "x-ms-discriminator-value": "a", "properties": {"p": {"$ref": "#/definitions/Base", "x-ms-client-flatten": true, "x-nullable": true}}}
        }}),
        "/components/schemas",
        json!({
            "Base": {"discriminator": {"propertyName": "kind", "mapping": {"a": "#/components/schemas/A"}}, "required": ["kind"], "properties": {"kind": {"type": "string"}}},
            "A": {"allOf": [{"$ref": "#/components/schemas/Base"}], "x-ms-discriminator-value": "a", "properties": {"p": {"allOf": [{"$ref": "#/components/schemas/Base"}], "x-ms-client-flatten": true, "x-nullable": true, "nullable": true}}}
        }),
    );
}

#[test]
fn source_map_follows_moves() {
    let mut b = bundle(json!({
        "definitions": {"X": {"properties": {"p": {"type": "string"}}}},
        "paths": {"/x": {"put": {"parameters": [{"name": "q", "in": "query", "type": "string"}, {"name": "body", "in": "body", "schema": {"type": "string"}}], "responses": {"200": {"description": "d", "schema": {"type": "string"}}}}}}
    }));
    b.source_map
        .insert("/definitions/X", Path::new("types.json"), "/definitions/X");
    let n = normalize(b).unwrap();
    let check = |at: &str, expected: &str| assert_eq!(n.source_map.locate(at).to_string(), expected, "{at}");
    check(
        "/components/schemas/X/properties/p",
        "types.json#/definitions/X/properties/p",
    );
    check("/paths/~1x/put/requestBody", "spec.json#/paths/~1x/put/parameters/1");
    check(
        "/paths/~1x/put/parameters/0/schema",
        "spec.json#/paths/~1x/put/parameters/0",
    );
    check(
        "/paths/~1x/put/responses/200/content/application~1json/schema/type",
        "spec.json#/paths/~1x/put/responses/200/schema/type",
    );
}

#[test]
fn parse_errors_point_into_the_original_file() {
    let b = bundle(json!({"paths": {"/x": {"get": {"responses": {"200": {"description": ["not", "a", "string"]}}}}}}));
    let err = normalize(b).unwrap_err();
    let first = &err.0[0];
    assert_eq!(
        first.location.as_ref().map(ToString::to_string).as_deref(),
        Some("spec.json#/paths/~1x/get/responses/200/description"),
        "{first}"
    );
}

#[test]
fn never_panics_on_odd_swagger() {
    for extra in [
        json!({"paths": {"/x": {"get": {"parameters": [1, {"$ref": "#/parameters/Nope"}, {"in": "body"}], "responses": []}}}}),
        json!({"paths": {"/x": {"get": 5, "parameters": "x"}}, "definitions": [], "parameters": {"p": 1}}),
        json!({"definitions": {"A": {"discriminator": "k", "allOf": 3}}, "securityDefinitions": {"s": {"type": "oauth2", "flow": "weird"}}}),
        json!({"paths": {"/x": {"post": {"parameters": [{"in": "formData"}, {"$ref": "#/parameters/Loop"}], "responses": {}}}}, "parameters": {"Loop": {"$ref": "#/parameters/Loop"}}}),
    ] {
        let b = bundle(extra);
        let _ = lower_swagger2(&b);
        let _ = normalize(b);
    }
}

#[allow(dead_code)]
fn keys(v: &Value) -> Vec<String> {
    v.as_object().map(Map::keys).into_iter().flatten().cloned().collect()
}
