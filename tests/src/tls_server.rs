//! A loopback HTTPS mock server for tests: it records every request and answers scripted
//! responses.
//!
//! azure_core's bearer-token policy refuses `http://` URLs, so generated clients can only be
//! tested over TLS. The server makes a fresh self-signed certificate for `127.0.0.1` at start
//! and hands out an HTTP transport that trusts exactly that certificate. It speaks HTTP/1.1
//! (the only version azure_core's reqwest client uses) with keep-alive; request bodies must carry
//! a `content-length` (azure_core always sends buffered bodies).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use workspace_tests::tls_server::{MockResponse, MockServer};
//! let server = MockServer::start().await?;
//! server.push(MockResponse::json(200, &serde_json::json!({"value": true})));
//! let options = server.client_options(); // pass to the client under test, endpoint server.url()
//! # let _ = options; Ok(()) }
//! ```

use azure_core::http::{ClientOptions, Transport, Url};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::{
    collections::VecDeque,
    io,
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
    time::Instant,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
    task::JoinHandle,
};
use tokio_rustls::TlsAcceptor;

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// `GET`, `POST`...
    pub method: String,
    /// The request target exactly as sent: path and query, still percent-encoded.
    pub target: String,
    /// Header names lowercased, in the order received.
    pub headers: Vec<(String, String)>,
    /// The request body.
    pub body: Vec<u8>,
    /// When the server finished reading it (for Retry-After assertions).
    pub received_at: Instant,
}

impl RecordedRequest {
    /// The path part of the target, still percent-encoded.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The raw query string (without `?`), if any.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    /// Decoded query pairs, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let url = Url::parse(&format!("https://mock{}", self.target));
        url.map(|u| u.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
            .unwrap_or_default()
    }

