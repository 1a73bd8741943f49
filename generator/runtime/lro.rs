//! ARM long-running operations on top of azure_core's `Poller`.
//!
//! azure_core 1.1 provides the polling loop but none of the ARM rules, which live here:
//! - the initial response is checked against the operation's success codes (200/201/202/204);
//! - a 200/201 (or 204) without `Azure-AsyncOperation` / `Location` / `Operation-Location`
//!   whose body has a terminal or absent provisioning state is already the result;
//! - otherwise the operation is polled through `Azure-AsyncOperation` (a status body
//!   `{"status": "InProgress|Succeeded|Failed|Canceled", "error": {...}}`), else `Location`
//!   (202 = in progress, 200/201/204 = done), else `Operation-Location` (status body), else the
//!   original URI (PUT/PATCH: `properties.provisioningState`);
//! - the result is fetched as `final-state-via` says (see [`FinalStateVia`]); a DELETE, or an
//!   operation whose result type is `()`, never makes a final GET;
//! - Retry-After (seconds or HTTP date), `retry-after-ms` and `x-ms-retry-after-ms` set the
//!   wait, capped by `limits.max_retry_after`; without them the poller waits
//!   [`DEFAULT_FREQUENCY`];
//! - polling stops with an error once `limits.max_poll_duration` has passed since the first
//!   request (the last wait is shortened to end on time);
//! - every polling URL and the final GET must be on a trusted origin (see `origin`): another
//!   origin is refused before any request is sent to it.
//!
//! azure_core pitfalls avoided: the frequency is never under 1 s (it panics); a failure is an
//! error, never `PollerResult::Done` (a later await would fail with "no target").

use super::{limits::RETRY_HEADERS, origin::TrustedOrigins, request::send_checked};
use azure_core::{
    error::{Error, ErrorKind},
    http::{
        Context, JsonFormat, Method, Pipeline, Poller, RawResponse, Request, Response, StatusCode, Url,
        headers::{HeaderName, Headers},
        poller::{
            PollerContinuation, PollerOptions, PollerResult, PollerResultFuture, PollerState, PollerStatus,
            StatusMonitor, get_retry_after,
        },
    },
    time::Duration,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::{
    any::TypeId,
    future::Future,
    marker::PhantomData,
    pin::Pin,
    sync::{Arc, Mutex, OnceLock},
    time::Instant,
};

/// Where the final result of a long-running operation comes from (`x-ms-long-running-operation-options`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinalStateVia {
    /// Poll `Azure-AsyncOperation`; PUT/PATCH then GET the original URI, POST GETs `Location`
    /// when the service sent one, else the result is the final status body.
    AzureAsyncOperation,
    /// The body of the final `Location` response (PUT/PATCH still GET the original URI).
    Location,
    /// GET the original URI once the operation succeeded.
    OriginalUri,
    /// Poll `Operation-Location` (status body); the result is fetched as for
    /// [`AzureAsyncOperation`](Self::AzureAsyncOperation).
    OperationLocation,
}

/// The poller's wait when the service sends no Retry-After: short, and never under the 1 s
/// below which azure_core's `Poller` panics.
pub const DEFAULT_FREQUENCY: Duration = Duration::seconds(1);

/// One status of a running operation, as yielded by the poller's stream.
///
/// The stream's responses keep the service's status code and headers; their body is replaced
/// by this model (`{"status": ..., "body": <the service's JSON body or null>}`) because ARM
/// reports status in three different places (status body, HTTP status, provisioning state).
#[derive(Debug, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct LroStatus<T> {
    status: String,
    #[serde(default)]
    body: Option<Value>,
    #[serde(skip)]
    output: PhantomData<fn() -> T>,
}

impl<T> LroStatus<T> {
    fn new(status: &PollerStatus, body: Option<Value>) -> Self {
        let status = match status {
            PollerStatus::Succeeded => "Succeeded",
            PollerStatus::Failed => "Failed",
            PollerStatus::Canceled => "Canceled",
            // ARM's intermediate states (Accepted, Creating, Updating...) all mean "in progress".
            PollerStatus::InProgress | PollerStatus::UnknownValue(_) => "InProgress",
        };
        Self {
            status: status.to_owned(),
            body,
            output: PhantomData,
        }
    }

    /// The JSON body of the status response, if it had one.
    pub fn body(&self) -> Option<&Value> {
        self.body.as_ref()
    }
}

impl<T> StatusMonitor for LroStatus<T> {
    type Output = T;
    type Format = JsonFormat;

    fn status(&self) -> PollerStatus {
        PollerStatus::from(self.status.as_str())
    }
}

/// A long-running operation: a stream of [`LroStatus`], and a future of the final `T`.
pub type LroPoller<T> = Poller<LroStatus<T>>;

