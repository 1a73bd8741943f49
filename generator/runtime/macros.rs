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
