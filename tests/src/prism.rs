//! The harness behind `tests/tests/prism.rs`: Stoplight Prism (`prism mock`, installed
//! by `npm ci --prefix tools/prism`) as an oracle we did not write.
//!
//! - [`Prism`] runs one Prism process on one spec document (loopback, a free port).
//! - [`Proxy`] is the TLS terminator in front of it: a [`MockServer`] (azure_core's bearer policy
//!   requires https) that forwards every request to Prism over plain HTTP and records Prism's
//!   [`Verdict`]: its status and the violations of its `sl-violations` header.
//! - [`Call`] and the `model` / `empty` / `raw` / `first_page` helpers are what the generated
//!   calls file (`tests/tests/prism/calls.rs`, written by `cargo xtask generate`) is made of:
//!   one call per generated operation, whose result must decode into the generated types.

use crate::tls_server::{MockResponse, MockServer, RecordedRequest};
use azure_core::{
    credentials::TokenCredential,
    http::{
        AsyncRawResponse, ClientOptions, DeserializeWith, Format, ItemIterator, NoFormat, RawResponse, Response,
        RetryOptions, pager::Page,
    },
};
use futures::TryStreamExt;
use serde::de::DeserializeOwned;
use std::{
    future::Future,
    io::{self, Read, Write},
    net::{SocketAddr, TcpListener, TcpStream},
    path::{Path, PathBuf},
    pin::Pin,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Instant,
};

use crate::credential::FixedToken;
/// The bearer token every call sends (Prism checks that one is there, not its value).
pub use crate::credential::TOKEN;

/// One Prism process serving one document.
pub struct Prism {
    child: Child,
    spawned: Instant,
    port: u16,
    log: PathBuf,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Prism {
    /// Starts `prism mock` on `document`, logging to `log`. [`Prism::ready`] waits until it
    /// listens.
    ///
    /// Not `--errors`: with it, Prism answers 500 instead of its mock whenever the mock it made
    /// breaks the spec (it writes `"string"` for `format: byte`), so the answer could not be
    /// decoded. Without it, a request violation is still reported in `sl-violations` (and
    /// answered 422/4xx), beside the violations of Prism's own response, told apart by their
    /// `location` (`request…` / `response…`).
    pub fn spawn(bin: &Path, document: &Path, log: &Path) -> io::Result<Self> {
        let port = free_port()?;
        let out = std::fs::File::create(log)?;
        let child = Command::new(bin)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(document)
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()?;
        Ok(Self {
            child,
            spawned: Instant::now(),
            port,
            log: log.to_owned(),
        })
    }

    /// Waits until Prism accepts connections (it has loaded and compiled the document), or fails
    /// with the end of its log when it exits or `timeout` passes. Returns the time since spawn.
    pub async fn ready(&mut self, timeout: std::time::Duration) -> Result<std::time::Duration, String> {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "prism exited ({status}) before listening:\n{}",
                    self.log_tail()
                ));
            }
            let listening = std::fs::read_to_string(&self.log).is_ok_and(|l| l.contains("Prism is listening"));
            if listening && TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return Ok(self.spawned.elapsed());
            }
            if start.elapsed() > timeout {
                return Err(format!("prism did not listen within {timeout:?}:\n{}", self.log_tail()));
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    }

    /// The plain-HTTP port Prism listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

fn free_port() -> io::Result<u16> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    Ok(listener.local_addr()?.port())
}

/// Prism's answer to one request.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub method: String,
    /// Path and query as the client sent them.
    pub target: String,
    pub request_headers: Vec<(String, String)>,
    pub request_body: Vec<u8>,
    pub status: u16,
    /// The members of the `sl-violations` header (empty when Prism found nothing). When there
    /// are many, Prism writes `Too many violations! [...]`, cut short: kept as one string.
    pub violations: Vec<serde_json::Value>,
    /// Prism's answer (lossy UTF-8, at most 4 KiB), for messages and [`Verdict::mentions`].
    pub response_body: String,
}

impl Verdict {
    /// No request violation and a 2xx answer.
    pub fn accepted(&self) -> bool {
        self.request_violations().is_empty() && (200..300).contains(&self.status)
    }

