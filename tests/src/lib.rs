//! Cross-crate tests live in tests/tests/; this library holds helpers they share.

pub mod prism;
pub mod replay;
pub mod tls_server;
