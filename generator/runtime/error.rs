//! Typed ARM and Graph error bodies, reachable from any `azure_core::Error` of a generated call.
//!
//! azure_core keeps the whole failed response in `ErrorKind::HttpResponse { raw_response, .. }`
//! but only extracts `error.code`; these models decode the rest without losing unknown fields.

use azure_core::{
    error::ErrorKind,
    http::{RawResponse, StatusCode},
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Access to the HTTP details of an error returned by a generated call.
pub trait ErrorExt {
    /// HTTP status of the failed response, if the error came from a response.
    fn status(&self) -> Option<StatusCode>;
    /// The whole error body, as received.
    fn raw_body(&self) -> Option<&[u8]>;
    /// The body decoded as an ARM `CloudError` (`{"error": {code, message, target, details}}`).
    fn cloud_error(&self) -> Option<CloudError>;
    /// The body decoded as a Graph `ODataError` (`{"error": {code, message, innerError...}}`).
    fn odata_error(&self) -> Option<ODataError>;
}

impl ErrorExt for azure_core::Error {
    fn status(&self) -> Option<StatusCode> {
        match self.kind() {
            ErrorKind::HttpResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    fn raw_body(&self) -> Option<&[u8]> {
        raw_response(self).map(|raw| raw.body().as_ref())
    }

    fn cloud_error(&self) -> Option<CloudError> {
        decode(self)
    }

    fn odata_error(&self) -> Option<ODataError> {
        decode(self)
    }
}

fn raw_response(error: &azure_core::Error) -> Option<&RawResponse> {
    match error.kind() {
        ErrorKind::HttpResponse {
            raw_response: Some(raw),
            ..
        } => Some(raw),
        _ => None,
    }
}

/// Decodes only bodies that really carry an `error` object, so a non-JSON or unrelated body
/// gives `None` rather than an empty model.
fn decode<E: serde::de::DeserializeOwned + HasError>(error: &azure_core::Error) -> Option<E> {
    let body = raw_response(error)?.body();
    let decoded: E = serde_json::from_slice(body.as_ref()).ok()?;
    decoded.has_error().then_some(decoded)
}

trait HasError {
    fn has_error(&self) -> bool;
}

/// ARM error response (common-types `ErrorResponse` / `CloudError`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CloudError {
    /// The error details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<CloudErrorBody>,
    /// Fields this model does not name, kept as received.
    #[serde(flatten)]
    pub additional: Map<String, Value>,
}

impl HasError for CloudError {
    fn has_error(&self) -> bool {
        self.error.is_some()
    }
}

/// ARM error details; `details` nests the same shape.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CloudErrorBody {
    /// Machine-readable error code, e.g. `ResourceNotFound`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Human-readable message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What the error is about (a property, a resource...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Nested errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<CloudErrorBody>>,
    /// Fields this model does not name (`additionalInfo`...), kept as received.
    #[serde(flatten)]
    pub additional: Map<String, Value>,
}

/// Microsoft Graph error response (`microsoft.graph.ODataErrors.ODataError`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ODataError {
    /// The error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ODataMainError>,
    /// Fields this model does not name, kept as received.
    #[serde(flatten)]
    pub additional: Map<String, Value>,
}

impl HasError for ODataError {
    fn has_error(&self) -> bool {
        self.error.is_some()
    }
}

/// Graph `MainError`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ODataMainError {
    /// Error code, e.g. `Request_ResourceNotFound`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Human-readable message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What the error is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Detailed errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<ODataErrorDetail>>,
    /// Service-specific diagnostics (`request-id`, `client-request-id`, `date`...).
    #[serde(
        default,
        rename = "innerError",
        alias = "innererror",
        skip_serializing_if = "Option::is_none"
    )]
    pub inner_error: Option<Map<String, Value>>,
    /// Fields this model does not name, kept as received.
    #[serde(flatten)]
    pub additional: Map<String, Value>,
}

/// Graph `ErrorDetails`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ODataErrorDetail {
    /// Error code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Human-readable message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What the error is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Fields this model does not name, kept as received.
    #[serde(flatten)]
    pub additional: Map<String, Value>,
}
