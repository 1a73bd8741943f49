//! The hand-written runtime (generator/runtime/, copied into generated/src/runtime/) against a
//! real HTTPS server on loopback: paths, clouds, JSON calls, typed errors, paging, ARM
//! long-running operations, bearer tokens and retries.

use azure_core::{
    credentials::{AccessToken, TokenCredential, TokenRequestOptions},
    http::{ClientMethodOptions, Method, StatusCode, pager::Page},
    time::{Duration, OffsetDateTime},
};
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use serde_json::json;
use session_clients::runtime::{
    Cloud, CustomCloud, ErrorExt, FinalStateVia, Paged, ServiceClient,
    lro::LroStatus,
    path::{graph_key, segment},
};
use std::sync::{Arc, Mutex};
use workspace_tests::tls_server::{MockResponse, MockServer};

const API_VERSION: &str = "2024-05-01";
const ARM_SCOPE: &str = "https://management.azure.com/.default";

/// A credential that hands out a fixed token and records the scopes it was asked for.
#[derive(Debug, Default)]
struct FakeCredential {
    scopes: Mutex<Vec<Vec<String>>>,
}

#[async_trait::async_trait]
impl TokenCredential for FakeCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        self.scopes
            .lock()
            .unwrap()
            .push(scopes.iter().map(|s| s.to_string()).collect());
        Ok(AccessToken::new(
            "fake-token",
            OffsetDateTime::now_utc() + Duration::hours(1),
        ))
    }
}

struct Fixture {
    server: MockServer,
    credential: Arc<FakeCredential>,
    client: ServiceClient,
}

async fn fixture(base_path: &str, api_version: Option<&str>) -> Fixture {
    let server = MockServer::start().await.unwrap();
    let credential = Arc::new(FakeCredential::default());
    let client = ServiceClient::new(
        &format!("{}{base_path}", server.url()),
        credential.clone(),
        vec![ARM_SCOPE.to_owned()],
        server.client_options(),
        api_version.map(str::to_owned),
    )
    .unwrap();
    Fixture {
        server,
        credential,
        client,
    }
}

// ---------------------------------------------------------------------------------------------
// path

#[test]
fn segment_encodes_hostile_values_into_one_segment() {
    let cases = [
        ("rg1", "rg1"),
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("x?y", "x%3Fy"),
        ("x#y", "x%23y"),
        ("%2F", "%252F"),
        ("a b", "a%20b"),
        ("'()", "%27%28%29"),
        ("$filter", "%24filter"),
        ("héllo✓", "h%C3%A9llo%E2%9C%93"),
        ("host1.contoso.com", "host1.contoso.com"),
        ("...", "..."),
        ("a\\b", "a%5Cb"),
        ("a;b=c&d", "a%3Bb%3Dc%26d"),
    ];
    for (value, expected) in cases {
        assert_eq!(segment("name", value).unwrap(), expected, "value {value:?}");
    }
}

#[test]
fn segment_refuses_empty_and_dot_segments() {
    for value in ["", ".", ".."] {
        let err = segment("hostPoolName", value).unwrap_err();
        assert!(err.to_string().contains("hostPoolName"), "{err}");
    }
}

#[test]
fn graph_key_follows_graph_rules() {
    let cases = [
        ("adele@contoso.com", "/adele@contoso.com"),
        (
            "AdeleVance_adatum.com#EXT#@contoso.com",
            "/AdeleVance_adatum.com%23EXT%23@contoso.com",
        ),
        ("$AdeleVance@contoso.com", "('$AdeleVance@contoso.com')"),
        ("$o'neil@contoso.com", "('$o%27%27neil@contoso.com')"),
        ("$a')/x", "('$a%27%27%29%2Fx')"),
        ("../x", "/..%2Fx"),
        ("a/b", "/a%2Fb"),
        ("x?y", "/x%3Fy"),
        ("%2F", "/%252F"),
        (
            "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
            "/87d349ed-44d7-43e1-9a83-5f2406dee5bd",
        ),
        ("jürgen@contoso.com", "/j%C3%BCrgen@contoso.com"),
    ];
    for (value, expected) in cases {
        assert_eq!(graph_key("id", value).unwrap(), expected, "value {value:?}");
    }
    for value in ["", ".", ".."] {
        assert!(graph_key("id", value).is_err(), "value {value:?}");
    }
}

/// Why `segment` refuses `.` and `..` instead of encoding them: URL parsers (WHATWG, the `url`
/// crate used by azure_core) treat `%2E%2E` exactly like `..`.
#[test]
fn encoded_dot_segments_still_move_up_so_they_are_refused() {
    let url = azure_core::http::Url::parse("https://h/a/%2E%2E/b").unwrap();
    assert_eq!(url.path(), "/b");
    let url = azure_core::http::Url::parse("https://h/a/%2E/b").unwrap();
    assert_eq!(url.path(), "/a/b");
}

