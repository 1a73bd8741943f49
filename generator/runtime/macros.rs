//! Macros that keep generated models short: a model struct, an enum or a page impl is one macro
//! call in the generated source instead of forty lines of boilerplate and attributes.

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

/// A model struct with its `Serialize` and `Deserialize`, from one list of fields: each field is
/// named once, with its wire name, its kind and its type, and carries no serde attribute.
///
/// ```text
/// serde_struct! {
///     /// Docs of the model.
///     #[derive(Debug, Default)]           // besides Clone and PartialEq, always derived
///     Model {
///         @tag "kind" = "model",              // optional: a union variant's constant tag
///         /// Docs of the field.
///         rust_field "wireName" opt String,
///         created "createdAt" datetime_ro ::time::OffsetDateTime,
///     }
///     additional_properties: ::serde_json::Value   // optional: where unknown properties go
/// }
/// ```
///
/// Kinds: `opt` (the field is `Option<T>`: absent or `null` reads as `None`, `None` is not
/// written), `req` (absent is a `missing_field` error), `opt_datetime` / `datetime` (RFC 3339
/// through `runtime::datetime`), and each of them with `_ro`: read-only, left out when a request
/// body is serialized (`runtime::read_only`), written anywhere else so responses round-trip.
/// `@tag`: the model is a variant of a discriminated union; it writes the tag property with
/// its value first (so it keeps it when sent on its own) and ignores it when reading.
/// Unknown properties go to the trailing map (written after the known ones), or are skipped
/// when the model names none; a known property seen twice is a `duplicate_field` error.
///
/// Same wire behaviour as serde's derives with `#[serde(flatten)]`, `rename`,
/// `skip_serializing_if` and `with`, at a fraction of the code. The `Deserialize` derive
/// expands every model into a field enum, a seventeen-method identifier visitor and a buffer of
/// `Content` values that rustc then checks and compiles per model; here each map entry is one
/// `match` arm calling a small generic function shared by every model (`de::opt::next`...),
/// and `Serialize` is one call per field into `ser::Map`, which keeps the first error instead
/// of a `?` per field (each `?` is a branch and a drop ladder in unoptimized code).
#[allow(unused_macros)] // a crate whose specs need no such item does not use it
macro_rules! serde_struct {
    (@type opt $ty:ty) => { Option<$ty> };
    (@type opt_ro $ty:ty) => { Option<$ty> };
    (@type opt_datetime $ty:ty) => { Option<$ty> };
    (@type opt_datetime_ro $ty:ty) => { Option<$ty> };
    (@type req $ty:ty) => { $ty };
    (@type req_ro $ty:ty) => { $ty };
    (@type datetime $ty:ty) => { $ty };
    (@type datetime_ro $ty:ty) => { $ty };
    (@other $map:ident $key:ident $extra:ident) => { de::extra(&mut $map, &mut $extra, $key) };
    (@other $map:ident $key:ident) => { de::skip(&mut $map) };
    (@finish opt $field:ident $wire:literal) => { $field.flatten() };
    (@finish opt_ro $field:ident $wire:literal) => { $field.flatten() };
    (@finish opt_datetime $field:ident $wire:literal) => { $field.flatten() };
    (@finish opt_datetime_ro $field:ident $wire:literal) => { $field.flatten() };
    (@finish req $field:ident $wire:literal) => { de::required($field, $wire)? };
    (@finish req_ro $field:ident $wire:literal) => { de::required($field, $wire)? };
    (@finish datetime $field:ident $wire:literal) => { de::required($field, $wire)? };
    (@finish datetime_ro $field:ident $wire:literal) => { de::required($field, $wire)? };
    (
        $(#[$meta:meta])*
        $name:ident {
            $(@tag $tag:literal = $tag_value:literal,)?
            $($(#[$field_meta:meta])* $field:ident $wire:literal $kind:ident $ty:ty,)*
        }
        $($extra:ident: $extra_ty:ty)?
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $crate::runtime::macros::serde_struct!(@type $kind $ty),)*
            $(
                /// Properties not described by the spec, kept so nothing the service sends is lost.
                pub $extra: ::std::collections::BTreeMap<String, $extra_ty>,
            )?
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use $crate::runtime::macros::ser;
                let mut map = ser::begin(serializer)?;
                $(ser::req::put(&mut map, $tag, &$tag_value);)?
                $(ser::$kind::put(&mut map, $wire, &self.$field);)*
                $(map.extra(&self.$extra);)?
                map.end()
            }
        }

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
                            // One `?` per entry, not one per arm.
                            let entry = match key.as_str() {
                                // The tag is the type's own; whatever value came is not kept.
                                $($tag => de::skip(&mut map),)?
                                $($wire => de::$kind::next(&mut map, &mut $field, $wire),)*
                                _ => $crate::runtime::macros::serde_struct!(@other map key $($extra)?),
                            };
                            entry?;
                        }
                        Ok($name {
                            $($field: $crate::runtime::macros::serde_struct!(@finish $kind $field $wire),)*
                            $($extra)?
                        })
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use serde_struct;

/// The generic functions `serde_struct!`'s `Serialize` expands to. Not for use outside
/// generated models.
#[doc(hidden)]
#[allow(dead_code)] // a crate whose specs need no such item does not use all of them
pub mod ser {
    use serde::ser::{Serialize, SerializeMap, Serializer};
    use time::OffsetDateTime;

    /// A map being written that keeps its first error: the fields after it are not written.
    pub struct Map<M: SerializeMap> {
        map: M,
        error: Option<M::Error>,
    }

    pub fn begin<S: Serializer>(serializer: S) -> Result<Map<S::SerializeMap>, S::Error> {
        serializer.serialize_map(None).map(|map| Map { map, error: None })
    }

    impl<M: SerializeMap> Map<M> {
        fn entry<T: Serialize + ?Sized>(&mut self, wire: &'static str, value: &T) {
            if self.error.is_none()
                && let Err(error) = self.map.serialize_entry(wire, value)
            {
                self.error = Some(error);
            }
        }

        /// The properties the spec does not describe, after the known ones.
        pub fn extra<V: Serialize>(&mut self, extra: &std::collections::BTreeMap<String, V>) {
            for (key, value) in extra {
                if self.error.is_some() {
                    return;
                }
                if let Err(error) = self.map.serialize_entry(key, value) {
                    self.error = Some(error);
                }
            }
        }

        pub fn end(self) -> Result<M::Ok, M::Error> {
            match self.error {
                Some(error) => Err(error),
                None => self.map.end(),
            }
        }
    }

    fn sending() -> bool {
        crate::runtime::read_only::sending()
    }

    /// An `OffsetDateTime` written as RFC 3339.
    struct Rfc3339<'a>(&'a OffsetDateTime);
    impl Serialize for Rfc3339<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            crate::runtime::datetime::rfc3339::serialize(self.0, serializer)
        }
    }

    /// `Option<T>` property: `None` is left out.
    pub mod opt {
        use super::*;
        pub fn put<M: SerializeMap, T: Serialize>(map: &mut Map<M>, wire: &'static str, value: &Option<T>) {
            if let Some(value) = value {
                map.entry(wire, value);
            }
        }
    }

    /// Required property: always written.
    pub mod req {
        use super::*;
        pub fn put<M: SerializeMap, T: Serialize>(map: &mut Map<M>, wire: &'static str, value: &T) {
            map.entry(wire, value);
        }
    }

    /// `Option<OffsetDateTime>` property, RFC 3339; `None` is left out.
    pub mod opt_datetime {
        use super::*;
        pub fn put<M: SerializeMap>(map: &mut Map<M>, wire: &'static str, value: &Option<OffsetDateTime>) {
            if let Some(value) = value {
                map.entry(wire, &Rfc3339(value));
            }
        }
    }

    /// Required `OffsetDateTime` property, RFC 3339.
    pub mod datetime {
        use super::*;
        pub fn put<M: SerializeMap>(map: &mut Map<M>, wire: &'static str, value: &OffsetDateTime) {
            map.entry(wire, &Rfc3339(value));
        }
    }

    /// Read-only `Option<T>` property: also left out of request bodies.
    pub mod opt_ro {
        use super::*;
        pub fn put<M: SerializeMap, T: Serialize>(map: &mut Map<M>, wire: &'static str, value: &Option<T>) {
            if !sending() {
                opt::put(map, wire, value);
            }
        }
    }

    /// Read-only required property: left out of request bodies.
    pub mod req_ro {
        use super::*;
        pub fn put<M: SerializeMap, T: Serialize>(map: &mut Map<M>, wire: &'static str, value: &T) {
            if !sending() {
                map.entry(wire, value);
            }
        }
    }

    /// Read-only `Option<OffsetDateTime>` property.
    pub mod opt_datetime_ro {
        use super::*;
        pub fn put<M: SerializeMap>(map: &mut Map<M>, wire: &'static str, value: &Option<OffsetDateTime>) {
            if !sending() {
                opt_datetime::put(map, wire, value);
            }
        }
    }

    /// Read-only required `OffsetDateTime` property.
    pub mod datetime_ro {
        use super::*;
        pub fn put<M: SerializeMap>(map: &mut Map<M>, wire: &'static str, value: &OffsetDateTime) {
            if !sending() {
                datetime::put(map, wire, value);
            }
        }
    }
}

/// The generic functions `serde_struct!`'s `Deserialize` expands to. Not for use outside
/// generated models.
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

    // Read-only properties read like the others.
    pub use self::datetime as datetime_ro;
    pub use self::opt as opt_ro;
    pub use self::opt_datetime as opt_datetime_ro;
    pub use self::req as req_ro;
}
