//! One reported difference and the report that collects them.

use serde::Serialize;

/// Which way data flows through a schema: what the client sends, what it receives, or both.
/// Whether a change breaks callers depends on it (a new required property breaks requests, a
/// property that stops being guaranteed breaks responses).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub struct Direction {
    pub request: bool,
    pub response: bool,
}

impl Direction {
    pub const REQUEST: Direction = Direction {
        request: true,
        response: false,
    };
    pub const RESPONSE: Direction = Direction {
        request: false,
        response: true,
    };

    pub fn union(self, other: Direction) -> Direction {
        Direction {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }
}

/// How a change affects existing callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Existing callers can fail (openapi-diff: breaking change).
    Breaking,
    /// Callers keep working.
    NonBreaking,
    /// Descriptions, summaries, examples: nothing a program sees.
    Docs,
}

impl Impact {
    pub fn breaking_if(condition: bool) -> Impact {
        if condition {
            Impact::Breaking
        } else {
            Impact::NonBreaking
        }
    }
}

/// One difference between the old and the new API document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiChange {
    pub impact: Impact,
    /// The openapi-diff rule name where one applies (`RemovedOperation`, `AddedEnumValue`, ...).
    pub rule: &'static str,
    /// Where: `GET /subscriptions/{}/...` or `model BastionHost.properties`.
    pub location: String,
    pub message: String,
}

/// One difference in the generated crate's public Rust items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RustChange {
    pub impact: Impact,
    /// `network::models::BastionHostSkuName::Premium`.
    pub item: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub note: String,
}

/// Everything `specgen diff` found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DiffReport {
    pub old: String,
    pub new: String,
    pub api: Vec<ApiChange>,
    /// `None` when the Rust surface could not be generated (the reason is in `notes`).
    pub rust: Option<Vec<RustChange>>,
    pub notes: Vec<String>,
}

impl DiffReport {
    pub fn api_breaking(&self) -> usize {
        self.api.iter().filter(|c| c.impact == Impact::Breaking).count()
    }

    pub fn rust_breaking(&self) -> usize {
        self.rust
            .iter()
            .flatten()
            .filter(|c| c.impact == Impact::Breaking)
            .count()
    }

    /// The exit status: anything breaking, in the API or in the Rust surface.
    pub fn is_breaking(&self) -> bool {
        self.api_breaking() + self.rust_breaking() > 0
    }
}

/// Collects API changes while walking both documents.
#[derive(Debug, Default)]
pub struct Changes(pub Vec<ApiChange>);

impl Changes {
    pub fn push(
        &mut self,
        impact: Impact,
        rule: &'static str,
        location: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(ApiChange {
            impact,
            rule,
            location: location.into(),
            message: message.into(),
        });
    }
}
