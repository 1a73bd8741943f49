//! The harness behind the generated example-replay tests (`tests/tests/replay_*.rs`, written by
//! `cargo xtask generate` from every `x-ms-examples` file; see `tools/replay-gen/src/lib.rs`).
//!
//! Each test describes one upstream example as an [`Exchange`]: the request the generated client
//! must send (method, encoded path, query including `api-version`, JSON body) and the
//! response(s) the server plays back. The test then calls the generated method with the
//! example's parameters and hands its result to one of [`Replay`]'s `finish_*` methods, which
//! assert that
//! - the requests the server received are exactly the expected ones (the first in full: method,
//!   path, query, bearer token, content type and a semantically equal JSON body; the polls of a
//!   long-running operation by method, path and query);
//! - the typed result, re-encoded with `serde_json::to_value`, equals the example's response body
//!   with no field lost ([`json_diff`] says what "equal" means).
//!
//! Long-running operations play the whole exchange: the initial 201/202 carries its polling
//! header (`Azure-AsyncOperation` or `Location`, pointing back at this server as
//! `/replay/azure-asyncoperation` and `/replay/location`), the status monitor answers
//! `{"status": "Succeeded"}`, the location answers the example's final response, and a GET of
//! the original URI answers the example's final body. Every scripted response carries
//! `Retry-After: 0` so replays do not wait.

use crate::tls_server::{MockResponse, MockServer, RecordedRequest};
use azure_core::{
    credentials::{AccessToken, TokenCredential, TokenRequestOptions},
    http::{ClientOptions, ItemIterator, NoFormat, Response, pager::Page},
    time::{Duration, OffsetDateTime},
};
use futures::TryStreamExt;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use std::sync::{
    Arc, Mutex,
    atomic::{AtomicUsize, Ordering},
};

/// The token the fake credential hands out.
pub const TOKEN: &str = "replay-token";

/// Where the server's status monitor and location live (the initial response points here).
pub const ASYNC_OPERATION_PATH: &str = "/replay/azure-asyncoperation";
pub const LOCATION_PATH: &str = "/replay/location";

/// One scripted response. Header values may contain `{mock}`, replaced by the server's URL.
#[derive(Clone, Copy, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: &'static [(&'static str, &'static str)],
    /// JSON text, or `None` for an empty body.
    pub body: Option<&'static str>,
}

/// One request the client must send: method, path (percent-encoded, as on the wire) and the
/// decoded query pairs (compared as a multiset, order aside).
#[derive(Clone, Copy, Debug)]
pub struct Expected {
    pub method: &'static str,
    pub path: &'static str,
    pub query: &'static [(&'static str, &'static str)],
}

/// One example's exchange.
#[derive(Clone, Copy, Debug)]
pub struct Exchange {
    /// The example file's name (for messages).
    pub example: &'static str,
    /// Every request, in order; the first is the operation itself.
    pub requests: &'static [Expected],
    /// The JSON body the first request must carry (the example's body parameter, read-only
    /// properties removed because clients never send them).
    pub request_body: Option<&'static str>,
    /// The answer to the first request.
    pub initial: Reply,
    /// Long-running operations: the answer of the location (`LOCATION_PATH`) and of the final
    /// GET of the original URI.
    pub last: Option<Reply>,
    /// The body the typed result must re-encode to (`None`: the operation returns no model).
    pub result: Option<&'static str>,
}

/// A running replay: the mock server scripted for one [`Exchange`].
pub struct Replay {
    pub server: MockServer,
    exchange: Exchange,
    credential: Arc<ScopeRecorder>,
}

