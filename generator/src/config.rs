//! What to generate: one crate made of one or more services (prost-build style: plain data,
//! filled from `specs/specs.toml` by xtask or from flags by the CLI).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

/// The generated crate as a whole.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// Package name of the generated crate (`session_clients`).
    pub name: String,
    pub version: String,
    /// The command named in every file's `@generated` header.
    #[serde(default = "default_command")]
    pub command: String,
}

fn default_command() -> String {
    "specgen".to_string()
}

/// How the service authenticates and where it lives; decides scopes, endpoints and error types.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    /// Azure Resource Manager: management endpoint per cloud, ARM LRO rules, CloudError.
    Arm,
    /// Microsoft Graph: graph endpoint per cloud plus a version path, ODataError.
    Graph,
    /// Any other API: endpoint from the spec's `servers`, caller-supplied scopes.
    #[default]
    Plain,
}

/// One service of the crate: one client, one module, one Cargo feature.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    /// Manifest key (`network`).
    pub name: String,
    /// Rust module path inside the crate, `::`-separated (`network`, `graph::v1_0`).
    pub module: String,
    /// Cargo feature that enables the module.
    pub feature: String,
    /// Client type name (`NetworkClient`).
    pub client: String,
    #[serde(default)]
    pub flavor: Flavor,
    /// Default api-version (Azure); also shown in docs. `None` for unversioned APIs.
    #[serde(default)]
    pub api_version: Option<String>,
    /// Entry files, relative to the specs root.
    pub entry: Vec<PathBuf>,
    /// Operation selection: globs over `PATH#METHOD` (path after transforms, `*` = one segment)
    /// or over operationIds. Empty include = everything.
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    /// operationId → `resource` or `resource.method`: where an operation lives in the client.
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
    /// operationId prefix → resource name (`user` → `users`).
    #[serde(default)]
    pub resources: BTreeMap<String, String>,
    /// Navigation properties to generate, by wire name (`manager`), or `*` for all; the others
    /// are left out of the structs and kept in `additional_properties` when sent (see
    /// `model/navigation.rs`).
    #[serde(default)]
    pub expand: Vec<String>,
    /// Path transforms applied before selection and naming.
    #[serde(default)]
    pub transforms: Transforms,
    /// Link to the upstream spec, shown in every operation's docs.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// Older api-versions generated next to `api_version` (see `api_versions.rs`).
    #[serde(default)]
    pub side_by_side: Vec<SideBySide>,
    /// How many api-versions `cargo xtask bump` keeps generated: the new one and the newest
    /// older ones (default: as many as there are now).
    #[serde(default)]
    pub keep: Option<usize>,
    /// Set by `api_versions::expand` on every version of a side-by-side group.
    #[serde(skip)]
    pub version_group: Option<VersionGroup>,
}

/// An api-version generated beside the default one, from the entries with the version segment
/// replaced.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideBySide {
    pub api_version: String,
    /// Link to this version's upstream spec.
    #[serde(default)]
    pub docs_url: Option<String>,
}

/// Membership in a side-by-side group: its module and feature (`network`), which re-export the
/// default api-version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionGroup {
    pub module: String,
    pub feature: String,
    pub is_default: bool,
}

/// Manifest-level corrections of upstream quirks; each one documented where it is used.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transforms {
    /// Remove this namespace prefix from path segments (`microsoft.graph.`), so
    /// `/users/{user-id}/microsoft.graph.revokeSignInSessions` is called as Graph's docs show it.
    #[serde(default)]
    pub strip_segment_prefix: Option<String>,
    /// Also expose operations under `from` at `to` without the key parameter
    /// (`/users/{user-id}` → `/me`), in resource `resource`.
    #[serde(default)]
    pub alias: Vec<PathAlias>,
    /// Do not mark operations `#[deprecated]` (Graph beta slices mark every operation).
    #[serde(default)]
    pub ignore_deprecated: bool,
    /// JSON merge patches (RFC 7396) applied to the loaded document before it is normalized:
    /// corrections of upstream omissions, each with its reason. The vendored file is untouched.
    #[serde(default)]
    pub patch: Vec<Patch>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    /// JSON pointer in the bundled document (Swagger 2.0 pointers for Swagger specs).
    pub pointer: String,
    /// Merged into the node at `pointer`.
    pub merge: serde_json::Value,
    /// Why upstream needs this correction (shown in reviews, required so none is unexplained).
    pub reason: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathAlias {
    pub from: String,
    pub to: String,
    pub resource: String,
    /// Only operations whose transformed path matches one of these globs get the alias.
    #[serde(default)]
    pub include: Vec<String>,
}
