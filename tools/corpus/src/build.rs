//! Compiling the generated crates: all of them are members of one throw-away workspace, so one
//! `cargo clippy --keep-going` checks and lints them all (dependencies compiled once, two crates
//! at a time on two cores), and one `cargo build` builds the few that get a full build.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// How far one crate got.
#[derive(Clone, Debug, Default)]
pub struct Status {
    /// rustc errors (`cargo check` would fail).
    pub check_errors: Vec<String>,
    /// Lints denied by `-D warnings` (clippy's and rustc's own).
    pub lint_errors: Vec<String>,
    /// Set when the crate got a full `cargo build`: did it succeed.
    pub built: Option<bool>,
}

/// Writes `dir/Cargo.toml` for the member crates (each in `dir/<name>`) and the lock file the
/// build uses: the workspace's, so the versions cargo has cached are the ones picked (offline).
pub fn write_workspace(dir: &Path, members: &[String], lock_file: &Path) -> Result<(), String> {
    let members: Vec<String> = members.iter().map(|m| format!("  \"{m}\",")).collect();
    let manifest = format!(
        "# Written by tools/corpus: every generated crate of the corpus.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n\n[profile.dev]\ndebug = false\n",
        members.join("\n")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| format!("writing workspace: {e}"))?;
    std::fs::copy(lock_file, dir.join("Cargo.lock")).map_err(|e| format!("copying Cargo.lock: {e}"))?;
    Ok(())
}

/// `cargo clippy --workspace -- -D warnings`, every diagnostic sorted to its crate.
pub fn clippy(dir: &Path, target_dir: &Path) -> Result<BTreeMap<String, Status>, String> {
    let output = cargo(dir, target_dir)
        .args([
            "clippy",
            "--workspace",
            "--offline",
            "--keep-going",
            "--message-format=json",
        ])
        .args(["--", "-D", "warnings"])
        .output()
        .map_err(|e| format!("running cargo clippy: {e}"))?;
    let mut statuses: BTreeMap<String, Status> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let Some(package) = package_name(&message) else {
            continue;
        };
        let diagnostic = &message["message"];
        if diagnostic["level"] != "error" {
            continue;
        }
        let code = diagnostic["code"]["code"].as_str().unwrap_or("");
        let rendered = diagnostic["rendered"].as_str().unwrap_or("").to_string();
        // "aborting due to N previous errors" and friends carry no code and no span.
        if code.is_empty() && diagnostic["spans"].as_array().is_none_or(|s| s.is_empty()) {
            continue;
        }
        let status = statuses.entry(package).or_default();
        if code.is_empty() || code.starts_with('E') {
            status.check_errors.push(rendered);
        } else {
            status.lint_errors.push(rendered);
        }
    }
    if !output.status.success() && statuses.is_empty() {
        return Err(format!(
            "cargo clippy failed before checking any crate:\n{}",
            tail(&String::from_utf8_lossy(&output.stderr), 40)
        ));
    }
    Ok(statuses)
}

/// `cargo build -p NAME...`: which of them built.
pub fn build(dir: &Path, target_dir: &Path, names: &[String]) -> Result<BTreeMap<String, bool>, String> {
    let mut built = BTreeMap::new();
    for name in names {
        let status = cargo(dir, target_dir)
            .args(["build", "--offline", "--quiet", "-p", name])
            .status()
            .map_err(|e| format!("running cargo build: {e}"))?;
        built.insert(name.clone(), status.success());
    }
    Ok(built)
}

fn cargo(dir: &Path, target_dir: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS");
    command
}

/// `"name 0.1.0 (path+file:///…)"` or `"path+file:///…/name#0.1.0"` → `name`.
fn package_name(message: &Value) -> Option<String> {
    if let Some(name) = message["target"]["name"].as_str() {
        return Some(name.replace('-', "_"));
    }
    let id = message["package_id"].as_str()?;
    Some(id.split_whitespace().next()?.to_string())
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