#[tokio::test]
async fn debug_output_never_shows_secrets() {
    let f = fixture("", Some(API_VERSION)).await;
    let builder = f
        .client
        .request(Method::Put, "/secrets/s1")
        .header("x-ms-key", "header-secret")
        .json(&json!({"password": "body-secret"}))
        .unwrap();
    let text = format!("{builder:?} {:?}", f.client);
    assert!(!text.contains("header-secret"), "{text}");
    assert!(!text.contains("body-secret"), "{text}");
    f.server.push(MockResponse::json(200, &json!({})));
    builder.send::<serde_json::Value>(&[200]).await.unwrap();
    let text = format!("{:?}", f.client);
    assert!(!text.contains("fake-token"), "{text}");
}

#[tokio::test]
async fn hostile_values_never_change_the_route() {
    let f = fixture("/base", None).await;
    let values = ["../x", "a/b", "x?y", "x#y", "%2F", "é", "$count", "..%2F"];
    for value in values {
        f.server.push(MockResponse::json(200, &json!({})));
        let path = format!("/items/{}/child", segment("item", value).unwrap());
        f.client
            .request(Method::Get, &path)
            .send::<serde_json::Value>(&[200])
            .await
            .unwrap();
    }
    for value in ["$AdeleVance@contoso.com", "a#b@c.com", "../me"] {
        f.server.push(MockResponse::json(200, &json!({})));
        let path = format!("/users{}/revokeSignInSessions", graph_key("id", value).unwrap());
        f.client
            .request(Method::Post, &path)
            .send::<serde_json::Value>(&[200])
            .await
            .unwrap();
    }
    let targets: Vec<String> = f.server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        targets,
        [
            "/base/items/..%2Fx/child",
            "/base/items/a%2Fb/child",
            "/base/items/x%3Fy/child",
            "/base/items/x%23y/child",
            "/base/items/%252F/child",
            "/base/items/%C3%A9/child",
            "/base/items/%24count/child",
            "/base/items/..%252F/child",
            "/base/users('$AdeleVance@contoso.com')/revokeSignInSessions",
            "/base/users/a%23b@c.com/revokeSignInSessions",
            "/base/users/..%2Fme/revokeSignInSessions",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// cloud

#[test]
fn cloud_endpoints_and_scopes() {
    let cases = [
        (
            Cloud::AzurePublic,
            "https://management.azure.com",
            "https://graph.microsoft.com",
        ),
        (
            Cloud::AzureUsGovernment,
            "https://management.usgovcloudapi.net",
            "https://graph.microsoft.us",
        ),
        (
            Cloud::AzureUsGovernmentDod,
            "https://management.usgovcloudapi.net",
            "https://dod-graph.microsoft.us",
        ),
        (
            Cloud::AzureChina,
            "https://management.chinacloudapi.cn",
            "https://microsoftgraph.chinacloudapi.cn",
        ),
        (
            Cloud::Custom(CustomCloud {
                resource_manager_endpoint: "https://arm.local/".into(),
                graph_endpoint: "https://graph.local".into(),
            }),
            "https://arm.local",
            "https://graph.local",
        ),
    ];
    for (cloud, arm, graph) in cases {
        assert_eq!(cloud.resource_manager_endpoint(), arm);
        assert_eq!(cloud.resource_manager_scope(), format!("{arm}/.default"));
        assert_eq!(cloud.graph_endpoint(), graph);
        assert_eq!(cloud.graph_scope(), format!("{graph}/.default"));
    }
    assert_eq!(Cloud::default(), Cloud::AzurePublic);
}

// ---------------------------------------------------------------------------------------------
// plain calls

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionIds {
    session_ids: Vec<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Revoked {
    value: bool,
}

#[tokio::test]
async fn send_typed_json_with_bearer_token() {
    let f = fixture("/v1.0", Some(API_VERSION)).await;
    f.server
        .push(MockResponse::json(200, &json!({"value": true, "extra": 1})));
    let body = SessionIds {
        session_ids: vec!["s1".into(), "s 2".into()],
    };
    let options = ClientMethodOptions::default();
    let revoked = f
        .client
        .request(Method::Post, "/users/adele@contoso.com/revokeSignInSessions")
        .context(&options)
        .api_version()
        .query("$filter", "userPrincipalName eq 'a&b=c+d'")
        .header("ConsistencyLevel", "eventual")
        .json(&body)
        .unwrap()
        .send::<Revoked>(&[200])
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::Ok);
    assert_eq!(revoked.into_model().unwrap(), Revoked { value: true });

    let requests = f.server.requests();
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path(), "/v1.0/users/adele@contoso.com/revokeSignInSessions");
    assert_eq!(
        request.query(),
        Some("api-version=2024-05-01&$filter=userPrincipalName%20eq%20%27a%26b%3Dc%2Bd%27")
    );
    assert_eq!(request.query_values("$filter"), ["userPrincipalName eq 'a&b=c+d'"]);
    assert_eq!(request.header("authorization"), Some("Bearer fake-token"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("consistencylevel"), Some("eventual"));
    assert_eq!(request.json(), json!({"sessionIds": ["s1", "s 2"]}));
    assert_eq!(*f.credential.scopes.lock().unwrap(), vec![vec![ARM_SCOPE.to_owned()]]);
}

#[tokio::test]
async fn send_empty_and_raw() {
    let f = fixture("", Some(API_VERSION)).await;
    f.server.push(MockResponse::new(204));
    f.server.push(
        MockResponse::new(200)
            .header("content-type", "application/octet-stream")
            .body(vec![0u8, 1, 2, 255]),
    );
    let empty = f
        .client
        .request(Method::Delete, "/thing")
        .api_version()
        .send_empty(&[200, 204])
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::NoContent);
    let raw = f
        .client
        .request(Method::Get, "/blob")
        .header("accept", "application/octet-stream")
        .send_raw(&[200])
        .await
        .unwrap();
    assert_eq!(raw.body().as_ref(), &[0u8, 1, 2, 255]);
    let requests = f.server.requests();
    assert_eq!(requests[0].method, "DELETE");
    assert_eq!(requests[0].target, "/thing?api-version=2024-05-01");
    assert_eq!(requests[1].header("accept"), Some("application/octet-stream"));
    assert_eq!(requests[1].query(), None);
}

#[test]
fn client_refuses_bad_endpoints() {
    let credential = Arc::new(FakeCredential::default());
    for endpoint in ["not a url", "ftp://example.com", ""] {
        let result = ServiceClient::new(
            endpoint,
            credential.clone(),
            vec![ARM_SCOPE.to_owned()],
            Default::default(),
            None,
        );
        assert!(result.is_err(), "{endpoint}");
    }
}

#[tokio::test]
async fn bad_header_name_is_an_error_not_a_panic() {
    let f = fixture("", None).await;
    let err = f
        .client
        .request(Method::Get, "/x")
        .header("Bad Header", "v")
        .send::<serde_json::Value>(&[200])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Bad Header"), "{err}");
    assert!(f.server.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// errors

#[tokio::test]
async fn arm_cloud_error_is_decoded_and_raw_body_kept() {
    let f = fixture("", Some(API_VERSION)).await;
    let body = json!({
        "error": {
            "code": "ResourceNotFound",
            "message": "The Resource 'Microsoft.Network/bastionHosts/b1' was not found.",
            "target": "b1",
            "details": [{"code": "Inner", "message": "inner", "extra": true}],
            "additionalInfo": [{"type": "PolicyViolation"}]
        }
    });
    f.server.push(MockResponse::json(404, &body));
    let err = f
        .client
        .request(Method::Get, "/b1")
        .api_version()
        .send::<serde_json::Value>(&[200])
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NotFound));
    assert_eq!(err.raw_body(), Some(body.to_string().as_bytes()));
    let cloud = err.cloud_error().unwrap().error.unwrap();
    assert_eq!(cloud.code.as_deref(), Some("ResourceNotFound"));
    assert_eq!(cloud.target.as_deref(), Some("b1"));
    let details = cloud.details.unwrap();
    assert_eq!(details[0].code.as_deref(), Some("Inner"));
    assert_eq!(details[0].additional["extra"], json!(true));
    assert_eq!(cloud.additional["additionalInfo"], json!([{"type": "PolicyViolation"}]));
    assert!(err.to_string().contains("was not found"), "{err}");
}

#[tokio::test]
async fn graph_odata_error_is_decoded() {
    let f = fixture("/v1.0", None).await;
    let body = json!({
        "error": {
            "code": "Request_ResourceNotFound",
            "message": "Resource 'x' does not exist.",
            "innerError": {"request-id": "r1", "date": "2024-01-01T00:00:00"}
        }
    });
    f.server.push(MockResponse::json(404, &body));
    let err = f
        .client
        .request(Method::Post, "/users/x/revokeSignInSessions")
        .send::<Revoked>(&[200])
        .await
        .unwrap_err();
    let odata = err.odata_error().unwrap().error.unwrap();
    assert_eq!(odata.code.as_deref(), Some("Request_ResourceNotFound"));
    assert_eq!(odata.inner_error.unwrap()["request-id"], json!("r1"));
    assert_eq!(err.status(), Some(StatusCode::NotFound));
}

#[tokio::test]
async fn non_json_error_body_is_kept_raw() {
    let f = fixture("", None).await;
    f.server
        .push(MockResponse::new(400).body("<html>bad gateway config</html>"));
    f.server.push(MockResponse::json(201, &json!({"unexpected": true})));
    let err = f
        .client
        .request(Method::Get, "/x")
        .send::<serde_json::Value>(&[200])
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BadRequest));
    assert_eq!(err.raw_body(), Some(&b"<html>bad gateway config</html>"[..]));
    assert!(err.cloud_error().is_none());
    assert!(err.odata_error().is_none());
    // A 2xx that the operation does not declare is an error too.
    let err = f
        .client
        .request(Method::Get, "/x")
        .send::<serde_json::Value>(&[200])
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::Created));
    // Errors that are not HTTP responses have no status.
    let plain = azure_core::Error::with_message(azure_core::error::ErrorKind::Other, "x");
    assert_eq!(plain.status(), None);
    assert_eq!(plain.raw_body(), None);
}

