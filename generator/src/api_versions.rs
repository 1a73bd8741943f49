//! Several api-versions of one service side by side. A manifest service with `side_by_side`
//! versions becomes one service per version, each in its own module (`network::v2023_11_01`)
//! behind its own feature (`network_2023_11_01`); the service's own module and feature
//! (`network`) re-export its `api_version`, which must be the newest stable one.
//!
//! Versions live in an upstream-style layout: an entry's path names its version as one segment
//! (`.../stable/2024-05-01/bastionHost.json`), previews under `preview/`.

use std::path::{Component, Path, PathBuf};

use crate::config::{ServiceConfig, VersionGroup};
use crate::diag::{Diagnostic, Diagnostics};

/// One service per generated api-version, in manifest order (a group's versions oldest first).
pub fn expand(services: &[ServiceConfig]) -> Result<Vec<ServiceConfig>, Diagnostics> {
    let mut out = Vec::new();
    let mut errors = Diagnostics::default();
    for service in services {
        if service.side_by_side.is_empty() {
            out.push(service.clone());
            continue;
        }
        match versions_of(service) {
            Ok(versions) => out.extend(versions),
            Err(e) => errors.0.push(e),
        }
    }
    if errors.has_errors() { Err(errors) } else { Ok(out) }
}

fn versions_of(service: &ServiceConfig) -> Result<Vec<ServiceConfig>, Diagnostic> {
    let error = |message: String| {
        Diagnostic::error(format!("service `{}`: {message}", service.name))
            .hint("side_by_side lists older api-versions; api_version is the default, the newest stable")
    };
    let Some(default) = service.api_version.as_deref() else {
        return Err(error("side_by_side needs an api_version (the default version)".into()));
    };
    let mut versions = vec![default];
    for other in &service.side_by_side {
        let v = other.api_version.as_str();
        if versions.contains(&v) {
            return Err(error(format!("api-version {v} is listed twice")));
        }
        if !is_preview(v) && (is_preview(default) || v > default) {
            return Err(error(format!(
                "{v} is a newer stable api-version than the default {default}: make it the api_version"
            )));
        }
        versions.push(v);
    }
    versions.sort_unstable();
    let mut out = Vec::new();
    for version in versions {
        let mut s = service.clone();
        let suffix = version_suffix(version);
        s.module = format!("{}::v{suffix}", service.module);
        s.feature = format!("{}_{suffix}", service.feature);
        s.side_by_side.clear();
        s.api_version = Some(version.to_string());
        s.version_group = Some(VersionGroup {
            module: service.module.clone(),
            feature: service.feature.clone(),
            is_default: version == default,
        });
        if version != default {
            s.name = format!("{}_{suffix}", service.name);
            s.docs_url = service
                .side_by_side
                .iter()
                .find(|o| o.api_version == version)
                .and_then(|o| o.docs_url.clone());
            s.entry = entries_for(service, version).map_err(error)?;
        }
        out.push(s);
    }
    Ok(out)
}

/// The service's entry files at another api-version: its `api_version` segment replaced.
pub fn entries_for(service: &ServiceConfig, version: &str) -> Result<Vec<PathBuf>, String> {
    let Some(current) = service.api_version.as_deref() else {
        return Err("no api_version to replace in its entry paths".into());
    };
    service
        .entry
        .iter()
        .map(|e| {
            entry_for(e, current, version)
                .ok_or_else(|| format!("entry `{}` has no `{current}` path segment to replace", e.display()))
        })
        .collect()
}

