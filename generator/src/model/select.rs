//! Which operations a service exposes, and at which path: the manifest's path transforms
//! (namespace stripping, `/me` aliases) and include/exclude globs.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::config::{PathAlias, Transforms};
use crate::diag::Diagnostic;

/// Path as users call it: `microsoft.graph.revokeSignInSessions` → `revokeSignInSessions`.
pub fn transform_path(path: &str, transforms: &Transforms) -> String {
    match &transforms.strip_segment_prefix {
        Some(prefix) if !prefix.is_empty() => path
            .split('/')
            .map(|segment| segment.strip_prefix(prefix.as_str()).unwrap_or(segment))
            .collect::<Vec<_>>()
            .join("/"),
        _ => path.to_string(),
    }
}

/// Globs over `PATH#METHOD` (`*` stays inside one segment, `**` crosses them) or operationIds.
pub struct Selector {
    include: Option<(GlobSet, Vec<String>)>,
    exclude: GlobSet,
}

fn build(patterns: &[String]) -> Result<GlobSet, Diagnostic> {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = GlobBuilder::new(pattern)
            .literal_separator(true)
            .case_insensitive(true)
            .build()
            .map_err(|e| Diagnostic::error(format!("invalid operation glob `{pattern}`: {e}")))?;
        set.add(glob);
    }
    set.build()
        .map_err(|e| Diagnostic::error(format!("invalid operation globs: {e}")))
}

impl Selector {
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self, Diagnostic> {
        let include = if include.is_empty() {
            None
        } else {
            Some((build(include)?, include.to_vec()))
        };
        Ok(Selector {
            include,
            exclude: build(exclude)?,
        })
    }

    fn keys(path: &str, method: &str, operation_id: &str) -> [String; 2] {
        [format!("{path}#{}", method.to_uppercase()), operation_id.to_string()]
    }

    /// Indices of the include patterns this operation matches (empty = not included).
    pub fn matches(&self, path: &str, method: &str, operation_id: &str) -> Option<Vec<usize>> {
        let keys = Self::keys(path, method, operation_id);
        if keys.iter().any(|k| self.exclude.is_match(k)) {
            return None;
        }
        match &self.include {
            None => Some(Vec::new()),
            Some((set, _)) => {
                let mut hits: Vec<usize> = keys.iter().flat_map(|k| set.matches(k)).collect();
                hits.sort_unstable();
                hits.dedup();
                (!hits.is_empty()).then_some(hits)
            }
        }
    }

    /// Include patterns that matched nothing: almost always a typo in the manifest.
    pub fn unused(&self, used: &[bool]) -> Vec<String> {
        match &self.include {
            None => Vec::new(),
            Some((_, patterns)) => patterns
                .iter()
                .zip(used.iter().chain(std::iter::repeat(&false)))
                .filter(|(_, used)| !**used)
                .map(|(p, _)| p.clone())
                .collect(),
        }
    }

    pub fn include_count(&self) -> usize {
        self.include.as_ref().map_or(0, |(_, p)| p.len())
    }
}

/// The aliased path of `path` under `alias` (`/users/{user-id}/x` → `/me/x`), if it applies.
pub fn alias_path(path: &str, alias: &PathAlias) -> Option<String> {
    let rest = path.strip_prefix(alias.from.as_str())?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    Some(format!("{}{rest}", alias.to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_namespace_segments() {
        let t = Transforms {
            strip_segment_prefix: Some("microsoft.graph.".into()),
            ..Default::default()
        };
        assert_eq!(
            transform_path("/users/{user-id}/microsoft.graph.revokeSignInSessions", &t),
            "/users/{user-id}/revokeSignInSessions"
        );
        assert_eq!(transform_path("/users", &t), "/users");
    }

    #[test]
    fn globs_match_one_segment_per_star() {
        let s = Selector::new(
            &["/users/*/revokeSignInSessions#POST".into(), "BastionHosts_*".into()],
            &[],
        )
        .unwrap();
        assert!(
            s.matches("/users/{user-id}/revokeSignInSessions", "post", "x")
                .is_some()
        );
        assert!(s.matches("/users/{user-id}/revokeSignInSessions", "get", "x").is_none());
        assert!(s.matches("/users/a/b/revokeSignInSessions", "post", "x").is_none());
        assert!(s.matches("/x", "get", "BastionHosts_Get").is_some());
        let all = Selector::new(&[], &["*_Delete".into()]).unwrap();
        assert!(all.matches("/x", "get", "A_Get").is_some());
        assert!(all.matches("/x", "delete", "A_Delete").is_none());
    }

    #[test]
    fn aliases_replace_the_prefix() {
        let alias = PathAlias {
            from: "/users/{user-id}".into(),
            to: "/me".into(),
            resource: "me".into(),
            include: vec![],
        };
        assert_eq!(
            alias_path("/users/{user-id}/revokeSignInSessions", &alias).as_deref(),
            Some("/me/revokeSignInSessions")
        );
        assert_eq!(alias_path("/users/{user-id}", &alias).as_deref(), Some("/me"));
        assert_eq!(alias_path("/users/{user-id}x", &alias), None);
        assert_eq!(alias_path("/groups", &alias), None);
    }
}
