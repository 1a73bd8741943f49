//! `multipart/form-data` request bodies (RFC 7578) from typed structs. Generated code adds one
//! call per property, in the schema's order:
//! - binary properties ([`Binary`]): one part per value, with a `filename` (the value's, else the
//!   property name) and a `Content-Type` (the value's, else the spec's `encoding`, else
//!   `application/octet-stream`);
//! - other properties: `null`/absent left out; strings, numbers, booleans a text part; an array
//!   one part per item (OpenAPI's default for arrays: the content type follows the item type);
//!   an object one `application/json` part. An `encoding` content type that is JSON sends the
//!   whole value as one JSON part; a `deepObject` style spells members as bracketed text parts
//!   (`file_link_data[create]`), like `runtime::form`.
//!
//! The boundary is derived from the content (no randomness: the same body is the same bytes) and
//! checked not to occur in any part, as RFC 2046 requires.

use azure_core::Bytes;
use azure_core::error::{Error, ErrorKind};
use serde_json::Value;

use super::binary::Binary;

/// One form under construction. Builder calls never fail; the first error (a value that does
/// not serialize) is reported by [`Form::encode`] (and so when the request is sent).
#[derive(Debug, Default)]
pub struct Form {
    parts: Vec<Part>,
    error: Option<String>,
}

struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Bytes,
}

/// Names and sizes, not the content (a part may hold a secret), like `RequestBuilder`'s `Debug`.
impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.body.len())
            .finish()
    }
}

impl Form {
    pub fn new() -> Self {
        Self::default()
    }

