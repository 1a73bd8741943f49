//! The bearer token stays home: two loopback HTTPS origins (two servers, two ports). The client's
//! endpoint is `home`; next links, polling headers and final-result links that point at
//! `other` are refused before any request reaches it, with an error naming both origins,
//! unless `other` is in the allow-list, which lets the calls (and the token) through.

use azure_core::{
    credentials::{AccessToken, TokenCredential, TokenRequestOptions},
    http::{
        Context, Method, Request, Url,
        pager::Page,
        policies::{Policy, PolicyResult},
    },
    time::{Duration, OffsetDateTime},
};
use futures::TryStreamExt;
use serde::Deserialize;
use serde_json::{Value, json};
use session_clients::runtime::{FinalStateVia, Limits, Paged, ServiceClient, TrustedOrigins};
use std::sync::Arc;
use workspace_tests::tls_server::{MockResponse, MockServer, client_options_for};

const TOKEN: &str = "home-only-token";

#[derive(Debug)]
struct Credential;

#[async_trait::async_trait]
impl TokenCredential for Credential {
    async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(TOKEN, OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}

/// Two servers whose certificates the client trusts; the client's endpoint is `home`.
struct Origins {
    home: MockServer,
    other: MockServer,
}

impl Origins {
    async fn start() -> Self {
        Self {
            home: MockServer::start().await.unwrap(),
            other: MockServer::start().await.unwrap(),
        }
    }

    /// `other` as an allow-list entry: `127.0.0.1:PORT`.
    fn other_host(&self) -> String {
        self.other.url().trim_start_matches("https://").to_owned()
    }

    fn client(&self, allowed_hosts: &[String]) -> ServiceClient {
        ServiceClient::with_limits(
            self.home.url(),
            Arc::new(Credential),
            vec!["https://management.azure.com/.default".into()],
            client_options_for(&[&self.home, &self.other]),
            None,
            allowed_hosts,
            Limits::default(),
        )
        .unwrap()
    }

    fn refusing(&self) -> ServiceClient {
        self.client(&[])
    }

    fn allowing(&self) -> ServiceClient {
        self.client(&[self.other_host()])
    }

    /// The refusal happened before any request reached `other`.
    fn assert_other_untouched(&self) {
        let reached = self.other.requests();
        assert!(reached.is_empty(), "the other origin was reached: {reached:#?}");
    }

    /// `other` was reached, with the token (the allow-list case).
    fn assert_other_got_the_token(&self) {
        let reached = self.other.requests();
        assert!(!reached.is_empty(), "the other origin was never reached");
        for request in reached {
            assert_eq!(
                request.header("authorization"),
                Some(format!("Bearer {TOKEN}").as_str())
            );
        }
    }