impl Replay {
    pub async fn start(exchange: Exchange) -> Replay {
        let server = MockServer::start().await.expect("start the mock server");
        let url = server.url().to_owned();
        let seen = AtomicUsize::new(0);
        let original = exchange.requests[0].path;
        server.respond_with(move |request: &RecordedRequest| {
            let reply = if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                Some(exchange.initial)
            } else {
                match (request.method.as_str(), request.path()) {
                    ("GET", ASYNC_OPERATION_PATH) => Some(Reply {
                        status: 200,
                        headers: &[],
                        body: Some(r#"{"status": "Succeeded"}"#),
                    }),
                    ("GET", LOCATION_PATH) => exchange.last,
                    ("GET", path) if path == original => exchange.last.map(|last| Reply { status: 200, ..last }),
                    _ => None,
                }
            };
            reply.map(|reply| render(&reply, &url))
        });
        Replay {
            server,
            exchange,
            credential: Arc::default(),
        }
    }

    /// The endpoint to give the client under test.
    pub fn endpoint(&self) -> Option<String> {
        Some(self.server.url().to_owned())
    }

    /// A transport trusting only the server's certificate.
    pub fn client_options(&self) -> ClientOptions {
        self.server.client_options()
    }

    /// A credential with a fixed token that records the scopes it was asked for.
    pub fn credential(&self) -> Arc<dyn TokenCredential> {
        self.credential.clone()
    }

    /// An operation returning a model; for long-running operations, the awaited poller
    /// (`begin_x(..).map(|poller| poller.await)`), whose model is the final result.
    pub async fn finish_model<T: Serialize + DeserializeOwned>(self, result: azure_core::Result<Response<T>>) {
        let response = result.unwrap_or_else(|e| panic!("{}: the call failed: {e:?}", self.exchange.example));
        if self.exchange.last.is_none() {
            assert_eq!(u16::from(response.status()), self.exchange.initial.status);
        }
        let model: T = response.into_model().expect("decode the typed response");
        let model = self.exchange.result.map(|_| model);
        self.check(model).await;
    }

    /// A plain operation without a response model.
    pub async fn finish_empty(self, result: azure_core::Result<Response<(), NoFormat>>) {
        let response = result.unwrap_or_else(|e| panic!("{}: the call failed: {e:?}", self.exchange.example));
        assert_eq!(u16::from(response.status()), self.exchange.initial.status);
        self.check(None::<()>).await;
    }

    /// A pageable operation (long-running or not): the only page is the example's body.
    /// `into_model` takes the typed page out of the generated crate's page response.
    pub async fn finish_pager<R, P>(
        self,
        pager: azure_core::Result<ItemIterator<R>>,
        into_model: impl FnOnce(R) -> azure_core::Result<P>,
    ) where
        R: Page + Send + 'static,
        P: Serialize,
    {
        let pager = pager.unwrap_or_else(|e| panic!("{}: the call failed: {e:?}", self.exchange.example));
        let mut pages = pager.into_pages();
        let first = pages
            .try_next()
            .await
            .unwrap_or_else(|e| panic!("{}: the first page failed: {e:?}", self.exchange.example))
            .expect("a first page");
        let model = into_model(first).expect("decode the page");
        // The examples' pages have no next link (the generator refuses one): the pager ends.
        let more = pages
            .try_next()
            .await
            .unwrap_or_else(|e| panic!("{}: after the first page: {e:?}", self.exchange.example));
        assert!(more.is_none(), "{}: a second page", self.exchange.example);
        self.check(Some(model)).await;
    }

