//! Several api-versions of one service in one crate (`specs.toml`: Network `keep = 2`): each
//! version is its own module and feature and sends its own api-version; `network` and its
//! feature are the newest stable one, re-exported.

use std::sync::Arc;

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_core::time::{Duration, OffsetDateTime};
use serde_json::json;
use session_clients::network::{self, v2023_11_01, v2024_05_01};
use workspace_tests::tls_server::{MockResponse, MockServer};

#[derive(Debug)]
struct Credential;

#[async_trait::async_trait]
impl TokenCredential for Credential {
    async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new("t", OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}

/// The default module is the newest stable version, not a copy of it: the same types.
#[test]
fn network_is_the_newest_stable_version() {
    let same_client: fn(network::NetworkClient) -> v2024_05_01::NetworkClient = |c| c;
    let same_model: fn(network::models::BastionHost) -> v2024_05_01::models::BastionHost = |m| m;
    let _ = (same_client, same_model);
}

fn host() -> serde_json::Value {
    json!({"name": "bastion", "properties": {"provisioningState": "Succeeded"}})
}

#[tokio::test]
async fn each_version_sends_its_own_api_version() {
    let server = MockServer::start().await.unwrap();
    server.push(MockResponse::json(200, &host()));
    server.push(MockResponse::json(200, &host()));
    let endpoint = Some(server.url().to_owned());

    let old = v2023_11_01::NetworkClient::new(
        "sub",
        Arc::new(Credential),
        Some(v2023_11_01::NetworkClientOptions {
            endpoint: endpoint.clone(),
            client_options: server.client_options(),
            ..Default::default()
        }),
    )
    .unwrap();
    let host_old = old
        .bastion_hosts()
        .get("rg", "bastion", None)
        .await
        .unwrap()
        .into_model()
        .unwrap();
    let new = network::NetworkClient::new(
        "sub",
        Arc::new(Credential),
        Some(network::NetworkClientOptions {
            endpoint,
            client_options: server.client_options(),
            ..Default::default()
        }),
    )
    .unwrap();
    let host_new = new
        .bastion_hosts()
        .get("rg", "bastion", None)
        .await
        .unwrap()
        .into_model()
        .unwrap();
    assert_eq!(host_old.name.as_deref(), Some("bastion"));
    assert_eq!(host_new.name.as_deref(), Some("bastion"));

    let requests = server.requests();
    let versions: Vec<Vec<String>> = requests.iter().map(|r| r.query_values("api-version")).collect();
    assert_eq!(versions, [["2023-11-01"], ["2024-05-01"]]);
    for r in &requests {
        assert_eq!(
            r.path(),
            "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/bastionHosts/bastion"
        );
    }
}