    /// A binary property: one part per value (none for `None` or an empty list).
    /// `content_type` is the spec's (its `encoding`) or `application/octet-stream`.
    pub fn files<'b>(mut self, name: &str, values: impl IntoIterator<Item = &'b Binary>, content_type: &str) -> Self {
        for value in values {
            self.parts.push(Part {
                name: name.to_string(),
                file_name: Some(value.file_name().unwrap_or(name).to_string()),
                content_type: Some(value.content_type().unwrap_or(content_type).to_string()),
                body: value.bytes().clone(),
            });
        }
        self
    }

    /// Any other property (see the module doc). `content_type`: the spec's `encoding`, if any.
    pub fn value<T: serde::Serialize + ?Sized>(mut self, name: &str, value: &T, content_type: Option<&str>) -> Self {
        let Some(value) = self.json(name, value) else {
            return self;
        };
        match content_type {
            Some(json) if is_json(json) => {
                if !value.is_null() {
                    self.push_json(name, &value, json);
                }
            }
            _ => match value {
                Value::Array(items) => {
                    for item in &items {
                        self.push_value(name, item, content_type);
                    }
                }
                other => self.push_value(name, &other, content_type),
            },
        }
        self
    }

    /// A property whose `encoding` says `style: deepObject`: one text part per leaf,
    /// named with brackets (`metadata[order]`, `items[0][price]`), like `runtime::form`.
    pub fn deep_object<T: serde::Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let Some(value) = self.json(name, value) else {
            return self;
        };
        let mut pairs = Vec::new();
        super::form::flatten(name, &value, true, &mut pairs);
        for (key, text) in pairs {
            self.push_text(key, text, None);
        }
        self
    }

    /// A list sent as one text part, its items (scalars as text, others as JSON) joined with
    /// `separator` (Swagger 2.0 `collectionFormat: csv`, the default, and its kin). An empty or
    /// absent list sends no part; a value that is not a list is a [`value`](Self::value).
    pub fn delimited<T: serde::Serialize + ?Sized>(mut self, name: &str, value: &T, separator: &str) -> Self {
        let Some(value) = self.json(name, value) else {
            return self;
        };
        match value {
            Value::Array(items) if !items.is_empty() => {
                let texts: Vec<String> = items
                    .iter()
                    .map(|item| match item {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                self.push_text(name.to_string(), texts.join(separator), None);
            }
            Value::Array(_) => {}
            other => self.push_value(name, &other, None),
        }
        self
    }

    /// Additional properties (a struct's flattened map): one [`value`](Self::value) each.
    pub fn entries<V: serde::Serialize>(mut self, map: &std::collections::BTreeMap<String, V>) -> Self {
        for (name, value) in map {
            self = self.value(name, value, None);
        }
        self
    }

    /// The body and its `Content-Type` (`multipart/form-data; boundary=…`).
    pub fn encode(self) -> azure_core::Result<(Bytes, String)> {
        if let Some(message) = self.error {
            return Err(Error::with_message(ErrorKind::DataConversion, message));
        }
        let boundary = self.boundary();
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quoted(&part.name));
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                // A header value cannot hold a line break; the caller's content type is trusted
                // otherwise, like any header it sets.
                let content_type: String = content_type.chars().filter(|c| *c != '\r' && *c != '\n').collect();
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.body);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok((Bytes::from(body), format!("multipart/form-data; boundary={boundary}")))
    }

    /// `specgen-` and a hash of the parts, re-hashed until no part contains it.
    fn boundary(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut mix = |bytes: &[u8]| {
            for b in bytes {
                hash ^= u64::from(*b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        };
        for part in &self.parts {
            mix(part.name.as_bytes());
            mix(&part.body);
        }
        loop {
            let boundary = format!("specgen-{hash:016x}");
            let found = self.parts.iter().any(|p| {
                contains(&p.body, boundary.as_bytes())
                    || p.name.contains(&boundary)
                    || p.file_name.as_ref().is_some_and(|f| f.contains(&boundary))
            });
            if !found {
                return boundary;
            }
            hash = hash.rotate_left(7).wrapping_mul(0x0100_0000_01b3) ^ 0x9e37_79b9_7f4a_7c15;
        }
    }

    /// `value` as JSON with read-only fields left out; on failure the error is kept.
    fn json<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Option<Value> {
        let converted = super::read_only::to_request_json(value).and_then(|bytes| serde_json::from_slice(&bytes));
        match converted {
            Ok(value) => Some(value),
            Err(e) => {
                self.error
                    .get_or_insert_with(|| format!("cannot serialize the form field `{name}`: {e}"));
                None
            }
        }
    }

    fn push_value(&mut self, name: &str, value: &Value, content_type: Option<&str>) {
        match value {
            Value::Null => {}
            Value::String(text) => self.push_text(name.to_string(), text.clone(), content_type),
            Value::Bool(_) | Value::Number(_) => self.push_text(name.to_string(), value.to_string(), content_type),
            Value::Array(_) | Value::Object(_) => {
                self.push_json(name, value, content_type.unwrap_or("application/json"))
            }
        }
    }

    fn push_text(&mut self, name: String, text: String, content_type: Option<&str>) {
        self.parts.push(Part {
            name,
            file_name: None,
            content_type: content_type.map(str::to_string),
            body: Bytes::from(text),
        });
    }

    fn push_json(&mut self, name: &str, value: &Value, content_type: &str) {
        self.parts.push(Part {
            name: name.to_string(),
            file_name: None,
            content_type: Some(content_type.to_string()),
            body: Bytes::from(value.to_string()),
        });
    }
}

fn is_json(content_type: &str) -> bool {
    let m = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json")
}

/// A name or file name inside `"…"`: quotes and line breaks percent-encoded, as browsers do
/// (WHATWG HTML's multipart/form-data encoding), so no value can end the header early.
fn quoted(text: &str) -> String {
    text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::{Binary, Form};
    use serde_json::json;

    fn text(form: Form) -> (String, String) {
        let (body, content_type) = form.encode().unwrap();
        (String::from_utf8(body.to_vec()).unwrap(), content_type)
    }

    #[test]
    fn parts_by_kind() {
        let file = Binary::from("PNG...").with_file_name("cat.png");
        let form = Form::new()
            .files("image", [&file], "image/png")
            .files("raw", Some(&Binary::from("x")), "application/octet-stream")
            .files("none", None::<&Binary>, "application/octet-stream")
            .value("n", &3, None)
            .value("absent", &None::<String>, None)
            .value("tags", &["a", "b"], None)
            .value("meta", &json!({"k": 1}), None)
            .value("list", &json!([1, 2]), Some("application/json"))
            .value("csv", "a,b", Some("text/csv"));
        let (body, content_type) = text(form);
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        let part = |head: &str, content: &str| {
            format!("--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n{content}\r\n")
        };
        let expected = [
            part(
                "name=\"image\"; filename=\"cat.png\"\r\nContent-Type: image/png",
                "PNG...",
            ),
            part(
                "name=\"raw\"; filename=\"raw\"\r\nContent-Type: application/octet-stream",
                "x",
            ),
            part("name=\"n\"", "3"),
            part("name=\"tags\"", "a"),
            part("name=\"tags\"", "b"),
            part("name=\"meta\"\r\nContent-Type: application/json", "{\"k\":1}"),
            part("name=\"list\"\r\nContent-Type: application/json", "[1,2]"),
            part("name=\"csv\"\r\nContent-Type: text/csv", "a,b"),
        ]
        .concat()
            + &format!("--{boundary}--\r\n");
        assert_eq!(body, expected);
    }

    #[test]
    fn delimited_lists_are_one_part() {
        let form = Form::new()
            .delimited("ids", &[1, 2, 3], ",")
            .delimited("words", &["a", "b"], " ")
            .delimited("none", &Vec::<String>::new(), ",")
            .delimited("absent", &None::<Vec<String>>, ",");
        let (body, _) = text(form);
        assert!(body.contains("name=\"ids\"\r\n\r\n1,2,3\r\n"), "{body}");
        assert!(body.contains("name=\"words\"\r\n\r\na b\r\n"), "{body}");
        assert!(!body.contains("none") && !body.contains("absent"), "{body}");
    }

    #[test]
    fn deep_objects_use_brackets() {
        let (body, _) = text(Form::new().deep_object("link", &json!({"create": true, "meta": {"a": "b"}})));
        assert!(body.contains("name=\"link[create]\"\r\n\r\ntrue\r\n"), "{body}");
        assert!(body.contains("name=\"link[meta][a]\"\r\n\r\nb\r\n"), "{body}");
    }

    #[test]
    fn the_same_form_gives_the_same_bytes_and_the_boundary_is_not_in_the_content() {
        let make = || Form::new().value("a", "one", None);
        let (first, content_type) = text(make());
        assert_eq!(first, text(make()).0);
        let boundary = content_type.rsplit('=').next().unwrap().to_string();
        // Content that contains that very boundary gets another one.
        let (body, other) = text(
            Form::new()
                .value("a", "one", None)
                .value("b", &format!("--{boundary}"), None),
        );
        let other = other.rsplit('=').next().unwrap();
        assert_ne!(other, boundary);
        assert_eq!(body.matches(other).count(), 3, "{body}");
    }

    #[test]
    fn names_cannot_break_the_header_and_errors_surface_on_encode() {
        let (body, _) = text(Form::new().files("f", [&Binary::from("x").with_file_name("a\"\r\nX: y")], "t/t"));
        assert!(body.contains("filename=\"a%22%0D%0AX: y\""), "{body}");
        let secret = format!("{:?}", Form::new().value("password", "hunter2", None));
        assert!(secret.contains("password") && !secret.contains("hunter2"), "{secret}");
        let error = Form::new()
            .value("bad", &Binary::from(vec![0xff]), None)
            .encode()
            .unwrap_err();
        assert!(error.to_string().contains("`bad`"), "{error}");
    }
}
