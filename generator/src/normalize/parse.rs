//! `serde_json::Value` → `openapiv3::OpenAPI`, with the failing node named by JSON pointer
//! (through `serde_path_to_error`) and located in the original file through the source map.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diag::Diagnostic;
use crate::load::{SourceMap, pointer};

pub fn parse(document: &Value, source_map: &SourceMap) -> Result<OpenAPI, Diagnostic> {
    serde_path_to_error::deserialize::<_, OpenAPI>(document).map_err(|err| {
        let (mut at, mut message) = (existing(document, pointer_of(err.path())), err.inner().to_string());
        // serde loses track inside flattened maps (`paths`, `responses`): parse their entries
        // one by one to find the failing one.
        for _ in 0..4 {
            match refine(document, &at) {
                Some((deeper, inner)) if deeper != at => (at, message) = (deeper, inner),
                _ => break,
            }
        }
        Diagnostic::error(format!("not a valid OpenAPI 3.0 document: {message}"))
            .at(source_map.locate(&at))
            .hint(format!("at `#{at}` of the normalized document"))
    })
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    let mut at = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Map { key } => at = pointer::push(&at, key),
            serde_path_to_error::Segment::Seq { index } => at = pointer::push(&at, &index.to_string()),
            _ => {}
        }
    }
    at
}

/// The longest prefix of `at` that exists in `document`.
fn existing(document: &Value, mut at: String) -> String {
    while !at.is_empty() && document.pointer(&at).is_none() {
        at.truncate(at.rfind('/').unwrap_or(0));
    }
    at
}

/// If `at` is a flattened map (`/paths`, an operation's `responses`), the first entry that fails
/// to parse, with its own error.
fn refine(document: &Value, at: &str) -> Option<(String, String)> {
    use openapiv3::{PathItem, ReferenceOr, Response};
    let map = document.pointer(at)?.as_object()?;
    let tokens = pointer::tokens(at)?;
    let is_paths = tokens.len() == 1 && tokens[0] == "paths";
    let is_responses = tokens.last().is_some_and(|t| t == "responses") && tokens.first().is_some_and(|t| t == "paths");
    for (key, value) in map {
        if key.starts_with("x-") {
            continue;
        }
        // `ReferenceOr` is an untagged enum that hides the path; parse the item type directly.
        let is_ref = value.get("$ref").is_some();
        let result = if is_paths && !is_ref {
            serde_path_to_error::deserialize::<_, PathItem>(value)
                .err()
                .map(|e| (pointer_of(e.path()), e.inner().to_string()))
        } else if is_responses && !is_ref {
            serde_path_to_error::deserialize::<_, Response>(value)
                .err()
                .map(|e| (pointer_of(e.path()), e.inner().to_string()))
        } else if is_paths {
            serde_path_to_error::deserialize::<_, ReferenceOr<PathItem>>(value)
                .err()
                .map(|e| (pointer_of(e.path()), e.inner().to_string()))
        } else if is_responses {
            serde_path_to_error::deserialize::<_, ReferenceOr<Response>>(value)
                .err()
                .map(|e| (pointer_of(e.path()), e.inner().to_string()))
        } else {
            return None;
        };
        if let Some((rest, message)) = result {
            let child = pointer::push(at, key);
            return Some((existing(document, format!("{child}{rest}")), message));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn errors_name_the_pointer() {
        let mut map = SourceMap::new();
        map.insert("", Path::new("a.yaml"), "");
        let check = |doc: Value, expected_location: &str, expected_message: &str| {
            let err = parse(&doc, &map).err().unwrap_or_else(|| panic!("{doc} parsed"));
            let location = err.location.as_ref().map(ToString::to_string).unwrap_or_default();
            assert_eq!(location, expected_location, "{err}");
            assert!(err.message.contains(expected_message), "{err}");
        };
        let base = |paths: Value| json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths});
        check(json!({"openapi": "3.0.3", "paths": {}}), "a.yaml#", "info");
        check(
            base(json!({"/x": {"get": {"responses": {"200": {"description": 5}}}}})),
            "a.yaml#/paths/~1x/get/responses/200/description",
            "expected a string",
        );
        check(
            base(json!({"/x": {"get": {"parameters": [{"name": "a", "in": "nowhere"}], "responses": {}}}})),
            "a.yaml#/paths/~1x/get/parameters/0",
            "",
        );
    }

    #[test]
    fn graph_style_responses_parse() {
        let doc = json!({"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"post": {"responses": {
            "2XX": {"description": "ok"}, "default": {"$ref": "#/components/responses/error"}, "204": {"description": "none"}
        }}}}});
        let api = parse(&doc, &SourceMap::new()).unwrap();
        let responses = &api.paths.paths["/x"]
            .as_item()
            .unwrap()
            .post
            .as_ref()
            .unwrap()
            .responses;
        assert!(responses.default.is_some());
        assert_eq!(responses.responses.len(), 2);
    }
}
