//! Per-call overhead of the generated client, split by layer, and decode throughput of one
//! large list page (issue 5's runtime budget, issue 13's split).
//!
//! `cargo bench -p workspace-tests --bench overhead` (a plain harness: `harness = false`).
//! `OVERHEAD_CALLS` (default 20000) sets the loopback calls per variant, `OVERHEAD_LOCAL_CALLS`
//! (default 50000) the in-process ones.
//!
//! Three variants of one Graph call (`calls.rs`) against the same loopback HTTPS server: a
//! hand-written reqwest + serde_json call, azure_core's pipeline driven by hand (what a client
//! written on azure_core pays), and the generated method (the pipeline plus our code: path
//! encoding, URL and request building, the typed response). All use the same reqwest client
//! (same TLS config, trusting only the mock's certificate, one kept-alive HTTP/1.1 connection)
//! and the same token, send the same request (checked), decode into the same model, and run
//! interleaved call by call so machine noise hits them alike. A second pair runs the pipeline and the generated call on a canned
//! transport, without a socket, to time our code alone, away from the network's noise.
//!
//! Run it with RUST_BACKTRACE unset (`env -u RUST_BACKTRACE cargo bench ...`): see `bench()`.

mod calls;
mod report;

use futures::TryStreamExt;
use serde_json::json;
use session_clients::{
    desktop_virtualization::{
        DesktopVirtualizationClient, DesktopVirtualizationClientOptions,
        models::{UserSession, UserSessionList},
    },
    graph::v1_0::{GraphClient, GraphClientOptions},
};
use std::{
    sync::Arc,
    time::{Duration, Instant},
};
use workspace_tests::tls_server::{MockResponse, MockServer};

use report::Samples;

const SESSIONS: usize = 10_000;
const DECODE_RUNS: usize = 15;
const POOL: &str = "/subscriptions/sub/resourceGroups/rg1/providers/Microsoft.DesktopVirtualization/hostPools/pool1";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(bench());
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn bench() {
    if ["RUST_BACKTRACE", "RUST_LIB_BACKTRACE"]
        .iter()
        .any(|v| std::env::var_os(v).is_some())
    {
        // Measured: with it set, azure_core's ClientRequestIdPolicy captures a backtrace on
        // every call (`Headers::get_optional_str` builds an `Error` for the absent
        // x-ms-client-request-id header): ~7 µs of the pipeline rows, paid by users who set it.
        println!(
            "note: RUST_BACKTRACE / RUST_LIB_BACKTRACE is set, so every azure_core pipeline call captures a backtrace; \
             run with `env -u RUST_BACKTRACE` for the figures of BENCHMARKS.md"
        );
    }
    let calls = env_or("OVERHEAD_CALLS", 20_000);
    let local_calls = env_or("OVERHEAD_LOCAL_CALLS", 50_000);
    let server = MockServer::start().await.expect("mock server");
    let page = Arc::new(user_session_page(SESSIONS));
    let page_for_server = page.clone();
    server.respond_with(move |request| {
        if request.path().ends_with("/userSessions") {
            let body: &[u8] = &page_for_server;
            Some(
                MockResponse::new(200)
                    .header("content-type", "application/json")
                    .body(body.to_vec()),
            )
        } else {
            Some(MockResponse::json(200, &json!({"value": true})))
        }
    });

    let http = server.http_client();
    let mut options = server.client_options();
    options.transport = Some(azure_core::http::Transport::new(Arc::new(http.clone())));
    let graph = graph_client(format!("{}/v1.0", server.url()), options.clone());
    let pipeline = calls::bare_pipeline(options.clone());
    let avd = DesktopVirtualizationClient::new(
        "sub",
        Arc::new(calls::FixedToken),
        Some(DesktopVirtualizationClientOptions {
            endpoint: Some(server.url().to_owned()),
            client_options: options.clone(),
            ..Default::default()
        }),
    )
    .expect("avd client");
    let base = format!("{}/v1.0", server.url());
    let revoke = format!("{base}/users/{}/revokeSignInSessions", calls::USER);

    assert_same_requests(&server, &graph, &pipeline, &base).await;
    // Warm up every path (TLS handshake, token cache, allocator).
    for _ in 0..200 {
        calls::generated(&graph).await;
        calls::pipeline(&pipeline, &base).await;
        calls::hand_written(&http, &revoke).await;
    }
    // Interleaved call by call, the order rotating, so no variant always runs first or last.
    let mut samples: [Vec<Duration>; 3] = Default::default();
    for i in 0..calls {
        for k in 0..3 {
            let which = (i + k) % 3;
            let start = Instant::now();
            match which {
                0 => calls::hand_written(&http, &revoke).await,
                1 => calls::pipeline(&pipeline, &base).await,
                _ => calls::generated(&graph).await,
            }
            samples[which].push(start.elapsed());
        }
    }
    let [hand, piped, generated] = samples.map(Samples::new);
    report::loopback(calls, &hand, &piped, &generated);

    // In process: the same two clients on a transport that answers without a socket.
    let mut canned = options;
    canned.transport = Some(azure_core::http::Transport::with_policy(Arc::new(calls::Canned)));
    let local_graph = graph_client(format!("{}/v1.0", server.url()), canned.clone());
    let local_pipeline = calls::bare_pipeline(canned);
    for _ in 0..1000 {
        calls::generated(&local_graph).await;
        calls::pipeline(&local_pipeline, &base).await;
    }
    let mut local: [Vec<Duration>; 2] = Default::default();
    for i in 0..local_calls {
        for k in 0..2 {
            let which = (i + k) % 2;
            let start = Instant::now();
            match which {
                0 => calls::pipeline(&local_pipeline, &base).await,
                _ => calls::generated(&local_graph).await,
            }
            local[which].push(start.elapsed());
        }
    }
    let [local_piped, local_generated] = local.map(Samples::new);
    report::in_process(local_calls, &local_piped, &local_generated, piped.median());

    let page_url = format!("{}{POOL}/userSessions?api-version=2025-10-10", server.url());
    let (mut pager_times, mut reqwest_times, mut decode_times) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..DECODE_RUNS {
        let start = Instant::now();
        let sessions: Vec<UserSession> = avd
            .user_sessions()
            .list_by_host_pool("rg1", "pool1", None)
            .expect("pager")
            .try_collect()
            .await
            .expect("generated pager");
        pager_times.push(start.elapsed());
        assert_eq!(sessions.len(), SESSIONS);

        let start = Instant::now();
        let list = baseline_get(&http, &page_url).await;
        reqwest_times.push(start.elapsed());
        assert_eq!(list.value.map(|v| v.len()), Some(SESSIONS));

        let start = Instant::now();
        let list: UserSessionList = serde_json::from_slice(&page).expect("decode");
        decode_times.push(start.elapsed());
        assert_eq!(list.value.map(|v| v.len()), Some(SESSIONS));
    }
    report::decodes(
        SESSIONS,
        page.len(),
        DECODE_RUNS,
        [
            (
                "generated pager: `user_sessions().list_by_host_pool` (GET over loopback TLS + decode)",
                Samples::new(pager_times),
            ),
            (
                "hand-written: reqwest GET + `serde_json::from_slice` (same server)",
                Samples::new(reqwest_times),
            ),
            (
                "`serde_json::from_slice::<UserSessionList>` alone (no network)",
                Samples::new(decode_times),
            ),
        ],
    );
}