// ---------------------------------------------------------------------------------------------
// retries

#[tokio::test]
async fn retries_429_and_503_honouring_retry_after() {
    let f = fixture("", None).await;
    f.server.push(MockResponse::new(429).header("Retry-After", "1"));
    f.server
        .push(MockResponse::json(503, &json!({"error": {"code": "Busy"}})).header("retry-after-ms", "50"));
    f.server.push(MockResponse::json(200, &json!({"value": true})));
    let response = f
        .client
        .request(Method::Post, "/users/a/revokeSignInSessions")
        .json(&json!({"k": "v"}))
        .unwrap()
        .send::<Revoked>(&[200])
        .await
        .unwrap();
    assert!(response.into_model().unwrap().value);
    let requests = f.server.requests();
    assert_eq!(requests.len(), 3);
    let waited = requests[1].received_at - requests[0].received_at;
    assert!(waited >= std::time::Duration::from_millis(950), "{waited:?}");
    for request in &requests {
        assert_eq!(request.json(), json!({"k": "v"}), "body re-sent on retry");
        assert_eq!(request.header("authorization"), Some("Bearer fake-token"));
    }
}

// ---------------------------------------------------------------------------------------------
// paging

#[derive(Debug, Deserialize)]
struct SessionPage {
    value: Vec<Session>,
    #[serde(rename = "nextLink")]
    next_link: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Session {
    name: String,
}

#[async_trait::async_trait]
impl Page for SessionPage {
    type Item = Session;
    type IntoIter = std::vec::IntoIter<Session>;
    async fn into_items(self) -> azure_core::Result<Self::IntoIter> {
        Ok(self.value.into_iter())
    }
}

impl Paged for SessionPage {
    fn next_link(&self) -> Option<&str> {
        self.next_link.as_deref()
    }
}

fn page(names: &[&str], next: Option<String>) -> MockResponse {
    let value: Vec<_> = names.iter().map(|n| json!({"name": n})).collect();
    MockResponse::json(200, &json!({"value": value, "nextLink": next}))
}

fn names(items: Vec<Session>) -> Vec<String> {
    items.into_iter().map(|s| s.name).collect()
}

#[tokio::test]
async fn pager_walks_three_pages_with_absolute_and_relative_links() {
    let f = fixture("", Some(API_VERSION)).await;
    let url = f.server.url().to_owned();
    f.server.push(page(
        &["a", "b"],
        Some(format!(
            "{url}/sub/sessions?api-version=2000-01-01&$skiptoken=a%2Bb%3D%3D"
        )),
    ));
    f.server.push(page(&["c"], Some("/sub/sessions?page=3".into())));
    f.server.push(page(&["d"], None));
    let pager = f
        .client
        .request(Method::Post, "/sub/disconnect")
        .api_version()
        .header("ConsistencyLevel", "eventual")
        .json(&json!({"sessionIds": ["a"]}))
        .unwrap()
        .pager::<SessionPage>(&[200])
        .unwrap();
    let items: Vec<Session> = pager.try_collect().await.unwrap();
    assert_eq!(names(items), ["a", "b", "c", "d"]);

    let requests = f.server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].json(), json!({"sessionIds": ["a"]}));
    assert_eq!(requests[0].target, "/sub/disconnect?api-version=2024-05-01");
    assert_eq!(requests[1].method, "GET");
    assert!(requests[1].body.is_empty());
    assert_eq!(
        requests[1].target,
        "/sub/sessions?$skiptoken=a%2Bb%3D%3D&api-version=2024-05-01"
    );
    assert_eq!(requests[2].target, "/sub/sessions?page=3&api-version=2024-05-01");
    for request in &requests {
        assert_eq!(request.query_values("api-version"), [API_VERSION]);
        assert_eq!(request.header("consistencylevel"), Some("eventual"));
        assert_eq!(request.header("authorization"), Some("Bearer fake-token"));
    }
}

