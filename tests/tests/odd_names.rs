//! The odd-names fixture (fixtures/specs/odd_names.yaml): wire names that are keywords, start
//! with digits or `$`/`@`, contain `-`, `.` or non-ASCII, are empty, or collide after renaming
//! (`fooBar`, `foo_bar`, `FooBar`). The generated crate compiles with `-D warnings` as part of
//! the workspace; here its models round-trip example payloads with every wire name intact, and
//! its requests carry the odd query, path and header names to a loopback server.

use serde_json::{Value, json};
use specgen_fixtures::odd_names::models::{ClosedOddEnum, OddEnum, OddModel, Self_, ThingPage, Type};

/// Decodes `payload` as `T`, re-encodes it, and requires the same JSON back.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(payload: Value) -> T {
    let model: T = serde_json::from_value(payload.clone()).unwrap_or_else(|e| panic!("decoding {payload}: {e}"));
    let again = serde_json::to_value(&model).expect("re-encoding");
    assert_eq!(again, payload, "the payload changed in a round trip");
    model
}

fn odd_model() -> Value {
    json!({
        "type": "t", "self": "s", "fn": 1, "async": true, "@odata.type": "#microsoft.graph.user",
        "user-id": "u", "1st": "first", "2nd-place": 2, "fooBar": "camel", "foo_bar": "snake",
        "FooBar": "pascal", "naïve": "n", "日本語": "ja", "": "empty", "value": "v", "$ref": "r",
        "Self": "S", "kind": "a b", "closed": "Self",
        "nested": { "super": "x", "crate": 3, "Option": "o" },
        "tags": { "": "", "key with space": "v", "é": "é" }
    })
}

#[test]
fn every_odd_wire_name_round_trips() {
    let model: OddModel = round_trip(odd_model());
    // Colliding names stay apart.
    assert_eq!(model.foo_bar.as_deref(), Some("camel"));
    assert_eq!(model.foo_bar2.as_deref(), Some("snake"));
    assert_eq!(model.foo_bar3.as_deref(), Some("pascal"));
    assert_eq!(model.type_.as_deref(), Some("t"));
    assert_eq!(model.self_.as_deref(), Some("s"));
    assert_eq!(model.self_2.as_deref(), Some("S"));
    assert_eq!(model.n1st.as_deref(), Some("first"));
    assert_eq!(model.odata_type.as_deref(), Some("#microsoft.graph.user"));
    assert_eq!(model.kind, Some(OddEnum::AB));
    assert_eq!(model.closed, Some(ClosedOddEnum::Self_));
    assert_eq!(model.nested.and_then(|n| n.crate_), Some(3));
}

#[test]
fn absent_fields_stay_absent() {
    let _: OddModel = round_trip(json!({}));
    let _: Self_ = round_trip(json!({ "super": "only" }));
    let _: Type = round_trip(json!({ "Some": "s", "None": "n", "Result": false }));
}

#[test]
fn pages_keep_odata_names() {
    let page: ThingPage = round_trip(json!({
        "value": [odd_model(), {}],
        "@odata.nextLink": "https://odd.example.com/things?$skiptoken=2",
        "@odata.count": 2
    }));
    assert_eq!(page.value.map(|v| v.len()), Some(2));
    assert_eq!(
        page.odata_next_link.as_deref(),
        Some("https://odd.example.com/things?$skiptoken=2")
    );
}

#[test]
fn odd_enum_values_round_trip() {
    let cases = [
        ("1.0", OddEnum::V10),
        ("1_0", OddEnum::V10_2),
        ("a b", OddEnum::AB),
        ("", OddEnum::Value),
        ("type", OddEnum::Type),
        ("fooBar", OddEnum::FooBar),
        ("foo_bar", OddEnum::FooBar2),
        ("é", OddEnum::Value2),
        ("Value", OddEnum::Value3),
        // A wire value named like the fallback variant is still a known value.
        ("UnknownValue", OddEnum::UnknownValue2),
    ];
    for (wire, variant) in cases {
        let decoded: OddEnum = round_trip(json!(wire));
        assert_eq!(decoded, variant, "{wire:?}");
    }
    // Extensible: an unknown value is kept as is.
    assert_eq!(
        round_trip::<OddEnum>(json!("2.0")),
        OddEnum::UnknownValue("2.0".to_string())
    );
    for (wire, variant) in [
        ("2.0", ClosedOddEnum::V20),
        ("Self", ClosedOddEnum::Self_),
        ("None", ClosedOddEnum::None_),
        ("-1", ClosedOddEnum::V1),
    ] {
        assert_eq!(round_trip::<ClosedOddEnum>(json!(wire)), variant, "{wire:?}");
    }
    // Closed: an unknown value is an error, not a silent default.
    assert!(serde_json::from_value::<ClosedOddEnum>(json!("1.0")).is_err());
}

// ---------------------------------------------------------------------------------------------
// Requests: odd parameter names reach the wire as the spec spells them.

use std::sync::Arc;

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use futures::TryStreamExt;
use specgen_fixtures::odd_names::{OddNamesClient, OddNamesClientOptions, ThingsGetOptions, ThingsListOptions};
use workspace_tests::tls_server::{MockResponse, MockServer};

#[derive(Debug)]
struct FakeCredential;

#[async_trait::async_trait]
impl TokenCredential for FakeCredential {
    async fn get_token(
        &self,
        _scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(
            "fake-token",
            azure_core::time::OffsetDateTime::now_utc() + azure_core::time::Duration::hours(1),
        ))
    }
}

fn client(server: &MockServer) -> OddNamesClient {
    let options = OddNamesClientOptions {
        endpoint: Some(server.url().to_string()),
        client_options: server.client_options(),
        ..Default::default()
    };
    OddNamesClient::new(Arc::new(FakeCredential), Some(options)).expect("a client")
}

#[tokio::test]
async fn odd_query_and_path_names_are_sent_as_declared() {
    let server = MockServer::start().await.expect("a server");
    let client = client(&server);
    server.push(MockResponse::json(200, &json!({ "value": [odd_model()] })));
    let options = ThingsListOptions {
        filter: Some("a eq 'b c'".into()),
        top: Some(5),
        n1st: Some("one".into()),
        na_ve: Some("é".into()),
        self_: Some(OddEnum::AB),
        ..Default::default()
    };
    let items: Vec<OddModel> = client
        .things()
        .list(Some(options))
        .expect("a pager")
        .try_collect()
        .await
        .expect("one page");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].foo_bar2.as_deref(), Some("snake"));

    server.push(MockResponse::json(200, &odd_model()));
    let header = ThingsGetOptions {
        x_ms_odd_header: Some("h".into()),
        ..Default::default()
    };
    let model = client
        .things()
        .get("a/b", "type", Some(header))
        .await
        .expect("a response")
        .into_model()
        .expect("an OddModel");
    assert_eq!(model.n1st.as_deref(), Some("first"));

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let mut query = requests[0].query_pairs();
    query.sort();
    assert_eq!(
        query,
        [
            ("$filter".to_string(), "a eq 'b c'".to_string()),
            ("$top".to_string(), "5".to_string()),
            ("1st".to_string(), "one".to_string()),
            ("naïve".to_string(), "é".to_string()),
            ("self".to_string(), "a b".to_string()),
        ]
    );
    // `user-id` is one percent-encoded segment; `type` is a value like any other.
    assert_eq!(requests[1].path(), "/things/a%2Fb/type");
    assert_eq!(requests[1].header("x-ms-odd-header"), Some("h"));
}
