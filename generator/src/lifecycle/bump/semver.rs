//! The generated crate's version after a bump, from the diff: a breaking change (in the API or
//! in the Rust surface) is a major bump, or a minor one below 1.0 (Cargo treats `0.x` → `0.x+1`
//! as incompatible); an addition (an operation, a property, an enum value, a new api-version
//! sent) is a minor bump; a change no program sees (descriptions, examples) is a patch.

use std::fmt;

use anyhow::{Result, bail};

use crate::lifecycle::diff::{DiffReport, Impact};

/// How a diff changes the crate for its users.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Breaking,
    Additive,
    DocsOnly,
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::DocsOnly => "documentation only",
        })
    }
}

pub fn classify(report: &DiffReport) -> Class {
    let rust = report.rust.iter().flatten();
    if report.is_breaking() {
        Class::Breaking
    } else if report.api.iter().any(|c| c.impact == Impact::NonBreaking)
        || rust.clone().any(|c| c.impact == Impact::NonBreaking)
    {
        Class::Additive
    } else {
        Class::DocsOnly
    }
}

/// `MAJOR.MINOR.PATCH` after a change of `class`.
pub fn next(version: &str, class: Class) -> Result<String> {
    let parts: Vec<u64> = version
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    let [major, minor, patch] = parts[..] else {
        bail!(
            "the crate version `{version}` is not MAJOR.MINOR.PATCH: bump sets the version from the diff and needs one"
        );
    };
    Ok(match (class, major) {
        (Class::Breaking, 0) | (Class::Additive, _) => format!("{major}.{}.0", minor + 1),
        (Class::Breaking, _) => format!("{}.0.0", major + 1),
        (Class::DocsOnly, _) => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// One sentence for the CHANGELOG: the versions and why.
pub fn reason(report: &DiffReport, from: &str, to: &str) -> String {
    let class = classify(report);
    let count = |impact| report.api.iter().filter(|c| c.impact == impact).count();
    let rust = |impact| report.rust.iter().flatten().filter(|c| c.impact == impact).count();
    let why = match class {
        Class::Breaking => format!(
            "breaking changes ({} in the API, {} in the Rust surface){}",
            count(Impact::Breaking),
            rust(Impact::Breaking),
            if from.starts_with("0.") {
                "; below 1.0 a breaking change bumps the minor version"
            } else {
                ""
            }
        ),
        Class::Additive => format!(
            "additions only ({} in the API, {} in the Rust surface), nothing breaking",
            count(Impact::NonBreaking),
            rust(Impact::NonBreaking)
        ),
        Class::DocsOnly => format!("documentation only ({} change(s) no program sees)", count(Impact::Docs)),
    };
    format!("Version {from} → {to}: {why}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_version_per_class() {
        for (from, class, to) in [
            ("0.1.0", Class::Breaking, "0.2.0"),
            ("0.1.3", Class::Breaking, "0.2.0"),
            ("1.4.2", Class::Breaking, "2.0.0"),
            ("0.1.3", Class::Additive, "0.2.0"),
            ("1.4.2", Class::Additive, "1.5.0"),
            ("0.1.3", Class::DocsOnly, "0.1.4"),
            ("1.4.2", Class::DocsOnly, "1.4.3"),
        ] {
            assert_eq!(next(from, class).unwrap(), to, "{from} {class}");
        }
        for bad in ["1.0", "1.0.0-beta.1", "x.y.z", ""] {
            assert!(next(bad, Class::DocsOnly).is_err(), "{bad}");
        }
    }
}
