//! Macros that keep generated models short: an enum or a page impl is one macro call in the
//! generated source instead of forty lines of boilerplate, and compiles to the same code.

/// An enum whose set of values the service may extend (`x-ms-enum` `modelAsString`, Graph's
/// evolvable enums): values it does not know are kept in `UnknownValue` instead of failing.
#[allow(unused_macros)] // a crate whose specs need no such item does not use it
macro_rules! extensible_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version of the client does not know, kept as sent.
            UnknownValue(String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::UnknownValue(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::UnknownValue(other.to_string()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use extensible_enum;

/// An enum with a fixed set of values: an unknown value is a decoding error.
#[allow(unused_macros)] // a crate whose specs need no such item does not use it
macro_rules! closed_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant,)*
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use closed_enum;

/// `azure_core`'s `Page` (items of one page) and our `Paged` (where the next page is) for a
/// page model: `paged!(Page, Item, items_field optional|required, next_field optional|required | none)`.
#[allow(unused_macros)] // a crate whose specs need no such item does not use it
macro_rules! paged {
    ($page:ident, $item:ty, $items:ident $items_kind:ident, $($next:tt)+) => {
        #[::async_trait::async_trait]
        impl ::azure_core::http::pager::Page for $page {
            type Item = $item;
            type IntoIter = ::std::vec::IntoIter<$item>;
            async fn into_items(self) -> ::azure_core::Result<Self::IntoIter> {
                Ok($crate::runtime::macros::paged!(@items self.$items, $items_kind).into_iter())
            }
        }

        impl $crate::runtime::Paged for $page {
            fn next_link(&self) -> Option<&str> {
                $crate::runtime::macros::paged!(@next self, $($next)+)
            }
        }
    };
    (@items $value:expr, optional) => { $value.unwrap_or_default() };
    (@items $value:expr, required) => { $value };
    (@next $self:ident, $field:ident optional) => { $self.$field.as_deref() };
    (@next $self:ident, $field:ident required) => { Some($self.$field.as_str()) };
    (@next $self:ident, none) => { None };
}
#[allow(unused_imports)]
pub(crate) use paged;

/// `Deserialize` for a model struct: one `match` on the property name per map entry, each arm a
/// call to a small generic function shared by every model (`de::opt::next`...), unknown
/// properties straight into the `additional_properties` map (or skipped when the model has none).
/// Same behaviour as `#[derive(Deserialize)]` with `#[serde(flatten)]` (a map is expected,
/// duplicate known properties are an error, a missing required property is an error, a missing
/// optional one is `None`), at a fraction of the code: the derive expands every model into a
/// field enum, a seventeen-method identifier visitor and a buffer of `Content` values that rustc
/// then type-checks, borrow-checks and compiles per model.
/// `deserialize_struct!(Model { rust_field "wireName" opt|req|opt_datetime|datetime, ... } additional_properties?)`
#[allow(unused_macros)] // a crate whose specs need no such item does not use it
macro_rules! deserialize_struct {
    ($name:ident { $($field:ident $wire:literal $kind:ident,)* } $($extra:ident)?) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    #[allow(unused_mut)]
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<$name, A::Error> {
                        use $crate::runtime::macros::de;
                        $(let mut $field = None;)*
                        $(let mut $extra = ::std::collections::BTreeMap::new();)?
                        while let Some(key) = map.next_key::<de::Key<'de>>()? {
                            // One `?` per entry, not one per arm: each `?` is a branch, a
                            // conversion and a drop ladder in every model's unoptimized code.
                            let entry = match key.as_str() {
                                $($wire => de::$kind::next(&mut map, &mut $field, $wire),)*
                                _ => $crate::runtime::macros::deserialize_struct!(@other map key $($extra)?),
                            };
                            entry?;
                        }
                        Ok($name {
                            $($field: $crate::runtime::macros::deserialize_struct!(@finish $kind $field $wire),)*
                            $($extra)?
                        })
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    };
    (@other $map:ident $key:ident $extra:ident) => {
        de::extra(&mut $map, &mut $extra, $key)
    };
    (@other $map:ident $key:ident) => {
        de::skip(&mut $map)
    };
    (@finish opt $field:ident $wire:literal) => { $field.flatten() };
    (@finish opt_datetime $field:ident $wire:literal) => { $field.flatten() };
    (@finish req $field:ident $wire:literal) => { de::required($field, $wire)? };
    (@finish datetime $field:ident $wire:literal) => { de::required($field, $wire)? };
}
#[allow(unused_imports)]
pub(crate) use deserialize_struct;

/// The generic functions `deserialize_struct!` expands to. Not for use outside generated models.
#[doc(hidden)]
#[allow(dead_code)] // a crate whose specs need no such item does not use all of them
pub mod de {
    use std::borrow::Cow;
    use std::fmt;

    use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
    use time::OffsetDateTime;

    /// A property name, borrowed from the input when it can be.
    pub struct Key<'de>(Cow<'de, str>);

    impl Key<'_> {
        pub fn as_str(&self) -> &str {
            &self.0
        }

        pub fn into_string(self) -> String {
            self.0.into_owned()
        }
    }

    impl<'de> Deserialize<'de> for Key<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct KeyVisitor;
            impl<'de> Visitor<'de> for KeyVisitor {
                type Value = Key<'de>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a property name")
                }
                fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Borrowed(value)))
                }
                fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Owned(value.to_owned())))
                }
                fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Owned(value)))
                }
            }
            deserializer.deserialize_identifier(KeyVisitor)
        }
    }

    fn put<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
        wire: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(A::Error::duplicate_field(wire));
        }
        *slot = Some(map.next_value()?);
        Ok(())
    }

    /// A required property at the end of the map: absent is an error.
    pub fn required<T, E: Error>(slot: Option<T>, wire: &'static str) -> Result<T, E> {
        slot.ok_or_else(|| E::missing_field(wire))
    }

    /// A property the spec does not describe, kept in `additional_properties`.
    pub fn extra<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
        map: &mut A,
        extra: &mut std::collections::BTreeMap<String, V>,
        key: Key<'de>,
    ) -> Result<(), A::Error> {
        let value = map.next_value()?;
        extra.insert(key.into_string(), value);
        Ok(())
    }

    /// A property the spec does not describe, in a model that keeps none.
    pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
        map.next_value::<serde::de::IgnoredAny>().map(drop)
    }

    /// `Option<T>` property: absent or `null` is `None`.
    pub mod opt {
        use super::*;
        pub fn next<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
            map: &mut A,
            slot: &mut Option<Option<T>>,
            wire: &'static str,
        ) -> Result<(), A::Error> {
            put(map, slot, wire)
        }
    }

    /// Required property: absent is an error.
    pub mod req {
        use super::*;
        pub fn next<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
            map: &mut A,
            slot: &mut Option<T>,
            wire: &'static str,
        ) -> Result<(), A::Error> {
            put(map, slot, wire)
        }
    }

    struct Rfc3339(OffsetDateTime);
    impl<'de> Deserialize<'de> for Rfc3339 {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::runtime::datetime::rfc3339::deserialize(deserializer).map(Rfc3339)
        }
    }

    struct Rfc3339Opt(Option<OffsetDateTime>);
    impl<'de> Deserialize<'de> for Rfc3339Opt {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::runtime::datetime::rfc3339_opt::deserialize(deserializer).map(Rfc3339Opt)
        }
    }

    /// `Option<OffsetDateTime>` property (RFC 3339): absent or `null` is `None`.
    pub mod opt_datetime {
        use super::*;
        pub fn next<'de, A: MapAccess<'de>>(
            map: &mut A,
            slot: &mut Option<Option<OffsetDateTime>>,
            wire: &'static str,
        ) -> Result<(), A::Error> {
            if slot.is_some() {
                return Err(A::Error::duplicate_field(wire));
            }
            *slot = Some(map.next_value::<Rfc3339Opt>()?.0);
            Ok(())
        }
    }

    /// Required `OffsetDateTime` property (RFC 3339).
    pub mod datetime {
        use super::*;
        pub fn next<'de, A: MapAccess<'de>>(
            map: &mut A,
            slot: &mut Option<OffsetDateTime>,
            wire: &'static str,
        ) -> Result<(), A::Error> {
            if slot.is_some() {
                return Err(A::Error::duplicate_field(wire));
            }
            *slot = Some(map.next_value::<Rfc3339>()?.0);
            Ok(())
        }
    }
}
