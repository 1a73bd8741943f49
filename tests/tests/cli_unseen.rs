//! The CLI's pipeline on specs it was never tuned on (tests/cli-specs, listed in entries.txt):
//! generation succeeds and every emitted Rust file parses. The same sequence as
//! generator/src/main.rs: load → normalize → model::build → emit::emit_crate. Building and
//! linting the crates is `.ci/cli-unseen`'s job (slow); this test is the fast half.

use std::path::{Path, PathBuf};

use specgen::model::naming::{Case, sanitize};
use specgen::{CrateConfig, Flavor, ServiceConfig};

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("cli-specs")
}

/// `(name, entry files)` from entries.txt.
fn entries() -> Vec<(String, Vec<PathBuf>)> {
    let dir = specs_dir();
    let text = std::fs::read_to_string(dir.join("entries.txt")).expect("tests/cli-specs/entries.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next().unwrap_or_default().to_string();
            (name, words.map(|w| dir.join(w)).collect())
        })
        .collect()
}

struct Outcome {
    operations: usize,
    files: usize,
}

fn generate(name: &str, specs: &[PathBuf]) -> Result<Outcome, String> {
    let bundle = specgen::load::load(specs).map_err(|d| format!("load: {d}"))?;
    let normalized = specgen::normalize::normalize(bundle).map_err(|d| format!("normalize: {d}"))?;
    let doc = &normalized.openapi;
    let module = sanitize(&doc.info.title, Case::Snake);
    // As the CLI does when no --flavor is given.
    let server = doc.servers.first().map(|s| s.url.as_str()).unwrap_or("");
    let flavor = if server.contains("management.azure.com") {
        Flavor::Arm
    } else if server.contains("graph.microsoft.com") {
        Flavor::Graph
    } else {
        Flavor::Plain
    };
    let service = ServiceConfig {
        name: module.clone(),
        module: module.clone(),
        feature: module.clone(),
        client: format!("{}Client", sanitize(&doc.info.title, Case::Pascal)),
        flavor,
        entry: specs.to_vec(),
        ..Default::default()
    };
    let krate = CrateConfig {
        name: name.to_string(),
        version: "0.1.0".into(),
        command: "specgen".into(),
    };
    let modeled = specgen::model::build(doc, &normalized.source_map, &service).map_err(|d| format!("model: {d}"))?;
    let operations = modeled.api.resources.iter().map(|r| r.operations.len()).sum();
    let files = specgen::emit::emit_crate(&krate, &[modeled.api]).map_err(|d| format!("emit: {d}"))?;
    let mut rust_files = 0;
    for file in &files {
        let path = file.path.to_string_lossy();
        if path.ends_with(".rs") {
            rust_files += 1;
            syn::parse_file(&file.contents).map_err(|e| format!("{path} does not parse: {e}"))?;
        }
    }
    assert!(
        files.iter().any(|f| f.path == Path::new("Cargo.toml")),
        "{name}: no Cargo.toml emitted"
    );
    Ok(Outcome {
        operations,
        files: rust_files,
    })
}

#[test]
fn every_unseen_spec_generates_a_crate_that_parses() {
    let entries = entries();
    assert!(entries.len() >= 2, "tests/cli-specs/entries.txt lists too few specs");
    let mut failures = Vec::new();
    for (name, specs) in &entries {
        match generate(name, specs) {
            Ok(outcome) => eprintln!("{name}: {} operations, {} .rs files", outcome.operations, outcome.files),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "generation failed:\n{}", failures.join("\n"));
}

#[test]
fn the_inputs_include_openapi_3_and_azure_swagger_2() {
    let entries = entries();
    let contents = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
    let openapi3 = entries
        .iter()
        .any(|(_, s)| s.iter().any(|p| contents(p).contains("openapi")));
    let swagger2 = entries.iter().any(|(_, s)| {
        s.iter().any(|p| {
            let text = contents(p);
            text.contains("\"swagger\": \"2.0\"") && text.contains("management.azure.com")
        })
    });
    assert!(
        openapi3 && swagger2,
        "tests/cli-specs must keep an OpenAPI 3.0 and an Azure Swagger 2.0 spec"
    );
}