#[tokio::test]
async fn pager_into_pages_and_no_api_version_when_client_has_none() {
    let f = fixture("/v1.0", None).await;
    let url = f.server.url().to_owned();
    f.server
        .push(page(&["a"], Some(format!("{url}/v1.0/users?$skiptoken=x"))));
    f.server.push(page(&["b"], Some(String::new())));
    let pager = f
        .client
        .request(Method::Get, "/users")
        .pager::<SessionPage>(&[200])
        .unwrap();
    let pages: Vec<_> = pager.into_pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);
    let targets: Vec<_> = f.server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(targets, ["/v1.0/users", "/v1.0/users?$skiptoken=x"]);
}

#[tokio::test]
async fn pager_refuses_a_repeated_next_link() {
    let f = fixture("", Some(API_VERSION)).await;
    let url = f.server.url().to_owned();
    let again = format!("{url}/sessions?page=2&api-version={API_VERSION}");
    f.server.push(page(&["a"], Some(again.clone())));
    f.server.push(page(&["b"], Some(again.clone())));
    f.server.push(page(&["never"], None));
    let mut pager = f
        .client
        .request(Method::Get, "/sessions")
        .api_version()
        .pager::<SessionPage>(&[200])
        .unwrap();
    let mut seen = Vec::new();
    let err = loop {
        match pager.next().await {
            Some(Ok(item)) => seen.push(item.name),
            Some(Err(e)) => break e,
            None => panic!("the pager should have failed"),
        }
    };
    assert_eq!(seen, ["a", "b"]);
    assert!(err.to_string().contains("again"), "{err}");
    assert_eq!(f.server.requests().len(), 2);
    assert_eq!(f.server.pending(), 1);
}

