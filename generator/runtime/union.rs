//! Unions (`oneOf` / `anyOf`, discriminated or not) as Rust enums with a fallback variant.
//!
//! Generated code writes the enum itself (so its variants are plain Rust, documented and visible
//! to tools) and one macro call that implements `Serialize` and `Deserialize` from a compact
//! table: `untagged!` (the JSON type, the required properties and the properties only this
//! alternative has tell the alternatives apart) or `tagged!` (the discriminator property names
//! the alternative). The payload is read once into a `serde_json::Value`, the alternative is
//! picked here, and a payload that fits none is kept as sent in the enum's `Other` variant, which
//! serializes back to the same JSON.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// The JSON type an alternative expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    String,
    /// A JSON number without fraction that fits `i64` or `u64`.
    Integer,
    /// Any JSON number.
    Number,
    Boolean,
    /// Anything (a free-form schema or a nested union): tried after the typed alternatives.
    Any,
}

/// What the generated table says about one alternative.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub kind: Kind,
    /// Properties the alternative requires: a payload without one of them is not this
    /// alternative.
    pub required: &'static [&'static str],
    /// Properties of this alternative that no other alternative has: the more of them a payload
    /// carries, the likelier it is this alternative.
    pub keys: &'static [&'static str],
}

impl Shape {
    pub const fn new(kind: Kind, required: &'static [&'static str], keys: &'static [&'static str]) -> Self {
        Shape { kind, required, keys }
    }

    fn fits(&self, value: &Value) -> bool {
        match (self.kind, value) {
            (Kind::Any, _) => true,
            (Kind::Object, Value::Object(map)) => self.required.iter().all(|k| map.contains_key(*k)),
            (Kind::Array, Value::Array(_)) | (Kind::String, Value::String(_)) | (Kind::Boolean, Value::Bool(_)) => true,
            (Kind::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (Kind::Number, Value::Number(_)) => true,
            _ => false,
        }
    }

    /// Higher is a better fit; only compared between alternatives that fit.
    fn score(&self, value: &Value) -> (usize, usize, u8) {
        let hits = match value {
            Value::Object(map) => self.keys.iter().filter(|k| map.contains_key(**k)).count(),
            _ => 0,
        };
        let specific = match self.kind {
            Kind::Any => 0,
            Kind::Number => 1,
            _ => 2,
        };
        (hits, self.required.len(), specific)
    }
}

/// The alternatives `value` fits, best first (ties keep the spec's order).
pub fn candidates(value: &Value, shapes: &[Shape]) -> Vec<usize> {
    let mut fitting: Vec<(usize, (usize, usize, u8))> = shapes
        .iter()
        .enumerate()
        .filter(|(_, s)| s.fits(value))
        .map(|(i, s)| (i, s.score(value)))
        .collect();
    // Stable: equal scores stay in declaration order.
    fitting.sort_by_key(|(_, score)| std::cmp::Reverse(*score));
    fitting.into_iter().map(|(i, _)| i).collect()
}

/// `value` as `T`, or `None` when it does not decode.
pub fn parse<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// An untagged union's `Deserialize`: the first fitting alternative (see [`candidates`]) that
/// decodes wins; a payload no alternative takes is `other(value)`.
pub fn decode_untagged<'de, D, T>(
    deserializer: D,
    shapes: &[Shape],
    tries: &[fn(&Value) -> Option<T>],
    other: fn(Value) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
    for i in candidates(&value, shapes) {
        if let Some(decoded) = tries.get(i).and_then(|try_one| try_one(&value)) {
            return Ok(decoded);
        }
    }
    Ok(other(value))
}

/// Decodes one alternative of a discriminated union from the payload.
pub type DecodeTagged<T> = fn(Value) -> Result<T, serde_json::Error>;

