//! The service client every generated client wraps, and the builder generated methods use to
//! describe one HTTP call (path, query, headers, body) before sending it as a plain call, a
//! pageable call or a long-running one.

use super::{
    limits::{Limits, RetryAfterCapPolicy},
    lro::{self, FinalStateVia, LroPoller},
    origin::{OriginPolicy, TrustedOrigins},
    paging::{self, FetchPage, Paged, Pager},
};
use azure_core::{
    Bytes,
    credentials::TokenCredential,
    error::{CheckSuccessOptions, Error, ErrorKind},
    http::{
        AsyncRawResponse, ClientMethodOptions, ClientOptions, Context, Method, NoFormat, Pipeline,
        PipelineSendOptions, PipelineStreamOptions, RawResponse, Request, Response, Url,
        headers::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue},
        policies::auth::BearerTokenAuthorizationPolicy,
    },
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::borrow::Cow;
use std::sync::Arc;

/// Query names and values: everything that could end or split a pair (`& = + # %`, spaces,
/// non-ASCII) is encoded; OData's readable characters (`$ ( ) , : @ /`) stay as written. `'` is
/// encoded because the URL parser would encode it anyway in http(s) queries.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'$')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b':')
    .remove(b'@')
    .remove(b'/');

const JSON: &str = "application/json";

/// One per generated service client; cheap to clone (the pipeline is reference-counted).
#[derive(Clone, Debug)]
pub struct ServiceClient {
    endpoint: Url,
    pipeline: Pipeline,
    api_version: Option<String>,
    origins: Arc<TrustedOrigins>,
    limits: Limits,
}

impl ServiceClient {
    /// [`with_limits`](Self::with_limits) with no allowed host besides the endpoint's and the
    /// default [`Limits`].
    pub fn new(
        endpoint: &str,
        credential: Arc<dyn TokenCredential>,
        scopes: Vec<String>,
        client_options: ClientOptions,
        api_version: Option<String>,
    ) -> azure_core::Result<Self> {
        Self::with_limits(
            endpoint,
            credential,
            scopes,
            client_options,
            api_version,
            &[],
            Limits::default(),
        )
    }

    /// Builds the azure_core pipeline with a bearer-token policy for `scopes` on every try.
    ///
    /// `endpoint` is the base URL the spec's paths are appended to, e.g.
    /// `https://management.azure.com` or `https://graph.microsoft.com/v1.0`. The token goes
    /// only to the endpoint's origin and to `allowed_hosts` (see [`TrustedOrigins::new`]);
    /// next links and polling URLs elsewhere are refused. `limits` bounds every wait.
    pub fn with_limits(
        endpoint: &str,
        credential: Arc<dyn TokenCredential>,
        scopes: Vec<String>,
        client_options: ClientOptions,
        api_version: Option<String>,
        allowed_hosts: &[String],
        limits: Limits,
    ) -> azure_core::Result<Self> {
        let mut endpoint = Url::parse(endpoint)
            .map_err(|e| Error::with_error(ErrorKind::Other, e, format!("invalid endpoint `{endpoint}`")))?;
        // Requests replace the path, query and fragment; clearing the last two once here
        // spares every call doing it.
        endpoint.set_query(None);
        endpoint.set_fragment(None);
        if !matches!(endpoint.scheme(), "https" | "http") {
            return Err(Error::with_message(
                ErrorKind::Other,
                format!("endpoint `{endpoint}` must be an http(s) URL"),
            ));
        }
        let origins = Arc::new(TrustedOrigins::new(&endpoint, allowed_hosts)?);
        let auth = BearerTokenAuthorizationPolicy::new(credential, scopes);
        // Per try, after azure_core's retry policy: the Retry-After cap sees each response
        // before the retry policy does; the origin check runs right before the token is added.
        let per_try: Vec<Arc<dyn azure_core::http::policies::Policy>> = vec![
            Arc::new(RetryAfterCapPolicy::new(limits.max_retry_after)),
            Arc::new(OriginPolicy::new(origins.clone())),
            Arc::new(auth),
        ];
        let pipeline = Pipeline::new(
            Some(env!("CARGO_PKG_NAME")),
            Some(env!("CARGO_PKG_VERSION")),
            client_options,
            Vec::new(),
            per_try,
            // None keeps azure_core's retry headers (x-ms-retry-after-ms, retry-after-ms,
            // Retry-After); passing options would drop them.
            None,
        );
        Ok(Self {
            endpoint,
            pipeline,
            api_version,
            origins,
            limits,
        })
    }

    /// The origins that receive the bearer token.
    pub fn origins(&self) -> &TrustedOrigins {
        &self.origins
    }

