//! Wall time and peak memory of one external command, measured the same way for every tool.
//!
//! Peak memory comes from GNU `/usr/bin/time -f %M`: it reports the `ru_maxrss` that `wait4`
//! returns for its child, which on Linux is the largest resident set of that child *and of every
//! descendant it waited for*. So a wrapper (the Python `openapi-generator-cli` launching `java`,
//! `cargo` launching `rustdoc`) reports its largest process, not only itself;
//! `time_reports_descendants` below checks that on this machine.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

const GNU_TIME: &str = "/usr/bin/time";

/// A peer that hangs must not hang the benchmark (seconds; `timeout` kills it after this).
const TIME_LIMIT_SECS: u32 = 600;

/// One command line, kept as data so it can be wrapped in `/usr/bin/time` and `timeout`.
#[derive(Clone, Debug)]
pub struct Invocation {
    pub program: OsString,
    pub args: Vec<OsString>,
    pub dir: PathBuf,
    pub env: Vec<(String, String)>,
}

impl Invocation {
    pub fn new(program: impl Into<OsString>, dir: &Path) -> Self {
        Self {
            program: program.into(),
            args: Vec::new(),
            dir: dir.to_path_buf(),
            env: Vec::new(),
        }
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: Into<OsString>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }
}

/// What one run cost and how it ended.
#[derive(Clone, Debug)]
pub struct Sample {
    pub wall: Duration,
    /// Peak resident memory in KiB; `None` when GNU time is not installed.
    pub max_rss_kib: Option<u64>,
    pub success: bool,
    /// The command's stderr then stdout, to explain a failure.
    pub output: String,
}

/// Runs `invocation` once under `timeout` and (when present) GNU time.
pub fn run(invocation: &Invocation) -> Result<Sample> {
    let rss_file = tempfile::NamedTempFile::new()?;
    let has_time = Path::new(GNU_TIME).exists();
    let mut cmd = if has_time {
        let mut cmd = Command::new(GNU_TIME);
        cmd.args(["-f", "%M", "-o"]).arg(rss_file.path()).arg("timeout");
        cmd
    } else {
        Command::new("timeout")
    };
    cmd.args(["--kill-after=5", &TIME_LIMIT_SECS.to_string()])
        .arg(&invocation.program)
        .args(&invocation.args)
        .current_dir(&invocation.dir)
        .envs(invocation.env.iter().map(|(k, v)| (k, v)));
    let start = Instant::now();
    let output = cmd
        .output()
        .with_context(|| format!("running {}", invocation.program.to_string_lossy()))?;
    let wall = start.elapsed();
    let max_rss_kib = if has_time {
        // GNU time writes "Command exited with non-zero status N" before the figure on failure.
        std::fs::read_to_string(rss_file.path())?
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
    } else {
        None
    };
    Ok(Sample {
        wall,
        max_rss_kib,
        success: output.status.success(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        ),
    })
}

/// Median wall time and median peak memory of `runs` runs; the first failure stops early and is
/// returned as is (a tool that rejects an input rejects it every time).
pub fn median_of(runs: usize, invocation: &Invocation, before_each: impl Fn() -> Result<()>) -> Result<Sample> {
    let mut samples = Vec::new();
    for _ in 0..runs.max(1) {
        before_each()?;
        let sample = run(invocation)?;
        if !sample.success {
            return Ok(sample);
        }
        samples.push(sample);
    }
    let mut walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
    walls.sort();
    let mut rss: Vec<u64> = samples.iter().filter_map(|s| s.max_rss_kib).collect();
    rss.sort();
    let mid = samples.len() / 2;
    Ok(Sample {
        wall: walls[mid],
        max_rss_kib: rss.get(mid).copied(),
        success: true,
        output: samples.pop().map(|s| s.output).unwrap_or_default(),
    })
}

/// Is `program` an executable on PATH (or an existing path)?
pub fn on_path(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).is_file();
    }
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The peak memory of a grandchild (a shell that waits for a process touching 200 MiB) must
    /// show up: that is what makes the `openapi-generator-cli` and `cargo doc` figures right.
    #[test]
    fn time_reports_descendants() {
        if !Path::new(GNU_TIME).exists() || !on_path("python3") {
            eprintln!("skipped: needs {GNU_TIME} and python3");
            return;
        }
        let script = "b = bytearray(200 * 2**20)\nfor i in range(0, len(b), 4096): b[i] = 1";
        let invocation = Invocation::new("sh", Path::new("."))
            .arg("-c")
            .arg(format!("python3 -c '{script}'; true"));
        let sample = run(&invocation).unwrap();
        assert!(sample.success, "{}", sample.output);
        let kib = sample.max_rss_kib.unwrap();
        assert!(kib > 200 * 1024, "peak {kib} KiB does not include the grandchild");
    }

    #[test]
    fn failure_is_reported_with_output() {
        let invocation = Invocation::new("sh", Path::new(".")).args(["-c", "echo nope >&2; exit 3"]);
        let sample = run(&invocation).unwrap();
        assert!(!sample.success);
        assert!(sample.output.contains("nope"));
    }
}
