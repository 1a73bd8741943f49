//! One small document pair per rule: `check(old, new, expected)` where each expected entry is
//! `(impact, rule, location, message)`. The base document has one GET with a query parameter and
//! one PUT whose body and response are the `Widget` model.

use serde_json::{Value, json};

use super::change::Impact::{self, Breaking, Docs, NonBreaking};
use super::diff_docs;
use super::doc::Doc;

const PATH: &str = "/widgets/{name}";

fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "2024-01-01"},
        "paths": {
            PATH: {
                "get": {
                    "operationId": "Widgets_Get",
                    "parameters": [
                        {"name": "name", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "filter", "in": "query", "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Reading"}}}}}
                },
                "put": {
                    "operationId": "Widgets_Put",
                    "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}}},
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}}}}
                }
            }
        },
        "components": {"schemas": {
            "Widget": {
                "type": "object",
                "required": ["size"],
                "properties": {
                    "size": {"type": "integer", "format": "int32"},
                    "color": {"type": "string", "enum": ["red", "blue"], "x-ms-enum": {"name": "Color", "modelAsString": true}},
                    "id": {"type": "string", "readOnly": true}
                }
            },
            "Reading": {
                "type": "object",
                "properties": {
                    "state": {"type": "string", "enum": ["on", "off"], "x-ms-enum": {"name": "State", "modelAsString": false}},
                    "note": {"type": "string"}
                }
            }
        }}
    })
}

/// `edit` changes a copy of the base document into the new version.
fn check(name: &str, edit: impl FnOnce(&mut Value), expected: &[(Impact, &str, &str, &str)]) {
    let old = base();
    let mut new = base();
    edit(&mut new);
    let report = diff_docs(&Doc::from_value(old), &Doc::from_value(new));
    let got: Vec<(Impact, &str, &str, &str)> = report
        .api
        .iter()
        .map(|c| (c.impact, c.rule, c.location.as_str(), c.message.as_str()))
        .collect();
    assert_eq!(got, expected, "case `{name}`");
}

/// The node at `pointer`, created (as `null`) if only its last segment is missing.
fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let key = key.replace("~1", "/").replace("~0", "~");
    let parent = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("test fixture has no {parent}"));
    match parent {
        Value::Array(items) => {
            let i: usize = key.parse().unwrap_or_else(|_| panic!("bad index {key}"));
            &mut items[i]
        }
        other => other
            .as_object_mut()
            .unwrap_or_else(|| panic!("{pointer}: parent is not an object"))
            .entry(key)
            .or_insert(Value::Null),
    }
}

const PUT: &str = "/paths/~1widgets~1{name}/put";
const GET: &str = "/paths/~1widgets~1{name}/get";
const WIDGET: &str = "/components/schemas/Widget";
const READING: &str = "/components/schemas/Reading";

#[test]
fn identical_documents_have_no_changes() {
    check("identical", |_| {}, &[]);
}

#[test]
fn removed_operation_is_breaking_added_is_not() {
    check(
        "removed",
        |d| {
            at(d, "/paths/~1widgets~1{name}")
                .as_object_mut()
                .map(|o| o.remove("get"));
        },
        &[(
            Breaking,
            "RemovedOperation",
            "GET /widgets/{name}",
            "operation `Widgets_Get` removed",
        )],
    );
    check(
        "added",
        |d| {
            *at(d, "/paths/~1widgets~1{name}/delete") =
                json!({"operationId": "Widgets_Delete", "responses": {"204": {"description": "gone"}}})
        },
        &[(
            NonBreaking,
            "AddedOperation",
            "DELETE /widgets/{name}",
            "operation `Widgets_Delete` added",
        )],
    );
}

#[test]
fn renamed_path_parameter_is_the_same_operation() {
    check(
        "rename",
        |d| {
            let text = d
                .to_string()
                .replace("\"/widgets/{name}\"", "\"/widgets/{widgetName}\"")
                .replace("\"name\":\"name\"", "\"name\":\"widgetName\"");
            *d = serde_json::from_str(&text).unwrap();
        },
        &[
            (
                NonBreaking,
                "PathSpellingChanged",
                "GET /widgets/{widgetName}",
                "path was `/widgets/{name}`",
            ),
            (
                NonBreaking,
                "PathParameterRenamed",
                "GET /widgets/{widgetName}",
                "path parameter `name` (path) renamed to `widgetName` (path)",
            ),
            (
                NonBreaking,
                "PathSpellingChanged",
                "PUT /widgets/{widgetName}",
                "path was `/widgets/{name}`",
            ),
            (
                NonBreaking,
                "PathParameterRenamed",
                "PUT /widgets/{widgetName}",
                "path parameter `name` (path) renamed to `widgetName` (path)",
            ),
        ],
    );
}

