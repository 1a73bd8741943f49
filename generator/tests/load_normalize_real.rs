//! Loads and normalizes every upstream spec the repository holds (`specs/`, and the older
//! api-versions in `tests/cli-specs/azure`): operation
//! counts, extensions that must survive, error reporting on broken files, and timings.

use std::path::PathBuf;
use std::time::Instant;

use openapiv3::{OpenAPI, Operation, ReferenceOr};
use specgen::load;
use specgen::normalize::{self, Normalized};

/// An upstream file by its upstream path: the vendored versions are in `specs/`, the older ones
/// (used to test the CLI on specs it was not tuned on) in `tests/cli-specs/azure`.
fn upstream(rel: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let specs = root.join("specs").join(rel);
    let older = root.join("tests/cli-specs/azure").join(rel);
    if specs.exists() { specs } else { older }
}

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/load")
        .join(rel)
}

const NET: &str = "specification/network/resource-manager/Microsoft.Network/stable";
const AVD: &str =
    "specification/desktopvirtualization/resource-manager/Microsoft.DesktopVirtualization/DesktopVirtualization/stable";
const GRAPH: &str = "msgraph-sdk-powershell/openApiDocs";

fn run(files: &[String]) -> Normalized {
    let paths: Vec<PathBuf> = files.iter().map(|f| upstream(f)).collect();
    let start = Instant::now();
    let bundle = load::load(&paths).unwrap_or_else(|e| panic!("load {files:?} failed:\n{e}"));
    let loaded = start.elapsed();
    let n = normalize::normalize(bundle).unwrap_or_else(|e| panic!("normalize {files:?} failed:\n{e}"));
    println!(
        "{:?}: load {loaded:?}, load+normalize {:?}, {} operations, {} warnings",
        files
            .iter()
            .map(|f| f.rsplit('/').take(2).collect::<Vec<_>>())
            .collect::<Vec<_>>(),
        start.elapsed(),
        operations(&n.openapi).len(),
        n.warnings.len()
    );
    n
}

fn operations(api: &OpenAPI) -> Vec<(String, String, &Operation)> {
    api.operations()
        .map(|(path, method, op)| (path.to_string(), method.to_string(), op))
        .collect()
}

fn op<'a>(api: &'a OpenAPI, id: &str) -> &'a Operation {
    api.operations()
        .map(|(_, _, op)| op)
        .find(|op| op.operation_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no operation {id}"))
}

fn param_ext<'a>(api: &'a OpenAPI, op: &'a Operation, name: &str, ext: &str) -> Option<&'a serde_json::Value> {
    op.parameters.iter().find_map(|p| {
        let p = match p {
            ReferenceOr::Item(p) => p,
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/parameters/")?;
                api.components.as_ref()?.parameters.get(key)?.as_item()?
            }
        };
        (p.parameter_data_ref().name == name)
            .then(|| p.parameter_data_ref().extensions.get(ext))
            .flatten()
    })
}