    async fn check<T: Serialize>(self, model: Option<T>) {
        let name = self.exchange.example;
        let requests = self.server.requests();
        let expected = self.exchange.requests;
        let got: Vec<String> = requests.iter().map(|r| format!("{} {}", r.method, r.target)).collect();
        assert_eq!(requests.len(), expected.len(), "{name}: requests sent: {got:#?}");
        for (request, expected) in requests.iter().zip(expected) {
            assert_eq!(request.method, expected.method, "{name}: {got:#?}");
            assert_eq!(request.path(), expected.path, "{name}: {got:#?}");
            let mut query = request.query_pairs();
            query.sort();
            let mut want: Vec<(String, String)> = expected
                .query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            want.sort();
            assert_eq!(query, want, "{name}: query of {} {}", request.method, request.target);
            assert_eq!(
                request.header("authorization"),
                Some(format!("Bearer {TOKEN}").as_str())
            );
        }
        let first = &requests[0];
        match self.exchange.request_body {
            Some(body) => {
                assert_eq!(first.header("content-type"), Some("application/json"), "{name}");
                let want: Value = serde_json::from_str(body).expect("expected request body");
                let sent: Value = serde_json::from_slice(&first.body).expect("the request body is JSON");
                let diff = json_diff(&want, &sent);
                assert!(
                    diff.is_empty(),
                    "{name}: the request body differs:\n{}",
                    diff.join("\n")
                );
            }
            None => assert!(first.body.is_empty(), "{name}: unexpected request body"),
        }
        if let (Some(model), Some(body)) = (model, self.exchange.result) {
            let want: Value = serde_json::from_str(body).expect("expected response body");
            let encoded = serde_json::to_value(&model).expect("re-encode the typed result");
            let diff = json_diff(&want, &encoded);
            assert!(
                diff.is_empty(),
                "{name}: the typed result lost or changed:\n{}",
                diff.join("\n")
            );
        }
        let scopes = self.credential.scopes.lock().map(|s| s.clone()).unwrap_or_default();
        assert!(!scopes.is_empty(), "{name}: no token was requested");
        for scope in scopes {
            assert_eq!(scope, ["https://management.azure.com/.default"], "{name}");
        }
    }
}

fn render(reply: &Reply, url: &str) -> MockResponse {
    let mut response = MockResponse::new(reply.status).header("retry-after", "0");
    for (name, value) in reply.headers {
        response = response.header(*name, value.replace("{mock}", url));
    }
    if let Some(body) = reply.body {
        response = response.header("content-type", "application/json").body(body);
    }
    response
}

#[derive(Debug, Default)]
struct ScopeRecorder {
    scopes: Mutex<Vec<Vec<String>>>,
}

