//! Reading one file: bytes → `serde_json::Value`, JSON or YAML, with syntax errors located by
//! line and column. Also the lexical path normalization used as file identity.

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::diag::{Diagnostic, Location};

/// Reads and parses `path`. JSON is chosen by the `.json` extension or a leading `{`/`[`;
/// anything else is parsed as YAML (a superset of JSON).
pub fn read_document(path: &Path) -> Result<Value, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(format!("cannot read `{}`: {e}", path.display())).at(Location::new(path, "")))?;
    parse_document(path, &bytes)
}

/// Parses file contents (see [`read_document`]); `path` only names the file in diagnostics.
pub fn parse_document(path: &Path, bytes: &[u8]) -> Result<Value, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(format!("`{}` is not UTF-8: {e}", path.display())).at(Location::new(path, ""))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_json =
        path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) || text.trim_start().starts_with(['{', '[']);
    if is_json {
        serde_json::from_str(text).map_err(|e| {
            let mut location = Location::new(path, "");
            location.line_col = Some((e.line(), e.column()));
            Diagnostic::error(format!("invalid JSON in `{}`: {e}", path.display())).at(location)
        })
    } else {
        serde_yaml::from_str::<Value>(text).map_err(|e| {
            let mut location = Location::new(path, "");
            location.line_col = e.location().map(|l| (l.line(), l.column()));
            Diagnostic::error(format!("invalid YAML in `{}`: {e}", path.display())).at(location)
        })
    }
}

/// Lexically normalizes a path (`a/./b/../c` → `a/c`) without touching the file system, so the
/// same file reached through different relative `$ref`s gets one identity and diagnostics show
/// a path the user recognises.
pub fn normalize_path(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, text: &str, expected: Result<Value, &str>) {
        let got = parse_document(Path::new(name), text.as_bytes());
        match (got, expected) {
            (Ok(v), Ok(e)) => assert_eq!(v, e, "{name}"),
            (Err(d), Err(e)) => assert_eq!(d.location.as_ref().map(ToString::to_string).as_deref(), Some(e), "{d}"),
            (got, expected) => panic!("{name}: got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn parse_cases() {
        use serde_json::json;
        check("a.json", r#"{"a": [1, "x"]}"#, Ok(json!({"a": [1, "x"]})));
        check("a.json", "{\n  \"a\": 1,\n  \"b\" 2\n}", Err("a.json:3:7#"));
        check(
            "a.yaml",
            "a:\n  200:\n    b: true\n",
            Ok(json!({"a": {"200": {"b": true}}})),
        );
        check("a.yml", "a: [1, 2\nb: 3\n", Err("a.yml:2:2#"));
        check("a.yml", "{\"x\": 1}", Ok(json!({"x": 1})));
        check("b.yaml", "\u{feff}openapi: 3.0.1\n", Ok(json!({"openapi": "3.0.1"})));
    }

    #[test]
    fn key_order_is_kept() {
        let v = parse_document(Path::new("a.yaml"), b"z: 1\na: 2\nm: 3\n").unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }

    #[test]
    fn normalize_path_cases() {
        for (input, expected) in [
            ("a/./b/../c.json", "a/c.json"),
            ("a/b/../../../x.json", "../x.json"),
            ("/r/a/../b.json", "/r/b.json"),
            ("./x.json", "x.json"),
        ] {
            assert_eq!(normalize_path(Path::new(input)), PathBuf::from(expected), "{input}");
        }
    }
}
