//! Secrets print as `***` in `Debug`, for each kind the specs (and the manifest's patches) mark:
//! `x-ms-secret: true` upstream (AVD registration tokens), `x-ms-secret` added by specs.toml
//! (Bastion shareable links and their tokens, the AVD host pool's registration token),
//! `format: password` added by specs.toml (Graph passwords, client secrets, BitLocker keys; the
//! last two only generated when navigation properties are expanded),
//! and the fixture's required / optional / SAS-URL secrets. The wire is unchanged, and neither a
//! secret nor the bearer token reaches the logs, even at TRACE.

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::fmt::Debug;

const SECRET: &str = "s3cr3t-value-that-must-not-print";

/// Decodes `body`, checks `Debug` (plain and pretty) hides every secret and shows `***`, and
/// that serializing still carries the secret (only `Debug` redacts).
fn check<T: DeserializeOwned + Debug + serde::Serialize>(body: Value) {
    let value: T = serde_json::from_value(body.clone()).unwrap();
    for text in [format!("{value:?}"), format!("{value:#?}")] {
        assert!(
            !text.contains(SECRET),
            "{} leaks a secret: {text}",
            std::any::type_name::<T>()
        );
        assert!(text.contains("***"), "{text}");
    }
    let wire = serde_json::to_string(&value).unwrap();
    assert!(wire.contains(SECRET), "the secret must still be sent: {wire}");
}

#[test]
fn x_ms_secret_upstream_avd_registration_token() {
    use session_clients::desktop_virtualization::models::{RegistrationTokenList, RegistrationTokenMinimal};
    check::<RegistrationTokenMinimal>(json!({"token": SECRET, "expirationTime": "2026-01-01T00:00:00Z"}));
    check::<RegistrationTokenList>(json!({"value": [{"token": SECRET}]}));
}

#[test]
fn registration_token_patched_in_the_host_pool() {
    use session_clients::desktop_virtualization::models::{HostPool, RegistrationInfo};
    check::<RegistrationInfo>(json!({"token": SECRET, "registrationTokenOperation": "Update"}));
    check::<HostPool>(json!({
        "location": "westeurope",
        "properties": {
            "hostPoolType": "Pooled",
            "loadBalancerType": "BreadthFirst",
            "preferredAppGroupType": "Desktop",
            "registrationInfo": {"token": SECRET}
        }
    }));
}

#[test]
fn bastion_shareable_links_and_their_tokens() {
    use session_clients::network::models::{
        BastionShareableLink, BastionShareableLinkListResult, BastionShareableLinkTokenListRequest,
    };
    let bsl = format!("https://bst-1.bastion.azure.com/api/shareable-url/{SECRET}");
    let link = json!({"vm": {"id": "/subscriptions/s/vm1"}, "bsl": bsl});
    check::<BastionShareableLink>(link.clone());
    check::<BastionShareableLinkListResult>(json!({"value": [link.clone()]}));
    check::<BastionShareableLinkTokenListRequest>(json!({"tokens": [SECRET]}));
    // The side-by-side version has the same patch.
    check::<session_clients::network::v2023_11_01::models::BastionShareableLink>(link);
}

#[test]
fn unset_optional_secrets_stay_visible_as_none() {
    use session_clients::network::models::BastionShareableLink;
    let link: BastionShareableLink = serde_json::from_value(json!({"vm": {"id": "vm1"}})).unwrap();
    let text = format!("{link:?}");
    assert!(text.contains("bsl: None"), "{text}");
    let link: BastionShareableLink = serde_json::from_value(json!({"vm": {"id": "vm1"}, "bsl": SECRET})).unwrap();
    assert!(format!("{link:?}").contains("bsl: Some(***)"), "{link:?}");
}

/// The Graph passwords reachable with the manifest's default `expand` (`manager`); the other
/// patched Graph secrets sit behind navigation properties, see
/// [`every_patched_secret_is_redacted_when_its_type_is_generated`].
#[test]
fn graph_passwords_patched_as_format_password() {
    use session_clients::graph::{beta, v1_0};
    check::<v1_0::models::PasswordProfile>(json!({"password": SECRET, "forceChangePasswordNextSignIn": true}));
    check::<v1_0::models::User>(json!({"id": "1", "passwordProfile": {"password": SECRET}}));
    check::<beta::models::PasswordProfile>(json!({"password": SECRET}));
    check::<beta::models::User>(json!({"id": "1", "passwordProfile": {"password": SECRET}}));
}