#[async_trait::async_trait]
impl TokenCredential for ScopeRecorder {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        if let Ok(mut seen) = self.scopes.lock() {
            seen.push(scopes.iter().map(|s| s.to_string()).collect());
        }
        Ok(AccessToken::new(TOKEN, OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}

/// Counts the example files present in `dir` (relative to the workspace root) and asserts each
/// is replayed or excluded with a reason.
pub fn check_counts(dir: &str, replayed: &[&str], excluded: &[(&str, &str)]) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let mut present: Vec<String> = std::fs::read_dir(&root)
        .expect("the examples directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    present.sort();
    println!(
        "examples: {} replayed of {} present ({dir})",
        replayed.len(),
        present.len()
    );
    for (file, why) in excluded {
        println!("  excluded {file}: {why}");
    }
    let mut covered: Vec<String> = replayed
        .iter()
        .chain(excluded.iter().map(|(f, _)| f))
        .map(|f| f.to_string())
        .collect();
    covered.sort();
    assert_eq!(
        covered, present,
        "every example file is replayed or excluded with a reason"
    );
    assert_eq!(replayed.len() + excluded.len(), present.len());
}

/// Differences between an example's JSON (`want`) and what the client produced (`got`), one line
/// per difference with its JSON pointer; empty when they agree. Agreement is exact except:
/// - a member that is `null` on one side may be absent on the other (`Option::None` is not
///   serialized; JSON gives both the same meaning);
/// - numbers compare by value (`2` and `2.0` are the same number);
/// - two strings that are both date-times compare as instants
///   (`2020-01-01T17:18:19.1234567Z` and `2020-01-01T17:18:19.1234567+00:00`).
pub fn json_diff(want: &Value, got: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff_at("", want, got, &mut out);
    out
}

fn diff_at(at: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (key, wv) in w {
                let path = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match g.get(key) {
                    Some(gv) => diff_at(&path, wv, gv, out),
                    None if wv.is_null() => {}
                    None => out.push(format!("{path}: lost (example has {wv})")),
                }
            }
            for (key, gv) in g {
                if !w.contains_key(key) && !gv.is_null() {
                    out.push(format!("{at}/{key}: added {gv} (not in the example)"));
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                out.push(format!("{at}: {} items, example has {}", g.len(), w.len()));
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                diff_at(&format!("{at}/{i}"), wv, gv, out);
            }
        }
        (Value::Number(w), Value::Number(g)) => {
            if w != g && w.as_f64() != g.as_f64() {
                out.push(format!("{at}: {g}, example has {w}"));
            }
        }
        (Value::String(w), Value::String(g)) => {
            if w != g && !same_instant(w, g) {
                out.push(format!("{at}: {g:?}, example has {w:?}"));
            }
        }
        (w, g) if w == g => {}
        (w, g) => out.push(format!("{at}: {g}, example has {w}")),
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    match (parse_instant(a), parse_instant(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// RFC 3339, or ISO 8601 without an offset (read as UTC, as the generated clients do).
fn parse_instant(text: &str) -> Option<OffsetDateTime> {
    use time::format_description::well_known::{Iso8601, Rfc3339};
    OffsetDateTime::parse(text, &Rfc3339).ok().or_else(|| {
        time::PrimitiveDateTime::parse(text, &Iso8601::DEFAULT)
            .ok()
            .map(time::PrimitiveDateTime::assume_utc)
    })
}

/// Tests of the comparison itself: the replay tests are only as strict as this.
#[cfg(test)]
mod tests {
    use super::json_diff;
    use serde_json::json;

    #[test]
    fn equal_documents_agree() {
        let doc = json!({"a": [1, {"b": "x"}], "c": true});
        assert!(json_diff(&doc, &doc).is_empty());
    }

    #[test]
    fn a_lost_field_is_reported_with_its_pointer() {
        let diff = json_diff(&json!({"p": {"q": 1, "r": 2}}), &json!({"p": {"q": 1}}));
        assert_eq!(diff, ["/p/r: lost (example has 2)"]);
    }

    #[test]
    fn an_added_or_changed_field_is_reported() {
        assert_eq!(
            json_diff(&json!({}), &json!({"x": 1})),
            ["/x: added 1 (not in the example)"]
        );
        assert_eq!(
            json_diff(&json!({"x": "a"}), &json!({"x": "b"})),
            [r#"/x: "b", example has "a""#]
        );
        assert_eq!(json_diff(&json!([1, 2]), &json!([1])), [": 1 items, example has 2"]);
        assert_eq!(
            json_diff(&json!({"x": 1}), &json!({"x": "1"})),
            [r#"/x: "1", example has 1"#]
        );
    }

    #[test]
    fn null_and_absent_agree() {
        assert!(json_diff(&json!({"x": null}), &json!({})).is_empty());
        assert!(json_diff(&json!({}), &json!({"x": null})).is_empty());
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(json_diff(&json!({"x": 2}), &json!({"x": 2.0})).is_empty());
        assert!(!json_diff(&json!({"x": 2}), &json!({"x": 2.5})).is_empty());
    }

    #[test]
    fn date_times_compare_as_instants() {
        let cases = [
            ("2020-01-01T17:18:19.1234567Z", "2020-01-01T17:18:19.1234567Z", true),
            (
                "2020-01-01T17:18:19.1234567Z",
                "2020-01-01T17:18:19.1234567+00:00",
                true,
            ),
            ("2020-01-01T17:18:19.1234567", "2020-01-01T17:18:19.1234567Z", true),
            ("2020-01-01T18:18:19+01:00", "2020-01-01T17:18:19Z", true),
            ("2020-01-01T17:18:19Z", "2020-01-01T17:18:20Z", false),
            ("not a date", "2020-01-01T17:18:19Z", false),
        ];
        for (a, b, same) in cases {
            assert_eq!(json_diff(&json!(a), &json!(b)).is_empty(), same, "{a} vs {b}");
        }
    }
}
