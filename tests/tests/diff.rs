//! `specgen diff` (`specgen::lifecycle::diff`) on the real api-version pairs: Network bastionHost 2023-11-01 → 2024-05-01
//! (asserted change by change against a hand-checked list, then snapshotted) and
//! DesktopVirtualization 2024-04-03 → 2025-10-10 (common-types v5 → v6, snapshotted). The old
//! versions live in tests/cli-specs/azure, the new ones in specs/.

use std::path::PathBuf;

use specgen::lifecycle::diff::sides::service_side;
use specgen::lifecycle::diff::{DiffReport, Impact, render};
use specgen::lifecycle::manifest::Manifest;

fn report(service: &str, from: &str) -> DiffReport {
    let root = xtask::workspace_root();
    let manifest = Manifest::read(&root.join("specs/specs.toml")).expect("specs.toml");
    let service = manifest
        .services
        .iter()
        .find(|s| s.name == service)
        .expect("service in specs.toml");
    let roots: Vec<PathBuf> = vec![root.join("specs"), root.join("tests/cli-specs/azure")];
    let to = service.api_version.clone().expect("vendored api-version");
    let old = service_side(service, from, &roots).expect("old version's files");
    let new = service_side(service, &to, &roots).expect("new version's files");
    specgen::lifecycle::diff::diff(&old, &new, true).expect("diff runs")
}

/// Every difference between the two bastionHost.json files (and the network.json definitions
/// they reach), read off `diff -u` of the files by hand. network.json 2024-05-01 also adds
/// `Common*` definitions, but bastionHost.json references none of them, so they are not part
/// of the API.
#[test]
fn bastion_2023_11_01_to_2024_05_01_lists_every_real_difference() {
    use Impact::*;
    let report = report("network", "2023-11-01");
    let host = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/bastionHosts/{bastionHostName}";
    let expected: Vec<(Impact, &str, String, &str)> = vec![
        (
            NonBreaking,
            "VersionChanged",
            "info.version".into(),
            "api-version \"2023-11-01\" → \"2024-05-01\"",
        ),
        (
            Docs,
            "ExampleAdded",
            format!("GET {host}"),
            "example \"Get Bastion Host With Private Only\" added",
        ),
        (
            Docs,
            "ExampleAdded",
            format!("PUT {host}"),
            "example \"Create Bastion Host With Private Only\" added",
        ),
        // `required: [subnet, publicIPAddress]` → `[subnet]`: the model is also a response model,
        // so callers can no longer rely on `publicIPAddress` (private-only bastions have none).
        (
            Breaking,
            "RequiredStatusChange",
            "model BastionHostIPConfigurationPropertiesFormat.publicIPAddress".into(),
            "property no longer required",
        ),
        (
            Docs,
            "DescriptionChanged",
            "model BastionHostIPConfigurationPropertiesFormat.publicIPAddress".into(),
            "description: \"Reference of the PublicIP resource.\" → \"Reference of the PublicIP resource. Null for private only bastion\"",
        ),
        (
            NonBreaking,
            "AddedOptionalProperty",
            "model BastionHostPropertiesFormat.enableSessionRecording".into(),
            "optional property added (`boolean`)",
        ),
        (
            NonBreaking,
            "AddedOptionalProperty",
            "model BastionHostPropertiesFormat.enablePrivateOnlyBastion".into(),
            "optional property added (`boolean`)",
        ),
        (
            Docs,
            "DescriptionChanged",
            "model Sku.name".into(),
            "description: \"The name of this Bastion Host.\" → \"The name of the sku of this Bastion Host.\"",
        ),
        // `x-ms-enum: {name: BastionHostSkuName, modelAsString: true}`: an extensible enum.
        (
            NonBreaking,
            "AddedEnumValue",
            "model Sku.name".into(),
            "enum value \"Premium\" added (extensible enum)",
        ),
    ];
    let got: Vec<(Impact, &str, String, &str)> = report
        .api
        .iter()
        .map(|c| (c.impact, c.rule, c.location.clone(), c.message.as_str()))
        .collect();
    assert_eq!(got, expected);

    let rust: Vec<(Impact, &str, Option<&str>, Option<&str>)> = report
        .rust
        .as_ref()
        .expect("Rust surface compared")
        .iter()
        .map(|c| (c.impact, c.item.as_str(), c.old.as_deref(), c.new.as_deref()))
        .collect();
    assert_eq!(
        rust,
        vec![
            (
                Breaking,
                "network::models::BastionHostIpConfigurationPropertiesFormat.public_ip_address",
                Some("SubResource"),
                Some("Option<SubResource>")
            ),
            (
                Breaking,
                "network::models::BastionHostPropertiesFormat.enable_private_only_bastion",
                None,
                Some("Option<bool>")
            ),
            (
                Breaking,
                "network::models::BastionHostPropertiesFormat.enable_session_recording",
                None,
                Some("Option<bool>")
            ),
            (Breaking, "network::models::BastionHostSkuName::Premium", None, Some("")),
        ]
    );
    assert!(report.is_breaking());
    insta::assert_snapshot!("bastion_2023_11_01_to_2024_05_01", render::markdown(&report, "#"));
}

#[test]
fn avd_2024_04_03_to_2025_10_10() {
    let report = report("desktop_virtualization", "2024-04-03");
    // The facts a reviewer checks first: same 80 operations, the operations list's new model,
    // the v6 common-types resource and identity, the new load balancer type.
    let has = |rule: &str, location: &str| report.api.iter().any(|c| c.rule == rule && c.location == location);
    assert!(
        !report
            .api
            .iter()
            .any(|c| c.rule == "AddedOperation" || c.rule == "RemovedOperation")
    );
    assert!(has(
        "TypeChanged",
        "GET /providers/Microsoft.DesktopVirtualization/operations response 200"
    ));
    assert!(has("DifferentAllOf", "model HostPool"));
    assert!(has("AddedEnumValue", "model HostPoolProperties.loadBalancerType"));
    assert!(has("RemovedDefinition", "model Identity"));
    insta::assert_snapshot!("avd_2024_04_03_to_2025_10_10", render::markdown(&report, "#"));
}

#[test]
fn json_output_round_trips() {
    let report = report("network", "2023-11-01");
    let json: serde_json::Value = serde_json::from_str(&render::json(&report)).expect("valid JSON");
    assert_eq!(json["old"], "network 2023-11-01");
    assert_eq!(json["api"].as_array().map(Vec::len), Some(report.api.len()));
    assert_eq!(json["api"][3]["impact"], "breaking");
    assert_eq!(json["api"][3]["rule"], "RequiredStatusChange");
}
