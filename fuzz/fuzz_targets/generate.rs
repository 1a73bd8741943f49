//! Any bytes as a spec file (JSON when they start with `{`, else YAML), through the whole
//! pipeline: load → normalize → model (ARM, Graph and plain conventions) → emit. The generator
//! must return diagnostics or code, never panic, and the code must parse.
//!
//! Seed the corpus with real specs so mutations start from meaningful input:
//! `mkdir -p corpus/generate && cp ../specs/specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/*.json ../fixtures/specs/* ../tests/cli-specs/openapiv3/*.json corpus/generate/`

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use specgen::{CrateConfig, Flavor, ServiceConfig};

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("specgen-fuzz-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let name = if data.first() == Some(&b'{') { "spec.json" } else { "spec.yaml" };
    let path: PathBuf = dir.join(name);
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let Ok(bundle) = specgen::load::load(std::slice::from_ref(&path)) else {
        return;
    };
    let Ok(normalized) = specgen::normalize::normalize(bundle) else {
        return;
    };
    let krate = CrateConfig {
        name: "fuzzed".into(),
        version: "0.0.0".into(),
        command: "fuzz".into(),
    };
    for flavor in [Flavor::Arm, Flavor::Graph, Flavor::Plain] {
        let service = ServiceConfig {
            name: "fuzzed".into(),
            module: "fuzzed".into(),
            feature: "fuzzed".into(),
            client: "FuzzedClient".into(),
            flavor,
            entry: vec![path.clone()],
            ..Default::default()
        };
        let Ok(modeled) = specgen::model::build(&normalized.openapi, &normalized.source_map, &service) else {
            continue;
        };
        let Ok(files) = specgen::emit::emit_crate(&krate, &[modeled.api]) else {
            continue;
        };
        for file in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
            if let Err(e) = syn::parse_file(&file.contents) {
                panic!("{} does not parse: {e}", file.path.display());
            }
        }
    }
});
