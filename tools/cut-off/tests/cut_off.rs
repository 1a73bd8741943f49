//! `cut-off` against the loopback HTTPS mock: the exact requests of a normal run, a dry run that
//! sends no write, an object id resolved to its UPN, failures that do not stop the others, and
//! links to another origin that never get the token unless `--allow-host` names it.

use azure_core::{
    credentials::{AccessToken, TokenCredential, TokenRequestOptions},
    time::{Duration, OffsetDateTime},
};
use clap::Parser;
use cut_off::{
    args::Args,
    report::{Outcome, Report, Step},
    run,
};
use serde_json::json;
use std::sync::Arc;
use workspace_tests::tls_server::{MockResponse, MockServer, RecordedRequest, client_options_for};

const SUB: &str = "daefabc0-95b4-48b3-b645-8a753a63c4fa";
const AVD: &str =
    "/subscriptions/daefabc0-95b4-48b3-b645-8a753a63c4fa/resourceGroups/rg1/providers/Microsoft.DesktopVirtualization";
const BASTION: &str = "/subscriptions/daefabc0-95b4-48b3-b645-8a753a63c4fa/resourceGroups/rg2/providers/Microsoft.Network/bastionHosts/b1";
const AVD_VERSION: &str = "api-version=2025-10-10";
const FILTER: &str = "$filter=userPrincipalName%20eq%20%27o%27%27brien@contoso.com%27";
const UPN: &str = "o'brien@contoso.com";
const OBJECT_ID: &str = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";

#[derive(Debug)]
struct FixedToken;

#[async_trait::async_trait]
impl TokenCredential for FixedToken {
    async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(
            "cut-off-token",
            OffsetDateTime::now_utc() + Duration::hours(1),
        ))
    }
}

fn session(pool: &str, host: &str, id: &str, upn: &str) -> serde_json::Value {
    json!({
        "id": format!("{AVD}/hostPools/{pool}/sessionHosts/{host}/userSessions/{id}"),
        "name": format!("{pool}/{host}/{id}"),
        "properties": {"userPrincipalName": upn, "sessionState": "Active"}
    })
}

fn host_pool(name: &str) -> serde_json::Value {
    json!({
        "id": format!("{AVD}/hostPools/{name}"),
        "name": name,
        "location": "westeurope",
        "properties": {"hostPoolType": "Pooled", "loadBalancerType": "BreadthFirst", "preferredAppGroupType": "Desktop"}
    })
}

/// The tenant the tests run against: two host pools, the user has two sessions in pool1 (plus
/// one of another user the service failed to filter out) and one in pool2; Bastion knows s1.
fn tenant(request: &RecordedRequest) -> Option<MockResponse> {
    let ok = |body: serde_json::Value| Some(MockResponse::json(200, &body));
    let path = request.path();
    match (request.method.as_str(), path) {
        ("POST", p) if p.ends_with("/revokeSignInSessions") => ok(json!({"value": true})),
        ("GET", p) if p == format!("/v1.0/users/{OBJECT_ID}") => ok(json!({"userPrincipalName": UPN})),
        ("GET", p) if p == format!("{AVD}/hostPools") => ok(json!({"value": [
            host_pool("pool1"),
            host_pool("pool2"),
        ]})),
        ("GET", p) if p == format!("{AVD}/hostPools/pool1/userSessions") => ok(json!({"value": [
            session("pool1", "host1.contoso.com", "1", UPN),
            session("pool1", "host2.contoso.com", "4", "someone@contoso.com"),
            session("pool1", "host2.contoso.com", "5", "O'Brien@Contoso.com"),
        ]})),
        ("GET", p) if p == format!("{AVD}/hostPools/pool2/userSessions") => ok(json!({"value": [
            session("pool2", "host9.contoso.com", "2", UPN),
        ]})),
        ("POST", p) if p.ends_with("/disconnect") => Some(MockResponse::new(200)),
        ("POST", p) if p == format!("{BASTION}/disconnectActiveSessions") => ok(json!({"value": [
            {"sessionId": "s1", "state": "Disconnected", "message": "session s1 invalidated!"},
            {"sessionId": "s2", "state": "NotFound"},
        ]})),
        _ => None,
    }
}