    /// The bounds on this client's waits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The base URL requests are built on.
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The api-version sent by [`RequestBuilder::api_version`], if the service has one.
    pub fn api_version(&self) -> Option<&str> {
        self.api_version.as_deref()
    }

    /// Starts a request. `path` is already encoded (built with `path::segment`) and starts with
    /// `/`; it is appended to the endpoint's own path (such as `/v1.0`). The builder borrows
    /// the client: a call clones nothing of it (pagers and pollers clone the pipeline).
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder<'_> {
        let mut url = self.endpoint.clone();
        let base = self.endpoint.path().trim_end_matches('/');
        // `set_path` keeps existing percent-escapes, so encoded segments stay encoded.
        let mut full = String::with_capacity(base.len() + path.len());
        full.push_str(base);
        full.push_str(path);
        url.set_path(&full);
        RequestBuilder {
            client: self,
            method,
            url,
            headers: Vec::new(),
            body: None,
            context: Context::new(),
            error: None,
        }
    }
}

/// The options of a generated method that has no optional parameters: per-call options only.
/// Such methods' options types are aliases of this one, so they stay source-compatible with the
/// options structs of methods that have optional parameters.
#[derive(Clone, Debug, Default)]
pub struct MethodOptions<'a> {
    /// Per-call options (context, cancellation).
    pub method_options: ClientMethodOptions<'a>,
}

/// One HTTP call being described by generated code.
pub struct RequestBuilder<'a> {
    client: &'a ServiceClient,
    method: Method,
    url: Url,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The body and its content type (a multipart one carries its boundary).
    body: Option<(Bytes, Cow<'static, str>)>,
    context: Context<'static>,
    /// Builder methods stay infallible for generated code; a bad input is reported on send.
    error: Option<Error>,
}

/// Header values and the body may hold secrets (`x-ms-secret` properties, keys): `Debug` shows
/// only their names and size, like azure_core's own request logging.
impl std::fmt::Debug for RequestBuilder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("path", &self.url.path())
            .field("headers", &header_names)
            .field("body_len", &self.body.as_ref().map(|(body, _)| body.len()))
            .finish_non_exhaustive()
    }
}