#[tokio::test]
async fn pager_error_page_is_typed() {
    let f = fixture("", None).await;
    let url = f.server.url().to_owned();
    f.server.push(page(&["a"], Some(format!("{url}/p2"))));
    f.server.push(MockResponse::json(
        403,
        &json!({"error": {"code": "AuthorizationFailed", "message": "no"}}),
    ));
    let result: azure_core::Result<Vec<Session>> = f
        .client
        .request(Method::Get, "/p1")
        .pager::<SessionPage>(&[200])
        .unwrap()
        .try_collect()
        .await;
    let err = result.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::Forbidden));
    assert_eq!(
        err.cloud_error().unwrap().error.unwrap().code.as_deref(),
        Some("AuthorizationFailed")
    );
}

// ---------------------------------------------------------------------------------------------
// long-running operations

#[derive(Debug, Deserialize, PartialEq)]
struct Bastion {
    name: String,
    properties: BastionProperties,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct BastionProperties {
    provisioning_state: String,
}

fn bastion(state: &str) -> serde_json::Value {
    json!({"name": "b1", "properties": {"provisioningState": state}})
}

fn methods_and_targets(server: &MockServer) -> Vec<(String, String)> {
    server
        .requests()
        .iter()
        .map(|r| (r.method.clone(), r.target.clone()))
        .collect()
}

fn pair(method: &str, target: &str) -> (String, String) {
    (method.to_owned(), target.to_owned())
}

#[tokio::test]
async fn lro_azure_async_operation_put_gets_the_original_uri() {
    let f = fixture("", Some(API_VERSION)).await;
    let url = f.server.url().to_owned();
    let monitor = format!("{url}/operations/op1?api-version={API_VERSION}");
    f.server.push(
        MockResponse::json(201, &bastion("Updating"))
            .header("Azure-AsyncOperation", monitor.clone())
            .header("Retry-After", "0"),
    );
    f.server
        .push(MockResponse::json(200, &json!({"status": "InProgress"})).header("Retry-After", "0"));
    f.server.push(MockResponse::json(200, &json!({"status": "succeeded"})));
    f.server.push(MockResponse::json(200, &bastion("Succeeded")));
    let poller = f
        .client
        .request(Method::Put, "/bastionHosts/b1")
        .api_version()
        .json(&json!({"location": "westus"}))
        .unwrap()
        .poller::<Bastion>(&[200, 201], FinalStateVia::AzureAsyncOperation)
        .unwrap();
    let result = poller.await.unwrap().into_model().unwrap();
    assert_eq!(result, serde_json::from_value(bastion("Succeeded")).unwrap());
    let op = format!("/operations/op1?api-version={API_VERSION}");
    let original = format!("/bastionHosts/b1?api-version={API_VERSION}");
    assert_eq!(
        methods_and_targets(&f.server),
        [
            pair("PUT", &original),
            pair("GET", &op),
            pair("GET", &op),
            pair("GET", &original)
        ]
    );
    for request in f.server.requests() {
        assert_eq!(request.header("authorization"), Some("Bearer fake-token"));
    }
}

#[tokio::test]
async fn lro_status_stream_reports_each_status() {
    let f = fixture("", None).await;
    let url = f.server.url().to_owned();
    f.server.push(
        MockResponse::new(202)
            .header("Azure-AsyncOperation", format!("{url}/op"))
            .header("Retry-After", "0"),
    );
    f.server
        .push(MockResponse::json(200, &json!({"status": "Running", "percent": 50})).header("Retry-After", "0"));
    f.server.push(MockResponse::json(200, &json!({"status": "Succeeded"})));
    let mut poller = f
        .client
        .request(Method::Post, "/start")
        .poller::<()>(&[202], FinalStateVia::AzureAsyncOperation)
        .unwrap();
    let mut statuses = Vec::new();
    let mut bodies = Vec::new();
    while let Some(status) = poller.next().await {
        let status: LroStatus<()> = status.unwrap().into_model().unwrap();
        use azure_core::http::poller::StatusMonitor;
        statuses.push(status.status());
        bodies.push(status.body().cloned());
    }
    use azure_core::http::poller::PollerStatus;
    assert_eq!(
        statuses,
        [
            PollerStatus::InProgress,
            PollerStatus::InProgress,
            PollerStatus::Succeeded
        ]
    );
    assert_eq!(bodies[1], Some(json!({"status": "Running", "percent": 50})));
    assert_eq!(f.server.requests().len(), 3);
}

#[tokio::test]
async fn lro_location_post_result_is_the_final_location_body() {
    let f = fixture("", Some(API_VERSION)).await;
    let url = f.server.url().to_owned();
    f.server.push(
        MockResponse::new(202)
            .header("Location", format!("{url}/results/r1"))
            .header("Retry-After", "0"),
    );
    f.server.push(
        MockResponse::new(202)
            .header("Location", format!("{url}/results/r1?step=2"))
            .header("Retry-After", "0"),
    );
    f.server.push(MockResponse::json(200, &json!({"value": true})));
    let result = f
        .client
        .request(Method::Post, "/revoke")
        .api_version()
        .poller::<Revoked>(&[202], FinalStateVia::Location)
        .unwrap()
        .await
        .unwrap()
        .into_model()
        .unwrap();
    assert!(result.value);
    assert_eq!(
        methods_and_targets(&f.server),
        [
            pair("POST", &format!("/revoke?api-version={API_VERSION}")),
            pair("GET", "/results/r1"),
            pair("GET", "/results/r1?step=2"),
        ]
    );
}

#[tokio::test]
async fn lro_location_delete_makes_no_final_get() {
    let f = fixture("", Some(API_VERSION)).await;
    let url = f.server.url().to_owned();
    f.server.push(
        MockResponse::new(202)
            .header("Location", format!("{url}/ops/d1"))
            .header("Retry-After", "0"),
    );
    f.server.push(MockResponse::new(204));
    let done = f
        .client
        .request(Method::Delete, "/bastionHosts/b1")
        .api_version()
        .poller::<()>(&[200, 202, 204], FinalStateVia::Location)
        .unwrap()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::NoContent);
    done.into_model().unwrap();
    assert_eq!(f.server.requests().len(), 2);
}