fn args(server: &MockServer, user: &str, extra: &[&str]) -> Args {
    let url = server.url();
    let base = [
        "cut-off",
        "--user",
        user,
        "--subscription",
        SUB,
        "--resource-group",
        "rg1",
        "--bastion",
        "rg2/b1",
        "--session-id",
        "s1",
        "--session-id",
        "s2",
        "--endpoint-arm",
        url,
        "--endpoint-graph",
        url,
    ];
    Args::try_parse_from(base.iter().chain(extra)).unwrap()
}

async fn cut_off(server: &MockServer, args: &Args) -> (Report, String) {
    let mut out = Vec::new();
    let report = run(args, Arc::new(FixedToken), server.client_options(), &mut out).await;
    (report, String::from_utf8(out).unwrap())
}

fn requests(server: &MockServer) -> Vec<(String, String)> {
    server.requests().into_iter().map(|r| (r.method, r.target)).collect()
}

fn owned(expected: &[(&str, String)]) -> Vec<(String, String)> {
    expected.iter().map(|(m, t)| (m.to_string(), t.clone())).collect()
}

fn disconnect(pool: &str, host: &str, id: &str) -> String {
    format!("{AVD}/hostPools/{pool}/sessionHosts/{host}/userSessions/{id}/disconnect?{AVD_VERSION}")
}

fn outcomes(report: &Report) -> Vec<(Step, &str, &Outcome)> {
    report
        .actions
        .iter()
        .map(|a| (a.step, a.target.as_str(), &a.outcome))
        .collect()
}

#[tokio::test]
async fn a_normal_run_sends_exactly_these_requests() {
    let server = MockServer::start().await.unwrap();
    server.respond_with(tenant);
    let (report, out) = cut_off(&server, &args(&server, UPN, &[])).await;

    assert_eq!(
        requests(&server),
        owned(&[
            ("POST", "/v1.0/users/o%27brien@contoso.com/revokeSignInSessions".into()),
            ("GET", format!("{AVD}/hostPools?{AVD_VERSION}")),
            (
                "GET",
                format!("{AVD}/hostPools/pool1/userSessions?{AVD_VERSION}&{FILTER}")
            ),
            ("POST", disconnect("pool1", "host1.contoso.com", "1")),
            // host2/4 belongs to someone else: never disconnected.
            ("POST", disconnect("pool1", "host2.contoso.com", "5")),
            (
                "GET",
                format!("{AVD}/hostPools/pool2/userSessions?{AVD_VERSION}&{FILTER}")
            ),
            ("POST", disconnect("pool2", "host9.contoso.com", "2")),
            (
                "POST",
                format!("{BASTION}/disconnectActiveSessions?api-version=2024-05-01")
            ),
        ])
    );
    let requests = server.requests();
    assert!(
        requests
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer cut-off-token"))
    );
    assert_eq!(requests.last().unwrap().json(), json!({"sessionIds": ["s1", "s2"]}));

    let disconnected = Outcome::Ok("disconnected".into());
    assert_eq!(
        outcomes(&report),
        [
            (
                Step::Graph,
                "revokeSignInSessions o'brien@contoso.com",
                &Outcome::Ok("sign-in sessions revoked".into())
            ),
            (Step::Avd, "pool1/host1.contoso.com/1", &disconnected),
            (
                Step::Avd,
                "pool1/host2.contoso.com/4",
                &Outcome::Skipped("belongs to Some(\"someone@contoso.com\"), not o'brien@contoso.com".into())
            ),
            (Step::Avd, "pool1/host2.contoso.com/5", &disconnected),
            (Step::Avd, "pool2/host9.contoso.com/2", &disconnected),
            (
                Step::Bastion,
                "rg2/b1 session s1",
                &Outcome::Ok("Disconnected (session s1 invalidated!)".into())
            ),
            (Step::Bastion, "rg2/b1 session s2", &Outcome::Failed("NotFound".into())),
        ]
    );
    // NotFound may be a mistyped id while the real session stays open: it fails the run.
    assert_eq!(report.exit_code(), 1);
    assert!(out.contains("bastion rg2/b1 session s2: FAILED: NotFound"), "{out}");
    let summary = report.summary();
    assert!(
        summary.contains("avd     3 ok, 0 would send, 1 skipped, 0 failed"),
        "{summary}"
    );
    assert!(summary.contains("1 action(s) FAILED"), "{summary}");
}