    /// The violations Prism found in the request (`location` starts with `request`).
    pub fn request_violations(&self) -> Vec<&serde_json::Value> {
        self.violations.iter().filter(|v| !is_response_side(v)).collect()
    }

    /// The violations of Prism's own mock answer (`location` starts with `response`).
    pub fn response_violations(&self) -> Vec<&serde_json::Value> {
        self.violations.iter().filter(|v| is_response_side(v)).collect()
    }
}

impl Verdict {
    /// Whether a request violation is about `part` (`query`, `body`, `path`, `header`).
    pub fn request_violation_in(&self, part: &str) -> bool {
        self.request_violations().iter().any(|v| match v {
            serde_json::Value::String(text) => text.contains(&format!("[\"request\",\"{part}\"")),
            v => v.pointer("/location/1").and_then(serde_json::Value::as_str) == Some(part),
        })
    }

    /// Whether `needle` occurs in a violation or in Prism's answer.
    pub fn mentions(&self, needle: &str) -> bool {
        self.response_body.contains(needle) || self.violations.iter().any(|v| v.to_string().contains(needle))
    }
}

fn is_response_side(violation: &serde_json::Value) -> bool {
    match violation {
        serde_json::Value::String(text) => text.starts_with("Too many violations! [{\"location\":[\"response\""),
        v => v.pointer("/location/0").and_then(serde_json::Value::as_str) == Some("response"),
    }
}

/// The TLS terminator in front of one Prism: forwards every request, records every verdict.
pub struct Proxy {
    server: MockServer,
    verdicts: Arc<Mutex<Vec<Verdict>>>,
}

impl Proxy {
    /// Starts the HTTPS side; requests go to Prism on `prism_port`. The test runtime must be
    /// multi-threaded (forwarding blocks a worker with `block_in_place`).
    pub async fn start(prism_port: u16) -> io::Result<Self> {
        let server = MockServer::start().await?;
        let verdicts: Arc<Mutex<Vec<Verdict>>> = Arc::default();
        let recorded = verdicts.clone();
        let base = server.url().to_owned();
        server.respond_with(move |request| {
            if request.path().starts_with(POLL_PATH) {
                return Some(MockResponse::json(200, &serde_json::json!({"status": "Succeeded"})));
            }
            let response = tokio::task::block_in_place(|| forward(prism_port, request));
            let response = match response {
                Ok(r) => r,
                Err(e) => return Some(MockResponse::new(502).body(format!("proxy: prism failed: {e}"))),
            };
            let violations = response
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("sl-violations"))
                .map(|(_, v)| match serde_json::from_str(v) {
                    Ok(serde_json::Value::Array(items)) => items,
                    _ => vec![serde_json::Value::String(v.clone())],
                })
                .unwrap_or_default();
            if let Ok(mut all) = recorded.lock() {
                all.push(Verdict {
                    method: request.method.clone(),
                    target: request.target.clone(),
                    request_headers: request.headers.clone(),
                    request_body: request.body.clone(),
                    status: response.status,
                    violations,
                    response_body: String::from_utf8_lossy(&response.body[..response.body.len().min(4096)])
                        .into_owned(),
                });
            }
            Some(monitor_here(response, &base))
        });
        Ok(Self { server, verdicts })
    }

    /// The HTTPS base URL clients are pointed at.
    pub fn url(&self) -> &str {
        self.server.url()
    }

    /// A reqwest client trusting the proxy (for the negative controls' hand-made requests).
    pub fn http_client(&self) -> reqwest::Client {
        self.server.http_client()
    }

    /// How many verdicts were recorded so far.
    pub fn count(&self) -> usize {
        self.verdicts.lock().map(|v| v.len()).unwrap_or_default()
    }

    /// The verdicts recorded from index `from` on.
    pub fn since(&self, from: usize) -> Vec<Verdict> {
        self.verdicts
            .lock()
            .map(|v| v.get(from..).map(<[Verdict]>::to_vec).unwrap_or_default())
            .unwrap_or_default()
    }

    /// A call target for the generated clients.
    pub fn target(&self) -> Target {
        Target {
            endpoint: self.server.url().to_owned(),
            options: self.server.client_options(),
        }
    }
}