    /// All decoded values of query parameter `name`.
    pub fn query_values(&self, name: &str) -> Vec<String> {
        self.query_pairs()
            .into_iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v)
            .collect()
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON (`Null` when empty or not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// A scripted answer.
#[derive(Clone, Debug)]
pub struct MockResponse {
    /// HTTP status code.
    pub status: u16,
    /// Headers to send (`content-length` is added by the server).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl MockResponse {
    /// An empty response with `status`.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A JSON response.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::new(status)
            .header("content-type", "application/json")
            .body(body.to_string())
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }
}

type Handler = Arc<dyn Fn(&RecordedRequest) -> Option<MockResponse> + Send + Sync>;

#[derive(Default)]
struct State {
    queue: VecDeque<MockResponse>,
    handler: Option<Handler>,
    requests: Vec<RecordedRequest>,
}

/// A running mock server; stops when dropped.
pub struct MockServer {
    url: String,
    cert_pem: String,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockServer {
    /// Binds `127.0.0.1` on a free port and starts serving (needs a tokio runtime).
    pub async fn start() -> io::Result<Self> {
        let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .map_err(io::Error::other)?;
        let cert_pem = certified.cert.pem();
        let cert: CertificateDer<'static> = certified.cert.der().clone();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der()));
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(io::Error::other)?
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .map_err(io::Error::other)?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let acceptor = TlsAcceptor::from(Arc::new(config));

        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let port = listener.local_addr()?.port();
        let state: Arc<Mutex<State>> = Arc::default();
        let task = tokio::spawn(accept_loop(listener, acceptor, state.clone()));
        Ok(Self {
            url: format!("https://127.0.0.1:{port}"),
            cert_pem,
            state,
            task,
        })
    }

    /// Base URL, e.g. `https://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The server certificate, PEM.
    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// Queues a response; queued responses are served first, in order.
    pub fn push(&self, response: MockResponse) {
        self.lock().queue.push_back(response);
    }

    /// Answers requests the queue does not cover. Returning `None` gives a 404 that names the
    /// request. Replaces any previous handler.
    pub fn respond_with<F>(&self, handler: F)
    where
        F: Fn(&RecordedRequest) -> Option<MockResponse> + Send + Sync + 'static,
    {
        self.lock().handler = Some(Arc::new(handler));
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// Responses still queued (a test can assert its script was used up).
    pub fn pending(&self) -> usize {
        self.lock().queue.len()
    }

    /// A reqwest client (the one azure_core uses) that trusts only this server's certificate.
    pub fn http_client(&self) -> reqwest::Client {
        http_client_for(&[self])
    }

    /// An azure_core transport over [`http_client`](Self::http_client).
    pub fn transport(&self) -> Transport {
        Transport::new(Arc::new(self.http_client()))
    }

    /// `ClientOptions` whose transport reaches this server; everything else default.
    pub fn client_options(&self) -> ClientOptions {
        client_options_for(&[self])
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

/// A reqwest client that trusts the certificates of `servers` and nothing else. Like
/// azure_core's own client, it follows no redirects. Several servers are several origins
/// (each has its own port): tests of where the bearer token may go use two.
pub fn http_client_for(servers: &[&MockServer]) -> reqwest::Client {
    let certificates: reqwest::Result<Vec<reqwest::Certificate>> = servers
        .iter()
        .map(|server| reqwest::Certificate::from_pem(server.cert_pem.as_bytes()))
        .collect();
    let built = certificates.and_then(|certificates| {
        reqwest::Client::builder()
            .tls_certs_only(certificates)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
    });
    match built {
        Ok(client) => client,
        Err(e) => panic!("test HTTPS client: {e}"),
    }
}

/// `ClientOptions` whose transport reaches each of `servers`; everything else default.
pub fn client_options_for(servers: &[&MockServer]) -> ClientOptions {
    ClientOptions {
        transport: Some(Transport::new(Arc::new(http_client_for(servers)))),
        ..Default::default()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn accept_loop(listener: TcpListener, acceptor: TlsAcceptor, state: Arc<Mutex<State>>) {
    while let Ok((socket, _)) = listener.accept().await {
        // Responses go out as two TLS records (head, body): without TCP_NODELAY, Nagle's
        // algorithm holds the second until the client's delayed ACK, ~40 ms per request.
        let _ = socket.set_nodelay(true);
        let acceptor = acceptor.clone();
        let state = state.clone();
        tokio::spawn(async move {
            if let Ok(stream) = acceptor.accept(socket).await {
                // A broken connection only ends that connection; the client reports it.
                let _ = serve(stream, state).await;
            }
        });
    }
}

/// Serves requests on one connection until the client closes it.
async fn serve<S>(mut stream: S, state: Arc<Mutex<State>>) -> io::Result<()>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let mut buffer = Vec::new();
    loop {
        let Some((request, close)) = read_request(&mut stream, &mut buffer).await? else {
            return Ok(());
        };
        let response = {
            let mut state = lock(&state);
            state.requests.push(request.clone());
            let scripted = state.queue.pop_front();
            let handler = state.handler.clone();
            drop(state);
            scripted
                .or_else(|| handler.and_then(|h| h(&request)))
                .unwrap_or_else(|| {
                    MockResponse::new(404).body(format!(
                        "mock server: no scripted response for {} {}",
                        request.method, request.target
                    ))
                })
        };
        write_response(&mut stream, &response).await?;
        if close {
            return Ok(());
        }
    }
}

/// Reads one request; `None` when the client closed the connection between requests.
async fn read_request<S>(stream: &mut S, buffer: &mut Vec<u8>) -> io::Result<Option<(RecordedRequest, bool)>>
where
    S: tokio::io::AsyncRead + Unpin,
{
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        let status = parsed
            .parse(buffer)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        if let httparse::Status::Complete(head_len) = status {
            let method = parsed.method.unwrap_or_default().to_owned();
            let target = parsed.path.unwrap_or_default().to_owned();
            let headers: Vec<(String, String)> = parsed
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_ascii_lowercase(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect();
            let find = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
            if find("transfer-encoding").is_some() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "mock server: chunked request bodies are not supported",
                ));
            }
            let body_len: usize = find("content-length").and_then(|v| v.trim().parse().ok()).unwrap_or(0);
            let close = find("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
            while buffer.len() < head_len + body_len {
                if read_more(stream, buffer).await? == 0 {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
            }
            let body = buffer[head_len..head_len + body_len].to_vec();
            buffer.drain(..head_len + body_len);
            let request = RecordedRequest {
                method,
                target,
                headers,
                body,
                received_at: Instant::now(),
            };
            return Ok(Some((request, close)));
        }
        if read_more(stream, buffer).await? == 0 {
            return if buffer.is_empty() {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
    }
}

async fn read_more<S>(stream: &mut S, buffer: &mut Vec<u8>) -> io::Result<usize>
where
    S: tokio::io::AsyncRead + Unpin,
{
    let mut chunk = [0u8; 8192];
    let n = stream.read(&mut chunk).await?;
    buffer.extend_from_slice(&chunk[..n]);
    Ok(n)
}

async fn write_response<S>(stream: &mut S, response: &MockResponse) -> io::Result<()>
where
    S: tokio::io::AsyncWrite + Unpin,
{
    let reason = azure_core::http::StatusCode::from(response.status).canonical_reason();
    let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, reason);
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", response.body.len()));
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&response.body).await?;
    stream.flush().await
}