fn bastion(version: &str) {
    let n = run(&[format!("{NET}/{version}/bastionHost.json")]);
    let api = &n.openapi;
    assert_eq!(operations(api).len(), 12);
    let delete = op(api, "BastionHosts_Delete");
    assert_eq!(
        delete.extensions["x-ms-long-running-operation-options"]["final-state-via"],
        "location"
    );
    assert!(delete.extensions.contains_key("x-ms-examples"));
    let list = op(api, "BastionHosts_List");
    assert_eq!(list.extensions["x-ms-pageable"]["nextLinkName"], "nextLink");
    // Upstream marks method parameters; subscriptionId / api-version carry no marker (client
    // parameters by default) in network.json.
    for name in ["subscriptionId", "api-version"] {
        assert_eq!(param_ext(api, list, name, "x-ms-parameter-location"), None, "{name}");
    }
    let get = op(api, "BastionHosts_Get");
    assert_eq!(
        param_ext(api, get, "bastionHostName", "x-ms-parameter-location").and_then(|v| v.as_str()),
        Some("method")
    );
    let disconnect = op(api, "DisconnectActiveSessions");
    assert!(disconnect.request_body.is_some());
    assert_eq!(disconnect.extensions["x-ms-pageable"]["nextLinkName"], "nextLink");
    // The body parameter is a component: its name and position are kept.
    let put = op(api, "BastionHosts_CreateOrUpdate");
    assert_eq!(put.extensions["x-ms-requestBody-index"], 2);
    let body = match put.request_body.as_ref().unwrap() {
        ReferenceOr::Item(b) => b,
        other => panic!("{other:?}"),
    };
    assert_eq!(body.extensions["x-ms-requestBody-name"], "parameters");
    let link = op(api, "PutBastionShareableLink");
    let components = api.components.as_ref().unwrap();
    let link_body = match link.request_body.as_ref().unwrap() {
        ReferenceOr::Reference { reference } => components.request_bodies
            [reference.trim_start_matches("#/components/requestBodies/")]
        .as_item()
        .unwrap(),
        ReferenceOr::Item(b) => b,
    };
    assert_eq!(link_body.extensions["x-ms-parameter-location"], "method");
    assert_eq!(link_body.extensions["x-ms-requestBody-name"], "bslRequest");
    // Where did the CloudError schema come from?
    let at = n.source_map.locate("/components/schemas/CloudError/properties");
    assert!(at.file.ends_with(format!("{version}/network.json")), "{at}");
    let sku = api.components.as_ref().unwrap().schemas["Sku"].as_item().unwrap();
    let name = match &sku.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => o.properties["name"].as_item().unwrap(),
        other => panic!("{other:?}"),
    };
    assert_eq!(name.schema_data.extensions["x-ms-enum"]["modelAsString"], true);
}

#[test]
fn bastion_2024_05_01() {
    bastion("2024-05-01");
}

#[test]
fn bastion_2023_11_01() {
    bastion("2023-11-01");
}

fn avd(version: &str, common: &str) {
    let n = run(&[format!("{AVD}/{version}/desktopvirtualization.json")]);
    let api = &n.openapi;
    assert_eq!(operations(api).len(), 80);
    let pageable = operations(api)
        .iter()
        .filter(|(_, _, op)| op.extensions.contains_key("x-ms-pageable"))
        .count();
    assert_eq!(pageable, 27);
    let list = op(api, "UserSessions_ListByHostPool");
    // common-types: resourceGroupName is a method parameter; subscriptionId / api-version carry
    // no marker (client parameters by default).
    assert_eq!(
        param_ext(api, list, "resourceGroupName", "x-ms-parameter-location").and_then(|v| v.as_str()),
        Some("method")
    );
    for name in ["subscriptionId", "api-version"] {
        assert_eq!(param_ext(api, list, name, "x-ms-parameter-location"), None, "{name}");
    }
    assert_eq!(list.extensions["x-ms-pageable"]["nextLinkName"], "nextLink");
    let components = api.components.as_ref().unwrap();
    // common-types pulled in, and located in their file.
    assert!(components.schemas.contains_key("systemData"));
    let at = n.source_map.locate("/components/schemas/systemData");
    assert!(
        at.file
            .ends_with(format!("common-types/resource-management/{common}/types.json")),
        "{at}"
    );
    // x-ms-client-flatten on a $ref property survives (wrapped in allOf).
    let text = serde_json::to_string(&components.schemas).unwrap();
    assert!(text.contains("\"x-ms-client-flatten\":true"));
    assert!(text.contains("\"modelAsString\":true"));
    assert!(text.contains("\"nullable\":true"));
    let host_pool = serde_json::to_value(&components.schemas["HostPool"]).unwrap();
    let properties = &host_pool["properties"]["properties"];
    assert_eq!(properties["x-ms-client-flatten"], true, "{host_pool}");
}

#[test]
fn avd_2025_10_10() {
    avd("2025-10-10", "v6");
}

#[test]
fn avd_2024_04_03() {
    avd("2024-04-03", "v5");
}

