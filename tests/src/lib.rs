//! Cross-crate tests live in tests/tests/; this library holds helpers they share.

pub mod credential;
pub mod prism;
pub mod replay;
pub mod tls_server;
