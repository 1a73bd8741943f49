//! Hand-written runtime shared by every generated client.
//!
//! The generator copies these files verbatim; generated code calls only the API re-exported
//! here (see `generator/runtime/CONTRACT.md`). azure_core 1.1 provides the HTTP pipeline,
//! credentials, `Pager` and `Poller`; this module adds what it lacks: endpoint tables, safe path
//! segments, ARM long-running-operation rules and typed ARM / Graph error bodies.

pub mod cloud;
pub mod datetime;
pub mod error;
pub mod form;
pub mod lro;
pub mod macros;
pub mod paging;
pub mod path;
pub mod query;
pub mod read_only;
pub mod request;

pub use cloud::{Cloud, CustomCloud};
pub use error::ErrorExt;
pub use lro::{FinalStateVia, LroPoller, LroStatus};
pub use paging::{PageResponse, Paged, Pager};
pub use request::{MethodOptions, RequestBuilder, ServiceClient};
