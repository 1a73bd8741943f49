//! `application/x-www-form-urlencoded` request bodies from typed structs: each top-level field
//! is one `name=value` pair (absent and `null` fields are left out, read-only ones are not
//! sent); a list repeats its key (`scope=a&scope=b`); a nested object uses brackets
//! (`metadata[order]=6735`, `items[0][price]=5`), the convention of the form APIs in the wild.

use azure_core::Bytes;
use azure_core::error::{Error, ErrorKind};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

/// Everything but RFC 3986's unreserved characters is escaped.
const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Encodes `body` (a struct or map) as a form.
pub fn urlencoded<T: serde::Serialize>(body: &T) -> azure_core::Result<Bytes> {
    urlencoded_lists(body, &[])
}

/// [`urlencoded`], with the top-level lists named in `joined` (name, separator) sent as one
/// pair, their items joined (`ids=1%2C2`: Swagger 2.0's `collectionFormat: csv`, the default).
pub fn urlencoded_lists<T: serde::Serialize>(body: &T, joined: &[(&str, &str)]) -> azure_core::Result<Bytes> {
    let conversion = |e| Error::with_error(ErrorKind::DataConversion, e, "cannot serialize the form body");
    let json = super::read_only::to_request_json(body).map_err(conversion)?;
    let value: Value = serde_json::from_slice(&json).map_err(conversion)?;
    let Value::Object(fields) = value else {
        return Err(Error::with_message(
            ErrorKind::DataConversion,
            "a form body must be an object",
        ));
    };
    let mut pairs = Vec::new();
    for (name, value) in &fields {
        match (joined.iter().find(|(n, _)| n == name), value) {
            (Some((_, separator)), Value::Array(items)) if !items.is_empty() => {
                let texts: Vec<String> = items
                    .iter()
                    .map(|item| match item {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                pairs.push((name.clone(), texts.join(separator)));
            }
            (Some(_), Value::Array(_)) => {}
            _ => flatten(name, value, true, &mut pairs),
        }
    }
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", utf8_percent_encode(k, FORM), utf8_percent_encode(v, FORM)))
        .collect();
    Ok(Bytes::from(encoded.join("&")))
}

/// Also used by `runtime::multipart` for `deepObject` parts.
pub(super) fn flatten(key: &str, value: &Value, top: bool, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::String(s) => out.push((key.to_string(), s.clone())),
        Value::Bool(_) | Value::Number(_) => out.push((key.to_string(), value.to_string())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if top && !item.is_object() && !item.is_array() {
                    flatten(key, item, false, out);
                } else {
                    flatten(&format!("{key}[{i}]"), item, false, out);
                }
            }
        }
        Value::Object(members) => {
            for (member, item) in members {
                flatten(&format!("{key}[{member}]"), item, false, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn structs_become_forms() {
        let body = serde_json::json!({
            "To": "+1 555", "Body": "a&b=c", "scope": ["read", "write"], "absent": null,
            "metadata": {"order": 6735}, "items": [{"price": 5}], "n": 1.5, "flag": true
        });
        let encoded = super::urlencoded(&body).unwrap();
        // The order of the members follows serde_json's map, which is sorted unless a crate in
        // the build enables `preserve_order`: compare the sorted pairs.
        let mut pairs: Vec<&str> = std::str::from_utf8(&encoded).unwrap().split('&').collect();
        pairs.sort();
        let mut expected: Vec<&str> = "To=%2B1%20555&Body=a%26b%3Dc&scope=read&scope=write&metadata%5Border%5D=6735&items%5B0%5D%5Bprice%5D=5&n=1.5&flag=true"
            .split('&')
            .collect();
        expected.sort();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn named_lists_are_joined() {
        let body = serde_json::json!({"ids": [1, 2], "tags": ["a", "b"], "none": []});
        let encoded = super::urlencoded_lists(&body, &[("ids", ","), ("none", ",")]).unwrap();
        let mut pairs: Vec<&str> = std::str::from_utf8(&encoded).unwrap().split('&').collect();
        pairs.sort();
        assert_eq!(pairs, ["ids=1%2C2", "tags=a", "tags=b"]);
    }
}
