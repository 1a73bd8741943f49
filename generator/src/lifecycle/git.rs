//! Only the paths we need from a git repository: a shallow (`--depth=1`), partial
//! (`--filter=blob:none`: trees only, no file contents) fetch of one revision, then a sparse
//! checkout whose patterns name the files drift or bump reads. git fetches the blobs of exactly
//! those files when it checks them out; azure-rest-api-specs (several GB of history and
//! hundreds of thousands of files) costs its trees and the few hundred files a service uses.
//!
//! Driven through the `git` command line, so credentials, proxies and protocols are git's own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// A sparse work tree of one revision of a repository, in a temporary folder removed on drop.
pub struct SparseCheckout {
    dir: tempfile::TempDir,
    /// The repository as given (`https://github.com/Azure/azure-rest-api-specs`, `file:///…`).
    pub url: String,
    /// The commit checked out.
    pub commit: String,
}

impl SparseCheckout {
    /// Fetches `rev` (default: the remote's HEAD) of `url` and checks out the paths matching
    /// `patterns` (gitignore-style, anchored with a leading `/`; see [`file_pattern`]).
    pub fn fetch(url: &str, rev: Option<&str>, patterns: &[String]) -> Result<SparseCheckout> {
        let dir = tempfile::Builder::new().prefix("specgen-upstream").tempdir()?;
        let path = dir.path();
        git(Some(path), &["init", "-q"])?;
        git(Some(path), &["remote", "add", "origin", url])?;
        // Non-cone patterns: single files and `*` within one path segment.
        git_stdin(
            Some(path),
            &["sparse-checkout", "set", "--no-cone", "--stdin"],
            &patterns.join("\n"),
        )?;
        if is_local(url) {
            // A local repository's upload-pack (run by git itself) serves a filter only when
            // its config allows it; say so for every fetch from it, the lazy ones of the
            // checkout included. A server decides for itself.
            git(
                Some(path),
                &[
                    "config",
                    "remote.origin.uploadpack",
                    "git -c uploadpack.allowFilter=true upload-pack",
                ],
            )?;
        }
        git(
            Some(path),
            &[
                "fetch",
                "-q",
                "--depth=1",
                "--filter=blob:none",
                "origin",
                rev.unwrap_or("HEAD"),
            ],
        )
        .with_context(|| format!("fetching {} from {url}", rev.unwrap_or("HEAD")))?;
        git(Some(path), &["checkout", "-q", "--detach", "FETCH_HEAD"])?;
        let commit = git(Some(path), &["rev-parse", "HEAD"])?;
        Ok(SparseCheckout {
            dir,
            url: url.to_string(),
            commit,
        })
    }

    /// The work tree: only the files matching the patterns are there.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Checks out more files (their blobs are fetched in one batch).
    pub fn add(&self, files: &[PathBuf]) -> Result<()> {
        let patterns: Vec<String> = files.iter().map(|f| file_pattern(f)).collect();
        git_stdin(
            Some(self.dir()),
            &["sparse-checkout", "add", "--stdin"],
            &patterns.join("\n"),
        )?;
        Ok(())
    }

    /// Whether git fetched the contents of `rel` (a partial fetch leaves the others out).
    pub fn has_contents(&self, rel: &Path) -> bool {
        let spec = format!("HEAD:{}", slashes(rel));
        let oid = match git(Some(self.dir()), &["rev-parse", &spec]) {
            Ok(oid) => oid,
            Err(_) => return false,
        };
        // `--batch-check` with lazy fetching off reports a blob that is not here as `missing`.
        let out = Command::new("git")
            .arg("-C")
            .arg(self.dir())
            .args(["cat-file", "--batch-check"])
            .env("GIT_NO_LAZY_FETCH", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .and_then(|mut child| {
                if let Some(mut stdin) = child.stdin.take() {
                    let _ = writeln!(stdin, "{oid}");
                }
                child.wait_with_output()
            });
        out.is_ok_and(|o| !String::from_utf8_lossy(&o.stdout).contains("missing"))
    }
}

/// `file://…` or a path: a repository on this machine.
fn is_local(url: &str) -> bool {
    url.starts_with("file://") || !(url.contains("://") || url.contains(':'))
}

/// The sparse-checkout pattern for one file (`/a/b.json`), special characters escaped.
pub fn file_pattern(rel: &Path) -> String {
    format!("/{}", escape(&slashes(rel)))
}

/// Every file named `name` one folder below `dir` (`/dir/*/name`): the api-version folders.
pub fn versions_pattern(dir: &Path, name: &str) -> String {
    format!("/{}/*/{}", escape(&slashes(dir)), escape(name))
}

fn slashes(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\' | '!' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `https://github.com/Azure/azure-rest-api-specs.git` → `Azure/azure-rest-api-specs`: the last
/// two segments, as specs.toml records repositories.
pub fn repo_name(url: &str) -> String {
    let trimmed = url.trim_end_matches('/').trim_end_matches(".git");
    let mut parts: Vec<&str> = trimmed.rsplit(['/', ':']).filter(|s| !s.is_empty()).take(2).collect();
    parts.reverse();
    parts.join("/")
}

fn git(dir: Option<&Path>, args: &[&str]) -> Result<String> {
    let out = command(dir)
        .args(args)
        .output()
        .context("running git (is it installed?)")?;
    finish(out, args)
}

fn git_stdin(dir: Option<&Path>, args: &[&str], input: &str) -> Result<String> {
    let mut child = command(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running git (is it installed?)")?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes())?;
        stdin.write_all(b"\n")?;
    }
    finish(child.wait_with_output()?, args)
}

fn command(dir: Option<&Path>) -> Command {
    let mut cmd = Command::new("git");
    if let Some(dir) = dir {
        cmd.arg("-C").arg(dir);
    }
    // Never wait for a password prompt: a private repository fails instead of hanging CI.
    cmd.env("GIT_TERMINAL_PROMPT", "0");
    cmd
}

fn finish(out: std::process::Output, args: &[&str]) -> Result<String> {
    if !out.status.success() {
        bail!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_and_repo_names() {
        assert_eq!(file_pattern(Path::new("a/b c/[x].json")), "/a/b c/\\[x\\].json");
        assert_eq!(
            versions_pattern(Path::new("s/Microsoft.Network/stable"), "b.json"),
            "/s/Microsoft.Network/stable/*/b.json"
        );
        for (url, repo) in [
            (
                "https://github.com/Azure/azure-rest-api-specs",
                "Azure/azure-rest-api-specs",
            ),
            (
                "https://github.com/Azure/azure-rest-api-specs.git/",
                "Azure/azure-rest-api-specs",
            ),
            (
                "git@github.com:Azure/azure-rest-api-specs.git",
                "Azure/azure-rest-api-specs",
            ),
            ("file:///tmp/x/upstream.git", "x/upstream"),
        ] {
            assert_eq!(repo_name(url), repo, "{url}");
        }
    }
}