/// How the status of the operation is read from a polling response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `Azure-AsyncOperation` / `Operation-Location`: `{"status": ...}`.
    StatusBody,
    /// `Location`: 202 means running, any other success status means done.
    Location,
    /// The resource itself: `properties.provisioningState`.
    Resource,
}

/// The client's rules for following an operation: where the token may go, how long to wait.
#[derive(Clone)]
pub(crate) struct Rules {
    pub(crate) origins: Arc<TrustedOrigins>,
    pub(crate) max_poll_duration: Duration,
    pub(crate) max_retry_after: Duration,
}

/// Everything a polling step needs besides the URLs carried by azure_core's continuation.
struct Operation {
    pipeline: Pipeline,
    initial: Request,
    success: &'static [u16],
    final_state: FinalStateVia,
    rules: Rules,
    /// When the initial request was sent: `max_poll_duration` counts from there.
    started: OnceLock<Instant>,
    /// Decided from the initial response; read by later steps.
    mode: Mutex<Mode>,
    /// `()` results never need a final GET nor a body.
    unit_output: bool,
}

const AZURE_ASYNC_OPERATION: HeaderName = HeaderName::from_static("azure-asyncoperation");
const LOCATION: HeaderName = HeaderName::from_static("location");
const OPERATION_LOCATION: HeaderName = HeaderName::from_static("operation-location");

/// Status codes every polling response must have (azure_core's poller also insists on them).
const POLL_SUCCESS: &[u16] = &[200, 201, 202, 204];

/// Builds the poller; nothing is sent until it is awaited or streamed.
pub(crate) fn poller<T>(
    pipeline: Pipeline,
    initial: Request,
    success: &'static [u16],
    final_state: FinalStateVia,
    rules: Rules,
    context: Context<'static>,
) -> LroPoller<T>
where
    T: serde::de::DeserializeOwned + Send + 'static,
{
    let operation = Arc::new(Operation {
        pipeline,
        initial,
        success,
        final_state,
        rules,
        started: OnceLock::new(),
        mode: Mutex::new(Mode::StatusBody),
        unit_output: TypeId::of::<T>() == TypeId::of::<()>(),
    });
    Poller::new(
        move |state: PollerState, options: PollerOptions<'static>| -> PollerResultFuture<LroStatus<T>, JsonFormat> {
            let operation = operation.clone();
            Box::pin(async move {
                match state {
                    PollerState::Initial => operation.start::<T>(options).await,
                    PollerState::More(PollerContinuation::Links { next_link, final_link }) => {
                        operation.poll::<T>(next_link, final_link, options).await
                    }
                    PollerState::More(other) => Err(Error::with_message(
                        ErrorKind::Other,
                        format!("unsupported poller continuation {other}"),
                    )),
                }
            })
        },
        Some(PollerOptions {
            context,
            frequency: DEFAULT_FREQUENCY,
        }),
    )
}

type Step<T> = azure_core::Result<PollerResult<LroStatus<T>>>;

impl Operation {
    fn mode(&self) -> Mode {
        *self.mode.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = mode;
    }

    fn method(&self) -> Method {
        self.initial.method()
    }

    fn original(&self) -> &Url {
        self.initial.url()
    }

    /// The wait the service asked for, bounded by `max_retry_after` and by the time left
    /// before `max_poll_duration` (so the next step can stop on time).
    fn wait(&self, asked: Duration) -> Duration {
        let left = self.rules.max_poll_duration - self.elapsed();
        asked.min(self.rules.max_retry_after).min(left).max(Duration::ZERO)
    }

    fn elapsed(&self) -> Duration {
        let started = self.started.get_or_init(Instant::now);
        Duration::try_from(started.elapsed()).unwrap_or(Duration::MAX)
    }

    /// Past `max_poll_duration`: an error instead of another poll.
    fn check_deadline(&self) -> azure_core::Result<()> {
        if self.elapsed() < self.rules.max_poll_duration {
            return Ok(());
        }
        Err(Error::with_message(
            ErrorKind::Other,
            format!(
                "the long-running operation did not finish within {} (`limits.max_poll_duration` in the client options); it may still be running on the service",
                self.rules.max_poll_duration
            ),
        ))
    }

