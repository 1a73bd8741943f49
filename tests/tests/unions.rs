//! Unions (fixtures/specs/unions.yaml): `oneOf` / `anyOf` become enums, one variant per
//! alternative, picked by JSON type, required properties and the properties only one
//! alternative has; a payload no alternative takes lands in `Other` and is sent back as it came.
//! Through the generated client too: a response with every kind of union decodes to the right
//! variants and re-encodes to the same JSON, as a request body it is sent unchanged, and a union
//! path parameter is spelled as its variant. Discriminated unions (explicit and implicit
//! mapping, and the Swagger 2.0 `x-ms-discriminator-value` kind in the composition fixture) keep
//! unknown tags in `Other`, and their variant structs carry their tag when sent on their own.

use azure_core::{
    credentials::{AccessToken, TokenCredential, TokenRequestOptions},
    time::{Duration, OffsetDateTime},
};
use serde_json::{Value, json};
use specgen_fixtures::unions::models::{
    Bike, Car, Cat, Circle, Owner, Pet, Shape, ShowcaseAddress, ShowcaseContact, ShowcaseFlag, ShowcaseOwner,
    ShowcaseSeen, ShowcaseTags, ShowcasesGetId, Vehicle,
};
use specgen_fixtures::unions::{UnionsClient, UnionsClientOptions};
use std::sync::Arc;
use workspace_tests::tls_server::{MockResponse, MockServer};

/// Decodes `payload` as `T`, re-encodes it, and requires the same JSON back.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(payload: Value) -> T {
    let model: T = serde_json::from_value(payload.clone()).unwrap_or_else(|e| panic!("decoding {payload}: {e}"));
    let again = serde_json::to_value(&model).expect("re-encoding");
    assert_eq!(again, payload, "the payload changed in a round trip");
    model
}

#[test]
fn objects_are_told_apart_by_required_properties() {
    match round_trip::<Pet>(json!({"name": "Tom", "meows": true, "lives": 9})) {
        Pet::Cat(cat) => assert_eq!(cat.lives, Some(9)),
        other => panic!("a cat, not {other:?}"),
    }
    assert!(matches!(
        round_trip::<Pet>(json!({"name": "Rex", "barks": false})),
        Pet::Dog(_)
    ));
}

#[test]
fn payloads_no_alternative_takes_are_kept_losslessly() {
    for payload in [
        // Neither `meows` nor `barks`.
        json!({"name": "Nemo", "swims": true, "fins": [1, 2], "deep": {"nested": null}}),
        // The right property names with the wrong types.
        json!({"name": "Tom", "meows": "loudly"}),
        json!("a pet by name"),
        json!(42),
        json!([{"name": "Tom", "meows": true}]),
        json!(null),
    ] {
        match round_trip::<Pet>(payload.clone()) {
            Pet::Other(kept) => assert_eq!(kept, payload),
            other => panic!("{payload} is no known pet, yet decoded as {other:?}"),
        }
    }
}

#[test]
fn primitives_are_told_apart_by_json_type() {
    assert_eq!(
        round_trip::<ShowcaseSeen>(json!(1700000000)),
        ShowcaseSeen::Integer(1700000000)
    );
    assert_eq!(round_trip::<ShowcaseSeen>(json!(1.5)), ShowcaseSeen::Number(1.5));
    // Date-times inside unions are kept as text (RFC 3339 as sent).
    assert_eq!(
        round_trip::<ShowcaseSeen>(json!("2026-12-03T09:00:00Z")),
        ShowcaseSeen::DateTime("2026-12-03T09:00:00Z".into())
    );
    assert_eq!(round_trip::<ShowcaseFlag>(json!(true)), ShowcaseFlag::Boolean(true));
    assert_eq!(
        round_trip::<ShowcaseFlag>(json!("yes")),
        ShowcaseFlag::String("yes".into())
    );
    assert_eq!(
        round_trip::<ShowcaseFlag>(json!({"x": 1})),
        ShowcaseFlag::Other(json!({"x": 1}))
    );
    assert!(matches!(
        round_trip::<ShowcaseTags>(json!({"label": "a"})),
        ShowcaseTags::Tag(_)
    ));
    assert!(matches!(
        round_trip::<ShowcaseTags>(json!([{"label": "a"}, {}])),
        ShowcaseTags::TagList(tags) if tags.len() == 2
    ));
}

fn showcase() -> Value {
    json!({
        "pet": {"name": "Tom", "meows": true},
        "owner": {"id": "own_1", "name": "Ada"},
        "previousOwner": {"id": "own_0"},
        "contact": {"phone": "+1 555", "extension": 12},
        "tags": [{"label": "indoor"}],
        "address": "",
        "seen": 1700000000,
        "flag": false,
        "sameTwice": "a@b.example",
        "metadata": {"anything": ["goes", 1, null]},
        "shape": {"kind": "circle", "radius": 2.0},
        "vehicle": {"type": "Hovercraft", "skirt": true}
    })
}

