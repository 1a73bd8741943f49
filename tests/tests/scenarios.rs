//! The seed documents (../shared/seeds/) as scenarios, through the generated clients against a
//! loopback HTTPS server: Bastion disconnectActiveSessions (seed 000), AVD user sessions
//! (seed 001), Graph revokeSignInSessions v1.0 and beta (seeds 002, 003, 004), paging, typed
//! errors and bearer-token scopes per cloud.
//!
//! The runtime itself (paging rules, LRO rules, retries, path encoding) is tested in
//! `runtime.rs`; these tests check that the generated methods use it as the seeds say.

use azure_core::{
    credentials::{AccessToken, TokenCredential, TokenRequestOptions},
    http::StatusCode,
    time::{Duration, OffsetDateTime},
};
use futures::TryStreamExt;
use serde_json::json;
use session_clients::{
    desktop_virtualization::{
        DesktopVirtualizationClient, DesktopVirtualizationClientOptions, UserSessionsDeleteOptions,
        UserSessionsListByHostPoolOptions, UserSessionsSendMessageOptions, models::SendMessage,
    },
    graph,
    network::{
        NetworkClient, NetworkClientOptions,
        models::{BastionSessionStateValue, SessionIds},
    },
    runtime::{Cloud, ErrorExt},
};
use std::sync::{Arc, Mutex};
use workspace_tests::tls_server::{MockResponse, MockServer, RecordedRequest};

const SUBSCRIPTION: &str = "daefabc0-95b4-48b3-b645-8a753a63c4fa";
const TOKEN: &str = "scenario-token";

/// A credential with a fixed token that records the scopes it is asked for.
#[derive(Debug, Default)]
struct Credential {
    scopes: Mutex<Vec<Vec<String>>>,
}

impl Credential {
    fn scopes(&self) -> Vec<Vec<String>> {
        self.scopes.lock().unwrap().clone()
    }
}