#[tokio::test]
async fn a_dry_run_sends_no_write_and_prints_each_one() {
    let server = MockServer::start().await.unwrap();
    server.respond_with(tenant);
    let (report, out) = cut_off(&server, &args(&server, UPN, &["--dry-run"])).await;

    let sent = requests(&server);
    assert!(sent.iter().all(|(method, _)| method == "GET"), "{sent:#?}");
    assert_eq!(
        sent,
        owned(&[
            ("GET", format!("{AVD}/hostPools?{AVD_VERSION}")),
            (
                "GET",
                format!("{AVD}/hostPools/pool1/userSessions?{AVD_VERSION}&{FILTER}")
            ),
            (
                "GET",
                format!("{AVD}/hostPools/pool2/userSessions?{AVD_VERSION}&{FILTER}")
            ),
        ])
    );
    let url = server.url();
    let would_send: Vec<&str> = report
        .actions
        .iter()
        .filter_map(|a| match &a.outcome {
            Outcome::WouldSend(request) => Some(request.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        would_send,
        [
            format!("POST {url}/v1.0/users/o%27brien@contoso.com/revokeSignInSessions"),
            format!("POST {url}{}", disconnect("pool1", "host1.contoso.com", "1")),
            format!("POST {url}{}", disconnect("pool1", "host2.contoso.com", "5")),
            format!("POST {url}{}", disconnect("pool2", "host9.contoso.com", "2")),
            format!("POST {url}{BASTION}/disconnectActiveSessions?api-version=2024-05-01"),
        ]
    );
    assert_eq!(report.exit_code(), 0, "{}", report.summary());
    assert!(out.contains(&format!(
        "graph   revokeSignInSessions o'brien@contoso.com: would send: POST {url}/v1.0/"
    )));
}

#[tokio::test]
async fn an_object_id_is_resolved_to_its_upn_for_avd() {
    let server = MockServer::start().await.unwrap();
    server.respond_with(tenant);
    let (report, _) = cut_off(&server, &args(&server, OBJECT_ID, &["--dry-run"])).await;
    let sent = requests(&server);
    assert_eq!(
        sent[..2],
        owned(&[
            ("GET", format!("/v1.0/users/{OBJECT_ID}?$select=userPrincipalName")),
            ("GET", format!("{AVD}/hostPools?{AVD_VERSION}")),
        ])
    );
    assert_eq!(
        sent[2].1,
        format!("{AVD}/hostPools/pool1/userSessions?{AVD_VERSION}&{FILTER}")
    );
    assert_eq!(
        report.actions[0].outcome,
        Outcome::WouldSend(format!(
            "POST {}/v1.0/users/{OBJECT_ID}/revokeSignInSessions",
            server.url()
        ))
    );
    assert_eq!(report.actions[1].outcome, Outcome::Ok(UPN.into()));
}

#[tokio::test]
async fn a_failed_step_does_not_stop_the_others() {
    let server = MockServer::start().await.unwrap();
    server.respond_with(|request| {
        let denied = json!({"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges."}});
        match (request.method.as_str(), request.path()) {
            ("POST", p) if p.ends_with("/revokeSignInSessions") => Some(MockResponse::json(403, &denied)),
            ("GET", p) if p == format!("{AVD}/hostPools/pool1/userSessions") => Some(MockResponse::json(
                404,
                &json!({"error": {"code": "ResourceNotFound", "message": "pool1 is gone"}}),
            )),
            ("POST", p) if p.ends_with("/host9.contoso.com/userSessions/2/disconnect") => Some(MockResponse::json(
                409,
                &json!({"error": {"code": "Conflict", "message": "busy"}}),
            )),
            _ => tenant(request),
        }
    });
    let (report, _) = cut_off(&server, &args(&server, UPN, &[])).await;
    let failed: Vec<(Step, &str, &Outcome)> = outcomes(&report)
        .into_iter()
        .filter(|(_, _, o)| matches!(o, Outcome::Failed(_)))
        .collect();
    assert_eq!(
        failed,
        [
            (
                Step::Graph,
                "revokeSignInSessions o'brien@contoso.com",
                &Outcome::Failed("HTTP 403 Authorization_RequestDenied: Insufficient privileges.".into())
            ),
            (
                Step::Avd,
                "sessions in pool1",
                &Outcome::Failed("HTTP 404 ResourceNotFound: pool1 is gone".into())
            ),
            (
                Step::Avd,
                "pool2/host9.contoso.com/2",
                &Outcome::Failed("HTTP 409 Conflict: busy".into())
            ),
            (Step::Bastion, "rg2/b1 session s2", &Outcome::Failed("NotFound".into())),
        ]
    );
    // Bastion still ran after the Graph and AVD failures.
    assert!(
        server
            .requests()
            .last()
            .unwrap()
            .path()
            .ends_with("/disconnectActiveSessions")
    );
    assert_eq!(report.exit_code(), 1);
    assert!(report.summary().contains("4 action(s) FAILED"));
}

/// The tenant, except that the host pool list and the Bastion answer continue on `other`.
fn tenant_with_links_to(other: String) -> impl Fn(&RecordedRequest) -> Option<MockResponse> + Send + Sync + 'static {
    move |request| match (request.method.as_str(), request.path()) {
        ("GET", p) if p == format!("{AVD}/hostPools") => Some(MockResponse::json(
            200,
            &json!({"value": [host_pool("pool1")], "nextLink": format!("{other}/hostPools?page=2")}),
        )),
        ("POST", p) if p == format!("{BASTION}/disconnectActiveSessions") => Some(MockResponse::json(
            200,
            &json!({
                "value": [{"sessionId": "s1", "state": "Disconnected"}],
                "nextLink": format!("{other}/sessions?page=2"),
            }),
        )),
        _ => tenant(request),
    }
}