#[tokio::test]
async fn lro_original_uri_honours_retry_after() {
    let f = fixture("", Some(API_VERSION)).await;
    f.server
        .push(MockResponse::json(201, &bastion("Creating")).header("Retry-After", "1"));
    f.server.push(MockResponse::json(200, &bastion("Succeeded")));
    let result = f
        .client
        .request(Method::Put, "/bastionHosts/b1")
        .api_version()
        .json(&json!({}))
        .unwrap()
        .poller::<Bastion>(&[200, 201], FinalStateVia::OriginalUri)
        .unwrap()
        .await
        .unwrap()
        .into_model()
        .unwrap();
    assert_eq!(result.properties.provisioning_state, "Succeeded");
    let requests = f.server.requests();
    let original = format!("/bastionHosts/b1?api-version={API_VERSION}");
    assert_eq!(
        methods_and_targets(&f.server),
        [pair("PUT", &original), pair("GET", &original)]
    );
    let waited = requests[1].received_at - requests[0].received_at;
    assert!(waited >= std::time::Duration::from_millis(950), "{waited:?}");
}

#[tokio::test]
async fn lro_done_at_once_sends_one_request() {
    let f = fixture("", None).await;
    f.server.push(MockResponse::json(200, &bastion("Succeeded")));
    let result = f
        .client
        .request(Method::Put, "/bastionHosts/b1")
        .poller::<Bastion>(&[200, 201], FinalStateVia::AzureAsyncOperation)
        .unwrap()
        .await
        .unwrap()
        .into_model()
        .unwrap();
    assert_eq!(result.name, "b1");
    assert_eq!(f.server.requests().len(), 1);
}

