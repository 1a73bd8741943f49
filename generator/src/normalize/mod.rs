//! Stage 2, normalize: lower a bundled Swagger 2.0 or OpenAPI 3.1 document to OpenAPI 3.0 and
//! parse it into `openapiv3::OpenAPI`, keeping every `x-ms-*` extension. OpenAPI 3.0 documents
//! pass through. For every version: `$ref`s into the inside of a schema become components
//! (`deep_refs.rs`), integer bounds and enum values are made to fit `i64` (`integers.rs`).
//! OpenAPI 3.1 → 3.0: see `openapi31.rs`.
//!
//! Swagger 2.0 → OpenAPI 3.0.3 (on `serde_json::Value`, then parsed):
//! - `host` + `basePath` + `schemes` → `servers` (one per scheme, default https);
//! - `definitions` → `components/schemas`; `securityDefinitions` → `components/securitySchemes`;
//! - non-body parameters → `schema` + `style`/`explode` (`params.rs`); body parameters →
//!   `requestBody` (named ones → `components/requestBodies`), name in `x-ms-requestBody-name`,
//!   position in the operation's `x-ms-requestBody-index`; formData → form request bodies;
//! - responses → `content` per `produces` media type, headers → Header objects;
//! - schemas: `x-nullable`, `type: file`, discriminators, `$ref` siblings (`schema.rs`);
//! - `x-ms-paths` merged into `paths` (and not kept as an extension);
//! - every `$ref` rewritten to its new section; every `x-*` kept where it was.
//!
//! The source map is carried over: pointers of the normalized document locate the original
//! file and pointer (`bastionHost.json#/paths/.../parameters/2` for a `requestBody`).

// `Diagnostic` is the project-wide error type; boxing it would only move the cost.
#![allow(clippy::result_large_err)]

mod deep_refs;
mod integers;
mod openapi31;
mod params;
mod parse;
mod schema;
mod swagger2;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{Bundle, SourceMap, SpecVersion};

pub use parse::parse;

/// The normalized document.
#[derive(Clone, Debug)]
pub struct Normalized {
    pub openapi: openapiv3::OpenAPI,
    pub source_map: SourceMap,
    pub warnings: Vec<Diagnostic>,
}

/// Normalizes a bundle: Swagger 2.0 is lowered to OpenAPI 3.0.3; both are parsed.
pub fn normalize(bundle: Bundle) -> Result<Normalized, Diagnostics> {
    let mut warnings = bundle.warnings;
    let (document, source_map) = match bundle.version {
        SpecVersion::Swagger2 => {
            let converted = swagger2::convert(&bundle.document, &bundle.source_map);
            warnings.extend(converted.warnings);
            (converted.document, converted.source_map)
        }
        SpecVersion::OpenApi3 => (bundle.document, bundle.source_map),
    };
    let (mut document, mut source_map) = (document, source_map);
    if openapi31::is_openapi31(&document) {
        warnings.extend(openapi31::lower(&mut document, &mut source_map));
    }
    deep_refs::hoist(&mut document, &mut source_map);
    warnings.extend(integers::fit(&mut document, &source_map));
    match parse::parse(&document, &source_map) {
        Ok(openapi) => Ok(Normalized {
            openapi,
            source_map,
            warnings,
        }),
        Err(error) => {
            let mut all = Diagnostics(vec![error]);
            all.0.extend(warnings);
            Err(all)
        }
    }
}

/// The Swagger 2.0 → OpenAPI 3.0 lowering alone, without parsing: the document and its source
/// map (for tests, debugging and `swagger2openapi` comparisons).
pub fn lower_swagger2(bundle: &Bundle) -> (serde_json::Value, SourceMap, Vec<Diagnostic>) {
    let converted = swagger2::convert(&bundle.document, &bundle.source_map);
    (converted.document, converted.source_map, converted.warnings)
}

#[cfg(test)]
mod tests;
