//! `--dry-run`: a pipeline policy that lets reads through and stops every write.
//!
//! It sits first in each client's pipeline (a per-call policy: before retries and before the
//! bearer-token policy, so a stopped write needs no token). The generated method builds the
//! request exactly as it would be sent, so the method and URL printed are the real ones.

use azure_core::{
    error::{Error, ErrorKind},
    http::{
        Context, Method, Request,
        policies::{Policy, PolicyResult},
    },
};
use std::sync::Arc;

/// The error a stopped write returns; steps report it as "would send".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotSent {
    /// `POST`, `DELETE`...
    pub method: String,
    /// The full URL, query included.
    pub url: String,
}

impl std::fmt::Display for NotSent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.url)
    }
}

impl std::error::Error for NotSent {}

impl NotSent {
    /// The `NotSent` inside `error`, however deep a caller wrapped it (azure_core's `Error`
    /// exposes its inner error as `source()`).
    pub fn find(error: &Error) -> Option<&NotSent> {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(current) = source {
            if let Some(found) = current.downcast_ref::<NotSent>() {
                return Some(found);
            }
            source = current.source();
        }
        None
    }
}

/// Stops requests whose method changes state.
#[derive(Debug, Default)]
pub struct DryRunPolicy;

impl DryRunPolicy {
    /// As a policy for `ClientOptions::per_call_policies`.
    pub fn shared() -> Arc<dyn Policy> {
        Arc::new(Self)
    }
}

#[async_trait::async_trait]
impl Policy for DryRunPolicy {
    async fn send(&self, ctx: &Context, request: &mut Request, next: &[Arc<dyn Policy>]) -> PolicyResult {
        if matches!(request.method(), Method::Get | Method::Head) {
            return next[0].send(ctx, request, &next[1..]).await;
        }
        let not_sent = NotSent {
            method: request.method().to_string(),
            url: request.url().to_string(),
        };
        Err(Error::new(ErrorKind::Other, not_sent))
    }
}
