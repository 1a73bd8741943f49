//! `specgen --spec FILE... --out DIR`: generate a standalone client crate from any Swagger 2.0
//! or OpenAPI 3.0 spec (JSON or YAML, one or several entry files). `specgen diff | drift |
//! bump`: the lifecycle of a generated crate (`specgen::lifecycle`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use specgen::model::naming::{Case, sanitize};
use specgen::{CrateConfig, Flavor, ServiceConfig};

#[derive(Parser)]
#[command(
    version,
    about = "Generate an async Rust client crate (azure_core 1.x) from OpenAPI / Swagger specs",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    lifecycle: Option<specgen::lifecycle::cli::Command>,
    /// Entry spec files of the service (paths they `$ref` are read too).
    #[arg(long = "spec", required = true)]
    specs: Vec<PathBuf>,
    /// Directory to write the crate to (created; existing generated files are overwritten).
    #[arg(long, required = true)]
    out: Option<PathBuf>,
    /// Keep only operations matching these globs over `PATH#METHOD` or operationId.
    #[arg(long)]
    include: Vec<String>,
    /// Drop operations matching these globs.
    #[arg(long)]
    exclude: Vec<String>,
    /// Generate these navigation properties (`x-ms-navigationProperty`, and in Graph specs
    /// references to entity types), by wire name, or `*` for all; the others are left out and
    /// kept in `additional_properties` when sent.
    #[arg(long)]
    expand: Vec<String>,
    /// Crate name (default: the output directory's name).
    #[arg(long)]
    name: Option<String>,
    /// Client type name (default: from the spec title).
    #[arg(long)]
    client: Option<String>,
    /// Service conventions (default: detected from the spec's host).
    #[arg(long, value_enum)]
    flavor: Option<FlavorArg>,
    /// Fail when the generator has warnings.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FlavorArg {
    Arm,
    Graph,
    Plain,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(command) = &cli.lifecycle {
        return command.run();
    }
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    let out = cli.out.clone().unwrap_or_default();
    let bundle = specgen::load::load(&cli.specs).map_err(|d| d.to_string())?;
    let normalized = specgen::normalize::normalize(bundle).map_err(|d| d.to_string())?;
    let doc = &normalized.openapi;
    let flavor = match cli.flavor {
        Some(FlavorArg::Arm) => Flavor::Arm,
        Some(FlavorArg::Graph) => Flavor::Graph,
        Some(FlavorArg::Plain) => Flavor::Plain,
        None => detect_flavor(doc),
    };
    let crate_name = cli.name.clone().unwrap_or_else(|| {
        let dir = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        sanitize(&dir, Case::Snake)
    });
    let module = sanitize(&doc.info.title, Case::Snake);
    let client = cli
        .client
        .clone()
        .unwrap_or_else(|| format!("{}Client", sanitize(&doc.info.title, Case::Pascal)));
    let service = ServiceConfig {
        name: module.clone(),
        module: module.clone(),
        feature: module.clone(),
        client,
        flavor,
        api_version: None,
        entry: cli.specs.clone(),
        include: cli.include.clone(),
        exclude: cli.exclude.clone(),
        expand: cli.expand.clone(),
        ..Default::default()
    };
    let krate = CrateConfig {
        name: crate_name,
        version: "0.1.0".into(),
        command: "specgen".into(),
    };
    let mut warnings = normalized.warnings.clone();
    let modeled = specgen::model::build(doc, &normalized.source_map, &service).map_err(|d| d.to_string())?;
    warnings.extend(modeled.warnings);
    // Each warning once, then one summary line.
    let warnings = specgen::diag::distinct(warnings);
    for w in &warnings {
        eprintln!("{w}");
    }
    if cli.deny_warnings && !warnings.is_empty() {
        return Err(format!(
            "error: {} and --deny-warnings; nothing was written",
            specgen::diag::summary(&warnings)
        ));
    }
    let files = specgen::emit::emit_crate(&krate, &[modeled.api]).map_err(|d| d.to_string())?;
    for file in &files {
        write(&out.join(&file.path), &file.contents)?;
    }
    eprintln!(
        "wrote {} files to {}; {}",
        files.len(),
        out.display(),
        specgen::diag::summary(&warnings)
    );
    Ok(())
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("writing {}: {e}", path.display()))
}

/// ARM specs live on management.azure.com, Graph on graph.microsoft.com.
fn detect_flavor(doc: &openapiv3::OpenAPI) -> Flavor {
    let url = doc.servers.first().map(|s| s.url.as_str()).unwrap_or("");
    if url.contains("management.azure.com") {
        Flavor::Arm
    } else if url.contains("graph.microsoft.com") {
        Flavor::Graph
    } else {
        Flavor::Plain
    }
}
