//! Hand-written runtime shared by every generated client.
//!
//! The generator copies these files verbatim; generated code calls only the API re-exported
//! here (see `generator/runtime/CONTRACT.md`). azure_core 1.1 provides the HTTP pipeline,
//! credentials, `Pager` and `Poller`; this module adds what it lacks: endpoint tables, safe path
//! segments, ARM long-running-operation rules, typed ARM / Graph error bodies, a bearer token
//! that never leaves the endpoint's origin, bounds on every wait, and `Debug` without secrets.

pub mod binary;
pub mod cloud;
pub mod datetime;
pub mod error;
pub mod form;
pub mod limits;
pub mod lro;
pub mod macros;
pub mod multipart;
pub mod origin;
pub mod paging;
pub mod path;
pub mod query;
pub mod read_only;
pub mod redact;
pub mod request;
pub mod text;
pub mod union;

pub use cloud::{Cloud, CustomCloud};
pub use error::ErrorExt;
pub use limits::Limits;
pub use lro::{FinalStateVia, LroPoller, LroStatus};
pub use origin::TrustedOrigins;
pub use paging::{PageResponse, Paged, Pager};
pub use request::{MethodOptions, RequestBuilder, ServiceClient};
