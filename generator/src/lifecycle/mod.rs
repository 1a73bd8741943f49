//! The life of a generated crate after its first generation, for any project with a manifest
//! (`specs.toml`): what changed between two versions of an API ([`diff`]), whether the vendored
//! specs, the generated crate or upstream moved on ([`drift`]), and vendoring another
//! api-version with the crate's version bumped from the diff ([`bump`]). The `specgen diff |
//! drift | bump` subcommands ([`cli`]) and this repository's `cargo xtask` drive the same code.
//!
//! Code map:
//! - [`manifest`]: `specs.toml` (crate, services, vendored `[[file]]` records).
//! - [`project`]: a manifest, its specs root and its generated crate: generate, check, write.
//! - [`check`]: sha256 of vendored files, committed output equal to the generator's.
//! - [`diff`]: the semantic API diff and the Rust-surface diff, classified breaking or not.
//! - [`upstream`]: where a vendored file lives upstream, in a checkout or a git repository
//!   ([`git`]: sparse, partial fetch of only the paths needed).
//! - [`versions`]: api-versions in an upstream layout (`.../stable/2024-05-01/x.json`).
//! - [`drift`]: vendored files against their hashes and upstream; generated crate current;
//!   newer api-versions upstream.
//! - [`bump`]: vendor another api-version (its `$ref` closure and examples), regenerate, set the
//!   crate version from the diff ([`bump::semver`]) and record it in the CHANGELOG.
//! - [`cli`]: the subcommands' arguments and output.

pub mod bump;
pub mod check;
pub mod cli;
pub mod diff;
pub mod drift;
pub mod git;
pub mod manifest;
pub mod project;
pub mod upstream;
pub mod versions;

pub use project::Project;