    /// Sends the initial request and decides how to follow it.
    async fn start<T>(self: Arc<Self>, options: PollerOptions<'static>) -> Step<T>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        self.started.get_or_init(Instant::now);
        let mut request = self.initial.clone();
        let raw = send_checked(&self.pipeline, &options.context, &mut request, self.success).await?;
        check_status(&raw)?;
        let body = json_body(&raw);
        let headers = raw.headers();
        let async_operation = header_url(headers, &AZURE_ASYNC_OPERATION, self.original())?;
        let location = header_url(headers, &LOCATION, self.original())?;
        let operation_location = header_url(headers, &OPERATION_LOCATION, self.original())?;

        // Azure-AsyncOperation first, then Location, then Operation-Location (first when the
        // spec says final-state-via operation-location).
        let async_operation = async_operation.map(|url| (url, "the Azure-AsyncOperation header"));
        let operation_location = operation_location.map(|url| (url, "the Operation-Location header"));
        let status_link = match self.final_state {
            FinalStateVia::OperationLocation => operation_location.clone().or(async_operation),
            _ => async_operation,
        };
        let fallback_link = operation_location;
        let located = location.clone().map(|url| (url, "the Location header"));
        let (mode, (next_link, source)) = match (status_link, located, fallback_link) {
            (Some(link), _, _) => (Mode::StatusBody, link),
            (None, Some(link), _) => (Mode::Location, link),
            (None, None, Some(link)) => (Mode::StatusBody, link),
            (None, None, None) => {
                let state = provisioning_state(body.as_ref());
                let running = !is_terminal(&state);
                let resource = matches!(self.method(), Method::Put | Method::Patch);
                if running && resource {
                    (Mode::Resource, (self.original().clone(), "the original URI"))
                } else {
                    // Done already (or a 202 with nothing to poll): this response is the result.
                    return self.settle(raw, body, &state, None, &options);
                }
            }
        };
        // Refused before the first poll: the token never goes there, and the caller learns it
        // now rather than after the operation ran its course.
        self.rules.origins.check(&next_link, source)?;
        self.set_mode(mode);
        let final_link = self.final_link(mode, location);
        if let Some(link) = &final_link {
            self.rules
                .origins
                .check(link, "the Location header, where the result is read")?;
        }
        let retry_after = get_retry_after(raw.headers(), &RETRY_HEADERS, &options);
        Ok(PollerResult::InProgress {
            response: status_response(&raw, &PollerStatus::InProgress, body),
            retry_after: self.wait(retry_after),
            continuation: PollerContinuation::Links { next_link, final_link },
        })
    }

    /// One polling request.
    async fn poll<T>(self: Arc<Self>, link: Url, final_link: Option<Url>, options: PollerOptions<'static>) -> Step<T>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        self.check_deadline()?;
        self.rules.origins.check(&link, "the polling URL")?;
        let mut request = Request::new(link.clone(), Method::Get);
        request.insert_header("accept", "application/json");
        let raw = send_checked(&self.pipeline, &options.context, &mut request, POLL_SUCCESS).await?;
        let body = json_body(&raw);
        let mode = self.mode();
        let status = match mode {
            Mode::StatusBody => match body.as_ref().and_then(|b| b.get("status")).and_then(Value::as_str) {
                Some(status) => PollerStatus::from(status),
                None if raw.status() == StatusCode::Accepted => PollerStatus::InProgress,
                None => {
                    return Err(failure(
                        raw,
                        "the long-running operation's status response has no `status`",
                    ));
                }
            },
            Mode::Location if raw.status() == StatusCode::Accepted => PollerStatus::InProgress,
            Mode::Location => PollerStatus::Succeeded,
            Mode::Resource => provisioning_state(body.as_ref()),
        };
        if is_terminal(&status) {
            return self.settle(raw, body, &status, final_link, &options);
        }
        // A running operation may move its monitor (ARM allows a new Location on each 202).
        let moved = match mode {
            Mode::Location => header_url(raw.headers(), &LOCATION, &link)?,
            Mode::StatusBody | Mode::Resource => None,
        };
        if let Some(moved) = &moved {
            self.rules
                .origins
                .check(moved, "the new Location header of a 202 status response")?;
        }
        let retry_after = get_retry_after(raw.headers(), &RETRY_HEADERS, &options);
        Ok(PollerResult::InProgress {
            response: status_response(&raw, &status, body),
            retry_after: self.wait(retry_after),
            continuation: PollerContinuation::Links {
                next_link: moved.unwrap_or(link),
                final_link,
            },
        })
    }

