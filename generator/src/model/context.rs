//! Shared state of the model stage: the document, where its nodes came from, and the
//! diagnostics collected so far.

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::SourceMap;

pub struct Context<'a> {
    pub doc: &'a OpenAPI,
    pub source_map: &'a SourceMap,
    pub diagnostics: Diagnostics,
    /// `$ref` cycles already reported (their sorted member names).
    reported_cycles: std::collections::HashSet<String>,
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a OpenAPI, source_map: &'a SourceMap) -> Self {
        Context {
            doc,
            source_map,
            diagnostics: Diagnostics::default(),
            reported_cycles: Default::default(),
        }
    }

    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let location = self.source_map.locate(pointer);
        self.diagnostics.push(Diagnostic::warning(message).at(location));
    }

    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let location = self.source_map.locate(pointer);
        self.diagnostics.push(Diagnostic::error(message).at(location));
    }

    /// Resolves `#/components/schemas/NAME` to its name and schema, following components that
    /// are themselves references (`A: {$ref: B}` resolves to `B`). A chain that comes back to
    /// itself has no schema to type: an error, reported once per cycle.
    pub fn schema(&mut self, reference: &str, from: &str) -> Option<(&'a str, &'a Schema)> {
        let doc = self.doc;
        let lookup = |reference: &str| {
            let name = reference.strip_prefix("#/components/schemas/")?;
            doc.components.as_ref()?.schemas.get_key_value(unescape(name).as_str())
        };
        let mut chain: Vec<&'a str> = Vec::new();
        let mut current = reference.to_string();
        loop {
            let Some((key, value)) = lookup(&current) else {
                let message = match chain.last() {
                    Some(last) => format!(
                        "cannot resolve schema reference `{current}` (reached through `{reference}`, which refers to `{last}`)"
                    ),
                    None => format!("cannot resolve schema reference `{reference}`"),
                };
                self.error(from, message);
                return None;
            };
            match value {
                ReferenceOr::Item(schema) => return Some((key.as_str(), schema)),
                ReferenceOr::Reference { reference: next } => {
                    if let Some(start) = chain.iter().position(|c| *c == key.as_str()) {
                        let cycle = &chain[start..];
                        let mut sorted = cycle.to_vec();
                        sorted.sort_unstable();
                        if self.reported_cycles.insert(sorted.join("\n")) {
                            let mut names: Vec<String> = cycle.iter().map(|n| format!("`{n}`")).collect();
                            names.push(format!("`{key}`"));
                            let location = self
                                .source_map
                                .locate(&format!("/components/schemas/{}", escape(cycle[0])));
                            let used_at = self.source_map.locate(from);
                            self.diagnostics.push(
                                Diagnostic::error(format!(
                                    "`$ref` cycle {}: these schemas only refer to each other, so there is no type to generate",
                                    names.join(" → ")
                                ))
                                .at(location)
                                .hint(format!("used at {used_at}; one of them must define a schema (`type`, `properties`, ...)")),
                            );
                        }
                        return None;
                    }
                    chain.push(key.as_str());
                    current = next.clone();
                }
            }
        }
    }

    pub fn parameter(&mut self, item: &'a ReferenceOr<Parameter>, from: &str) -> Option<(&'a Parameter, bool)> {
        match item {
            ReferenceOr::Item(p) => Some((p, false)),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| self.doc.components.as_ref()?.parameters.get(unescape(name).as_str()))
                    .and_then(ReferenceOr::as_item);
                if found.is_none() {
                    self.error(from, format!("cannot resolve parameter reference `{reference}`"));
                }
                found.map(|p| (p, true))
            }
        }
    }

    /// Resolves a request body; for a reference also returns the component's pointer, where its
    /// inline schemas live.
    pub fn request_body(
        &mut self,
        item: &'a ReferenceOr<RequestBody>,
        from: &str,
    ) -> Option<(&'a RequestBody, Option<String>)> {
        match item {
            ReferenceOr::Item(b) => Some((b, None)),
            ReferenceOr::Reference { reference } => {
                let found = reference.strip_prefix("#/components/requestBodies/").and_then(|name| {
                    let body = self
                        .doc
                        .components
                        .as_ref()?
                        .request_bodies
                        .get(unescape(name).as_str())?;
                    Some((body.as_item()?, Some(format!("/components/requestBodies/{name}"))))
                });
                if found.is_none() {
                    self.error(from, format!("cannot resolve request body reference `{reference}`"));
                }
                found
            }
        }
    }

    /// Resolves a response; also returns the component name when it was a reference
    /// (`revokeSignInSessionsResponse`), which names inline schemas inside it.
    pub fn response(&mut self, item: &'a ReferenceOr<Response>, from: &str) -> Option<(&'a Response, Option<&'a str>)> {
        match item {
            ReferenceOr::Item(r) => Some((r, None)),
            ReferenceOr::Reference { reference } => {
                let found = reference.strip_prefix("#/components/responses/").and_then(|name| {
                    let (key, value) = self
                        .doc
                        .components
                        .as_ref()?
                        .responses
                        .get_key_value(unescape(name).as_str())?;
                    Some((value.as_item()?, Some(key.as_str())))
                });
                if found.is_none() {
                    self.error(from, format!("cannot resolve response reference `{reference}`"));
                }
                found
            }
        }
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
