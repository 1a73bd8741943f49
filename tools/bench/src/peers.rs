//! The generators compared side by side: ours and the peers, each as an external command on the
//! same input file, so start-up, parsing and writing files count for every tool alike.
//!
//! Peers are optional tools, never build dependencies: `tools/install-peers.sh` installs them at
//! pinned versions, and a peer missing from PATH is reported and skipped.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::inputs::Input;
use super::measure::{Invocation, on_path};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Specgen,
    Progenitor,
    OpenApiGenerator,
}

impl Tool {
    pub const ALL: [Tool; 3] = [Tool::Specgen, Tool::Progenitor, Tool::OpenApiGenerator];

    pub fn label(self) -> &'static str {
        match self {
            Tool::Specgen => "specgen",
            Tool::Progenitor => "progenitor",
            Tool::OpenApiGenerator => "openapi-generator",
        }
    }

    /// The executable: our release build, or the peer's command on PATH.
    pub fn program(self, root: &Path) -> OsString {
        match self {
            Tool::Specgen => root.join("target/release/specgen").into(),
            Tool::Progenitor => "cargo-progenitor".into(),
            // The PyPI wrapper: Python starts, then runs `java -jar` on the bundled jar (as a user
            // would run it; the wrapper adds ~0.1 s to the JVM's seconds).
            Tool::OpenApiGenerator => "openapi-generator-cli".into(),
        }
    }

    /// Runs per input, the median is reported: openapi-generator takes seconds a run, the others
    /// take milliseconds and need more runs to be steady on a shared machine.
    pub fn runs(self) -> usize {
        match self {
            Tool::OpenApiGenerator => 3,
            Tool::Specgen | Tool::Progenitor => 5,
        }
    }

    pub fn install_hint(self) -> &'static str {
        match self {
            Tool::Specgen => "cargo build --release -p specgen",
            Tool::Progenitor => "tools/install-peers.sh progenitor",
            Tool::OpenApiGenerator => "tools/install-peers.sh openapi-generator",
        }
    }

    pub fn installed(self, root: &Path) -> bool {
        on_path(&self.program(root).to_string_lossy())
    }

    /// `tool --version`, first line, for the report.
    pub fn version(self, root: &Path) -> String {
        let (program, args): (OsString, &[&str]) = match self {
            Tool::Specgen => (self.program(root), &["--version"]),
            // cargo-progenitor has no --version: ask cargo which version it installed.
            Tool::Progenitor => {
                return std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                    .args(["install", "--list"])
                    .output()
                    .ok()
                    .and_then(|o| {
                        String::from_utf8_lossy(&o.stdout)
                            .lines()
                            .find(|l| l.starts_with("cargo-progenitor "))
                            .map(|l| l.trim_end_matches(':').to_string())
                    })
                    .unwrap_or_else(|| "cargo-progenitor, not installed by cargo install".into());
            }
            Tool::OpenApiGenerator => (self.program(root), &["version"]),
        };
        std::process::Command::new(program)
            .args(args)
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).lines().last().map(str::to_string))
            .unwrap_or_else(|| "unknown version".into())
    }

    /// The command generating a crate from `input` into `out` (a fresh directory).
    pub fn invocation(self, root: &Path, input: &Input, out: &Path) -> Invocation {
        let name = format!("bench_{}", input.name);
        let base = Invocation::new(self.program(root), root);
        match self {
            Tool::Specgen => base
                .arg("--spec")
                .arg(&input.file)
                .arg("--out")
                .arg(out)
                .args(["--name", &name]),
            // A cargo subcommand: its first argument is the subcommand name.
            Tool::Progenitor => base
                .args(["progenitor", "-i"])
                .arg(&input.file)
                .arg("-o")
                .arg(out)
                .args(["-n", &name, "-v", "0.1.0"]),
            // Validation is skipped: it rejects specs the generator itself handles (the converted
            // Azure documents), and generation is what is measured.
            Tool::OpenApiGenerator => base
                .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
                .arg(&input.file)
                .arg("-o")
                .arg(out)
                // The crate version would otherwise be the spec's `info.version`, which is often
                // not semver (`2025-10-10`), and cargo refuses the crate.
                .arg(format!(
                    "--additional-properties=packageName={name},packageVersion=0.1.0"
                )),
        }
    }

    /// Support code the tool copies into every crate, whatever the input: not counted per
    /// operation (progenitor's equivalent is the `progenitor-client` dependency).
    fn is_fixed_support(self, relative: &Path) -> bool {
        match self {
            Tool::Specgen => relative.starts_with("src/runtime"),
            Tool::Progenitor => relative.ends_with("progenitor_client.rs"),
            Tool::OpenApiGenerator => false,
        }
    }
}

