//! Integer schemas whose bounds or enum values do not fit the `i64` that `openapiv3` (and the
//! generated `i64` fields) use: `maximum: 18446744073709551615`, or bounds written as floats
//! (`minimum: -9.223372036854776e18`). Integral floats in range become integers; bounds beyond
//! `i64` move to `x-original-minimum` / `x-original-maximum` (documentation only: the generator
//! does not validate bounds); enums with values beyond `i64` move to `x-original-enum` with a
//! warning, the schema stays a plain integer. Nothing stops parsing.

use serde_json::{Map, Value};

use crate::diag::Diagnostic;
use crate::load::{SourceMap, pointer};

pub fn fit(document: &mut Value, source_map: &SourceMap) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    visit(document, "", &mut |map, at| {
        if map.get("type").and_then(Value::as_str) != Some("integer") {
            return;
        }
        for key in ["minimum", "maximum"] {
            let Some(bound) = map.get(key) else { continue };
            match as_i64(bound) {
                Some(n) if !bound.is_i64() => {
                    map.insert(key.into(), Value::from(n));
                }
                Some(_) => {}
                None if bound.is_number() => {
                    if let Some(old) = map.shift_remove(key) {
                        map.insert(format!("x-original-{key}"), old);
                    }
                }
                None => {}
            }
        }
        if let Some(Value::Array(values)) = map.get("enum") {
            let fitted: Option<Vec<Value>> = values
                .iter()
                .map(|v| {
                    if v.is_null() {
                        Some(Value::Null)
                    } else {
                        as_i64(v).map(Value::from)
                    }
                })
                .collect();
            match fitted {
                Some(values) => {
                    map.insert("enum".into(), Value::Array(values));
                }
                None => {
                    if let Some(old) = map.shift_remove("enum") {
                        map.insert("x-original-enum".into(), old);
                    }
                    warnings.push(
                        Diagnostic::warning(
                            "integer enum with values beyond i64: typed as a plain integer (the values are kept in the docs as `x-original-enum`)",
                        )
                        .at(source_map.locate(at)),
                    );
                }
            }
        }
    });
    warnings
}

fn as_i64(value: &Value) -> Option<i64> {
    if let Some(n) = value.as_i64() {
        return Some(n);
    }
    let f = value.as_f64()?;
    // `as` saturates; the range check keeps only values that are exactly representable.
    (f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(f as i64)
}

fn visit(value: &mut Value, at: &str, f: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    match value {
        Value::Object(map) => {
            f(map, at);
            for (key, child) in map.iter_mut() {
                if key == "example" || key == "examples" || key == "default" || key == "enum" || key.starts_with("x-") {
                    continue;
                }
                visit(child, &pointer::push(at, key), f);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                visit(child, &pointer::push(at, &i.to_string()), f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn bounds_and_values_fit_i64() {
        let mut doc = json!({"a": {"type": "integer", "minimum": -9.223372036854776e18, "maximum": 18446744073709551615u64},
            "b": {"type": "integer", "enum": [1, 18446744073709551615u64]},
            "c": {"type": "integer", "enum": [1.0, 2]}});
        let warnings = super::fit(&mut doc, &Default::default());
        assert_eq!(
            doc,
            json!({"a": {"type": "integer", "minimum": i64::MIN, "x-original-maximum": 18446744073709551615u64},
                "b": {"type": "integer", "x-original-enum": [1, 18446744073709551615u64]},
                "c": {"type": "integer", "enum": [1, 2]}})
        );
        assert_eq!(warnings.len(), 1);
    }
}