/// Where the proxy answers long-running operations' polls itself.
pub const POLL_PATH: &str = "/prism-proxy/poll";

/// Prism has no status monitor: the `Location` / `Azure-AsyncOperation` of its 201/202 mocks are
/// placeholders (`"string"`). They are pointed at the proxy, which answers every poll
/// `200 {"status": "Succeeded"}` (not a verdict of Prism: polls are not recorded).
fn monitor_here(mut response: MockResponse, base: &str) -> MockResponse {
    if matches!(response.status, 201 | 202) {
        for (name, value) in &mut response.headers {
            if name == "location" || name == "azure-asyncoperation" {
                *value = format!("{base}{POLL_PATH}/{name}");
            }
        }
    }
    response
}

/// One request to Prism over plain HTTP/1.1 (`connection: close`, so the answer ends at EOF).
fn forward(port: u16, request: &RecordedRequest) -> io::Result<MockResponse> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(60)))?;
    let mut head = format!(
        "{} {} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n",
        request.method, request.target
    );
    for (name, value) in &request.headers {
        if !matches!(name.as_str(), "host" | "connection" | "keep-alive" | "content-length") {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        request.body.len()
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(&request.body)?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes)?;
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Response::new(&mut headers);
    let head_len = match parsed.parse(&bytes) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err(io::Error::other("truncated answer")),
        Err(e) => return Err(io::Error::other(e)),
    };
    let mut response = MockResponse::new(parsed.code.unwrap_or(502));
    for h in parsed.headers.iter() {
        let name = h.name.to_ascii_lowercase();
        if name == "transfer-encoding" {
            return Err(io::Error::other("chunked answers are not supported"));
        }
        if !matches!(name.as_str(), "content-length" | "connection" | "keep-alive") {
            response = response.header(name, String::from_utf8_lossy(h.value).into_owned());
        }
    }
    Ok(response.body(bytes[head_len..].to_vec()))
}

/// What the generated calls need to build a client: the proxy's URL, a transport trusting it,
/// a credential.
pub struct Target {
    endpoint: String,
    options: ClientOptions,
}

impl Target {
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The transport trusting the proxy, without retries: Prism answers 500 to a response it
    /// cannot mock, and retrying that only takes time.
    pub fn client_options(&self) -> ClientOptions {
        ClientOptions {
            retry: RetryOptions::none(),
            ..self.options.clone()
        }
    }

    pub fn credential(&self) -> Arc<dyn TokenCredential> {
        Arc::new(FixedToken)
    }
}

/// The outcome of one call: `Err` when the call failed or its answer did not decode.
pub type CallResult = Result<(), String>;

/// One generated operation, called once.
pub struct Call {
    pub operation: &'static str,
    /// `service: resource().method METHOD path (example file)`.
    pub label: &'static str,
    pub run: Pin<Box<dyn Future<Output = CallResult> + Send>>,
}

impl Call {
    pub fn new(
        operation: &'static str,
        label: &'static str,
        run: impl Future<Output = CallResult> + Send + 'static,
    ) -> Self {
        Self {
            operation,
            label,
            run: Box::pin(run),
        }
    }
}

/// An operation returning a model (or an awaited poller): the answer decodes into it.
pub fn model<T: DeserializeOwned>(result: azure_core::Result<Response<T>>) -> CallResult {
    let response = result.map_err(|e| format!("the call failed: {e}"))?;
    response
        .into_model()
        .map(|_: T| ())
        .map_err(|e| format!("the answer does not decode: {e}"))
}

/// An operation without a response model.
pub fn empty(result: azure_core::Result<Response<(), NoFormat>>) -> CallResult {
    result.map(|_| ()).map_err(|e| format!("the call failed: {e}"))
}

/// An operation answering raw bytes.
pub fn raw(result: azure_core::Result<RawResponse>) -> CallResult {
    result.map(|_| ()).map_err(|e| format!("the call failed: {e}"))
}

/// An operation answering text with a scalar schema (`Response<T, TextFormat>`): the body
/// parses into the type the schema declares.
pub fn text<T: DeserializeWith<F>, F: Format>(result: azure_core::Result<Response<T, F>>) -> CallResult {
    let response = result.map_err(|e| format!("the call failed: {e}"))?;
    response
        .into_model()
        .map(|_: T| ())
        .map_err(|e| format!("the answer does not decode: {e}"))
}