#[tokio::test]
async fn a_generated_client_decodes_and_sends_every_union() {
    let server = MockServer::start().await.unwrap();
    let client = UnionsClient::new(
        Arc::new(Token),
        Some(UnionsClientOptions {
            endpoint: Some(server.url().to_owned()),
            client_options: server.client_options(),
            ..Default::default()
        }),
    )
    .unwrap();
    server.push(MockResponse::json(200, &showcase()));
    let got = client
        .showcases()
        .get(ShowcasesGetId::Integer(42), None)
        .await
        .unwrap()
        .into_model()
        .unwrap();
    assert!(matches!(&got.pet, Some(Pet::Cat(Cat { name, .. })) if name == "Tom"));
    assert!(matches!(&got.owner, Some(ShowcaseOwner::Owner(Owner { id, .. })) if id == "own_1"));
    assert_eq!(got.previous_owner.as_ref().map(|o| o.id.as_str()), Some("own_0"));
    assert!(matches!(&got.contact, Some(ShowcaseContact::Phone(p)) if p.extension == Some(12)));
    assert!(matches!(&got.tags, Some(ShowcaseTags::TagList(_))));
    assert!(matches!(&got.address, Some(ShowcaseAddress::Empty(_))));
    assert_eq!(got.seen, Some(ShowcaseSeen::Integer(1700000000)));
    assert_eq!(got.flag, Some(ShowcaseFlag::Boolean(false)));
    assert!(matches!(&got.shape, Some(Shape::Circle(c)) if c.radius == 2.0));
    assert!(matches!(&got.vehicle, Some(Vehicle::Other(_))));
    assert_eq!(serde_json::to_value(&got).unwrap(), showcase());

    // Sent back with an id by name, the expanded owner replaced by its id, and a contact the
    // client does not know.
    let mut body = got;
    body.owner = Some(ShowcaseOwner::String("own_2".into()));
    body.contact = Some(ShowcaseContact::Other(json!({"pigeon": "coo"})));
    server.push(MockResponse::json(200, &showcase()));
    client
        .showcases()
        .put(ShowcasesGetId::String("tom & co".into()), body, None)
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].path(), "/showcases/42");
    assert_eq!(requests[1].path(), "/showcases/tom%20%26%20co");
    let mut expected = showcase();
    expected["owner"] = json!("own_2");
    expected["contact"] = json!({"pigeon": "coo"});
    assert_eq!(requests[1].json(), expected);
}

#[test]
fn discriminated_unions_keep_unknown_tags() {
    assert!(matches!(
        round_trip::<Shape>(json!({"kind": "square", "side": 1.0})),
        Shape::Square(s) if s.side == 1.0
    ));
    assert!(matches!(
        round_trip::<Vehicle>(json!({"type": "Car", "doors": 3})),
        Vehicle::Car(_)
    ));
    for payload in [
        json!({"kind": "triangle", "sides": [3, 4, 5]}),
        json!({"radius": 1.0}),
        json!({"kind": 7, "radius": 1.0}),
        json!("circle"),
    ] {
        match round_trip::<Shape>(payload.clone()) {
            Shape::Other(kept) => assert_eq!(kept, payload),
            other => panic!("{payload} has no known tag, yet decoded as {other:?}"),
        }
    }
    // A known tag is a promise: a payload that breaks it is an error, not a silent `Other`.
    let error = serde_json::from_value::<Shape>(json!({"kind": "circle"})).unwrap_err();
    assert!(error.to_string().contains("kind `circle`"), "{error}");
    assert!(error.to_string().contains("radius"), "{error}");
}

#[test]
fn variants_keep_their_tag_on_their_own() {
    let circle = Circle { radius: 1.5 };
    assert_eq!(
        serde_json::to_value(&circle).unwrap(),
        json!({"kind": "circle", "radius": 1.5})
    );
    assert_eq!(
        serde_json::to_value(Shape::Circle(circle.clone())).unwrap(),
        json!({"kind": "circle", "radius": 1.5})
    );
    let bike = Bike { gears: Some(21) };
    assert_eq!(
        serde_json::to_value(&bike).unwrap(),
        json!({"type": "Bike", "gears": 21})
    );
    assert_eq!(round_trip::<Car>(json!({"type": "Car"})), Car { doors: None });
    // Swagger 2.0: `discriminator` + `x-ms-discriminator-value`.
    use specgen_fixtures::composition::models::{Animal, Dog};
    let dog = Dog {
        good_boy: Some(true),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&dog).unwrap(),
        json!({"kind": "dog", "goodBoy": true})
    );
    assert!(matches!(
        round_trip::<Animal>(json!({"kind": "dog", "legs": 4})),
        Animal::Dog(_)
    ));
    let unknown = json!({"kind": "axolotl", "gills": 6});
    assert_eq!(round_trip::<Animal>(unknown.clone()), Animal::Other(unknown));
}

#[test]
fn discriminators_without_mapping_follow_the_schemas_that_extend_the_base() {
    use specgen_fixtures::unions::models::{Event, EventBase, StartEvent};
    match round_trip::<Event>(json!({"Kind": "Start", "at": "noon", "by": "ada"})) {
        Event::Start(StartEvent { at, by }) => assert_eq!((at.as_deref(), by.as_deref()), (Some("noon"), Some("ada"))),
        other => panic!("a start event, not {other:?}"),
    }
    // `PlainEvent` only `allOf`s the base: its value means the base's own properties.
    assert!(matches!(
        round_trip::<Event>(json!({"Kind": "PlainEvent", "at": "dawn"})),
        Event::PlainEvent(EventBase { .. })
    ));
    let base = EventBase { at: None };
    assert_eq!(serde_json::to_value(base).unwrap(), json!({"Kind": "PlainEvent"}));
    let unknown = json!({"Kind": "Stop"});
    assert_eq!(round_trip::<Event>(unknown.clone()), Event::Other(unknown));
}

#[test]
fn generated_union_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/generated/src/unions/models.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description("fixtures/generated/src/unions/models.rs");
    settings.bind(|| insta::assert_snapshot!("unions__models", text));
}

#[derive(Debug)]
struct Token;

#[async_trait::async_trait]
impl TokenCredential for Token {
    async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new("t", OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}