/// `2023-11-01` → `2023_11_01`, `2024-01-01-preview` → `2024_01_01_preview`.
fn version_suffix(version: &str) -> String {
    version
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

pub fn is_preview(version: &str) -> bool {
    version.contains("preview") || version.contains("beta") || version.contains("alpha")
}

/// The entry path with its version segment replaced (and `stable/` ↔ `preview/` to match):
/// `None` when the path names no version.
pub fn entry_for(entry: &Path, from: &str, to: &str) -> Option<PathBuf> {
    let (old_kind, new_kind) = (kind(from), kind(to));
    let mut found = false;
    let parts: Vec<Component> = entry.components().collect();
    let mut out = PathBuf::new();
    for (i, c) in parts.iter().enumerate() {
        let next_is_version = parts.get(i + 1).is_some_and(|n| n.as_os_str() == from);
        match c {
            Component::Normal(s) if *s == from => {
                found = true;
                out.push(to);
            }
            Component::Normal(s) if next_is_version && *s == old_kind => out.push(new_kind),
            other => out.push(other),
        }
    }
    found.then_some(out)
}

fn kind(version: &str) -> &'static str {
    if is_preview(version) { "preview" } else { "stable" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SideBySide;

    #[test]
    fn version_segment_is_replaced() {
        let cases = [
            (
                "a/stable/2024-05-01/x.json",
                "2024-05-01",
                "2023-11-01",
                Some("a/stable/2023-11-01/x.json"),
            ),
            (
                "a/stable/2024-05-01/x.json",
                "2024-05-01",
                "2025-01-01-preview",
                Some("a/preview/2025-01-01-preview/x.json"),
            ),
            (
                "stable/a/preview/2025-01-01-preview/x.json",
                "2025-01-01-preview",
                "2024-05-01",
                Some("stable/a/stable/2024-05-01/x.json"),
            ),
            ("a/v1.0/x.yml", "2024-05-01", "2023-11-01", None),
        ];
        for (entry, from, to, expected) in cases {
            assert_eq!(
                entry_for(Path::new(entry), from, to),
                expected.map(PathBuf::from),
                "{entry}"
            );
        }
    }

    fn network(default: &str, others: &[&str]) -> ServiceConfig {
        ServiceConfig {
            name: "network".into(),
            module: "network".into(),
            feature: "network".into(),
            api_version: Some(default.into()),
            entry: vec![format!("n/stable/{default}/b.json").into()],
            docs_url: Some("default-url".into()),
            side_by_side: others
                .iter()
                .map(|v| SideBySide {
                    api_version: v.to_string(),
                    docs_url: Some(format!("url-{v}")),
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn each_version_gets_its_module_feature_and_entries() {
        let out = expand(&[network("2024-05-01", &["2023-11-01"])]).unwrap();
        let summary: Vec<_> = out
            .iter()
            .map(|s| {
                (
                    s.name.as_str(),
                    s.module.as_str(),
                    s.feature.as_str(),
                    s.entry[0].to_str().unwrap(),
                    s.docs_url.as_deref().unwrap(),
                    s.version_group.as_ref().is_some_and(|g| g.is_default),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "network_2023_11_01",
                    "network::v2023_11_01",
                    "network_2023_11_01",
                    "n/stable/2023-11-01/b.json",
                    "url-2023-11-01",
                    false
                ),
                (
                    "network",
                    "network::v2024_05_01",
                    "network_2024_05_01",
                    "n/stable/2024-05-01/b.json",
                    "default-url",
                    true
                ),
            ]
        );
        assert_eq!(
            out[0].version_group,
            Some(VersionGroup {
                module: "network".into(),
                feature: "network".into(),
                is_default: false,
            })
        );
    }

    #[test]
    fn a_service_without_side_by_side_is_unchanged() {
        let out = expand(&[network("2024-05-01", &[])]).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].module.as_str(), out[0].version_group.is_none()),
            ("network", true)
        );
    }

    #[test]
    fn the_default_must_be_the_newest_stable() {
        let err = expand(&[network("2023-11-01", &["2024-05-01"])])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("2024-05-01 is a newer stable api-version than the default 2023-11-01"),
            "{err}"
        );
        // A newer preview beside an older stable default is fine.
        assert!(expand(&[network("2023-11-01", &["2025-01-01-preview"])]).is_ok());
        let err = expand(&[network("2024-05-01", &["2024-05-01"])])
            .unwrap_err()
            .to_string();
        assert!(err.contains("listed twice"), "{err}");
    }
}
