//! What happened: one line per action, printed as it happens, and a summary at the end.

use crate::dry_run::NotSent;
use session_clients::runtime::ErrorExt;
use std::{fmt, io::Write};

/// The three systems a user is cut off from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Microsoft Graph: sign-in sessions.
    Graph,
    /// Azure Virtual Desktop: user sessions.
    Avd,
    /// Azure Bastion: named sessions.
    Bastion,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Step::Graph => "graph",
            Step::Avd => "avd",
            Step::Bastion => "bastion",
        })
    }
}

/// How one action ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done; the detail says what.
    Ok(String),
    /// Dry run: this request (method and URL) was not sent.
    WouldSend(String),
    /// Deliberately not done (the detail says why); not a failure.
    Skipped(String),
    /// Failed; the detail says why. Makes the exit code non-zero.
    Failed(String),
}

/// One action: what was attempted and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// Which system.
    pub step: Step,
    /// What was acted on, e.g. `pool1/host1/3` or `revokeSignInSessions adele@contoso.com`.
    pub target: String,
    /// How it ended.
    pub outcome: Outcome,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (label, detail) = match &self.outcome {
            Outcome::Ok(detail) => ("ok", detail),
            Outcome::WouldSend(request) => ("would send", request),
            Outcome::Skipped(reason) => ("skipped", reason),
            Outcome::Failed(reason) => ("FAILED", reason),
        };
        write!(f, "{:<8}{}: {label}: {detail}", self.step, self.target)
    }
}

/// Everything `run` did, in order.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Every action, in the order attempted.
    pub actions: Vec<Action>,
}

impl Report {
    /// The actions that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|a| matches!(a.outcome, Outcome::Failed(_)))
    }

    /// 1 when anything failed, else 0.
    pub fn exit_code(&self) -> i32 {
        i32::from(self.failures().next().is_some())
    }

    /// Counts per step and outcome, then each failure again.
    pub fn summary(&self) -> String {
        let mut out = String::from("summary:\n");
        for step in [Step::Graph, Step::Avd, Step::Bastion] {
            let of_step: Vec<&Action> = self.actions.iter().filter(|a| a.step == step).collect();
            let count = |f: fn(&Outcome) -> bool| of_step.iter().filter(|a| f(&a.outcome)).count();
            out.push_str(&format!(
                "  {step:<8}{} ok, {} would send, {} skipped, {} failed\n",
                count(|o| matches!(o, Outcome::Ok(_))),
                count(|o| matches!(o, Outcome::WouldSend(_))),
                count(|o| matches!(o, Outcome::Skipped(_))),
                count(|o| matches!(o, Outcome::Failed(_))),
            ));
        }
        let failures: Vec<&Action> = self.failures().collect();
        if failures.is_empty() {
            out.push_str("no step failed\n");
        } else {
            out.push_str(&format!("{} action(s) FAILED; act on them by hand:\n", failures.len()));
            for action in failures {
                out.push_str(&format!("  {action}\n"));
            }
        }
        out
    }
}

/// Appends actions to a report and prints each one as it happens.
pub struct Recorder<'a> {
    report: Report,
    out: &'a mut dyn Write,
}

impl<'a> Recorder<'a> {
    /// Prints to `out`.
    pub fn new(out: &'a mut dyn Write) -> Self {
        Self {
            report: Report::default(),
            out,
        }
    }

    /// Records and prints one action.
    pub fn record(&mut self, step: Step, target: impl Into<String>, outcome: Outcome) {
        let action = Action {
            step,
            target: target.into(),
            outcome,
        };
        // Progress output is best effort: a closed stdout must not stop the cut-off.
        let _ = writeln!(self.out, "{action}");
        self.report.actions.push(action);
    }

    /// Records a failed call: a dry-run stop becomes `WouldSend`, anything else `Failed`.
    pub fn record_error(&mut self, step: Step, target: impl Into<String>, error: &azure_core::Error) {
        let outcome = match NotSent::find(error) {
            Some(not_sent) => Outcome::WouldSend(not_sent.to_string()),
            None => Outcome::Failed(describe(error)),
        };
        self.record(step, target, outcome);
    }

    /// The finished report.
    pub fn finish(self) -> Report {
        self.report
    }
}

/// An error in one line: HTTP status, then the ARM or Graph error code and message when the
/// body has them, else azure_core's own text.
pub fn describe(error: &azure_core::Error) -> String {
    let body = error
        .cloud_error()
        .and_then(|e| e.error)
        .map(|e| (e.code, e.message))
        .or_else(|| error.odata_error().and_then(|e| e.error).map(|e| (e.code, e.message)));
    match (error.status(), body) {
        (Some(status), Some((code, message))) => format!(
            "HTTP {} {}: {}",
            u16::from(status),
            code.unwrap_or_default(),
            message.unwrap_or_default()
        ),
        (Some(status), None) => format!("HTTP {}: {error}", u16::from(status)),
        (None, _) => with_causes(error),
    }
}

/// `error: cause: cause…`; azure_core's own text often hides the cause (a failed sign-in shows
/// as "non-transport error occurred which will not be retried").
fn with_causes(error: &azure_core::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
