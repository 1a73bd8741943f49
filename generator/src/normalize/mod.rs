//! Stage 2, normalize: lower a bundled Swagger 2.0 document to OpenAPI 3.0 and parse it into
//! `openapiv3::OpenAPI`, keeping every `x-ms-*` extension. OpenAPI 3 documents pass through.