#[test]
fn modified_operation_id_is_breaking() {
    check(
        "operationId",
        |d| *at(d, &format!("{GET}/operationId")) = json!("Widgets_Read"),
        &[(
            Breaking,
            "ModifiedOperationId",
            "GET /widgets/{name}",
            "operationId \"Widgets_Get\" → \"Widgets_Read\"",
        )],
    );
}

#[test]
fn parameters_added_removed_required_retyped() {
    let params = format!("{GET}/parameters");
    check(
        "new required parameter",
        |d| {
            at(d, &params)
                .as_array_mut()
                .unwrap()
                .push(json!({"name": "top", "in": "query", "required": true, "schema": {"type": "integer"}}))
        },
        &[(
            Breaking,
            "AddingRequiredParameter",
            "GET /widgets/{name}",
            "required parameter `top` (query) added",
        )],
    );
    check(
        "new optional parameter",
        |d| {
            at(d, &params)
                .as_array_mut()
                .unwrap()
                .push(json!({"name": "top", "in": "query", "schema": {"type": "integer"}}))
        },
        &[(
            NonBreaking,
            "AddingOptionalParameter",
            "GET /widgets/{name}",
            "optional parameter `top` (query) added",
        )],
    );
    check(
        "removed parameter",
        |d| {
            at(d, &params).as_array_mut().unwrap().pop();
        },
        &[(
            Breaking,
            "RemovedOptionalParameter",
            "GET /widgets/{name}",
            "parameter `filter` (query) removed",
        )],
    );
    check(
        "parameter made required",
        |d| *at(d, &format!("{params}/1/required")) = json!(true),
        &[(
            Breaking,
            "RequiredStatusChange",
            "GET /widgets/{name}",
            "parameter `filter` (query) made required",
        )],
    );
    check(
        "parameter type changed",
        |d| *at(d, &format!("{params}/1/schema")) = json!({"type": "integer"}),
        &[(
            Breaking,
            "TypeChanged",
            "GET /widgets/{name} parameter `filter` (query)",
            "type `string` → `integer`",
        )],
    );
}

#[test]
fn properties_removed_retyped_required_read_only() {
    check(
        "removed property",
        |d| {
            at(d, &format!("{WIDGET}/properties"))
                .as_object_mut()
                .unwrap()
                .remove("color");
        },
        &[(Breaking, "RemovedProperty", "model Widget.color", "property removed")],
    );
    check(
        "changed type",
        |d| *at(d, &format!("{WIDGET}/properties/size")) = json!({"type": "string"}),
        &[(
            Breaking,
            "TypeChanged",
            "model Widget.size",
            "type `integer/int32` → `string`",
        )],
    );
    check(
        "changed format",
        |d| *at(d, &format!("{WIDGET}/properties/size/format")) = json!("int64"),
        &[(
            Breaking,
            "TypeFormatChanged",
            "model Widget.size",
            "type `integer/int32` → `integer/int64`",
        )],
    );
    check(
        "property made required in a request",
        |d| *at(d, &format!("{WIDGET}/required")) = json!(["size", "color"]),
        &[(
            Breaking,
            "RequiredStatusChange",
            "model Widget.color",
            "property made required",
        )],
    );
    check(
        "property no longer required in a response",
        |d| *at(d, &format!("{WIDGET}/required")) = json!([]),
        &[(
            Breaking,
            "RequiredStatusChange",
            "model Widget.size",
            "property no longer required",
        )],
    );
    check(
        "read-only changed",
        |d| *at(d, &format!("{WIDGET}/properties/id/readOnly")) = json!(false),
        &[(
            Breaking,
            "ReadonlyPropertyChanged",
            "model Widget.id",
            "readOnly true → false",
        )],
    );
    check(
        "new required property in a request",
        |d| {
            at(d, &format!("{WIDGET}/properties"))
                .as_object_mut()
                .unwrap()
                .insert("weight".into(), json!({"type": "number"}));
            *at(d, &format!("{WIDGET}/required")) = json!(["size", "weight"]);
        },
        &[(
            Breaking,
            "AddedRequiredProperty",
            "model Widget.weight",
            "required property added (`number`)",
        )],
    );
    check(
        "new optional property",
        |d| {
            at(d, &format!("{READING}/properties"))
                .as_object_mut()
                .unwrap()
                .insert("unit".into(), json!({"type": "string"}));
        },
        &[(
            NonBreaking,
            "AddedOptionalProperty",
            "model Reading.unit",
            "optional property added (`string`)",
        )],
    );
}