/// Every secret patch of specs/specs.toml marks a generated field as secret once its type is
/// generated. Some types (Graph's passwordAuthenticationMethod, passwordCredential,
/// bitlockerRecoveryKey) are reached only through navigation properties, which the committed
/// crate leaves out (`expand = ["manager"]`); a user who expands them (`specgen --expand '*'`,
/// or the manifest) must still get them redacted, so each service is modeled with every
/// navigation property expanded and each patched property looked up in the IR. A patch whose
/// node moved upstream fails generation itself (`manifest patch: no node at ...`).
#[test]
fn every_patched_secret_is_redacted_when_its_type_is_generated() {
    use specgen::lifecycle::manifest::Manifest;
    use specgen::model::ir::TypeKind;

    let root = xtask::workspace_root();
    let manifest = Manifest::read(&root.join("specs/specs.toml")).unwrap();
    let services = specgen::api_versions::expand(&manifest.services).unwrap();
    let mut checked = Vec::new();
    for service in &services {
        let secret_patches: Vec<&str> = service
            .transforms
            .patch
            .iter()
            .filter(|p| {
                p.merge.get("x-ms-secret") == Some(&json!(true)) || p.merge.get("format") == Some(&json!("password"))
            })
            .map(|p| p.pointer.as_str())
            .collect();
        if secret_patches.is_empty() {
            continue;
        }
        let mut expanded = service.clone();
        expanded.expand = vec!["*".to_owned()];
        let modeled = specgen::model_service(&expanded, &root.join("specs"), &mut Default::default())
            .unwrap_or_else(|e| panic!("{}: {e:?}", service.name));
        for pointer in secret_patches {
            // `/definitions/BastionShareableLink/properties/bsl`,
            // `/components/schemas/microsoft.graph.passwordCredential/properties/secretText`,
            // `/components/schemas/microsoft.graph.bitlockerRecoveryKey/allOf/1/properties/key`.
            let segments: Vec<&str> = pointer.split('/').collect();
            let schema = segments[if segments[1] == "definitions" { 2 } else { 3 }];
            let short = schema.rsplit('.').next().unwrap();
            let type_name = format!("{}{}", short[..1].to_ascii_uppercase(), &short[1..]);
            let wire = *segments.last().unwrap();
            let def = modeled
                .api
                .types
                .iter()
                .find(|t| t.name == type_name)
                .unwrap_or_else(|| {
                    panic!(
                        "{}: {pointer}: no type {type_name} even with every navigation property",
                        service.name
                    )
                });
            let TypeKind::Struct(s) = &def.kind else {
                panic!("{}: {type_name} is not a struct", service.name)
            };
            let field = s
                .fields
                .iter()
                .find(|f| f.wire_name == wire)
                .unwrap_or_else(|| panic!("{}: {type_name} has no field {wire}", service.name));
            assert!(field.secret, "{}: {type_name}.{wire} is not redacted", service.name);
            checked.push(format!("{}: {type_name}.{wire}", service.name));
        }
    }
    // 2 Bastion patches x 2 side-by-side versions, 1 AVD, 2 Graph v1.0, 4 Graph beta.
    assert_eq!(checked.len(), 11, "{checked:#?}");
}

#[test]
fn fixture_required_optional_and_sas_url_secrets() {
    use specgen_fixtures::secrets::models::VaultKey;
    let key = VaultKey {
        name: "k1".into(),
        value: SECRET.into(),
        passphrase: Some(SECRET.into()),
        sas_url: Some(format!("https://acct.blob.core.windows.net/c/b?sv=2024&sig={SECRET}")),
        not_secret: Some("visible".into()),
    };
    let text = format!("{key:?}");
    assert_eq!(
        text,
        r#"VaultKey { name: "k1", value: ***, passphrase: Some(***), sas_url: Some(***), not_secret: Some("visible") }"#
    );
    let wire = serde_json::to_value(&key).unwrap();
    assert_eq!(wire["value"], SECRET);
    assert_eq!(wire["passphrase"], SECRET);
}

/// A response carrying secrets, decoded by a generated client with TRACE logging on: the
/// typed result's `Debug` hides them, and the logs hold neither them nor the bearer token.
#[tokio::test]
async fn secrets_in_responses_never_reach_the_logs() {
    use azure_core::{
        credentials::{AccessToken, TokenCredential, TokenRequestOptions},
        time::{Duration, OffsetDateTime},
    };
    use specgen_fixtures::secrets::{SecretsClient, SecretsClientOptions, models::VaultKey};
    use std::sync::{Arc, Mutex};
    use workspace_tests::tls_server::{MockResponse, MockServer};

    const TOKEN: &str = "bearer-token-that-must-not-print";

    #[derive(Debug)]
    struct Credential;

    #[async_trait::async_trait]
    impl TokenCredential for Credential {
        async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
            Ok(AccessToken::new(TOKEN, OffsetDateTime::now_utc() + Duration::hours(1)))
        }
    }

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await.unwrap();
    let body = json!({"name": "k1", "value": SECRET, "passphrase": SECRET});
    server.push(MockResponse::json(200, &body));
    let client = SecretsClient::new(
        "sub1",
        Arc::new(Credential),
        Some(SecretsClientOptions {
            endpoint: Some(server.url().to_owned()),
            client_options: server.client_options(),
            ..Default::default()
        }),
    )
    .unwrap();
    let sent = VaultKey {
        name: "k1".into(),
        value: SECRET.into(),
        ..Default::default()
    };
    let key = client
        .vault_keys()
        .create_or_update("k1", sent, None)
        .await
        .unwrap()
        .into_model()
        .unwrap();
    assert_eq!(key.value, SECRET, "decoded unchanged");
    assert_eq!(server.requests()[0].json()["value"], SECRET, "sent unchanged");
    let shown = format!("{key:?} {client:?}");
    assert!(!shown.contains(SECRET) && !shown.contains(TOKEN), "{shown}");

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        !logs.is_empty(),
        "the subscriber captured nothing, so the test proves nothing"
    );
    assert!(!logs.contains(SECRET), "secret in logs:\n{logs}");
    assert!(!logs.contains(TOKEN), "token in logs:\n{logs}");
}