    /// Ends the operation on a terminal `status` read from `raw`.
    fn settle<T>(
        self: Arc<Self>,
        raw: RawResponse,
        body: Option<Value>,
        status: &PollerStatus,
        final_link: Option<Url>,
        options: &PollerOptions<'static>,
    ) -> Step<T>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        if matches!(status, PollerStatus::Failed | PollerStatus::Canceled) {
            let what = if *status == PollerStatus::Failed {
                "failed"
            } else {
                "was canceled"
            };
            return Err(failure(raw, &format!("the long-running operation {what}")));
        }
        let response = status_response(&raw, &PollerStatus::Succeeded, body);
        let context = options.context.clone();
        let target = Box::new(move || -> Pin<Box<FinalFuture<T>>> {
            Box::pin(async move { self.result(raw, final_link, context).await })
        });
        Ok(PollerResult::Succeeded { response, target })
    }

    /// The operation's result: the final GET when there is one, else the last response.
    async fn result<T>(
        self: Arc<Self>,
        last: RawResponse,
        final_link: Option<Url>,
        context: Context<'static>,
    ) -> azure_core::Result<Response<T>> {
        if self.unit_output {
            let (status, headers, _) = last.deconstruct();
            return Ok(RawResponse::from_bytes(status, headers, "null").into());
        }
        match final_link {
            Some(url) => {
                self.rules.origins.check(&url, "the final result URL")?;
                let mut request = Request::new(url, Method::Get);
                request.insert_header("accept", "application/json");
                Ok(send_checked(&self.pipeline, &context, &mut request, &[]).await?.into())
            }
            None if last.body().is_empty() => {
                // `null` lets `Option<T>` results decode; other types get a clear decode error.
                let (status, headers, _) = last.deconstruct();
                Ok(RawResponse::from_bytes(status, headers, "null").into())
            }
            None => Ok(last.into()),
        }
    }

    /// Where the result is read once the operation succeeded (`None`: the last response).
    fn final_link(&self, mode: Mode, location: Option<Url>) -> Option<Url> {
        match self.method() {
            // Polling the resource itself already ends on the result.
            _ if mode == Mode::Resource => None,
            Method::Delete => None,
            Method::Put | Method::Patch => Some(self.original().clone()),
            _ => match self.final_state {
                FinalStateVia::OriginalUri => Some(self.original().clone()),
                // Polling Location already ends on the result.
                _ if mode == Mode::Location => None,
                _ => location,
            },
        }
    }
}

type FinalFuture<T> = dyn Future<Output = azure_core::Result<Response<T>>> + Send;

/// The initial response must be one azure_core's poller accepts, whatever the spec declared.
fn check_status(raw: &RawResponse) -> azure_core::Result<()> {
    if POLL_SUCCESS.contains(&u16::from(raw.status())) {
        Ok(())
    } else {
        Err(failure(
            raw.clone(),
            &format!("unexpected status {} for a long-running operation", raw.status()),
        ))
    }
}

fn json_body(raw: &RawResponse) -> Option<Value> {
    serde_json::from_slice(raw.body().as_ref()).ok()
}

/// `properties.provisioningState` (ARM resources), else a top-level `status`; absent = done.
fn provisioning_state(body: Option<&Value>) -> PollerStatus {
    body.and_then(|b| {
        b.pointer("/properties/provisioningState")
            .or_else(|| b.get("status"))
            .and_then(Value::as_str)
    })
    .map_or(PollerStatus::Succeeded, PollerStatus::from)
}

fn is_terminal(status: &PollerStatus) -> bool {
    matches!(
        status,
        PollerStatus::Succeeded | PollerStatus::Failed | PollerStatus::Canceled
    )
}

/// A polling URL from a response header, resolved against the request it answered.
fn header_url(headers: &Headers, name: &HeaderName, base: &Url) -> azure_core::Result<Option<Url>> {
    match headers.get_optional_str(name) {
        Some(link) if !link.trim().is_empty() => super::paging::resolve(base, link.trim()).map(Some),
        _ => Ok(None),
    }
}

/// The stream item: the service's status and headers, and an [`LroStatus`] body.
fn status_response<T>(raw: &RawResponse, status: &PollerStatus, body: Option<Value>) -> Response<LroStatus<T>> {
    let model = LroStatus::<T>::new(status, body);
    // Serializing a String and a Value cannot fail; fall back to an empty object regardless.
    let bytes = serde_json::to_vec(&model).unwrap_or_else(|_| b"{}".to_vec());
    RawResponse::from_bytes(raw.status(), raw.headers().clone(), bytes).into()
}

/// An `HttpResponse` error that keeps the whole response, so `ErrorExt` can decode the status
/// body's `error` (ARM puts a CloudError-shaped object there).
fn failure(raw: RawResponse, what: &str) -> Error {
    let detail = json_body(&raw).and_then(|body| {
        let error = body.get("error")?;
        let code = error.get("code").and_then(Value::as_str).map(str::to_owned);
        let message = error.get("message").and_then(Value::as_str).map(str::to_owned);
        Some((code, message))
    });
    let (code, message) = detail.unwrap_or_default();
    let mut text = what.to_owned();
    if let Some(code) = &code {
        text.push_str(&format!(": {code}"));
    }
    if let Some(message) = &message {
        text.push_str(&format!(": {message}"));
    }
    Error::with_message(
        ErrorKind::HttpResponse {
            status: raw.status(),
            error_code: code,
            raw_response: Some(Box::new(raw)),
        },
        text,
    )
}
