//! The real-spec corpus (`tests/cli-specs`): which specs it holds ([`entries`]), that they are the
//! vendored bytes ([`manifest`]), what the generator makes of each ([`generate`]), whether the
//! crates compile and pass clippy ([`build`]), and the summary table ([`table`]).

pub mod build;
pub mod entries;
pub mod generate;
pub mod kinds;
pub mod manifest;
pub mod spec_ops;
pub mod table;

use std::path::{Path, PathBuf};

/// `tests/cli-specs` of this workspace.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cli-specs")
}