#[tokio::test]
async fn lro_failed_is_a_typed_error_with_the_status_body() {
    let f = fixture("", None).await;
    let url = f.server.url().to_owned();
    f.server.push(
        MockResponse::new(202)
            .header("Azure-AsyncOperation", format!("{url}/op"))
            .header("Retry-After", "0"),
    );
    let failed = json!({
        "status": "Failed",
        "error": {"code": "BastionHostConflict", "message": "another operation is running"}
    });
    f.server.push(MockResponse::json(200, &failed));
    let err = f
        .client
        .request(Method::Put, "/bastionHosts/b1")
        .poller::<Bastion>(&[200, 201, 202], FinalStateVia::AzureAsyncOperation)
        .unwrap()
        .await
        .unwrap_err();
    let cloud = err.cloud_error().unwrap().error.unwrap();
    assert_eq!(cloud.code.as_deref(), Some("BastionHostConflict"));
    assert_eq!(err.raw_body(), Some(failed.to_string().as_bytes()));
    assert!(err.to_string().contains("failed"), "{err}");
    assert!(err.to_string().contains("another operation is running"), "{err}");
    assert_eq!(f.server.requests().len(), 2);
}

#[tokio::test]
async fn lro_canceled_and_initial_errors() {
    let f = fixture("", None).await;
    let url = f.server.url().to_owned();
    f.server.push(
        MockResponse::new(202)
            .header("Location", format!("{url}/op"))
            .header("Retry-After", "0"),
    );
    f.server
        .push(MockResponse::json(500, &json!({"error": {"code": "InternalError"}})));
    // 500 is retried by the pipeline; keep answering it.
    f.server.respond_with(|request| {
        (request.target == "/op").then(|| MockResponse::json(404, &json!({"error": {"code": "OperationNotFound"}})))
    });
    let err = f
        .client
        .request(Method::Post, "/x")
        .poller::<()>(&[202], FinalStateVia::Location)
        .unwrap()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NotFound));

    // Canceled through a provisioning state on the original URI.
    let f = fixture("", None).await;
    f.server
        .push(MockResponse::json(201, &bastion("Creating")).header("Retry-After", "0"));
    f.server.push(MockResponse::json(200, &bastion("Canceled")));
    let err = f
        .client
        .request(Method::Put, "/b1")
        .poller::<Bastion>(&[200, 201], FinalStateVia::OriginalUri)
        .unwrap()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("canceled"), "{err}");
    assert_eq!(err.status(), Some(StatusCode::Ok));

    // The initial response must be a declared success.
    let f = fixture("", None).await;
    f.server.push(MockResponse::json(
        409,
        &json!({"error": {"code": "Conflict", "message": "busy"}}),
    ));
    let err = f
        .client
        .request(Method::Put, "/b1")
        .poller::<Bastion>(&[200, 201], FinalStateVia::OriginalUri)
        .unwrap()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::Conflict));
    assert_eq!(
        err.cloud_error().unwrap().error.unwrap().message.as_deref(),
        Some("busy")
    );
}

#[tokio::test]
async fn lro_post_async_operation_gets_location_result() {
    let f = fixture("", None).await;
    let url = f.server.url().to_owned();
    f.server.push(
        MockResponse::new(202)
            .header("Azure-AsyncOperation", format!("{url}/op"))
            .header("Location", format!("{url}/result"))
            .header("Retry-After", "0"),
    );
    f.server.push(MockResponse::json(200, &json!({"status": "Succeeded"})));
    f.server.push(MockResponse::json(200, &json!({"value": true})));
    let result = f
        .client
        .request(Method::Post, "/x")
        .poller::<Revoked>(&[202], FinalStateVia::AzureAsyncOperation)
        .unwrap()
        .await
        .unwrap()
        .into_model()
        .unwrap();
    assert!(result.value);
    assert_eq!(
        methods_and_targets(&f.server),
        [pair("POST", "/x"), pair("GET", "/op"), pair("GET", "/result")]
    );
}