    /// The error says what was refused and names both origins.
    fn assert_refusal(&self, error: &azure_core::Error, what: &str) {
        let text = format!("{error}");
        assert!(text.contains("refusing to send the bearer token"), "{text}");
        assert!(text.contains(self.other.url()), "the other origin is not named: {text}");
        assert!(
            text.contains(self.home.url()),
            "the endpoint's origin is not named: {text}"
        );
        assert!(text.contains(what), "`{what}` is not named: {text}");
        assert!(text.contains(&self.other_host()), "no allow-list hint: {text}");
        assert!(!text.contains(TOKEN), "{text}");
    }
}

#[derive(Debug, Deserialize)]
struct Item {
    name: String,
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

fn page(names: &[&str], next: Option<String>) -> MockResponse {
    let value: Vec<_> = names.iter().map(|n| json!({"name": n})).collect();
    MockResponse::json(200, &json!({"value": value, "nextLink": next}))
}

/// Items until the first error, and that error.
async fn walk(client: &ServiceClient) -> (Vec<String>, Option<azure_core::Error>) {
    let mut pager = client.request(Method::Get, "/items").pager::<ItemPage>(&[200]).unwrap();
    let mut names = Vec::new();
    loop {
        match pager.try_next().await {
            Ok(Some(item)) => names.push(item.name),
            Ok(None) => return (names, None),
            Err(e) => return (names, Some(e)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// next links

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused_after_the_page_items() {
    let o = Origins::start().await;
    o.home
        .push(page(&["a", "b"], Some(format!("{}/items?page=2", o.other.url()))));
    let (names, error) = walk(&o.refusing()).await;
    assert_eq!(
        names,
        ["a", "b"],
        "the items of the page that gave the link are still yielded"
    );
    o.assert_refusal(&error.expect("refused"), "the next link of a page");
    o.assert_other_untouched();
}

#[tokio::test]
async fn a_scheme_relative_next_link_is_another_origin_too() {
    let o = Origins::start().await;
    let relative = format!("//{}/items?page=2", o.other_host());
    o.home.push(page(&["a"], Some(relative)));
    let (_, error) = walk(&o.refusing()).await;
    o.assert_refusal(&error.expect("refused"), "the next link of a page");
    o.assert_other_untouched();
}

#[tokio::test]
async fn relative_next_links_stay_on_the_endpoint_origin() {
    let o = Origins::start().await;
    o.home.push(page(&["a"], Some("items?page=2".into())));
    o.home.push(page(&["b"], Some("/items?page=3".into())));
    o.home.push(page(&["c"], None));
    let (names, error) = walk(&o.refusing()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(names, ["a", "b", "c"]);
    o.assert_other_untouched();
}

#[tokio::test]
async fn plain_http_on_the_same_host_and_port_is_another_origin() {
    let o = Origins::start().await;
    let downgraded = o.home.url().replace("https://", "http://");
    o.home.push(page(&["a"], Some(format!("{downgraded}/items?page=2"))));
    let (_, error) = walk(&o.allowing()).await;
    let text = error.expect("refused").to_string();
    assert!(
        text.contains(&format!("refusing to send the bearer token to {downgraded}")),
        "{text}"
    );
    assert!(text.contains("only https URLs"), "{text}");
    assert_eq!(o.home.requests().len(), 1, "the http link was never followed");
}

#[tokio::test]
async fn an_allowed_host_gets_the_next_link_with_the_token() {
    let o = Origins::start().await;
    o.home
        .push(page(&["a"], Some(format!("{}/items?page=2", o.other.url()))));
    o.other.push(page(&["b"], None));
    let (names, error) = walk(&o.allowing()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(names, ["a", "b"]);
    o.assert_other_got_the_token();
    assert_eq!(o.other.requests()[0].target, "/items?page=2");
}

// ---------------------------------------------------------------------------------------------
// long-running operations: each polling header

async fn run_lro(client: &ServiceClient, method: Method, final_state: FinalStateVia) -> azure_core::Result<Value> {
    client
        .request(method, "/op")
        .poller::<Value>(&[200, 201, 202], final_state)?
        .await?
        .into_model()
}

/// (header, final-state-via) for each header the poller follows.
const POLLING_HEADERS: [(&str, FinalStateVia); 3] = [
    ("Azure-AsyncOperation", FinalStateVia::AzureAsyncOperation),
    ("Location", FinalStateVia::Location),
    ("Operation-Location", FinalStateVia::OperationLocation),
];

#[tokio::test]
async fn each_polling_header_to_another_origin_is_refused_before_the_first_poll() {
    for (header, final_state) in POLLING_HEADERS {
        let o = Origins::start().await;
        o.home.push(
            MockResponse::new(202)
                .header(header, format!("{}/status", o.other.url()))
                .header("Retry-After", "0"),
        );
        let error = run_lro(&o.refusing(), Method::Post, final_state).await.unwrap_err();
        o.assert_refusal(&error, &format!("the {header} header"));
        o.assert_other_untouched();
        assert_eq!(o.home.requests().len(), 1, "{header}: only the initial request");
    }
}

#[tokio::test]
async fn each_polling_header_to_an_allowed_host_is_followed_with_the_token() {
    for (header, final_state) in POLLING_HEADERS {
        let o = Origins::start().await;
        o.home.push(
            MockResponse::new(202)
                .header(header, format!("{}/status", o.other.url()))
                .header("Retry-After", "0"),
        );
        let done = if header == "Location" {
            MockResponse::json(200, &json!({"value": "result"}))
        } else {
            MockResponse::json(200, &json!({"status": "Succeeded"}))
        };
        o.other.push(done);
        run_lro(&o.allowing(), Method::Post, final_state)
            .await
            .unwrap_or_else(|e| panic!("{header}: {e}"));
        o.assert_other_got_the_token();
    }
}

#[tokio::test]
async fn a_new_location_on_a_202_to_another_origin_is_refused() {
    let o = Origins::start().await;
    o.home.push(
        MockResponse::new(202)
            .header("Location", format!("{}/status", o.home.url()))
            .header("Retry-After", "0"),
    );
    o.home.push(
        MockResponse::new(202)
            .header("Location", format!("{}/moved", o.other.url()))
            .header("Retry-After", "0"),
    );
    let error = run_lro(&o.refusing(), Method::Delete, FinalStateVia::Location)
        .await
        .unwrap_err();
    o.assert_refusal(&error, "the new Location header of a 202");
    o.assert_other_untouched();
}

// ---------------------------------------------------------------------------------------------
// long-running operations: the final GET, for each final-state-via

/// Status on `home`, the result (Location) on `other`: final-state-via azure-async-operation
/// and operation-location read the result from Location for a POST.
#[tokio::test]
async fn a_final_result_link_on_another_origin_is_refused_for_each_status_body_mode() {
    for (header, final_state) in [
        ("Azure-AsyncOperation", FinalStateVia::AzureAsyncOperation),
        ("Operation-Location", FinalStateVia::OperationLocation),
    ] {
        let o = Origins::start().await;
        o.home.push(
            MockResponse::new(202)
                .header(header, format!("{}/status", o.home.url()))
                .header("Location", format!("{}/result", o.other.url()))
                .header("Retry-After", "0"),
        );
        let error = run_lro(&o.refusing(), Method::Post, final_state).await.unwrap_err();
        o.assert_refusal(&error, "the Location header, where the result is read");
        o.assert_other_untouched();

        // Allowed: polled at home, the result read from `other`, with the token.
        let o = Origins::start().await;
        o.home.push(
            MockResponse::new(202)
                .header(header, format!("{}/status", o.home.url()))
                .header("Location", format!("{}/result", o.other.url()))
                .header("Retry-After", "0"),
        );
        o.home.push(MockResponse::json(200, &json!({"status": "Succeeded"})));
        o.other.push(MockResponse::json(200, &json!({"value": "result"})));
        let result = run_lro(&o.allowing(), Method::Post, final_state).await.unwrap();
        assert_eq!(result, json!({"value": "result"}), "{header}");
        o.assert_other_got_the_token();
        assert_eq!(o.other.requests()[0].target, "/result");
    }
}

/// final-state-via location: the last Location response is the result, so the final link is
/// the polling link (refused above); original-uri: the result is always read from the original
/// URI, on the endpoint's origin, so a Location elsewhere is never contacted at all.
#[tokio::test]
async fn original_uri_reads_the_result_at_home_and_ignores_a_foreign_location() {
    let o = Origins::start().await;
    o.home.push(
        MockResponse::new(202)
            .header("Azure-AsyncOperation", format!("{}/status", o.home.url()))
            .header("Location", format!("{}/result", o.other.url()))
            .header("Retry-After", "0"),
    );
    o.home.push(MockResponse::json(200, &json!({"status": "Succeeded"})));
    o.home.push(MockResponse::json(200, &json!({"value": "at home"})));
    let result = run_lro(&o.refusing(), Method::Post, FinalStateVia::OriginalUri)
        .await
        .unwrap();
    assert_eq!(result, json!({"value": "at home"}));
    let targets: Vec<(String, String)> = o.home.requests().into_iter().map(|r| (r.method, r.target)).collect();
    assert_eq!(
        targets,
        [
            ("POST".to_owned(), "/op".to_owned()),
            ("GET".to_owned(), "/status".to_owned()),
            ("GET".to_owned(), "/op".to_owned()),
        ]
    );
    o.assert_other_untouched();
}

/// PUT reads its result from the original URI whatever final-state-via says, so only the
/// polling link can point elsewhere: refused for Location too.
#[tokio::test]
async fn a_put_polled_through_a_foreign_location_is_refused() {
    let o = Origins::start().await;
    o.home.push(
        MockResponse::json(201, &json!({"properties": {"provisioningState": "Creating"}}))
            .header("Location", format!("{}/status", o.other.url()))
            .header("Retry-After", "0"),
    );
    let error = run_lro(&o.refusing(), Method::Put, FinalStateVia::Location)
        .await
        .unwrap_err();
    o.assert_refusal(&error, "the Location header");
    o.assert_other_untouched();
}

// ---------------------------------------------------------------------------------------------
// the pipeline's own check: no code path gets around it

/// A policy of the user's (per call, before ours) that sends every request elsewhere, as a
/// misconfigured proxy rewrite would.
#[derive(Debug)]
struct Rewrite(Url);

#[async_trait::async_trait]
impl Policy for Rewrite {
    async fn send(&self, ctx: &Context, request: &mut Request, next: &[Arc<dyn Policy>]) -> PolicyResult {
        let mut url = request.url().clone();
        url.set_port(self.0.port()).unwrap();
        *request.url_mut() = url;
        next[0].send(ctx, request, &next[1..]).await
    }
}

#[tokio::test]
async fn the_pipeline_refuses_a_request_rewritten_to_another_origin() {
    let o = Origins::start().await;
    let mut options = client_options_for(&[&o.home, &o.other]);
    options
        .per_call_policies
        .push(Arc::new(Rewrite(Url::parse(o.other.url()).unwrap())));
    let client = ServiceClient::new(o.home.url(), Arc::new(Credential), vec!["scope".into()], options, None).unwrap();
    let error = client
        .request(Method::Get, "/x")
        .send::<Value>(&[200])
        .await
        .unwrap_err();
    // azure_core's retry policy wraps errors of later policies; the refusal is its source.
    let chain = format!("{error:?}");
    assert!(chain.contains("refusing to send the bearer token"), "{chain}");
    assert!(chain.contains(o.other.url()) && chain.contains(o.home.url()), "{chain}");
    o.assert_other_untouched();
    assert!(o.home.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// the allow-list itself

#[test]
fn origins_compare_scheme_host_and_port() {
    let endpoint = Url::parse("https://Management.Azure.com/base").unwrap();
    let origins = TrustedOrigins::new(&endpoint, &[]).unwrap();
    let check = |url: &str| origins.check(&Url::parse(url).unwrap(), "a link").is_ok();
    assert!(check("https://management.azure.com/other/path?x=1"));
    assert!(check("https://MANAGEMENT.azure.com:443/x"), "default port, any case");
    assert!(!check("https://management.azure.com:8443/x"), "another port");
    assert!(!check("http://management.azure.com/x"), "another scheme");
    assert!(
        !check("https://management.azure.com.evil.example/x"),
        "a suffix is another host"
    );
    assert!(!check("https://evil.example/management.azure.com"), "another host");
    assert!(!check("https://user@evil.example/x"));
}

#[test]
fn allow_list_entries_are_hosts_or_https_origins() {
    let endpoint = Url::parse("https://graph.microsoft.com/v1.0").unwrap();
    let entries: Vec<String> = [
        "westus.example.com",
        "proxy.example.com:8443",
        "https://Other.Example.com",
    ]
    .map(String::from)
    .to_vec();
    let origins = TrustedOrigins::new(&endpoint, &entries).unwrap();
    let check = |url: &str| origins.check(&Url::parse(url).unwrap(), "a link").is_ok();
    assert!(check("https://westus.example.com/x"));
    assert!(!check("https://westus.example.com:444/x"), "a bare host means port 443");
    assert!(check("https://proxy.example.com:8443/x"));
    assert!(!check("https://proxy.example.com/x"));
    assert!(check("https://other.example.com/x"));
    assert!(!check("http://westus.example.com/x"), "never plain http");

    for bad in [
        "",
        "http://plain.example.com",
        "*.example.com",
        "example.com/path",
        "https://example.com/path",
        "user@example.com",
        "example.com?x=1",
    ] {
        let error = TrustedOrigins::new(&endpoint, &[bad.to_owned()]).unwrap_err();
        assert!(error.to_string().contains("allowed host"), "{bad}: {error}");
    }
}

// ---------------------------------------------------------------------------------------------
// generated clients: ARM nextLink, Graph @odata.nextLink, a Bastion delete's Location

mod generated {
    use super::*;
    use session_clients::{
        desktop_virtualization::{DesktopVirtualizationClient, DesktopVirtualizationClientOptions},
        graph::v1_0::{GraphClient, GraphClientOptions},
        network::{NetworkClient, NetworkClientOptions},
    };

    fn network(o: &Origins, allowed_hosts: Vec<String>) -> NetworkClient {
        let options = NetworkClientOptions {
            endpoint: Some(o.home.url().to_owned()),
            client_options: client_options_for(&[&o.home, &o.other]),
            allowed_hosts,
            ..Default::default()
        };
        NetworkClient::new("sub1", Arc::new(Credential), Some(options)).unwrap()
    }

    fn graph(o: &Origins, allowed_hosts: Vec<String>) -> GraphClient {
        let options = GraphClientOptions {
            endpoint: Some(format!("{}/v1.0", o.home.url())),
            client_options: client_options_for(&[&o.home, &o.other]),
            allowed_hosts,
            ..Default::default()
        };
        GraphClient::new(Arc::new(Credential), Some(options)).unwrap()
    }

    fn avd(o: &Origins, allowed_hosts: Vec<String>) -> DesktopVirtualizationClient {
        let options = DesktopVirtualizationClientOptions {
            endpoint: Some(o.home.url().to_owned()),
            client_options: client_options_for(&[&o.home, &o.other]),
            allowed_hosts,
            ..Default::default()
        };
        DesktopVirtualizationClient::new("sub1", Arc::new(Credential), Some(options)).unwrap()
    }

    #[tokio::test]
    async fn graph_odata_next_link() {
        let o = Origins::start().await;
        let next = format!("{}/v1.0/users?$skiptoken=x", o.other.url());
        o.home.push(MockResponse::json(
            200,
            &json!({"value": [{"id": "1"}], "@odata.nextLink": next}),
        ));
        let error = graph(&o, vec![])
            .users()
            .list(None)
            .unwrap()
            .try_collect::<Vec<_>>()
            .await
            .unwrap_err();
        o.assert_refusal(&error, "the next link of a page");
        o.assert_other_untouched();

        let o = Origins::start().await;
        let next = format!("{}/v1.0/users?$skiptoken=x", o.other.url());
        o.home.push(MockResponse::json(
            200,
            &json!({"value": [{"id": "1"}], "@odata.nextLink": next}),
        ));
        o.other.push(MockResponse::json(200, &json!({"value": [{"id": "2"}]})));
        let users = graph(&o, vec![o.other_host()])
            .users()
            .list(None)
            .unwrap()
            .try_collect::<Vec<_>>()
            .await
            .unwrap();
        assert_eq!(users.len(), 2);
        o.assert_other_got_the_token();
    }

    #[tokio::test]
    async fn arm_next_link_of_avd_user_sessions() {
        let o = Origins::start().await;
        o.home.push(MockResponse::json(
            200,
            &json!({"value": [], "nextLink": format!("{}/next", o.other.url())}),
        ));
        let error = avd(&o, vec![])
            .user_sessions()
            .list_by_host_pool("rg1", "pool1", None)
            .unwrap()
            .try_collect::<Vec<_>>()
            .await
            .unwrap_err();
        o.assert_refusal(&error, "the next link of a page");
        o.assert_other_untouched();
    }

    #[tokio::test]
    async fn bastion_delete_polled_through_a_foreign_location() {
        let o = Origins::start().await;
        o.home.push(
            MockResponse::new(202)
                .header("Location", format!("{}/operationResults/1", o.other.url()))
                .header("Retry-After", "0"),
        );
        let error = network(&o, vec![])
            .bastion_hosts()
            .begin_delete("rg1", "b1", None)
            .unwrap()
            .await
            .unwrap_err();
        o.assert_refusal(&error, "the Location header");
        o.assert_other_untouched();

        let o = Origins::start().await;
        o.home.push(
            MockResponse::new(202)
                .header("Location", format!("{}/operationResults/1", o.other.url()))
                .header("Retry-After", "0"),
        );
        o.other.push(MockResponse::new(204));
        network(&o, vec![o.other_host()])
            .bastion_hosts()
            .begin_delete("rg1", "b1", None)
            .unwrap()
            .await
            .unwrap();
        o.assert_other_got_the_token();
    }

    #[tokio::test]
    async fn bastion_get_active_sessions_lro_then_pages() {
        // Long-running and pageable: the polling Location and then the next link.
        let o = Origins::start().await;
        o.home.push(
            MockResponse::new(202)
                .header("Location", format!("{}/ops/1", o.home.url()))
                .header("Retry-After", "0"),
        );
        o.home.push(MockResponse::json(
            200,
            &json!({"value": [{"sessionId": "s1"}], "nextLink": format!("{}/ops/1?page=2", o.other.url())}),
        ));
        let mut pager = network(&o, vec![])
            .bastion_hosts()
            .get_active_sessions("rg1", "b1", None)
            .unwrap();
        assert_eq!(
            pager.try_next().await.unwrap().unwrap().session_id.as_deref(),
            Some("s1")
        );
        let error = pager.try_next().await.unwrap_err();
        o.assert_refusal(&error, "the next link of a page");
        o.assert_other_untouched();
    }
}