impl RequestBuilder<'_> {
    /// Uses the caller's context (cancellation, custom values); an owned copy is kept so the
    /// request can outlive the options (pagers and pollers are `'static`).
    pub fn context(mut self, options: &ClientMethodOptions<'_>) -> Self {
        self.context = options.context.to_owned();
        self
    }

    /// Adds `api-version=<the client's>` when the client has one.
    pub fn api_version(mut self) -> Self {
        if let Some(version) = self.client.api_version.clone() {
            set_api_version(&mut self.url, &version);
        }
        self
    }

    /// Appends one query pair, encoded.
    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        append_query(&mut self.url, name, &value.into());
        self
    }

    /// [`query`](Self::query) when there is a value (an optional parameter that was set).
    pub fn query_opt<T: ToString + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.query(name, value.to_string()),
            None => self,
        }
    }

    /// [`header`](Self::header) when there is a value (an optional parameter that was set).
    pub fn header_opt<T: ToString + ?Sized>(self, name: &'static str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.header(name, value.to_string()),
            None => self,
        }
    }

    /// Sets a header. Names are case-insensitive; they are sent lowercase.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        match header_name(name) {
            Ok(name) => self.headers.push((name, HeaderValue::from(value.into()))),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }

    /// Serializes `body` as JSON and sets `content-type: application/json` (azure_core's
    /// `set_json` does not).
    pub fn json<B: serde::Serialize>(mut self, body: &B) -> azure_core::Result<Self> {
        let bytes = super::read_only::to_request_json(body)
            .map_err(|e| Error::with_error(ErrorKind::DataConversion, e, "cannot serialize the request body"))?;
        self.body = Some((Bytes::from(bytes), Cow::Borrowed(JSON)));
        Ok(self)
    }

    /// [`json`](Self::json) when there is a body (an optional body that was set).
    pub fn json_opt<B: serde::Serialize>(self, body: Option<&B>) -> azure_core::Result<Self> {
        match body {
            Some(body) => self.json(body),
            None => Ok(self),
        }
    }

    /// Sends `body` as is, with the given content type.
    pub fn bytes(mut self, body: Bytes, content_type: &'static str) -> Self {
        self.body = Some((body, Cow::Borrowed(content_type)));
        self
    }

    /// Sends `form` as `multipart/form-data` (its boundary in the content type). A form field
    /// that did not serialize is reported on send.
    pub fn multipart(mut self, form: super::multipart::Form) -> Self {
        match form.encode() {
            Ok((body, content_type)) => self.body = Some((body, Cow::Owned(content_type))),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }

    /// Sends, checks the status is in `success`, returns the typed JSON response. Any other
    /// status: azure_core's `HttpResponse` error carrying the raw response (see `ErrorExt`).
    pub async fn send<T: serde::de::DeserializeOwned>(
        self,
        success: &'static [u16],
    ) -> azure_core::Result<Response<T>> {
        Ok(self.accept_json().send_raw(success).await?.into())
    }

    /// Same as [`send`](Self::send), for operations without a response body.
    pub async fn send_empty(self, success: &'static [u16]) -> azure_core::Result<Response<(), NoFormat>> {
        Ok(self.send_raw(success).await?.into())
    }

    /// Same as [`send`](Self::send), for text bodies: `into_model()` gives the `String` (or the
    /// number / boolean the text spells).
    pub async fn send_text<T: azure_core::http::DeserializeWith<super::text::TextFormat>>(
        self,
        success: &'static [u16],
    ) -> azure_core::Result<Response<T, super::text::TextFormat>> {
        Ok(self.send_raw(success).await?.into())
    }

    /// Same as [`send`](Self::send), for binary bodies (files, images, octet streams): the body is
    /// not buffered; `into_body()` yields it as it arrives (`collect()` gathers it). A status not
    /// in `success` is the usual error, its body read and kept.
    pub async fn send_stream(self, success: &'static [u16]) -> azure_core::Result<AsyncRawResponse> {
        let client = self.client;
        let (mut request, context) = self.into_request()?;
        let options = PipelineStreamOptions {
            check_success: CheckSuccessOptions { success_codes: success },
            ..Default::default()
        };
        client.pipeline.stream(&context, &mut request, Some(options)).await
    }

    /// Same as [`send`](Self::send), body returned as raw bytes (non-JSON media types).
    pub async fn send_raw(self, success: &'static [u16]) -> azure_core::Result<RawResponse> {
        let client = self.client;
        let (mut request, context) = self.into_request()?;
        send_checked(&client.pipeline, &context, &mut request, success).await
    }

    /// Pageable: the first request is this one (any method; the body is re-sent on retry); the
    /// following pages are GETs on each page's next link, with api-version re-applied when the
    /// client has one. A next link seen twice, on an untrusted origin, or past
    /// `limits.max_pages` is an error, not an endless loop or a leaked token.
    pub fn pager<P: Paged>(self, success: &'static [u16]) -> azure_core::Result<Pager<P>> {
        let this = self.accept_json();
        let first = this.build()?;
        let next_page = this.next_page_template();
        let pipeline = this.client.pipeline.clone();
        let fetch: FetchPage = Arc::new(move |link, context| {
            let pipeline = pipeline.clone();
            let (mut request, success) = match link {
                None => (first.clone(), success),
                Some(url) => (next_page.to(url), NEXT_PAGE_SUCCESS),
            };
            Box::pin(async move {
                let raw = send_checked(&pipeline, &context, &mut request, success).await?;
                Ok((raw, request.url().clone()))
            })
        });
        Ok(paging::pager(fetch, this.paging_rules(), this.context))
    }

    /// Long-running (ARM rules, see `lro`): send, follow Azure-AsyncOperation / Location /
    /// the original URI, honour Retry-After, stop on Succeeded / Failed / Canceled, and fetch
    /// the final result as `final_state` says. Failed / Canceled end in an error that keeps the
    /// status body.
    pub fn poller<T>(self, success: &'static [u16], final_state: FinalStateVia) -> azure_core::Result<LroPoller<T>>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        let this = self.accept_json();
        let request = this.build()?;
        Ok(lro::poller(
            this.client.pipeline.clone(),
            request,
            success,
            final_state,
            this.lro_rules(),
            this.context,
        ))
    }

    /// Long-running AND pageable (Bastion getActiveSessions): the operation is driven to
    /// completion inside the first page fetch; its final result is the first page; the next
    /// links are then followed as in [`pager`](Self::pager).
    pub fn lro_pager<P: Paged>(
        self,
        success: &'static [u16],
        final_state: FinalStateVia,
    ) -> azure_core::Result<Pager<P>> {
        let this = self.accept_json();
        let first = this.build()?;
        let next_page = this.next_page_template();
        let pipeline = this.client.pipeline.clone();
        let rules = this.lro_rules();
        let fetch: FetchPage = Arc::new(move |link, context| {
            let pipeline = pipeline.clone();
            let rules = rules.clone();
            let first = first.clone();
            let next_page = next_page.clone();
            Box::pin(async move {
                match link {
                    None => {
                        let url = first.url().clone();
                        let poller: LroPoller<serde_json::Value> =
                            lro::poller(pipeline, first, success, final_state, rules, context);
                        let response = poller.await?;
                        Ok((RawResponse::from(response), url))
                    }
                    Some(url) => {
                        let mut request = next_page.to(url);
                        let raw = send_checked(&pipeline, &context, &mut request, NEXT_PAGE_SUCCESS).await?;
                        Ok((raw, request.url().clone()))
                    }
                }
            })
        });
        Ok(paging::pager(fetch, this.paging_rules(), this.context))
    }

    fn paging_rules(&self) -> paging::Rules {
        paging::Rules {
            api_version: self.client.api_version.clone(),
            origins: self.client.origins.clone(),
            max_pages: self.client.limits.max_pages,
        }
    }

    fn lro_rules(&self) -> lro::Rules {
        lro::Rules {
            origins: self.client.origins.clone(),
            max_poll_duration: self.client.limits.max_poll_duration,
            max_retry_after: self.client.limits.max_retry_after,
        }
    }

    /// Asks for JSON unless generated code chose another media type.
    fn accept_json(mut self) -> Self {
        if !self.headers.iter().any(|(name, _)| *name == ACCEPT) {
            self.headers.push((ACCEPT, HeaderValue::from(JSON)));
        }
        self
    }

    /// The request, for pagers and pollers that send it again (the builder is kept).
    fn build(&self) -> azure_core::Result<Request> {
        if let Some(e) = &self.error {
            return Err(Error::with_message(ErrorKind::Other, e.to_string()));
        }
        let mut request = Request::new(self.url.clone(), self.method);
        for (name, value) in &self.headers {
            request.insert_header(name.clone(), value.clone());
        }
        if let Some((body, content_type)) = &self.body {
            request.insert_header(CONTENT_TYPE, HeaderValue::from_cow(content_type.clone()));
            request.set_body(body.clone());
        }
        Ok(request)
    }

    /// The request and its context, for a call sent once: moved, not cloned.
    fn into_request(self) -> azure_core::Result<(Request, Context<'static>)> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut request = Request::new(self.url, self.method);
        for (name, value) in self.headers {
            request.insert_header(name, value);
        }
        if let Some((body, content_type)) = self.body {
            request.insert_header(CONTENT_TYPE, HeaderValue::from_cow(content_type));
            request.set_body(body);
        }
        Ok((request, self.context))
    }

    /// Next pages are bodiless GETs that keep the caller's headers (e.g. Graph's
    /// `ConsistencyLevel`).
    fn next_page_template(&self) -> NextPage {
        NextPage {
            headers: self.headers.clone(),
        }
    }
}