#[async_trait::async_trait]
impl TokenCredential for Credential {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        self.scopes
            .lock()
            .unwrap()
            .push(scopes.iter().map(|s| s.to_string()).collect());
        Ok(AccessToken::new(TOKEN, OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}

async fn start() -> (MockServer, Arc<Credential>) {
    (MockServer::start().await.unwrap(), Arc::default())
}

fn network(server: &MockServer, credential: &Arc<Credential>, cloud: Cloud) -> NetworkClient {
    let options = NetworkClientOptions {
        cloud,
        endpoint: Some(server.url().to_owned()),
        client_options: server.client_options(),
        ..Default::default()
    };
    NetworkClient::new("subid", credential.clone(), Some(options)).unwrap()
}

fn avd(server: &MockServer, credential: &Arc<Credential>) -> DesktopVirtualizationClient {
    let options = DesktopVirtualizationClientOptions {
        endpoint: Some(server.url().to_owned()),
        client_options: server.client_options(),
        ..Default::default()
    };
    DesktopVirtualizationClient::new(SUBSCRIPTION, credential.clone(), Some(options)).unwrap()
}

fn graph_v1(server: &MockServer, credential: &Arc<Credential>, cloud: Cloud) -> graph::v1_0::GraphClient {
    let options = graph::v1_0::GraphClientOptions {
        cloud,
        endpoint: Some(format!("{}/v1.0", server.url())),
        client_options: server.client_options(),
        ..Default::default()
    };
    graph::v1_0::GraphClient::new(credential.clone(), Some(options)).unwrap()
}

fn graph_beta(server: &MockServer, credential: &Arc<Credential>, cloud: Cloud) -> graph::beta::GraphClient {
    let options = graph::beta::GraphClientOptions {
        cloud,
        endpoint: Some(format!("{}/beta", server.url())),
        client_options: server.client_options(),
        ..Default::default()
    };
    graph::beta::GraphClient::new(credential.clone(), Some(options)).unwrap()
}

fn only_request(server: &MockServer) -> RecordedRequest {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    requests.into_iter().next().unwrap()
}

fn assert_bearer(requests: &[RecordedRequest]) {
    for request in requests {
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Azure Bastion (seed 000)

/// The seed's sample: three sessions, one per documented state, typed.
#[tokio::test]
async fn bastion_disconnect_active_sessions_reports_each_state() {
    let (server, credential) = start().await;
    server.push(MockResponse::json(
        200,
        &json!({"value": [
            {"sessionId": "session1", "message": "session session1 invalidated!", "state": "Disconnected"},
            {"sessionId": "session2", "message": "session session2 could not be disconnected!", "state": "Failed"},
            {"sessionId": "session3", "message": "session session3 not found!", "state": "NotFound"},
            {"sessionId": "session4", "state": "Expired"},
        ]}),
    ));
    let client = network(&server, &credential, Cloud::AzurePublic);
    let body = SessionIds {
        session_ids: Some(vec![
            "session1".into(),
            "session2".into(),
            "session3".into(),
            "session4".into(),
        ]),
    };
    let states: Vec<_> = client
        .bastion_hosts()
        .disconnect_active_sessions("rg1", "bastionhosttenant", body, None)
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let states: Vec<_> = states
        .into_iter()
        .map(|s| (s.session_id.unwrap(), s.state.unwrap()))
        .collect();
    assert_eq!(
        states,
        [
            ("session1".to_owned(), BastionSessionStateValue::Disconnected),
            ("session2".to_owned(), BastionSessionStateValue::Failed),
            ("session3".to_owned(), BastionSessionStateValue::NotFound),
            // An undocumented state is kept, not an error.
            (
                "session4".to_owned(),
                BastionSessionStateValue::UnknownValue("Expired".into())
            ),
        ]
    );
    let request = only_request(&server);
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.target,
        "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/bastionHosts/bastionhosttenant/disconnectActiveSessions?api-version=2024-05-01"
    );
    assert_eq!(
        request.json(),
        json!({"sessionIds": ["session1", "session2", "session3", "session4"]})
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_bearer(&[request]);
}

/// The per-session state list is pageable (nextLink), and the client follows it.
#[tokio::test]
async fn bastion_disconnect_follows_next_links_across_three_pages() {
    let (server, credential) = start().await;
    let url = server.url().to_owned();
    let state = |id: &str| json!({"sessionId": id, "state": "Disconnected"});
    server.push(MockResponse::json(
        200,
        &json!({"value": [state("a"), state("b")], "nextLink": format!("{url}/next/2?$skiptoken=x%2By")}),
    ));
    server.push(MockResponse::json(
        200,
        &json!({"value": [state("c")], "nextLink": format!("{url}/next/3")}),
    ));
    server.push(MockResponse::json(200, &json!({"value": [state("d")]})));
    let client = network(&server, &credential, Cloud::AzurePublic);
    let body = SessionIds {
        session_ids: Some(vec!["a".into()]),
    };
    let ids: Vec<String> = client
        .bastion_hosts()
        .disconnect_active_sessions("rg1", "b1", body, None)
        .unwrap()
        .map_ok(|s| s.session_id.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let requests = server.requests();
    let targets: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.target.as_str()))
        .collect();
    assert_eq!(
        targets,
        [
            (
                "POST",
                "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/bastionHosts/b1/disconnectActiveSessions?api-version=2024-05-01"
            ),
            ("GET", "/next/2?$skiptoken=x%2By&api-version=2024-05-01"),
            ("GET", "/next/3?api-version=2024-05-01"),
        ]
    );
    assert_bearer(&requests);
}

// ---------------------------------------------------------------------------------------------
// Azure Virtual Desktop user sessions (seed 001)

fn user_session(host: &str, id: &str) -> serde_json::Value {
    json!({
        "id": format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.DesktopVirtualization/hostPools/pool1/sessionHosts/{host}/userSessions/{id}"),
        "name": format!("pool1/{host}/{id}"),
        "type": "Microsoft.DesktopVirtualization/hostPools/sessionHosts/userSessions",
        "properties": {"userPrincipalName": "adele@contoso.com", "sessionState": "Active", "applicationType": "Desktop"}
    })
}

const POOL: &str = "/subscriptions/daefabc0-95b4-48b3-b645-8a753a63c4fa/resourceGroups/rg1/providers/Microsoft.DesktopVirtualization/hostPools/pool1";

#[tokio::test]
async fn avd_list_by_host_pool_sends_filter_and_paging_options_and_walks_three_pages() {
    let (server, credential) = start().await;
    let url = server.url().to_owned();
    server.push(MockResponse::json(
        200,
        &json!({"value": [user_session("host1.contoso.com", "1")], "nextLink": format!("{url}{POOL}/userSessions?api-version=2025-10-10&$skipToken=2")}),
    ));
    server.push(MockResponse::json(
        200,
        &json!({"value": [user_session("host1.contoso.com", "2")], "nextLink": format!("{url}{POOL}/userSessions?$skipToken=3")}),
    ));
    server.push(MockResponse::json(
        200,
        &json!({"value": [user_session("host2.contoso.com", "7")], "nextLink": null}),
    ));
    let client = avd(&server, &credential);
    let options = UserSessionsListByHostPoolOptions {
        filter: Some("userPrincipalName eq 'adele@contoso.com' and sessionState eq 'Active'".into()),
        page_size: Some(10),
        is_descending: Some(true),
        initial_skip: Some(0),
        ..Default::default()
    };
    let names: Vec<String> = client
        .user_sessions()
        .list_by_host_pool("rg1", "pool1", Some(options))
        .unwrap()
        .map_ok(|s| s.name.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        names,
        [
            "pool1/host1.contoso.com/1",
            "pool1/host1.contoso.com/2",
            "pool1/host2.contoso.com/7"
        ]
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let first = &requests[0];
    assert_eq!(first.method, "GET");
    assert_eq!(first.path(), format!("{POOL}/userSessions"));
    let mut query = first.query_pairs();
    query.sort();
    assert_eq!(
        query,
        [
            (
                "$filter".to_owned(),
                "userPrincipalName eq 'adele@contoso.com' and sessionState eq 'Active'".to_owned()
            ),
            ("api-version".to_owned(), "2025-10-10".to_owned()),
            ("initialSkip".to_owned(), "0".to_owned()),
            ("isDescending".to_owned(), "true".to_owned()),
            ("pageSize".to_owned(), "10".to_owned()),
        ]
    );
    // Next pages: the link as given, api-version re-applied once.
    assert_eq!(requests[1].query_values("$skipToken"), ["2"]);
    assert_eq!(requests[2].query_values("$skipToken"), ["3"]);
    for request in &requests[1..] {
        assert_eq!(request.method, "GET");
        assert_eq!(request.query_values("api-version"), ["2025-10-10"]);
    }
    assert_bearer(&requests);
}

#[tokio::test]
async fn avd_delete_sends_force() {
    let (server, credential) = start().await;
    server.push(MockResponse::new(200));
    let client = avd(&server, &credential);
    let options = UserSessionsDeleteOptions {
        force: Some(true),
        ..Default::default()
    };
    let response = client
        .user_sessions()
        .delete("rg1", "pool1", "host1.contoso.com", "2", Some(options))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::Ok);
    let request = only_request(&server);
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.path(),
        format!("{POOL}/sessionHosts/host1.contoso.com/userSessions/2")
    );
    let mut query = request.query_pairs();
    query.sort();
    assert_eq!(
        query,
        [
            ("api-version".to_owned(), "2025-10-10".to_owned()),
            ("force".to_owned(), "true".to_owned())
        ]
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn avd_disconnect_posts_to_the_session() {
    let (server, credential) = start().await;
    server.push(MockResponse::new(200));
    let client = avd(&server, &credential);
    client
        .user_sessions()
        .disconnect("rg1", "pool1", "host1.contoso.com", "2", None)
        .await
        .unwrap();
    let request = only_request(&server);
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.target,
        format!("{POOL}/sessionHosts/host1.contoso.com/userSessions/2/disconnect?api-version=2025-10-10")
    );
    assert!(request.body.is_empty());
    assert_bearer(&[request]);
}

#[tokio::test]
async fn avd_send_message_posts_title_and_body() {
    let (server, credential) = start().await;
    server.push(MockResponse::new(200));
    let client = avd(&server, &credential);
    let options = UserSessionsSendMessageOptions {
        send_message: Some(SendMessage {
            message_title: Some("Security".into()),
            message_body: Some("Your device was reported stolen; you are being signed out.".into()),
        }),
        ..Default::default()
    };
    client
        .user_sessions()
        .send_message("rg1", "pool1", "host1.contoso.com", "2", Some(options))
        .await
        .unwrap();
    let request = only_request(&server);
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.target,
        format!("{POOL}/sessionHosts/host1.contoso.com/userSessions/2/sendMessage?api-version=2025-10-10")
    );
    assert_eq!(
        request.json(),
        json!({"messageTitle": "Security", "messageBody": "Your device was reported stolen; you are being signed out."})
    );
}

/// Hostile values stay in their segment; an empty one is refused before anything is sent.
#[tokio::test]
async fn avd_path_values_never_leave_their_segment() {
    let (server, credential) = start().await;
    server.push(MockResponse::new(200));
    let client = avd(&server, &credential);
    client
        .user_sessions()
        .disconnect("rg1", "pool1", "../../hostPools/other", "2?x#y", None)
        .await
        .unwrap();
    let request = only_request(&server);
    assert_eq!(
        request.target,
        format!(
            "{POOL}/sessionHosts/..%2F..%2FhostPools%2Fother/userSessions/2%3Fx%23y/disconnect?api-version=2025-10-10"
        )
    );
    let err = client
        .user_sessions()
        .disconnect("rg1", "pool1", "", "2", None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("sessionHostName"), "{err}");
    assert_eq!(server.requests().len(), 1, "nothing sent for the empty value");
}

// ---------------------------------------------------------------------------------------------
// Microsoft Graph revokeSignInSessions (seeds 002, 003, 004), v1.0 and beta

/// The seeds' answer: 200 with `{"value": true}` (and an OData context).
fn revoked(version: &str) -> MockResponse {
    MockResponse::json(
        200,
        &json!({"@odata.context": format!("https://graph.microsoft.com/{version}/$metadata#Edm.Boolean"), "value": true}),
    )
}

/// Each user key and the path the client must send for it (seed 004's rules).
const USER_KEYS: &[(&str, &str)] = &[
    (
        "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
        "/users/87d349ed-44d7-43e1-9a83-5f2406dee5bd",
    ),
    ("adele@contoso.com", "/users/adele@contoso.com"),
    (
        "AdeleVance_adatum.com#EXT#@contoso.com",
        "/users/AdeleVance_adatum.com%23EXT%23@contoso.com",
    ),
    ("$AdeleVance@contoso.com", "/users('$AdeleVance@contoso.com')"),
];

macro_rules! graph_revoke_scenarios {
    ($version:literal, $client:ident) => {{
        let (server, credential) = start().await;
        let client = $client(&server, &credential, Cloud::AzurePublic);
        for (key, path) in USER_KEYS {
            server.push(revoked($version));
            let response = client.users().revoke_sign_in_sessions(key, None).await.unwrap();
            assert_eq!(response.status(), StatusCode::Ok);
            let model = response.into_model().unwrap();
            assert_eq!(model.value, Some(true), "{key}");
            assert!(model.additional_properties.contains_key("@odata.context"));
            let request = server.requests().pop().unwrap();
            assert_eq!(request.method, "POST");
            assert_eq!(
                request.target,
                format!("/{}{path}/revokeSignInSessions", $version),
                "{key}"
            );
            assert!(request.body.is_empty(), "the action has no request body");
            assert_eq!(request.query(), None, "Graph has no api-version");
        }
        server.push(revoked($version));
        let me = client
            .me()
            .revoke_sign_in_sessions(None)
            .await
            .unwrap()
            .into_model()
            .unwrap();
        assert_eq!(me.value, Some(true));
        let request = server.requests().pop().unwrap();
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("POST", concat!("/", $version, "/me/revokeSignInSessions"))
        );
        // An empty key is refused before anything is sent.
        let sent = server.requests().len();
        assert!(client.users().revoke_sign_in_sessions("", None).await.is_err());
        assert_eq!(server.requests().len(), sent);
        assert_bearer(&server.requests());
        for scopes in credential.scopes() {
            assert_eq!(scopes, ["https://graph.microsoft.com/.default"]);
        }
    }};
}

#[tokio::test]
async fn graph_v1_revoke_sign_in_sessions_by_id_upn_and_me() {
    graph_revoke_scenarios!("v1.0", graph_v1);
}

#[tokio::test]
#[allow(deprecated)] // every beta operation is marked deprecated upstream (a slicing artefact)
async fn graph_beta_revoke_sign_in_sessions_by_id_upn_and_me() {
    graph_revoke_scenarios!("beta", graph_beta);
}

#[tokio::test]
async fn graph_users_list_follows_odata_next_links_across_three_pages() {
    let (server, credential) = start().await;
    let url = server.url().to_owned();
    let user = |upn: &str| json!({"id": upn, "userPrincipalName": upn});
    server.push(MockResponse::json(
        200,
        &json!({"value": [user("a@contoso.com"), user("b@contoso.com")], "@odata.nextLink": format!("{url}/v1.0/users?$skiptoken=RFNwdAIAAQAAAB")}),
    ));
    server.push(MockResponse::json(
        200,
        &json!({"value": [user("c@contoso.com")], "@odata.nextLink": format!("{url}/v1.0/users?$skiptoken=RFNwdAIAAQAAAC")}),
    ));
    server.push(MockResponse::json(200, &json!({"value": [user("d@contoso.com")]})));
    let client = graph_v1(&server, &credential, Cloud::AzurePublic);
    let upns: Vec<String> = client
        .users()
        .list(None)
        .unwrap()
        .map_ok(|u| u.user_principal_name.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        upns,
        ["a@contoso.com", "b@contoso.com", "c@contoso.com", "d@contoso.com"]
    );
    let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        targets,
        [
            "/v1.0/users",
            "/v1.0/users?$skiptoken=RFNwdAIAAQAAAB",
            "/v1.0/users?$skiptoken=RFNwdAIAAQAAAC"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Typed errors through the generated clients

#[tokio::test]
async fn arm_errors_are_cloud_errors() {
    let (server, credential) = start().await;
    let body = json!({"error": {
        "code": "ResourceNotFound",
        "message": "The user session '2' was not found.",
        "target": "userSessionId",
        "details": [{"code": "SessionHostNotFound", "message": "host1.contoso.com"}]
    }});
    server.push(MockResponse::json(404, &body));
    let client = avd(&server, &credential);
    let err = client
        .user_sessions()
        .get("rg1", "pool1", "host1.contoso.com", "2", None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NotFound));
    let cloud = err.cloud_error().expect("a CloudError").error.expect("its body");
    assert_eq!(cloud.code.as_deref(), Some("ResourceNotFound"));
    assert_eq!(cloud.message.as_deref(), Some("The user session '2' was not found."));
    assert_eq!(cloud.target.as_deref(), Some("userSessionId"));
    let details = cloud.details.unwrap();
    assert_eq!(details[0].code.as_deref(), Some("SessionHostNotFound"));
    let raw: serde_json::Value = serde_json::from_slice(err.raw_body().unwrap()).unwrap();
    assert_eq!(raw, body);
    // 4xx other than 429 are not retried.
    assert_eq!(server.requests().len(), 1);

    // Bastion's disconnect is pageable: its error surfaces from the pager.
    server.push(MockResponse::json(
        409,
        &json!({"error": {"code": "Conflict", "message": "busy"}}),
    ));
    let err = network(&server, &credential, Cloud::AzurePublic)
        .bastion_hosts()
        .disconnect_active_sessions("rg1", "b1", SessionIds::default(), None)
        .unwrap()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::Conflict));
    assert_eq!(
        err.cloud_error().unwrap().error.unwrap().code.as_deref(),
        Some("Conflict")
    );
}

