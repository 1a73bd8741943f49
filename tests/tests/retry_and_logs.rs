//! Retry bounds and log redaction, through the runtime every generated client uses: a
//! `Retry-After` given as an HTTP-date is honoured, retries stop at the configured bound, a 4xx
//! other than 429 is never retried, and
//! the bearer token never reaches the logs, even at TRACE level.

use std::io::Write;
use std::sync::{Arc, Mutex};

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_core::http::Method;
use azure_core::time::{Duration, OffsetDateTime};
use serde_json::json;
use session_clients::runtime::{ErrorExt, ServiceClient};
use workspace_tests::tls_server::{MockResponse, MockServer};

const TOKEN: &str = "secret-bearer-token-value";

#[derive(Debug)]
struct Credential;

#[async_trait::async_trait]
impl TokenCredential for Credential {
    async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(TOKEN, OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}

async fn client(server: &MockServer) -> ServiceClient {
    ServiceClient::new(
        server.url(),
        Arc::new(Credential),
        vec!["https://management.azure.com/.default".into()],
        server.client_options(),
        None,
    )
    .unwrap()
}

/// RFC 7231 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(at: OffsetDateTime) -> String {
    let rfc2822 = at
        .to_offset(time::UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap();
    rfc2822.replace(" +0000", " GMT")
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await.unwrap();
    let client = client(&server).await;
    // HTTP-dates have one-second resolution: ask for a wait of 2-3 s, expect well over 1 s.
    let retry_at = http_date(OffsetDateTime::now_utc() + Duration::seconds(3));
    server.push(MockResponse::json(503, &json!({"error": {"code": "ServerBusy"}})).header("Retry-After", &retry_at));
    server.push(MockResponse::json(200, &json!({"value": true})));
    let response = client
        .request(Method::Get, "/busy")
        .send::<serde_json::Value>(&[200])
        .await
        .unwrap();
    assert_eq!(response.into_model().unwrap(), json!({"value": true}));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].received_at - requests[0].received_at;
    assert!(
        waited >= std::time::Duration::from_millis(1500),
        "waited only {waited:?} for {retry_at}"
    );
}

#[tokio::test]
async fn retries_stop_at_the_configured_bound() {
    use azure_core::http::{ExponentialRetryOptions, RetryOptions};
    let server = MockServer::start().await.unwrap();
    let mut options = server.client_options();
    options.retry = RetryOptions::exponential(ExponentialRetryOptions {
        initial_delay: Duration::milliseconds(10),
        max_retries: 2,
        ..Default::default()
    });
    let client = ServiceClient::new(server.url(), Arc::new(Credential), vec!["scope".into()], options, None).unwrap();
    for _ in 0..5 {
        server.push(MockResponse::json(503, &json!({"error": {"code": "ServerBusy"}})).header("Retry-After", "0"));
    }
    let err = client
        .request(Method::Get, "/busy")
        .send::<serde_json::Value>(&[200])
        .await
        .unwrap_err();
    assert_eq!(err.status().map(u16::from), Some(503));
    assert_eq!(
        server.requests().len(),
        3,
        "one try and two retries, then the 503 surfaces"
    );
}

#[tokio::test]
async fn client_errors_other_than_429_are_not_retried() {
    for status in [400u16, 401, 403, 404, 409] {
        let server = MockServer::start().await.unwrap();
        let client = client(&server).await;
        server.push(MockResponse::json(
            status,
            &json!({"error": {"code": "No", "message": "no"}}),
        ));
        let err = client
            .request(Method::Post, "/x")
            .send::<serde_json::Value>(&[200])
            .await
            .unwrap_err();
        assert_eq!(err.status().map(u16::from), Some(status));
        assert_eq!(server.requests().len(), 1, "status {status} was retried");
    }
}

/// Collects everything the fmt subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_token_never_reaches_the_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await.unwrap();
    let client = client(&server).await;
    server.push(MockResponse::json(429, &json!({})).header("Retry-After", "0"));
    server.push(MockResponse::json(200, &json!({"value": true})));
    client
        .request(Method::Post, "/revoke")
        .send::<serde_json::Value>(&[200])
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        !logs.is_empty(),
        "the subscriber captured nothing, so the test proves nothing"
    );
    assert!(!logs.contains(TOKEN), "token in logs:\n{logs}");
}

/// The new paths (next links, polling URLs, a refused link, an allowed second origin) at TRACE:
/// the token is in no log line and in no error.
#[tokio::test]
async fn the_token_never_reaches_the_logs_on_links_and_polls() {
    use futures::TryStreamExt;
    use session_clients::runtime::{FinalStateVia, Limits};
    use workspace_tests::tls_server::client_options_for;

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let home = MockServer::start().await.unwrap();
    let other = MockServer::start().await.unwrap();
    let client_for = |allowed: &[String]| {
        ServiceClient::with_limits(
            home.url(),
            Arc::new(Credential),
            vec!["scope".into()],
            client_options_for(&[&home, &other]),
            None,
            allowed,
            Limits::default(),
        )
        .unwrap()
    };
    let refusing = client_for(&[]);
    let allowing = client_for(&[other.url().trim_start_matches("https://").to_owned()]);

    // A long-running operation polled on the second origin (allowed), then refused.
    for client in [&allowing, &refusing] {
        home.push(
            MockResponse::new(202)
                .header("Azure-AsyncOperation", format!("{}/status", other.url()))
                .header("Retry-After", "0"),
        );
        other.push(MockResponse::json(200, &json!({"status": "Succeeded"})));
        let result = client
            .request(Method::Post, "/op")
            .poller::<serde_json::Value>(&[202], FinalStateVia::AzureAsyncOperation)
            .unwrap()
            .await;
        if let Err(e) = result {
            let text = format!("{e} {e:?}");
            assert!(!text.contains(TOKEN), "{text}");
        }
    }
    // A Graph-style listing whose next link points at the second origin: followed, then refused.
    for client in [&allowing, &refusing] {
        home.push(MockResponse::json(
            200,
            &json!({"value": [], "@odata.nextLink": format!("{}/page2", other.url())}),
        ));
        other.push(MockResponse::json(200, &json!({"value": []})));
        let listed = client
            .request(Method::Get, "/users")
            .pager::<GraphPage>(&[200])
            .unwrap()
            .try_collect::<Vec<serde_json::Value>>()
            .await;
        if let Err(e) = listed {
            let text = format!("{e} {e:?}");
            assert!(!text.contains(TOKEN), "{text}");
        }
    }
    assert!(
        other.requests().len() >= 2,
        "the allowed origin was reached, so its requests were logged"
    );

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The requests to the second origin were logged (azure_core logs each URL at DEBUG).
    for url in [format!("{}/status", other.url()), format!("{}/page2", other.url())] {
        assert!(logs.contains(&format!("url: {url}")), "{url} not logged:\n{logs}");
    }
    assert!(!logs.contains(TOKEN), "token in logs:\n{logs}");
}

#[derive(serde::Deserialize)]
struct GraphPage {
    value: Vec<serde_json::Value>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

#[async_trait::async_trait]
impl azure_core::http::pager::Page for GraphPage {
    type Item = serde_json::Value;
    type IntoIter = std::vec::IntoIter<serde_json::Value>;
    async fn into_items(self) -> azure_core::Result<Self::IntoIter> {
        Ok(self.value.into_iter())
    }
}

impl session_clients::runtime::Paged for GraphPage {
    fn next_link(&self) -> Option<&str> {
        self.next_link.as_deref()
    }
}