#[tokio::test]
async fn lro_pager_drives_the_operation_then_pages() {
    let f = fixture("", Some(API_VERSION)).await;
    let url = f.server.url().to_owned();
    f.server.push(
        MockResponse::new(202)
            .header("Location", format!("{url}/ops/sessions1"))
            .header("Retry-After", "0"),
    );
    f.server.push(MockResponse::new(202).header("Retry-After", "0"));
    f.server
        .push(page(&["s1", "s2"], Some(format!("{url}/ops/sessions1?page=2"))));
    f.server.push(page(&["s3"], None));
    let items: Vec<Session> = f
        .client
        .request(Method::Post, "/bastionHosts/b1/getActiveSessions")
        .api_version()
        .lro_pager::<SessionPage>(&[200, 202], FinalStateVia::Location)
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names(items), ["s1", "s2", "s3"]);
    assert_eq!(
        methods_and_targets(&f.server),
        [
            pair(
                "POST",
                &format!("/bastionHosts/b1/getActiveSessions?api-version={API_VERSION}")
            ),
            pair("GET", "/ops/sessions1"),
            pair("GET", "/ops/sessions1"),
            pair("GET", &format!("/ops/sessions1?page=2&api-version={API_VERSION}")),
        ]
    );
}

#[tokio::test]
async fn http_endpoint_is_refused_by_the_bearer_policy() {
    let credential = Arc::new(FakeCredential::default());
    let client = ServiceClient::new(
        "http://127.0.0.1:9",
        credential.clone(),
        vec![ARM_SCOPE.to_owned()],
        Default::default(),
        None,
    )
    .unwrap();
    let result = client
        .request(Method::Get, "/x")
        .send::<serde_json::Value>(&[200])
        .await;
    assert!(result.is_err());
    assert!(credential.scopes.lock().unwrap().is_empty(), "no token for plain http");
}

#[tokio::test]
async fn lro_operation_location_and_put_via_location() {
    // Operation-Location (status body); a PUT then GETs the original URI.
    let f = fixture("", None).await;
    let url = f.server.url().to_owned();
    f.server.push(
        MockResponse::new(202)
            .header("Operation-Location", format!("{url}/op"))
            .header("Location", format!("{url}/loc"))
            .header("Retry-After", "0"),
    );
    f.server.push(MockResponse::json(200, &json!({"status": "Succeeded"})));
    f.server.push(MockResponse::json(200, &bastion("Succeeded")));
    let result = f
        .client
        .request(Method::Put, "/b1")
        .poller::<Bastion>(&[201, 202], FinalStateVia::OperationLocation)
        .unwrap()
        .await
        .unwrap()
        .into_model()
        .unwrap();
    assert_eq!(result.name, "b1");
    assert_eq!(
        methods_and_targets(&f.server),
        [pair("PUT", "/b1"), pair("GET", "/op"), pair("GET", "/b1")]
    );

    // Location polling for a PUT: 202 running, 200 done, then the original URI is the result.
    let f = fixture("", None).await;
    let url = f.server.url().to_owned();
    f.server.push(
        MockResponse::new(202)
            .header("Location", format!("{url}/loc"))
            .header("Retry-After", "0"),
    );
    f.server.push(MockResponse::new(202).header("Retry-After", "0"));
    f.server.push(MockResponse::new(200));
    f.server.push(MockResponse::json(200, &bastion("Succeeded")));
    let result = f
        .client
        .request(Method::Patch, "/b1")
        .poller::<Bastion>(&[200, 202], FinalStateVia::Location)
        .unwrap()
        .await
        .unwrap()
        .into_model()
        .unwrap();
    assert_eq!(result.properties.provisioning_state, "Succeeded");
    assert_eq!(
        methods_and_targets(&f.server),
        [
            pair("PATCH", "/b1"),
            pair("GET", "/loc"),
            pair("GET", "/loc"),
            pair("GET", "/b1")
        ]
    );
}

#[test]
fn path_fill_encodes_each_value_as_its_own_segment() {
    use session_clients::runtime::path::fill;
    let check = |template: &str, values: &[&str], expected: Option<&str>| {
        let got = fill(template, values).ok();
        assert_eq!(got.as_deref(), expected, "fill({template:?}, {values:?})");
    };
    check("/a/{x}/b", &["p q/../r?#"], Some("/a/p%20q%2F..%2Fr%3F%23/b"));
    check(
        "/scopes/{+scope}/x",
        &["subscriptions/s/resourceGroups/g"],
        Some("/scopes/subscriptions/s/resourceGroups/g/x"),
    );
    check(
        "/users{/user-id}/revoke",
        &["adele@contoso.com"],
        Some("/users/adele@contoso.com/revoke"),
    );
    check("/users{/user-id}", &["$x"], Some("/users('$x')"));
    check("/plain", &[], Some("/plain"));
    // Refused values, and a template that does not match its values (a generator bug).
    check("/a/{x}", &[""], None);
    check("/a/{x}", &[".."], None);
    check("/a/{x}", &[], None);
    check("/a/{x}", &["1", "2"], None);
    check("/a/{x", &["1"], None);
    check("/a/x}", &[], None);
}
