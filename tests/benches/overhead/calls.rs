//! The same call three ways: the generated client, azure_core's pipeline driven by hand, and a
//! hand-written reqwest + serde_json call. The generated call is the pipeline call plus what our
//! code does around it (path encoding, URL building, the request builder, its `Response`), so
//! generated − pipeline is ours and pipeline − hand-written is azure_core's.

use azure_core::{
    credentials::{AccessToken, TokenCredential, TokenRequestOptions},
    error::CheckSuccessOptions,
    http::{
        ClientOptions, Context, Method, Pipeline, PipelineSendOptions, Request, Url,
        headers::ACCEPT,
        policies::{Policy, PolicyResult, auth::BearerTokenAuthorizationPolicy},
    },
    time::{Duration, OffsetDateTime},
};
use session_clients::graph::v1_0::{GraphClient, models::RevokeSignInSessionsResponse};
use std::sync::Arc;

pub const TOKEN: &str = "bench-token";
pub const USER: &str = "adele@contoso.com";
/// What the generated method accepts (Graph's `2XX`).
const SUCCESS: &[u16] = &[200, 201, 202, 203, 204, 205, 206];

#[derive(Debug)]
pub struct FixedToken;

#[async_trait::async_trait]
impl TokenCredential for FixedToken {
    async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(TOKEN, OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}

/// The generated client's call.
pub async fn generated(graph: &GraphClient) {
    let revoked = graph
        .users()
        .revoke_sign_in_sessions(USER, None)
        .await
        .expect("generated call")
        .into_model()
        .expect("generated decode");
    assert_eq!(revoked.value, Some(true));
}

/// azure_core's pipeline as `runtime::ServiceClient` builds it (same crate name and version for
/// the user agent, the bearer-token policy per try, default retry), without our code.
pub fn bare_pipeline(options: ClientOptions) -> Pipeline {
    let auth = BearerTokenAuthorizationPolicy::new(
        Arc::new(FixedToken),
        vec!["https://graph.microsoft.com/.default".to_string()],
    );
    Pipeline::new(
        Some("session_clients"),
        Some("0.1.0"),
        options,
        Vec::new(),
        vec![Arc::new(auth)],
        None,
    )
}

/// What a client written by hand on azure_core does: the URL formatted and parsed (as reqwest
/// parses the hand-written row's), one request, the pipeline, the body decoded.
pub async fn pipeline(pipeline: &Pipeline, base: &str) {
    let url = Url::parse(&format!("{base}/users/{USER}/revokeSignInSessions")).expect("url");
    let mut request = Request::new(url, Method::Post);
    request.insert_header(ACCEPT, "application/json");
    let options = PipelineSendOptions {
        check_success: CheckSuccessOptions { success_codes: SUCCESS },
        ..Default::default()
    };
    let raw = pipeline
        .send(&Context::new(), &mut request, Some(options))
        .await
        .expect("pipeline call");
    let revoked: RevokeSignInSessionsResponse = raw.into_body().json().expect("pipeline decode");
    assert_eq!(revoked.value, Some(true));
}

/// What a careful hand-written call does: POST with the bearer token, check the status, decode.
pub async fn hand_written(http: &reqwest::Client, url: &str) {
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

/// A transport that answers `{"value": true}` without a socket: the in-process rows time the
/// client-side code alone, without the loopback round trip and its noise.
#[derive(Debug)]
pub struct Canned;

#[async_trait::async_trait]
impl Policy for Canned {
    async fn send(&self, _: &Context, _: &mut Request, _: &[Arc<dyn Policy>]) -> PolicyResult {
        let mut headers = azure_core::http::headers::Headers::new();
        headers.insert("content-type", "application/json");
        Ok(azure_core::http::AsyncRawResponse::from_bytes(
            azure_core::http::StatusCode::Ok,
            headers,
            &b"{\"value\":true}"[..],
        ))
    }
}
