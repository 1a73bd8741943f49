//! RFC 6901 JSON pointers: escaping, parsing, lookup. Pointers are kept as `String`s
//! (`""` = whole document, `"/definitions/A~1B"`), never as parsed paths, so they can be
//! printed in diagnostics as they are.

use serde_json::Value;

/// Escapes one reference token (`~` → `~0`, `/` → `~1`).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `pointer` + `/token` (token escaped).
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    out.push_str(&escape(token));
    out
}

/// Splits a pointer into unescaped tokens. `None` when it is not a pointer (does not start with
/// `/` and is not empty).
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Builds a pointer from unescaped tokens.
pub fn from_tokens<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::new();
    for t in tokens {
        out.push('/');
        out.push_str(&escape(t.as_ref()));
    }
    out
}

/// The node at `pointer`, if any.
pub fn get<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let toks = tokens(pointer)?;
    let mut node = root;
    for t in &toks {
        node = match node {
            Value::Object(map) => map.get(t.as_str())?,
            Value::Array(items) => {
                // RFC 6901: no leading zeros, no sign.
                if t.is_empty() || (t.len() > 1 && t.starts_with('0')) || !t.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                items.get(t.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(node)
}

/// Decodes `%XX` escapes (URI fragments and paths in `$ref`s). `None` on invalid escapes or
/// invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// True when `pointer` is `prefix` or lies below it (token boundary respected).
pub fn starts_with(pointer: &str, prefix: &str) -> bool {
    pointer
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escape_and_tokens_round_trip() {
        for (token, escaped) in [("a/b", "a~1b"), ("~x", "~0x"), ("~1", "~01"), ("", "")] {
            assert_eq!(escape(token), escaped);
            assert_eq!(tokens(&push("", token)), Some(vec![token.to_string()]));
        }
        assert_eq!(tokens("x"), None);
        assert_eq!(from_tokens(&["paths", "/users"]), "/paths/~1users");
    }

    #[test]
    fn get_cases() {
        let doc = json!({"a": {"b/c": [1, {"d": 2}]}, "": 3});
        let check = |p: &str, expected: Option<Value>| assert_eq!(get(&doc, p).cloned(), expected, "{p}");
        check("", Some(doc.clone()));
        check("/", Some(json!(3)));
        check("/a/b~1c/1/d", Some(json!(2)));
        check("/a/b~1c/01", None);
        check("/a/b~1c/9", None);
        check("/a/x", None);
        check("a", None);
    }

    #[test]
    fn percent_and_prefix() {
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("a%2").as_deref(), None);
        assert_eq!(percent_decode("%ff").as_deref(), None);
        assert!(starts_with("/a/b", "/a"));
        assert!(starts_with("/a", "/a"));
        assert!(!starts_with("/ab", "/a"));
        assert!(starts_with("/x", ""));
    }
}