/// Size of a generated crate's Rust code.
#[derive(Clone, Copy, Debug, Default)]
pub struct CodeSize {
    /// Lines and bytes that depend on the input.
    pub lines: usize,
    pub bytes: usize,
    /// Lines of support code copied verbatim into every crate.
    pub fixed_lines: usize,
}

/// Counts the `.rs` files under `out` (tests and docs the tool may also write are not code).
pub fn code_size(tool: Tool, out: &Path) -> Result<CodeSize> {
    let mut size = CodeSize::default();
    for file in rust_files(&out.join("src"))? {
        let text = std::fs::read_to_string(&file)?;
        let lines = text.lines().count();
        let relative = file.strip_prefix(out).unwrap_or(&file);
        if tool.is_fixed_support(relative) {
            size.fixed_lines += lines;
        } else {
            size.lines += lines;
            size.bytes += text.len();
        }
    }
    Ok(size)
}

fn rust_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The line of a failed run that says why: a panic message, an error line, else the last line.
pub fn rejection_reason(output: &str) -> String {
    let lines: Vec<&str> = output.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let pick = lines
        .iter()
        .position(|l| l.contains("panicked at"))
        .map(|i| {
            // Rust ≥ 1.73 prints the message on the line after "panicked at FILE:LINE:COL:".
            let next = lines.get(i + 1).copied().unwrap_or("");
            format!("panic: {next} ({})", panic_location(lines[i]))
        })
        .or_else(|| {
            lines
                .iter()
                .find(|l| l.starts_with("gen fail") || l.starts_with("error") || l.contains("Exception"))
                .map(|l| l.to_string())
        })
        .or_else(|| lines.last().map(|l| l.to_string()))
        .unwrap_or_else(|| "failed without output".into());
    let mut reason: String = pick.replace('|', "\\|").chars().take(220).collect();
    if reason.len() < pick.len() {
        reason.push('…');
    }
    reason
}

/// `thread 'main' (123) panicked at /root/.cargo/registry/src/index…/crate-1.0/src/x.rs:1:2:`
/// → `crate-1.0/src/x.rs:1:2`: the crate and line, without the machine's paths.
fn panic_location(line: &str) -> &str {
    let at = line.split("panicked at ").nth(1).unwrap_or(line).trim_end_matches(':');
    match at.find("/registry/src/") {
        Some(i) => {
            let rest = &at[i + "/registry/src/".len()..];
            rest.split_once('/').map_or(rest, |(_, path)| path)
        }
        None => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_reason_keeps_the_message_line() {
        let output = "thread 'main' (42) panicked at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/progenitor-impl-0.15.1/src/method.rs:1204:17:\n\
                      not yet implemented: default response with a success\nnote: run with `RUST_BACKTRACE=1`";
        let reason = rejection_reason(output);
        assert!(
            reason.starts_with("panic: not yet implemented: default response"),
            "{reason}"
        );
        assert!(
            reason.ends_with("(progenitor-impl-0.15.1/src/method.rs:1204:17)"),
            "{reason}"
        );
    }

    #[test]
    fn error_line_beats_the_last_line() {
        let output = "-----\ngen fail: UnexpectedFormat(\"x\")\nError: generation experienced errors";
        assert_eq!(rejection_reason(output), "gen fail: UnexpectedFormat(\"x\")");
    }

    #[test]
    fn fixed_support_is_counted_apart() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("runtime")).unwrap();
        std::fs::write(src.join("lib.rs"), "a\nb\n").unwrap();
        std::fs::write(src.join("runtime/mod.rs"), "x\ny\nz\n").unwrap();
        let size = code_size(Tool::Specgen, dir.path()).unwrap();
        assert_eq!((size.lines, size.bytes, size.fixed_lines), (2, 4, 3));
        let size = code_size(Tool::Progenitor, dir.path()).unwrap();
        assert_eq!((size.lines, size.fixed_lines), (5, 0));
    }
}
