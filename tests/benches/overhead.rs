//! Per-request overhead of the generated client against a hand-written reqwest + serde_json call
//! to the same loopback HTTPS server (issue 3's closing note, issue 5's runtime budget), and
//! decode throughput of one large list page.
//!
//! `cargo bench -p workspace-tests --bench overhead` (a plain harness: `harness = false`).
//! `OVERHEAD_CALLS` (default 4000) sets the calls per variant.
//!
//! Both variants use the same reqwest client (same TLS config, trusting only the mock's
//! certificate, one kept-alive HTTP/1.1 connection), the same bearer token and decode into the
//! same generated model; they run interleaved in rounds so machine noise hits both alike. The
//! difference is what the generated client adds: URL building and path encoding, the azure_core
//! pipeline (retry, bearer-token and logging policies, request id headers) and its response
//! handling.

use azure_core::{
    credentials::{AccessToken, TokenCredential, TokenRequestOptions},
    time::{Duration, OffsetDateTime},
};
use futures::TryStreamExt;
use serde_json::json;
use session_clients::{
    desktop_virtualization::{
        DesktopVirtualizationClient, DesktopVirtualizationClientOptions,
        models::{UserSession, UserSessionList},
    },
    graph::v1_0::{GraphClient, GraphClientOptions, models::RevokeSignInSessionsResponse},
};
use std::{
    sync::Arc,
    time::{Duration as StdDuration, Instant},
};
use workspace_tests::tls_server::{MockResponse, MockServer};

const TOKEN: &str = "bench-token";
const SESSIONS: usize = 10_000;
const ROUNDS: usize = 10;
const DECODE_RUNS: usize = 15;
const POOL: &str = "/subscriptions/sub/resourceGroups/rg1/providers/Microsoft.DesktopVirtualization/hostPools/pool1";

#[derive(Debug)]
struct FixedToken;

#[async_trait::async_trait]
impl TokenCredential for FixedToken {
    async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(TOKEN, OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(bench());
}

async fn bench() {
    let calls: usize = std::env::var("OVERHEAD_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
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
    let graph = GraphClient::new(
        Arc::new(FixedToken),
        Some(GraphClientOptions {
            endpoint: Some(format!("{}/v1.0", server.url())),
            client_options: options.clone(),
            ..Default::default()
        }),
    )
    .expect("graph client");
    let avd = DesktopVirtualizationClient::new(
        "sub",
        Arc::new(FixedToken),
        Some(DesktopVirtualizationClientOptions {
            endpoint: Some(server.url().to_owned()),
            client_options: options,
            ..Default::default()
        }),
    )
    .expect("avd client");
    let revoke_url = format!("{}/v1.0/users/adele@contoso.com/revokeSignInSessions", server.url());

    // Warm up both paths (TLS handshake, token cache, allocator).
    for _ in 0..200 {
        generated_call(&graph).await;
        baseline_call(&http, &revoke_url).await;
    }

    let per_round = calls.div_ceil(ROUNDS);
    let mut generated = Vec::with_capacity(per_round * ROUNDS);
    let mut baseline = Vec::with_capacity(per_round * ROUNDS);
    for _ in 0..ROUNDS {
        for _ in 0..per_round {
            let start = Instant::now();
            generated_call(&graph).await;
            generated.push(start.elapsed());
        }
        for _ in 0..per_round {
            let start = Instant::now();
            baseline_call(&http, &revoke_url).await;
            baseline.push(start.elapsed());
        }
    }

    let page_url = format!("{}{POOL}/userSessions?api-version=2025-10-10", server.url());
    let mut pager_times = Vec::new();
    let mut reqwest_times = Vec::new();
    let mut decode_times = Vec::new();
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

    print_report(
        calls,
        &mut generated,
        &mut baseline,
        page.len(),
        [
            (
                "generated pager: `user_sessions().list_by_host_pool` (GET over loopback TLS + decode)",
                &mut pager_times,
            ),
            (
                "hand-written: reqwest GET + `serde_json::from_slice` (same server)",
                &mut reqwest_times,
            ),
            (
                "`serde_json::from_slice::<UserSessionList>` alone (no network)",
                &mut decode_times,
            ),
        ],
    );
}

async fn generated_call(graph: &GraphClient) {
    let revoked = graph
        .users()
        .revoke_sign_in_sessions("adele@contoso.com", None)
        .await
        .expect("generated call")
        .into_model()
        .expect("generated decode");
    assert_eq!(revoked.value, Some(true));
}

/// What a careful hand-written call does: POST with the bearer token, check the status, decode.
async fn baseline_call(http: &reqwest::Client, url: &str) {
    let response = http
        .post(url)
        .bearer_auth(TOKEN)
        .header("accept", "application/json")
        .header("content-length", "0")
        .send()
        .await
        .expect("baseline call");
    assert!(response.status().is_success());
    let body = response.bytes().await.expect("baseline body");
    let revoked: RevokeSignInSessionsResponse = serde_json::from_slice(&body).expect("baseline decode");
    assert_eq!(revoked.value, Some(true));
}

async fn baseline_get(http: &reqwest::Client, url: &str) -> UserSessionList {
    let response = http
        .get(url)
        .bearer_auth(TOKEN)
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

fn percentile(sorted: &[StdDuration], p: f64) -> StdDuration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn micros(d: StdDuration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn print_report(
    calls: usize,
    generated: &mut [StdDuration],
    baseline: &mut [StdDuration],
    page_bytes: usize,
    decodes: [(&str, &mut Vec<StdDuration>); 3],
) {
    generated.sort();
    baseline.sort();
    let (g50, g90) = (percentile(generated, 0.5), percentile(generated, 0.9));
    let (b50, b90) = (percentile(baseline, 0.5), percentile(baseline, 0.9));
    let overhead = |g: StdDuration, b: StdDuration| (micros(g) / micros(b) - 1.0) * 100.0;

    println!("\n## Per-request overhead: {calls} sequential calls per variant, loopback HTTPS\n");
    println!("| call | median | p90 |");
    println!("|---|---:|---:|");
    println!(
        "| generated `graph.users().revoke_sign_in_sessions` | {:.1} µs | {:.1} µs |",
        micros(g50),
        micros(g90)
    );
    println!(
        "| hand-written reqwest 0.13 + serde_json | {:.1} µs | {:.1} µs |",
        micros(b50),
        micros(b90)
    );
    println!(
        "| overhead of the generated client | {:+.1} % ({:+.1} µs) | {:+.1} % ({:+.1} µs) |",
        overhead(g50, b50),
        micros(g50) - micros(b50),
        overhead(g90, b90),
        micros(g90) - micros(b90)
    );

    let mb = page_bytes as f64 / 1e6;
    println!(
        "\n## Decode throughput: one page of {SESSIONS} AVD user sessions ({mb:.2} MB), median of {DECODE_RUNS}\n"
    );
    println!("| path | median | sessions/s | MB/s |");
    println!("|---|---:|---:|---:|");
    for (name, times) in decodes {
        times.sort();
        let median = percentile(times, 0.5).as_secs_f64();
        println!(
            "| {name} | {:.2} ms | {:.0} | {:.0} |",
            median * 1e3,
            SESSIONS as f64 / median,
            mb / median
        );
    }
}
