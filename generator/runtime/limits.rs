//! Every wait has a bound: how long a long-running operation is polled, how long one
//! `Retry-After` may make the client sleep, how many pages a pager fetches.
//!
//! Cancellation: azure_core 1.1's `Context` carries no cancellation token. A call is cancelled
//! by dropping its future (or pager / poller stream), e.g. with `tokio::time::timeout`,
//! `tokio::select!` or by aborting the task that awaits it: nothing runs in the background, so
//! no further request is sent. The operation the service already started is NOT cancelled
//! (ARM has no generic cancel); it keeps running there.

use azure_core::{
    http::{
        Context, Request, StatusCode,
        headers::{HeaderName, RETRY_AFTER, RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS},
        policies::{Policy, PolicyResult, get_retry_after},
    },
    time::{Duration, OffsetDateTime},
};
use std::sync::Arc;

/// Bounds on the waits of a client; part of every generated `…ClientOptions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest a long-running operation is polled, from its first request to its last status
    /// (default 1 hour; Bastion hosts take up to about half an hour to create). Past it the
    /// poller ends with an error; the operation may still be running on the service.
    pub max_poll_duration: Duration,
    /// Longest single wait a service's `Retry-After`, `retry-after-ms` or
    /// `x-ms-retry-after-ms` can ask for, between polls and before retries (default 60 s,
    /// azure_core's default total retry time). Longer requests wait this long instead.
    pub max_retry_after: Duration,
    /// Most pages a pager fetches (default 10,000; at least the first page is always fetched).
    /// The pager yields every item of the pages it fetched, then an error saying the cap was
    /// reached, so a truncated listing is never mistaken for a complete one.
    pub max_pages: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_poll_duration: Duration::hours(1),
            max_retry_after: Duration::seconds(60),
            max_pages: 10_000,
        }
    }
}

/// The retry headers azure_core reads, in its order.
pub(crate) const RETRY_HEADERS: [HeaderName; 3] = [X_MS_RETRY_AFTER_MS, RETRY_AFTER_MS, RETRY_AFTER];

/// azure_core's retry policy sleeps as long as a 429 / 503 response's retry header says, with
/// no upper bound. This policy sits after it (per try) and lowers any such header above
/// `max` to `max` before the retry policy reads it, so `Retry-After: 86400` waits `max`. (The
/// retry policy still waits at least its own backoff, at most 30 s by default.) Only those
/// headers of those responses change.
#[derive(Debug)]
pub(crate) struct RetryAfterCapPolicy {
    max: Duration,
}

impl RetryAfterCapPolicy {
    pub(crate) fn new(max: Duration) -> Self {
        Self {
            max: max.max(Duration::ZERO),
        }
    }
}

#[async_trait::async_trait]
impl Policy for RetryAfterCapPolicy {
    async fn send(&self, ctx: &Context, request: &mut Request, next: &[Arc<dyn Policy>]) -> PolicyResult {
        let response = next[0].send(ctx, request, &next[1..]).await?;
        if !matches!(
            response.status(),
            StatusCode::TooManyRequests | StatusCode::ServiceUnavailable
        ) {
            return Ok(response);
        }
        let too_long: Vec<HeaderName> = RETRY_HEADERS
            .into_iter()
            .filter(|name| {
                get_retry_after(response.headers(), OffsetDateTime::now_utc, std::slice::from_ref(name))
                    .is_some_and(|wait| wait > self.max)
            })
            .collect();
        if too_long.is_empty() {
            return Ok(response);
        }
        let (status, mut headers, body) = response.deconstruct();
        for name in too_long {
            let value = if name.is_standard() {
                // Retry-After counts whole seconds; rounding down keeps the wait within the cap.
                self.max.whole_seconds().to_string()
            } else {
                self.max.whole_milliseconds().to_string()
            };
            headers.insert(name, value);
        }
        Ok(azure_core::http::AsyncRawResponse::new(status, headers, Box::pin(body)))
    }
}
