//! Parameters whose value is not a scalar (an object, a map, a list of objects), spelled as the
//! spec's OpenAPI `style` / `explode` say. The value goes through serde, so any generated model
//! (or map) can be passed; `null` members are left out.
//!
//! - `deepObject`: `filter[status]=open&filter[tags][0]=a` (lists indexed, as Stripe and
//!   `qs`-style servers read them);
//! - `form`, exploded (OpenAPI's default): one pair per member, `status=open&limit=5`;
//! - `form`, not exploded: `filter=status,open,limit,5`;
//! - `simple` (headers, path segments): `status,open,limit,5`.

use azure_core::error::{Error, ErrorKind};
use serde_json::Value;

/// How a structured query value is spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `name[member]=value`, nested members and list indexes in further brackets.
    DeepObject,
    /// One `member=value` pair per member (list items: `name=item` repeated).
    FormExploded,
    /// One `name=member,value,…` pair.
    Form,
}

/// The query pairs for `value` sent as parameter `name`.
pub fn pairs<T: serde::Serialize + ?Sized>(
    name: &str,
    style: Style,
    value: &T,
) -> azure_core::Result<Vec<(String, String)>> {
    let value = to_value(name, value)?;
    let mut out = Vec::new();
    match style {
        Style::DeepObject => deep(name.to_string(), &value, &mut out),
        Style::FormExploded => match &value {
            Value::Null => {}
            Value::Object(members) => out.extend(
                members
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), text(v))),
            ),
            Value::Array(items) => out.extend(
                items
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| (name.to_string(), text(v))),
            ),
            scalar => out.push((name.to_string(), text(scalar))),
        },
        Style::Form => {
            if !value.is_null() {
                out.push((name.to_string(), joined(&value)));
            }
        }
    }
    Ok(out)
}

/// `value` in OpenAPI's `simple` style (headers and path parameters): members or items joined
/// with commas.
pub fn simple<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> azure_core::Result<String> {
    Ok(joined(&to_value(name, value)?))
}

fn to_value<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> azure_core::Result<Value> {
    serde_json::to_value(value).map_err(|e| {
        Error::with_error(
            ErrorKind::DataConversion,
            e,
            format!("cannot serialize parameter `{name}`"),
        )
    })
}

fn deep(prefix: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(members) => {
            for (k, v) in members {
                deep(format!("{prefix}[{k}]"), v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                deep(format!("{prefix}[{i}]"), v, out);
            }
        }
        scalar => out.push((prefix, text(scalar))),
    }
}

fn joined(value: &Value) -> String {
    match value {
        Value::Object(members) => members
            .iter()
            .filter(|(_, v)| !v.is_null())
            .flat_map(|(k, v)| [k.clone(), text(v)])
            .collect::<Vec<_>>()
            .join(","),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        scalar => text(scalar),
    }
}

/// A scalar as its plain text; anything nested deeper than the style can spell, as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        nested => nested.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(style: Style, value: Value, expected: &[(&str, &str)]) {
        let got = pairs("p", style, &value).unwrap();
        let got: Vec<(&str, &str)> = got.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, expected, "{style:?} {value}");
    }

    #[test]
    fn spells_each_style() {
        let v = json!({"a": 1, "b": {"c": "x"}, "d": ["y", "z"], "e": null});
        check(
            Style::DeepObject,
            v.clone(),
            &[("p[a]", "1"), ("p[b][c]", "x"), ("p[d][0]", "y"), ("p[d][1]", "z")],
        );
        check(
            Style::FormExploded,
            v.clone(),
            &[("a", "1"), ("b", r#"{"c":"x"}"#), ("d", r#"["y","z"]"#)],
        );
        check(Style::Form, json!({"a": 1, "b": true}), &[("p", "a,1,b,true")]);
        check(Style::FormExploded, json!(["x", "y"]), &[("p", "x"), ("p", "y")]);
        check(Style::DeepObject, Value::Null, &[]);
        assert_eq!(simple("p", &json!({"a": 1, "b": "x"})).unwrap(), "a,1,b,x");
    }
}