fn graph(version: &str, users: usize, actions: usize) {
    let n = run(&[
        format!("{GRAPH}/{version}/Users.yml"),
        format!("{GRAPH}/{version}/Users.Actions.yml"),
    ]);
    let api = &n.openapi;
    assert_eq!(operations(api).len(), users + actions);
    let revoke = api
        .operations()
        .find(|(path, method, _)| {
            *method == "post" && path.ends_with("/users/{user-id}/microsoft.graph.revokeSignInSessions")
        })
        .map(|(_, _, op)| op)
        .expect("revokeSignInSessions");
    assert!(
        revoke
            .responses
            .responses
            .contains_key(&openapiv3::StatusCode::Range(2))
    );
    assert!(revoke.responses.default.is_some());
    let at = n
        .source_map
        .locate("/paths/~1users~1{user-id}~1microsoft.graph.revokeSignInSessions/post");
    assert!(at.file.ends_with(format!("{version}/Users.Actions.yml")), "{at}");
    let users_get = n.source_map.locate("/paths/~1users/get");
    assert!(users_get.file.ends_with(format!("{version}/Users.yml")), "{users_get}");
    let list = op(api, "user_ListUser");
    assert!(list.extensions.contains_key("x-ms-pageable"));
}

#[test]
fn graph_v1_0_users_and_actions() {
    graph("v1.0", 236, 342);
}

#[test]
fn graph_beta_users_and_actions() {
    graph("beta", 301, 696);
}

/// Release timing for the largest input alone (`cargo test --release -p specgen --test
/// load_normalize_real -- --nocapture timing`). Generous bound so debug builds pass too.
#[test]
fn timing_graph_beta_users_actions() {
    let path = upstream(&format!("{GRAPH}/beta/Users.Actions.yml"));
    let mut best = std::time::Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let bundle = load::load(std::slice::from_ref(&path)).expect("load");
        let n = normalize::normalize(bundle).expect("normalize");
        best = best.min(start.elapsed());
        assert_eq!(n.openapi.operations().count(), 696);
    }
    println!("Graph beta Users.Actions.yml load+normalize: best of 3 = {best:?}");
    let limit = if cfg!(debug_assertions) { 30.0 } else { 1.0 };
    assert!(best.as_secs_f64() < limit, "{best:?}");
}

fn error_text(files: &[&str]) -> String {
    let paths: Vec<PathBuf> = files.iter().map(|f| fixture(f)).collect();
    match load::load(&paths) {
        Ok(bundle) => match normalize::normalize(bundle) {
            Ok(_) => panic!("{files:?} loaded"),
            Err(e) => e.to_string(),
        },
        Err(e) => e.to_string(),
    }
}

#[test]
fn errors_on_broken_fixtures() {
    let check = |files: &[&str], needles: &[&str]| {
        let text = error_text(files);
        for needle in needles {
            assert!(text.contains(needle), "`{needle}` not in:\n{text}");
        }
    };
    check(
        &["broken_ref.json"],
        &[
            "dangling $ref `./common.json#/definitions/Missing`",
            "broken_ref.json#/definitions/Thing/properties/part",
            "common.json#/definitions/Missing",
        ],
    );
    check(&["malformed.json"], &["invalid JSON", "malformed.json:8:5#"]);
    check(&["malformed.yaml"], &["invalid YAML", "malformed.yaml:7:11#"]);
    check(&["does-not-exist.json"], &["cannot read", "does-not-exist.json"]);
    check(&["no_version.json"], &["unknown spec version", "no_version.json#"]);
    check(
        &["bad_shape.json"],
        &[
            "not a valid OpenAPI 3.0 document",
            "bad_shape.json#/paths/~1things/get/responses/200/description",
        ],
    );
}

#[test]
fn output_is_deterministic() {
    let path = upstream(&format!("{AVD}/2025-10-10/desktopvirtualization.json"));
    let once = || {
        let bundle = load::load(std::slice::from_ref(&path)).expect("load");
        let (lowered, _, _) = normalize::lower_swagger2(&bundle);
        (
            serde_json::to_string(&bundle.document).unwrap(),
            serde_json::to_string(&lowered).unwrap(),
            bundle.warnings,
        )
    };
    let (a, b) = (once(), once());
    assert_eq!(a, b);
    // v6 types.json is reached first (the entry file's refs), v5 types.json through v6 privatelinks.json.
    assert_eq!(a.2.len(), 1, "{:?}", a.2);
    assert!(a.0.contains("\"types_Resource\":"));
}