#[test]
fn enum_values_by_direction_and_extensibility() {
    check(
        "removed enum value",
        |d| *at(d, &format!("{WIDGET}/properties/color/enum")) = json!(["red"]),
        &[(
            Breaking,
            "RemovedEnumValue",
            "model Widget.color",
            "enum value \"blue\" removed",
        )],
    );
    check(
        "added value, extensible enum",
        |d| *at(d, &format!("{WIDGET}/properties/color/enum")) = json!(["red", "blue", "green"]),
        &[(
            NonBreaking,
            "AddedEnumValue",
            "model Widget.color",
            "enum value \"green\" added (extensible enum)",
        )],
    );
    check(
        "added value, closed enum in a response",
        |d| *at(d, &format!("{READING}/properties/state/enum")) = json!(["on", "off", "standby"]),
        &[(
            Breaking,
            "AddedEnumValue",
            "model Reading.state",
            "enum value \"standby\" added (closed enum in a response)",
        )],
    );
    check(
        "x-ms-enum made closed",
        |d| *at(d, &format!("{WIDGET}/properties/color/x-ms-enum/modelAsString")) = json!(false),
        &[(
            Breaking,
            "XmsEnumChanged",
            "model Widget.color",
            "x-ms-enum `modelAsString` true → false",
        )],
    );
}

#[test]
fn paging_long_running_and_response_codes() {
    check(
        "now pageable",
        |d| *at(d, &format!("{GET}/x-ms-pageable")) = json!({"nextLinkName": "nextLink"}),
        &[(
            Breaking,
            "XmsPageableChanged",
            "GET /widgets/{name}",
            "now pageable ({\"nextLinkName\":\"nextLink\"})",
        )],
    );
    check(
        "now long-running",
        |d| *at(d, &format!("{PUT}/x-ms-long-running-operation")) = json!(true),
        &[(
            Breaking,
            "XmsLongRunningOperationChanged",
            "PUT /widgets/{name}",
            "long-running false → true",
        )],
    );
    check(
        "response code added",
        |d| *at(d, &format!("{PUT}/responses/201")) = json!({"description": "created"}),
        &[(
            Breaking,
            "AddingResponseCode",
            "PUT /widgets/{name}",
            "response 201 added",
        )],
    );
    check(
        "response code removed",
        |d| {
            at(d, &format!("{PUT}/responses"))
                .as_object_mut()
                .unwrap()
                .remove("200");
        },
        &[(
            Breaking,
            "RemovedResponseCode",
            "PUT /widgets/{name}",
            "response 200 removed",
        )],
    );
    check(
        "response type changed",
        |d| {
            *at(d, &format!("{GET}/responses/200/content/application~1json/schema")) =
                json!({"$ref": "#/components/schemas/Widget"})
        },
        &[(
            Breaking,
            "TypeChanged",
            "GET /widgets/{name} response 200",
            "type `Reading` → `Widget`",
        )],
    );
}

#[test]
fn docs_and_version_are_reported_but_not_breaking() {
    check(
        "docs",
        |d| {
            *at(d, "/info/version") = json!("2024-06-01");
            *at(d, &format!("{READING}/properties/note/description")) = json!("A note.");
            *at(d, &format!("{GET}/x-ms-examples")) = json!({"Get a widget": {"$ref": "./examples/Get.json"}});
        },
        &[
            (
                NonBreaking,
                "VersionChanged",
                "info.version",
                "api-version \"2024-01-01\" → \"2024-06-01\"",
            ),
            (
                Docs,
                "ExampleAdded",
                "GET /widgets/{name}",
                "example \"Get a widget\" added",
            ),
            (
                Docs,
                "DescriptionChanged",
                "model Reading.note",
                "description: (none) → \"A note.\"",
            ),
        ],
    );
}

#[test]
fn models_removed_and_added() {
    check(
        "models",
        |d| {
            let schemas = at(d, "/components/schemas").as_object_mut().unwrap();
            schemas.insert("Extra".into(), json!({"type": "object"}));
        },
        &[(NonBreaking, "AddedDefinition", "model Extra", "model added")],
    );
}

#[test]
fn a_component_renamed_without_change_is_not_breaking() {
    check(
        "renamed model",
        |d| {
            let text = d.to_string().replace("Reading", "Measurement");
            *d = serde_json::from_str(&text).unwrap();
        },
        &[
            (
                NonBreaking,
                "ReferenceRenamed",
                "GET /widgets/{name} response 200",
                "`Reading` → `Measurement` (the same schema under another name)",
            ),
            (
                NonBreaking,
                "ReferenceRenamed",
                "model Reading",
                "renamed to `Measurement` (the same schema)",
            ),
        ],
    );
    check(
        "renamed and changed",
        |d| {
            let text = d
                .to_string()
                .replace("Reading", "Measurement")
                .replace("\"note\"", "\"remark\"");
            *d = serde_json::from_str(&text).unwrap();
        },
        &[
            (
                Breaking,
                "TypeChanged",
                "GET /widgets/{name} response 200",
                "type `Reading` → `Measurement`",
            ),
            (NonBreaking, "AddedDefinition", "model Measurement", "model added"),
            (Breaking, "RemovedDefinition", "model Reading", "model removed"),
        ],
    );
}
