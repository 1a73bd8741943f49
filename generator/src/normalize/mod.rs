//! Stage 2, normalize: lower a bundled Swagger 2.0 document to OpenAPI 3.0 and parse it into
//! `openapiv3::OpenAPI`, keeping every `x-ms-*` extension. OpenAPI 3 documents pass through.
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
    match parse::parse(&document, &source_map) {
        Ok(openapi) => Ok(Normalized {
            openapi,
            source_map,
            warnings,
        }),
        Err(mut error) => {
            if let Some(v) = document
                .get("openapi")
                .and_then(|v| v.as_str())
                .filter(|v| v.starts_with("3.1"))
            {
                error.hint = Some(format!(
                    "OpenAPI {v} is not supported (only 3.0); {}",
                    error.hint.unwrap_or_default()
                ));
            }
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