#[tokio::test]
async fn graph_errors_are_odata_errors() {
    let (server, credential) = start().await;
    let body = json!({"error": {
        "code": "Authorization_RequestDenied",
        "message": "Insufficient privileges to complete the operation.",
        "innerError": {"date": "2024-01-01T00:00:00", "request-id": "6d8c3b9e-0000-4000-8000-000000000001", "client-request-id": "x"}
    }});
    server.push(MockResponse::json(403, &body));
    let client = graph_v1(&server, &credential, Cloud::AzurePublic);
    let err = client
        .users()
        .revoke_sign_in_sessions("adele@contoso.com", None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::Forbidden));
    let odata = err.odata_error().expect("an ODataError").error.expect("its main error");
    assert_eq!(odata.code.as_deref(), Some("Authorization_RequestDenied"));
    assert_eq!(
        odata.message.as_deref(),
        Some("Insufficient privileges to complete the operation.")
    );
    let inner = odata.inner_error.expect("innerError");
    assert_eq!(inner["request-id"], "6d8c3b9e-0000-4000-8000-000000000001");
    let raw: serde_json::Value = serde_json::from_slice(err.raw_body().unwrap()).unwrap();
    assert_eq!(raw, body);

    // A body that is not an OData error still surfaces its raw text.
    server.push(
        MockResponse::new(400)
            .header("content-type", "text/html")
            .body("<html>Bad Request</html>"),
    );
    let err = client.me().revoke_sign_in_sessions(None).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BadRequest));
    assert!(err.odata_error().is_none());
    assert_eq!(err.raw_body(), Some(&b"<html>Bad Request</html>"[..]));
}