#[tokio::test]
async fn links_to_another_origin_get_no_token_unless_allowed() {
    let server = MockServer::start().await.unwrap();
    let other = MockServer::start().await.unwrap();
    let other_host = other.url().trim_start_matches("https://").to_owned();
    server.respond_with(tenant_with_links_to(other.url().to_owned()));
    other.respond_with(|request| match request.path() {
        "/hostPools" => Some(MockResponse::json(200, &json!({"value": [host_pool("pool2")]}))),
        "/sessions" => Some(MockResponse::json(
            200,
            &json!({"value": [{"sessionId": "s2", "state": "Disconnected"}]}),
        )),
        _ => None,
    });
    let options = || client_options_for(&[&server, &other]);

    let args_refusing = args(&server, UPN, &[]);
    let mut out = Vec::new();
    let report = run(&args_refusing, Arc::new(FixedToken), options(), &mut out).await;
    assert!(other.requests().is_empty(), "{:#?}", other.requests());
    let failed: Vec<(Step, &str, &Outcome)> = outcomes(&report)
        .into_iter()
        .filter(|(_, _, o)| matches!(o, Outcome::Failed(_)))
        .collect();
    let refusal = |what: &str| {
        format!(
            "refusing to send the bearer token to {} ({what}): it is not the origin of the client's endpoint, {}",
            other.url(),
            server.url()
        )
    };
    let reasons: Vec<String> = failed
        .iter()
        .map(|(_, _, o)| match o {
            Outcome::Failed(reason) => reason.clone(),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(failed[0].0, Step::Avd);
    assert_eq!(failed[0].1, "host pools of rg1");
    assert!(
        reasons[0].starts_with(&refusal("the next link of a page")),
        "{}",
        reasons[0]
    );
    assert_eq!(failed[1].0, Step::Bastion);
    assert!(
        reasons[1].starts_with(&refusal("the next link of a page")),
        "{}",
        reasons[1]
    );
    // What Bastion answered before the refusal is still reported.
    assert!(
        outcomes(&report).contains(&(Step::Bastion, "rg2/b1 session s1", &Outcome::Ok("Disconnected".into()))),
        "{:#?}",
        report.actions
    );
    assert_eq!(report.exit_code(), 1);

    // Allowed: the second origin is reached, with the token, and nothing fails.
    let args_allowing = args(&server, UPN, &["--allow-host", &other_host]);
    let mut out = Vec::new();
    let report = run(&args_allowing, Arc::new(FixedToken), options(), &mut out).await;
    let reached: Vec<String> = other.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        reached,
        [
            format!("/hostPools?page=2&{AVD_VERSION}"),
            "/sessions?page=2&api-version=2024-05-01".to_owned()
        ]
    );
    assert!(
        other
            .requests()
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer cut-off-token"))
    );
    assert_eq!(report.exit_code(), 0, "{}", report.summary());
}
