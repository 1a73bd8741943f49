//! Navigation properties on demand (issue 13): the manifest's `expand` generates `manager` on
//! Graph's `User`; the others (`memberOf`, `drive`, `directReports`...) are left out of the
//! struct. A response that `$expand`s both kinds must survive decode → encode with no field
//! lost: the expanded one typed, the others kept in `additional_properties`, and both sent
//! back when the model is a request body.

use azure_core::{
    credentials::{AccessToken, TokenCredential, TokenRequestOptions},
    time::{Duration, OffsetDateTime},
};
use serde_json::{Value, json};
use session_clients::graph;
use std::sync::Arc;
use workspace_tests::tls_server::{MockResponse, MockServer};

#[derive(Debug)]
struct Token;

#[async_trait::async_trait]
impl TokenCredential for Token {
    async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new("t", OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}

/// A user as Graph returns it for `$expand=manager,memberOf,drive`.
fn expanded_user() -> Value {
    json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
        "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
        "displayName": "Adele Vance",
        "userPrincipalName": "AdeleV@contoso.com",
        "accountEnabled": true,
        "createdDateTime": "2021-03-01T08:30:00Z",
        "manager": {
            "@odata.type": "#microsoft.graph.user",
            "id": "4e3d3a4f-6a22-4c1c-9bd5-1c4a2d1b7a10",
            "displayName": "Megan Bowen",
            "deletedDateTime": null
        },
        "memberOf": [
            {"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Sales"},
            {"@odata.type": "#microsoft.graph.directoryRole", "id": "r1", "displayName": "Helpdesk"}
        ],
        "drive": {"id": "b!drive", "driveType": "business", "quota": {"used": 1024}}
    })
}

/// Drops `null` members, which an optional field reads as `None` and does not write back.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

macro_rules! round_trip {
    ($version:ident, $segment:literal) => {{
        let server = MockServer::start().await.unwrap();
        let client = graph::$version::GraphClient::new(
            Arc::new(Token),
            Some(graph::$version::GraphClientOptions {
                endpoint: Some(format!("{}/{}", server.url(), $segment)),
                client_options: server.client_options(),
                ..Default::default()
            }),
        )
        .unwrap();
        let served = expanded_user();
        server.push(MockResponse::json(200, &served));
        let options = graph::$version::UsersGetOptions {
            expand: Some(vec!["manager".into(), "memberOf".into(), "drive".into()]),
            ..Default::default()
        };
        let user = client
            .users()
            .get("AdeleV@contoso.com", Some(options))
            .await
            .unwrap()
            .into_model()
            .unwrap();
        let requests = server.requests();
        assert_eq!(requests[0].query_values("$expand"), ["manager,memberOf,drive"]);

        // Expanded: a typed field (DirectoryObject keeps what it does not describe).
        let manager = user.manager.as_ref().expect("manager is generated");
        assert_eq!(manager.id.as_deref(), Some("4e3d3a4f-6a22-4c1c-9bd5-1c4a2d1b7a10"));
        assert_eq!(manager.deleted_date_time, None);
        assert_eq!(manager.additional_properties["displayName"], "Megan Bowen");
        // Not expanded: not a field, but nothing lost.
        assert_eq!(user.additional_properties["memberOf"], served["memberOf"]);
        assert_eq!(user.additional_properties["drive"], served["drive"]);
        assert!(!user.additional_properties.contains_key("manager"));

        // Encode: the same document (the manager's `deletedDateTime: null` is `None`).
        assert_eq!(serde_json::to_value(&user).unwrap(), without_nulls(&served));

        // As a request body (PATCH), both kinds are sent too.
        server.push(MockResponse::json(200, &served));
        client.users().update("AdeleV@contoso.com", user, None).await.unwrap();
        let sent = server.requests()[1].json();
        assert_eq!(sent["manager"]["displayName"], "Megan Bowen");
        assert_eq!(sent["memberOf"], served["memberOf"]);
        assert_eq!(sent["drive"], served["drive"]);
    }};
}

#[tokio::test]
async fn graph_v1_expanded_and_left_out_navigation_properties_round_trip() {
    round_trip!(v1_0, "v1.0");
}

#[tokio::test]
#[allow(deprecated)] // every beta operation is marked deprecated upstream (a slicing artefact)
async fn graph_beta_expanded_and_left_out_navigation_properties_round_trip() {
    round_trip!(beta, "beta");
}

/// The fixture's `person`: `manager` (a reference to an entity, expanded in fixtures.toml) is a
/// field; `friends` (`x-ms-navigationProperty: true`, not expanded) is not.
#[test]
fn fixture_navigation_properties_follow_the_manifest() {
    use specgen_fixtures::graph_style::models::Person;
    let served = json!({
        "id": "p1",
        "displayName": "Adele",
        "manager": {"id": "p2", "displayName": "Megan", "friends": [{"id": "p3"}]},
        "friends": [{"id": "p2"}, {"id": "p4", "kind": "guest"}]
    });
    let person: Person = serde_json::from_value(served.clone()).unwrap();
    let manager = person.manager.as_deref().expect("manager is generated");
    assert_eq!(manager.display_name.as_deref(), Some("Megan"));
    assert_eq!(manager.additional_properties["friends"], json!([{"id": "p3"}]));
    assert_eq!(person.additional_properties["friends"], served["friends"]);
    assert_eq!(serde_json::to_value(&person).unwrap(), served);
}

/// What `expand` leaves out is listed on the struct, so users know where those properties went.
#[test]
fn left_out_navigation_properties_are_documented() {
    let models = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../generated/src/graph/v1_0/models.rs"
    ))
    .unwrap();
    let user = models.find("\n    User {\n").expect("User model");
    let docs = &models[..user];
    let docs = &docs[docs.rfind("serde_struct! {").unwrap()..];
    assert!(docs.contains("Navigation properties not generated"), "{docs}");
    for left_out in ["memberOf", "drive", "directReports", "messages"] {
        assert!(docs.contains(left_out), "{left_out} not listed: {docs}");
    }
    let body = &models[user..models[user..].find("\n}\n").unwrap() + user];
    assert!(body.contains("manager \"manager\" opt DirectoryObject,"), "{body}");
    assert!(!body.contains("\"memberOf\""), "{body}");
}
