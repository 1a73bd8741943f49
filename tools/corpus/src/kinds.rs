//! Warning kinds for the summary table: each warning message reduced to its template (the
//! backquoted names taken out), and the templates seen on real specs given a short name.

/// `(words the message contains, short name)`, first match wins.
const KNOWN: &[(&str, &str)] = &[
    ("typed as serde_json::Value", "value-fallback"),
    ("is typed as its base object", "inline-discriminator"),
    ("discriminator value", "discriminator-value"),
    ("duplicate operationId", "duplicate-operation-id"),
    ("has no operationId", "no-operation-id"),
    ("both become", "name-collision"),
    ("generated code imports", "crate-name"),
    ("the service module has itself", "crate-name"),
    ("the generated struct has itself", "crate-name"),
    ("options struct", "crate-name"),
    ("clashes with a different", "bundle-rename"),
    ("collides with", "name-collision"),
    ("renamed", "renamed"),
    ("media type", "media-type"),
    ("success responses have different types", "mixed-success-types"),
    ("no success response declared", "no-success-response"),
    ("x-ms-pageable", "paging"),
    ("page type", "paging"),
    ("treated as one page", "paging"),
    ("cookie parameter", "cookie-parameter"),
    ("client-level", "client-parameter"),
    ("uses `content`", "content-parameter"),
    ("path item references", "path-item-ref"),
    ("is not supported by azure_core", "http-method"),
    ("server URL", "server-url"),
    ("repeats the path", "duplicate-path"),
    ("body parameter", "body-parameter"),
    ("formData", "form-data"),
    ("allOf", "allof-cycle"),
    ("webhooks", "webhooks"),
    ("pathItems", "path-items"),
    ("api-version", "api-version"),
    ("Box", "recursion"),
    ("deprecated", "deprecated"),
];

/// The short kind of a warning message (`other` when no template matches).
pub fn of(message: &str) -> &'static str {
    KNOWN
        .iter()
        .find(|(words, _)| message.contains(words))
        .map(|(_, kind)| *kind)
        .unwrap_or("other")
}

/// True for the warnings that say a schema became `serde_json::Value` because the generator
/// could not type it (free-form schemas typed as `Value` are no fallback and not warned about).
pub fn is_value_fallback(message: &str) -> bool {
    message.contains("serde_json::Value")
}
