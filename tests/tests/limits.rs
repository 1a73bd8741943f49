//! Every wait is bounded, through the runtime every generated client uses: the pages a pager
//! fetches, the total time a long-running operation is polled, the wait one Retry-After can ask
//! for (between polls and before retries), and cancellation by dropping the future.

use azure_core::{
    credentials::{AccessToken, TokenCredential, TokenRequestOptions},
    http::{Method, pager::Page},
    time::{Duration, OffsetDateTime},
};
use futures::{StreamExt, TryStreamExt};
use serde::Deserialize;
use serde_json::{Value, json};
use session_clients::runtime::{FinalStateVia, Limits, Paged, ServiceClient};
use std::{
    sync::Arc,
    time::{Duration as StdDuration, Instant},
};
use workspace_tests::tls_server::{MockResponse, MockServer};

#[derive(Debug)]
struct Credential;

#[async_trait::async_trait]
impl TokenCredential for Credential {
    async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new("t", OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}

fn client(server: &MockServer, limits: Limits) -> ServiceClient {
    ServiceClient::with_limits(
        server.url(),
        Arc::new(Credential),
        vec!["scope".into()],
        server.client_options(),
        None,
        &[],
        limits,
    )
    .unwrap()
}

#[derive(Debug, Deserialize)]
struct Item {
    n: u32,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ItemPage {
    value: Vec<Item>,
    next_link: Option<String>,
}

#[async_trait::async_trait]
impl Page for ItemPage {
    type Item = Item;
    type IntoIter = std::vec::IntoIter<Item>;
    async fn into_items(self) -> azure_core::Result<Self::IntoIter> {
        Ok(self.value.into_iter())
    }
}

impl Paged for ItemPage {
    fn next_link(&self) -> Option<&str> {
        self.next_link.as_deref()
    }
}

/// A service that always has one more page, each with a new link: only a cap ends it.
fn endless_pages(server: &MockServer) {
    server.respond_with(|request| {
        let n: u32 = request
            .query_values("page")
            .first()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        Some(MockResponse::json(
            200,
            &json!({"value": [{"n": n}], "nextLink": format!("/items?page={}", n + 1)}),
        ))
    });
}

/// A long-running operation that never finishes: 202, then InProgress forever, each with
/// `Retry-After: 1`.
fn endless_operation(server: &MockServer) {
    let status = format!("{}/status", server.url());
    server.respond_with(move |request| {
        Some(if request.method == "POST" {
            MockResponse::new(202)
                .header("Azure-AsyncOperation", status.clone())
                .header("Retry-After", "1")
        } else {
            MockResponse::json(200, &json!({"status": "InProgress"})).header("Retry-After", "1")
        })
    });
}

#[test]
fn default_limits_are_bounded() {
    let limits = Limits::default();
    assert_eq!(limits.max_poll_duration, Duration::hours(1));
    assert_eq!(limits.max_retry_after, Duration::seconds(60));
    assert_eq!(limits.max_pages, 10_000);
    // Every generated client's options carry them, and no allowed host.
    let options = session_clients::network::NetworkClientOptions::default();
    assert_eq!(options.limits, limits);
    assert!(options.allowed_hosts.is_empty());
    let options = session_clients::graph::v1_0::GraphClientOptions::default();
    assert_eq!(options.limits, limits);
    assert!(options.allowed_hosts.is_empty());
}

#[tokio::test]
async fn a_pager_stops_at_max_pages_after_yielding_their_items() {
    let server = MockServer::start().await.unwrap();
    endless_pages(&server);
    let limits = Limits {
        max_pages: 3,
        ..Default::default()
    };
    let mut pager = client(&server, limits)
        .request(Method::Get, "/items")
        .pager::<ItemPage>(&[200])
        .unwrap();
    let mut seen = Vec::new();
    let walk = async {
        loop {
            match pager.try_next().await {
                Ok(Some(item)) => seen.push(item.n),
                Ok(None) => panic!("an endless listing cannot end"),
                Err(e) => break e,
            }
        }
    };
    let error = tokio::time::timeout(StdDuration::from_secs(20), walk)
        .await
        .expect("the page cap never stopped the pager");
    assert_eq!(seen, [0, 1, 2], "every item of the pages fetched");
    let text = error.to_string();
    assert!(text.contains("stopped after 3 pages"), "{text}");
    assert!(text.contains("limits.max_pages"), "{text}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn polling_stops_at_max_poll_duration() {
    let server = MockServer::start().await.unwrap();
    endless_operation(&server);
    let limits = Limits {
        max_poll_duration: Duration::seconds(2),
        ..Default::default()
    };
    let started = Instant::now();
    let poller = client(&server, limits)
        .request(Method::Post, "/op")
        .poller::<Value>(&[202], FinalStateVia::AzureAsyncOperation)
        .unwrap();
    let error = tokio::time::timeout(StdDuration::from_secs(20), poller)
        .await
        .expect("max_poll_duration never stopped the poller")
        .unwrap_err();
    let took = started.elapsed();
    let text = error.to_string();
    assert!(text.contains("did not finish within"), "{text}");
    assert!(text.contains("limits.max_poll_duration"), "{text}");
    assert!(text.contains("may still be running"), "{text}");
    assert!(took >= StdDuration::from_secs(2), "stopped early: {took:?}");
    assert!(took < StdDuration::from_secs(5), "stopped late: {took:?}");
}

#[tokio::test]
async fn a_long_retry_after_between_polls_is_capped() {
    let server = MockServer::start().await.unwrap();
    server.push(
        MockResponse::new(202)
            .header("Location", format!("{}/status", server.url()))
            .header("Retry-After", "3600"),
    );
    server.push(
        MockResponse::new(202)
            .header("x-ms-retry-after-ms", "3600000")
            .header("Retry-After", "3600"),
    );
    server.push(MockResponse::json(200, &json!({"done": true})));
    let limits = Limits {
        max_retry_after: Duration::seconds(1),
        ..Default::default()
    };
    let poller = client(&server, limits)
        .request(Method::Post, "/op")
        .poller::<Value>(&[202], FinalStateVia::Location)
        .unwrap();
    let result = tokio::time::timeout(StdDuration::from_secs(10), poller)
        .await
        .expect("an hour-long Retry-After was not capped")
        .unwrap()
        .into_model()
        .unwrap();
    assert_eq!(result, json!({"done": true}));
    let requests = server.requests();
    for pair in requests.windows(2) {
        let waited = pair[1].received_at - pair[0].received_at;
        assert!(waited >= StdDuration::from_millis(900), "{waited:?}");
        assert!(waited < StdDuration::from_secs(4), "{waited:?}");
    }
}

#[tokio::test]
async fn a_long_retry_after_on_a_throttled_request_is_capped() {
    let far = (OffsetDateTime::now_utc() + Duration::days(1))
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap()
        .replace(" +0000", " GMT");
    for (header, value) in [
        ("Retry-After", "86400".to_owned()),
        ("Retry-After", far),
        ("retry-after-ms", "86400000".to_owned()),
        ("x-ms-retry-after-ms", "86400000".to_owned()),
    ] {
        let server = MockServer::start().await.unwrap();
        server.push(MockResponse::json(429, &json!({"error": {"code": "TooManyRequests"}})).header(header, &value));
        server.push(MockResponse::json(200, &json!({"value": true})));
        let limits = Limits {
            max_retry_after: Duration::seconds(1),
            ..Default::default()
        };
        let client = client(&server, limits);
        let call = client.request(Method::Get, "/busy").send::<Value>(&[200]);
        let response = tokio::time::timeout(StdDuration::from_secs(10), call)
            .await
            .unwrap_or_else(|_| panic!("{header}: {value} was not capped"))
            .unwrap();
        assert_eq!(response.into_model().unwrap(), json!({"value": true}));
        let requests = server.requests();
        let waited = requests[1].received_at - requests[0].received_at;
        assert!(waited >= StdDuration::from_millis(900), "{header}: {waited:?}");
    }
}

/// Waits long enough for another poll or retry to have been sent, had anything kept running.
async fn quiet_period() {
    tokio::time::sleep(StdDuration::from_millis(2500)).await;
}

#[tokio::test]
async fn dropping_a_poller_cancels_it() {
    let server = MockServer::start().await.unwrap();
    endless_operation(&server);
    let poller = client(&server, Limits::default())
        .request(Method::Post, "/op")
        .poller::<Value>(&[202], FinalStateVia::AzureAsyncOperation)
        .unwrap();
    assert!(
        tokio::time::timeout(StdDuration::from_millis(2500), poller)
            .await
            .is_err(),
        "the operation cannot finish"
    );
    let sent = server.requests().len();
    assert!(sent >= 2, "it was polling: {sent}");
    quiet_period().await;
    assert_eq!(server.requests().len(), sent, "a dropped poller kept polling");
}

#[tokio::test]
async fn dropping_a_poller_stream_cancels_it() {
    let server = MockServer::start().await.unwrap();
    endless_operation(&server);
    let mut statuses = client(&server, Limits::default())
        .request(Method::Post, "/op")
        .poller::<Value>(&[202], FinalStateVia::AzureAsyncOperation)
        .unwrap();
    statuses.next().await.unwrap().unwrap();
    statuses.next().await.unwrap().unwrap();
    drop(statuses);
    let sent = server.requests().len();
    quiet_period().await;
    assert_eq!(server.requests().len(), sent);
}

#[tokio::test]
async fn dropping_a_call_during_a_retry_wait_sends_no_retry() {
    let server = MockServer::start().await.unwrap();
    server.push(MockResponse::json(503, &json!({})).header("Retry-After", "2"));
    server.push(MockResponse::json(200, &json!({})));
    let client = client(&server, Limits::default());
    let call = client.request(Method::Post, "/revoke").send::<Value>(&[200]);
    assert!(tokio::time::timeout(StdDuration::from_millis(500), call).await.is_err());
    quiet_period().await;
    assert_eq!(
        server.requests().len(),
        1,
        "the retry was sent after the call was dropped"
    );
}

#[tokio::test]
async fn dropping_a_pager_fetches_no_more_pages() {
    let server = MockServer::start().await.unwrap();
    endless_pages(&server);
    let mut pager = client(&server, Limits::default())
        .request(Method::Get, "/items")
        .pager::<ItemPage>(&[200])
        .unwrap();
    pager.try_next().await.unwrap();
    pager.try_next().await.unwrap();
    drop(pager);
    let sent = server.requests().len();
    quiet_period().await;
    assert_eq!(server.requests().len(), sent);
}