/// Status codes accepted for next-page GETs, whatever the first request accepted.
const NEXT_PAGE_SUCCESS: &[u16] = &[200];

#[derive(Clone)]
struct NextPage {
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl NextPage {
    fn to(&self, url: Url) -> Request {
        let mut request = Request::new(url, Method::Get);
        for (name, value) in &self.headers {
            request.insert_header(name.clone(), value.clone());
        }
        request
    }
}

/// Sends through the pipeline; statuses outside `success` (any 2xx when empty) become
/// azure_core's `HttpResponse` error with the raw response.
pub(crate) async fn send_checked(
    pipeline: &Pipeline,
    context: &Context<'_>,
    request: &mut Request,
    success: &'static [u16],
) -> azure_core::Result<RawResponse> {
    let options = PipelineSendOptions {
        check_success: CheckSuccessOptions { success_codes: success },
        ..Default::default()
    };
    pipeline.send(context, request, Some(options)).await
}

/// Replaces any `api-version` pair in `url`'s query by ours, leaving the other pairs exactly as
/// the service wrote them (re-serializing would change their encoding, e.g. in `$skiptoken`).
pub(crate) fn set_api_version(url: &mut Url, version: &str) {
    let kept: Vec<String> = url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !name.eq_ignore_ascii_case("api-version")
        })
        .map(str::to_owned)
        .collect();
    let query = kept.join("&");
    url.set_query(if query.is_empty() { None } else { Some(query.as_str()) });
    append_query(url, "api-version", version);
}

fn append_query(url: &mut Url, name: &str, value: &str) {
    let pair = format!(
        "{}={}",
        utf8_percent_encode(name, QUERY),
        utf8_percent_encode(value, QUERY)
    );
    let query = match url.query() {
        Some(existing) if !existing.is_empty() => format!("{existing}&{pair}"),
        _ => pair,
    };
    url.set_query(Some(&query));
}

/// azure_core panics on header names with uppercase letters; specs write `ConsistencyLevel`.
fn header_name(name: &'static str) -> azure_core::Result<HeaderName> {
    let is_token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if is_token {
        Ok(HeaderName::from(name.to_ascii_lowercase()))
    } else {
        Err(Error::with_message(
            ErrorKind::Other,
            format!("invalid header name `{name}`"),
        ))
    }
}