/// A discriminated union's `Deserialize`: the alternative whose tag value the payload's `tag`
/// property carries. A known tag whose payload does not decode is an error (the payload says what
/// it is and is not that); a missing, non-string or unknown tag is `other(value)`.
pub fn decode_tagged<'de, D, T>(
    deserializer: D,
    tag: &'static str,
    tries: &[(&'static str, DecodeTagged<T>)],
    other: fn(Value) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::de::Error;
    let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
    let found = value.get(tag).and_then(Value::as_str).and_then(|wire| tries.iter().find(|(w, _)| *w == wire));
    match found {
        Some((wire, decode)) => {
            decode(value).map_err(|e| D::Error::custom(format_args!("{tag} `{wire}`: {e}")))
        }
        None => Ok(other(value)),
    }
}

/// `Serialize` and `Deserialize` for an untagged union written next to it:
///
/// ```text
/// pub enum Name { A(A), String(String), Other(::serde_json::Value) }
/// untagged!(Name { A Object ["id"] ["a_only"], String String [] [], });
/// ```
///
/// Each row: variant, [`Kind`], required properties, properties no other alternative has. The
/// enum must end with `Other(::serde_json::Value)`.
#[allow(unused_macros)] // a crate whose specs need no such item does not use it
macro_rules! untagged {
    ($name:ident { $($variant:ident $kind:ident [$($required:literal),*] [$($key:literal),*],)* }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),)*
                    Self::Other(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                use $crate::runtime::union::{Kind, Shape, decode_untagged, parse};
                const SHAPES: &[Shape] = &[$(Shape::new(Kind::$kind, &[$($required),*], &[$($key),*]),)*];
                let tries: &[fn(&::serde_json::Value) -> Option<$name>] = &[$(|v| parse(v).map($name::$variant),)*];
                decode_untagged(deserializer, SHAPES, tries, $name::Other)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use untagged;

/// `Serialize` and `Deserialize` for a discriminated union written next to it:
///
/// ```text
/// pub enum Name { Cat(Cat), Dog(Dog), Other(::serde_json::Value) }
/// tagged!(Name "kind" { Cat "cat", Dog "dog", });
/// ```
///
/// The variant types write their tag themselves (so they keep it when sent on their own); the
/// enum must end with `Other(::serde_json::Value)` for unknown tags.
#[allow(unused_macros)] // a crate whose specs need no such item does not use it
macro_rules! tagged {
    ($name:ident $tag:literal { $($variant:ident $wire:literal,)* }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),)*
                    Self::Other(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let tries: &[(&'static str, $crate::runtime::union::DecodeTagged<$name>)] = &[$(($wire, |v| ::serde_json::from_value(v).map($name::$variant)),)*];
                $crate::runtime::union::decode_tagged(deserializer, $tag, tries, $name::Other)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use tagged;

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPES: &[Shape] = &[
        Shape::new(Kind::Object, &["id"], &["card"]),
        Shape::new(Kind::Object, &["id"], &["bank"]),
        Shape::new(Kind::String, &[], &[]),
        Shape::new(Kind::Integer, &[], &[]),
        Shape::new(Kind::Number, &[], &[]),
    ];

    #[test]
    fn picks_by_type_required_and_distinct_properties() {
        let check = |value: Value, expected: &[usize]| assert_eq!(candidates(&value, SHAPES), expected, "{value}");
        check(serde_json::json!({"id": 1, "bank": {}}), &[1, 0]);
        check(serde_json::json!({"id": 1, "card": {}}), &[0, 1]);
        check(serde_json::json!({"id": 1}), &[0, 1]);
        check(serde_json::json!({"card": {}}), &[]);
        check(serde_json::json!("x"), &[2]);
        check(serde_json::json!(3), &[3, 4]);
        check(serde_json::json!(3.5), &[4]);
        check(serde_json::json!(u64::MAX), &[3, 4]);
        check(serde_json::json!(null), &[]);
        check(serde_json::json!([1]), &[]);
    }

    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Card {
        number: String,
    }

    #[derive(Clone, Debug, PartialEq)]
    enum Source {
        Card(Card),
        String(String),
        Other(Value),
    }
    untagged!(Source { Card Object ["number"] ["number"], String String [] [], });

    #[derive(Clone, Debug, PartialEq)]
    enum Tagged {
        Card(Card),
        Other(Value),
    }
    tagged!(Tagged "object" { Card "card", });

    fn round_trip<T: serde::Serialize + DeserializeOwned>(payload: Value) -> T {
        let decoded: T = serde_json::from_value(payload.clone()).expect("decodes");
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), payload);
        decoded
    }

    #[test]
    fn unknown_payloads_round_trip_losslessly() {
        let card = serde_json::json!({"number": "4242"});
        assert_eq!(round_trip::<Source>(card), Source::Card(Card { number: "4242".into() }));
        assert_eq!(round_trip::<Source>(serde_json::json!("src_1")), Source::String("src_1".into()));
        for unknown in [
            serde_json::json!({"iban": "DE89", "nested": {"deep": [1, 2.5, null, true]}}),
            serde_json::json!({"number": 4242}),
            serde_json::json!(-7),
            serde_json::json!(null),
        ] {
            assert_eq!(round_trip::<Source>(unknown.clone()), Source::Other(unknown));
        }
        // Tagged: unknown and missing tags are kept; the known tag's payload must decode.
        for unknown in [serde_json::json!({"object": "bank", "iban": "DE89"}), serde_json::json!({"number": "1"})] {
            assert_eq!(round_trip::<Tagged>(unknown.clone()), Tagged::Other(unknown));
        }
        let error = serde_json::from_value::<Tagged>(serde_json::json!({"object": "card"})).unwrap_err();
        assert!(error.to_string().starts_with("object `card`: missing field `number`"), "{error}");
    }
}