fn graph_client(endpoint: String, client_options: azure_core::http::ClientOptions) -> GraphClient {
    GraphClient::new(
        Arc::new(calls::FixedToken),
        Some(GraphClientOptions {
            endpoint: Some(endpoint),
            client_options,
            ..Default::default()
        }),
    )
    .expect("graph client")
}

/// The pipeline row is a fair baseline only if it sends what the generated call sends: same
/// method, target and header names (values differ only in the request id).
async fn assert_same_requests(
    server: &MockServer,
    graph: &GraphClient,
    pipeline: &azure_core::http::Pipeline,
    base: &str,
) {
    calls::generated(graph).await;
    calls::pipeline(pipeline, base).await;
    let requests = server.requests();
    let [generated, piped] = [&requests[requests.len() - 2], &requests[requests.len() - 1]];
    let names = |r: &workspace_tests::tls_server::RecordedRequest| {
        let mut names: Vec<String> = r.headers.iter().map(|(name, _)| name.clone()).collect();
        names.sort();
        names
    };
    assert_eq!(
        (&generated.method, &generated.target, names(generated)),
        (&piped.method, &piped.target, names(piped)),
        "the pipeline baseline must send the generated call's request"
    );
}

async fn baseline_get(http: &reqwest::Client, url: &str) -> UserSessionList {
    let response = http
        .get(url)
        .bearer_auth(calls::TOKEN)
        .header("accept", "application/json")
        .send()
        .await
        .expect("baseline GET");
    assert!(response.status().is_success());
    let body = response.bytes().await.expect("baseline body");
    serde_json::from_slice(&body).expect("baseline decode")
}

/// One page of `count` AVD user sessions shaped like the service's (seed 001).
fn user_session_page(count: usize) -> Vec<u8> {
    let sessions: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            let host = format!("host{}.contoso.com", i % 50);
            json!({
                "id": format!("{POOL}/sessionHosts/{host}/userSessions/{i}"),
                "name": format!("pool1/{host}/{i}"),
                "type": "Microsoft.DesktopVirtualization/hostPools/sessionHosts/userSessions",
                "properties": {
                    "objectId": format!("87d349ed-44d7-43e1-9a83-{i:012}"),
                    "userPrincipalName": format!("user{i}@contoso.com"),
                    "applicationType": if i % 3 == 0 { "RemoteApp" } else { "Desktop" },
                    "sessionState": if i % 4 == 0 { "Disconnected" } else { "Active" },
                    "activeDirectoryUserName": format!("CONTOSO\\user{i}"),
                    "createTime": "2024-05-01T08:30:00Z"
                }
            })
        })
        .collect();
    serde_json::to_vec(&json!({"value": sessions, "nextLink": null})).expect("page")
}
