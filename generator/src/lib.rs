//! specgen: Swagger 2.0 / OpenAPI 3.0 specs in, an async Rust client crate (azure_core 1.x) out.
//!
//! Pipeline: [`load`] → [`normalize`] → [`model`] → [`emit`]. Data flows one way; only `model`
//! knows OpenAPI, only `emit` knows Rust syntax.

pub mod diag;
pub mod load;
pub mod normalize;
