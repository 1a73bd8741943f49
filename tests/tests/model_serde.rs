//! `serde_struct!` against serde's derives (issue 13): the generated models must read and
//! write exactly what the derived structs of the previous generator did (`rename`,
//! `skip_serializing_if = "Option::is_none"`, read-only skips, `with = rfc3339…`,
//! `#[serde(flatten)]` for additional properties). Each case decodes one JSON text into the
//! generated model and into a twin struct written with the derive attributes, and requires
//! the same outcome: both fail, or both succeed and write the same bytes, normally and as a
//! request body (where read-only fields are left out).

use serde::{Deserialize, Serialize};
use specgen_fixtures::{
    composition::models::PetProperties,
    graph_style::models::{Person, PersonKind},
    runtime::{datetime, read_only},
};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// `skip_serializing_if` of a required read-only field in the derived models.
fn skip<T>(_: &T) -> bool {
    read_only::sending()
}

/// `skip_serializing_if` of an optional read-only field in the derived models.
fn skip_opt<T>(value: &Option<T>) -> bool {
    value.is_none() || read_only::sending()
}

/// `PetProperties` as the serde derives generated it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DerivedPet {
    nickname: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pet_kind: Option<String>,
    #[serde(with = "datetime::rfc3339_opt", default, skip_serializing_if = "Option::is_none")]
    born_at: Option<OffsetDateTime>,
    #[serde(with = "datetime::rfc3339_opt", default, skip_serializing_if = "Option::is_none")]
    vaccinated_at: Option<OffsetDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    microchip_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extras: Option<BTreeMap<String, i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<serde_json::Value>,
    #[serde(with = "datetime::rfc3339")]
    registered_at: OffsetDateTime,
    #[serde(skip_serializing_if = "skip")]
    registration_id: String,
    #[serde(with = "datetime::rfc3339_opt", default, skip_serializing_if = "skip_opt")]
    last_seen_at: Option<OffsetDateTime>,
    #[serde(with = "datetime::rfc3339", skip_serializing_if = "skip")]
    checked_at: OffsetDateTime,
}

/// `Person` (with its flattened additional properties) as the serde derives generated it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DerivedPerson {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    #[serde(with = "datetime::rfc3339_opt", default, skip_serializing_if = "Option::is_none")]
    birthday: Option<OffsetDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<PersonKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manager: Option<Box<DerivedPerson>>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, serde_json::Value>,
}

/// Decodes `json` both ways; same failure, or same bytes written both ways.
fn same<G, D>(json: &str) -> Result<String, String>
where
    G: Serialize + for<'de> Deserialize<'de>,
    D: Serialize + for<'de> Deserialize<'de>,
{
    let generated = serde_json::from_str::<G>(json);
    let derived = serde_json::from_str::<D>(json);
    match (generated, derived) {
        (Ok(g), Ok(d)) => {
            let written = serde_json::to_string(&g).unwrap();
            assert_eq!(written, serde_json::to_string(&d).unwrap(), "{json}");
            let sent = read_only::to_request_json(&g).unwrap();
            assert_eq!(sent, read_only::to_request_json(&d).unwrap(), "request body of {json}");
            Ok(written)
        }
        (Err(g), Err(_)) => Err(g.to_string()),
        (g, d) => panic!(
            "{json}: generated {:?}, derived {:?}",
            g.map(|_| ()).map_err(|e| e.to_string()),
            d.map(|_| ()).map_err(|e| e.to_string())
        ),
    }
}

const REQUIRED: &str = r#""nickname": "Rex", "registeredAt": "2024-05-01T08:30:00Z", "registrationId": "r-1", "checkedAt": "2024-05-02T00:00:00+02:00""#;

#[test]
fn pet_properties_read_and_write_as_the_derives_did() {
    let ok = |rest: &str| {
        let json = format!("{{{REQUIRED}{rest}}}");
        same::<PetProperties, DerivedPet>(&json).unwrap_or_else(|e| panic!("{json}: {e}"))
    };
    let err = |json: &str| same::<PetProperties, DerivedPet>(json).expect_err(json);

    // Required only; every optional kind set; nulls and absences read as None.
    assert_eq!(
        ok(""),
        r#"{"nickname":"Rex","registeredAt":"2024-05-01T08:30:00Z","registrationId":"r-1","checkedAt":"2024-05-02T00:00:00+02:00"}"#
    );
    let full = ok(
        r#", "type": "dog", "bornAt": "2020-01-01T17:18:19.1234567", "vaccinatedAt": "2021-01-01T00:00:00Z",
           "microchipKey": "k", "extras": {"a": 1}, "startTime": {"any": [1, "two"]}, "lastSeenAt": "2024-06-01T00:00:00Z""#,
    );
    assert!(full.contains(r#""bornAt":"2020-01-01T17:18:19.1234567Z""#), "{full}");
    ok(r#", "type": null, "bornAt": null, "vaccinatedAt": null, "extras": null, "lastSeenAt": null"#);
    // Unknown properties are skipped by a model without additional properties.
    ok(r#", "unknown": {"deep": [1, 2]}, "other": null"#);

    assert!(err(r#"{"nickname": "Rex"}"#).contains("missing field `registeredAt`"));
    assert!(err(&format!(r#"{{{REQUIRED}, "nickname": "Max"}}"#)).contains("duplicate field `nickname`"));
    assert!(err(&format!(r#"{{{REQUIRED}, "bornAt": null, "bornAt": null}}"#)).contains("duplicate field `bornAt`"));
    assert!(err(&format!("{{{}}}", REQUIRED.replace(r#""Rex""#, "5"))).contains("invalid type"));
    err(&format!(
        r#"{{{}}}"#,
        REQUIRED.replace(r#""2024-05-01T08:30:00Z""#, "null")
    ));
    err(&format!(
        r#"{{{}}}"#,
        REQUIRED.replace("2024-05-01T08:30:00Z", "yesterday")
    ));
    err(r#"["Rex"]"#);
    err("null");
}

#[test]
fn additional_properties_are_kept_and_written_after_the_known_ones() {
    let same = |json: &str| same::<Person, DerivedPerson>(json);
    let written = same(
        r#"{"zeta": 1, "id": "p1", "displayName": null, "kind": "guest", "alpha": {"x": null},
            "manager": {"id": "p2", "friends": [{"id": "p3"}], "kind": "someNewKind"}, "friends": []}"#,
    )
    .unwrap();
    assert_eq!(
        written,
        r#"{"id":"p1","kind":"guest","manager":{"id":"p2","kind":"someNewKind","friends":[{"id":"p3"}]},"alpha":{"x":null},"friends":[],"zeta":1}"#
    );
    same("{}").unwrap();
    assert!(
        same(r#"{"id": "a", "id": "b"}"#)
            .unwrap_err()
            .contains("duplicate field `id`")
    );
    // The derive keeps a duplicated unknown key's last value; so do we.
    assert_eq!(same(r#"{"x": 1, "x": 2}"#).unwrap(), r#"{"x":2}"#);
    same(r#"{"manager": 5}"#).unwrap_err();
}