/// An operation answering a binary stream: the whole body is read.
pub async fn stream(result: azure_core::Result<AsyncRawResponse>) -> CallResult {
    let response = result.map_err(|e| format!("the call failed: {e}"))?;
    response
        .into_body()
        .collect()
        .await
        .map(|_| ())
        .map_err(|e| format!("the body could not be read: {e}"))
}

/// A pageable operation: its first page decodes (Prism's mock next link is a placeholder the
/// pager must not follow, so only the first page is read).
pub async fn first_page<R, P>(
    pager: azure_core::Result<ItemIterator<R>>,
    into_model: impl FnOnce(R) -> azure_core::Result<P>,
) -> CallResult
where
    R: Page + Send + 'static,
{
    let pager = pager.map_err(|e| format!("the call failed: {e}"))?;
    let mut pages = pager.into_pages();
    let first = pages
        .try_next()
        .await
        .map_err(|e| format!("the first page failed: {e}"))?
        .ok_or("no first page")?;
    into_model(first)
        .map(|_| ())
        .map_err(|e| format!("the page does not decode: {e}"))
}

/// Whether the oracle `bin` (from `npm ci --prefix tools/prism`) is installed. Without it the
/// test says so loudly and passes, unless `SPECGEN_ORACLES=1` (set by `.ci/run`) makes that a
/// failure.
pub fn oracle_installed(bin: &Path, name: &str) -> bool {
    if bin.exists() {
        return true;
    }
    let message = format!("{name} is not installed (tools/prism/node_modules): run `npm ci --prefix tools/prism`");
    if std::env::var("SPECGEN_ORACLES").is_ok_and(|v| v == "1") {
        panic!("{message} (SPECGEN_ORACLES=1 makes this a failure)");
    }
    eprintln!("\n!!!!!!!!!! SKIPPED: {message} !!!!!!!!!!\n");
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn verdict(status: u16, violations: Vec<serde_json::Value>) -> Verdict {
        Verdict {
            method: "GET".into(),
            target: "/x".into(),
            request_headers: Vec::new(),
            request_body: Vec::new(),
            status,
            violations,
            response_body: String::new(),
        }
    }

    #[test]
    fn request_and_response_violations_are_told_apart() {
        let request = json!({"location": ["request", "query"], "code": "required"});
        let response = json!({"location": ["response", "body", "x"], "code": "format"});
        let too_many_request = json!("Too many violations! [{\"location\":[\"request\",\"body\",\"a\"]");
        let too_many_response = json!("Too many violations! [{\"location\":[\"response\",\"body\",\"a\"]");

        assert!(verdict(200, vec![response.clone(), too_many_response]).accepted());
        assert!(!verdict(200, vec![request.clone(), response]).accepted());
        assert!(!verdict(422, vec![]).accepted());
        assert!(verdict(422, vec![request]).request_violation_in("query"));
        let cut_short = verdict(422, vec![too_many_request]);
        assert!(!cut_short.accepted());
        assert!(cut_short.request_violation_in("body"));
        assert!(!cut_short.request_violation_in("query"));
    }

    #[test]
    fn polls_of_long_running_mocks_come_back_to_the_proxy() {
        let accepted = MockResponse::new(202)
            .header("location", "string")
            .header("azure-asyncoperation", "string")
            .header("retry-after", "10");
        let moved = monitor_here(accepted, "https://127.0.0.1:1");
        assert_eq!(
            moved.headers,
            [
                (
                    "location".to_owned(),
                    format!("https://127.0.0.1:1{POLL_PATH}/location")
                ),
                (
                    "azure-asyncoperation".to_owned(),
                    format!("https://127.0.0.1:1{POLL_PATH}/azure-asyncoperation")
                ),
                ("retry-after".to_owned(), "10".to_owned()),
            ]
        );
        let ok = monitor_here(MockResponse::new(200).header("location", "string"), "https://h");
        assert_eq!(ok.headers, [("location".to_owned(), "string".to_owned())]);
    }
}