// ---------------------------------------------------------------------------------------------
// Bearer tokens: the scope follows the client's cloud (the endpoint override keeps it)

#[tokio::test]
async fn token_scopes_follow_the_cloud() {
    let cases = [
        (
            Cloud::AzurePublic,
            "https://management.azure.com/.default",
            "https://graph.microsoft.com/.default",
        ),
        (
            Cloud::AzureUsGovernment,
            "https://management.usgovcloudapi.net/.default",
            "https://graph.microsoft.us/.default",
        ),
        (
            Cloud::AzureChina,
            "https://management.chinacloudapi.cn/.default",
            "https://microsoftgraph.chinacloudapi.cn/.default",
        ),
    ];
    for (cloud, arm_scope, graph_scope) in cases {
        let (server, credential) = start().await;
        server.push(MockResponse::json(200, &json!({"value": []})));
        let states: Vec<_> = network(&server, &credential, cloud.clone())
            .bastion_hosts()
            .disconnect_active_sessions("rg1", "b1", SessionIds::default(), None)
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        assert!(states.is_empty());
        assert_eq!(credential.scopes(), [[arm_scope]], "{cloud:?}");

        let (server, credential) = start().await;
        server.push(revoked("v1.0"));
        server.push(revoked("beta"));
        graph_v1(&server, &credential, cloud.clone())
            .me()
            .revoke_sign_in_sessions(None)
            .await
            .unwrap();
        #[allow(deprecated)]
        graph_beta(&server, &credential, cloud.clone())
            .me()
            .revoke_sign_in_sessions(None)
            .await
            .unwrap();
        assert_eq!(credential.scopes(), [[graph_scope], [graph_scope]], "{cloud:?}");
        assert_bearer(&server.requests());
    }
}
