//! Stage 1, load: read the entry files (JSON or YAML) and every file their `$ref`s reach, and
//! bundle them into ONE document whose `$ref`s are all local (`#/...`).
//!
//! Contract (used by `normalize` and `model`):
//! - [`load`] takes the entry files of one service (e.g. `bastionHost.json`, or Graph's
//!   `Users.yml` + `Users.Actions.yml`) and returns a [`Bundle`].
//! - Definitions pulled from other files are copied into the bundle under the section they came
//!   from (`definitions`, `parameters`, `responses` for Swagger 2.0; `components/*` for OpenAPI 3).
//!   Name clashes between different nodes get deterministic, file-derived names; identical nodes
//!   are merged.
//! - `x-ms-examples` subtrees are not followed (their `$ref`s point at example files).
//! - [`SourceMap::locate`] maps any pointer of the bundled document back to the file and pointer
//!   the node was read from, so later stages can report `bastionHost.json#/paths/...`.
//! - Unreadable files, invalid JSON/YAML (with line/column), dangling `$ref`s and unknown spec
//!   versions are errors naming file and pointer. Never panics.
