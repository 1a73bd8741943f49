//! RFC 3339 date-times for serde, lenient on input: Azure examples and some services send
//! timestamps without an offset (`2020-01-01T17:18:19.1234567`), which we read as UTC rather
//! than fail the whole response.

use serde::{Deserialize, Deserializer, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, PrimitiveDateTime};

/// Parses RFC 3339, or an ISO 8601 date-time without offset (taken as UTC).
pub fn parse(value: &str) -> Result<OffsetDateTime, time::error::Parse> {
    OffsetDateTime::parse(value, &Rfc3339).or_else(|err| {
        let iso = time::format_description::well_known::Iso8601::DEFAULT;
        PrimitiveDateTime::parse(value, &iso)
            .map(PrimitiveDateTime::assume_utc)
            .map_err(|_| err)
    })
}

/// Formats as RFC 3339 (used for query and header parameters too). Takes the value or a
/// reference, so generated code never borrows what is already a reference.
pub fn format(value: impl std::borrow::Borrow<OffsetDateTime>) -> String {
    let value = value.borrow();
    // Formatting a valid OffsetDateTime as RFC 3339 only fails for years outside 0..=9999.
    value.format(&Rfc3339).unwrap_or_else(|_| value.to_string())
}

/// `#[serde(with = "…::rfc3339")]` for `OffsetDateTime` fields.
pub mod rfc3339 {
    use super::*;

    pub fn serialize<S: Serializer>(value: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format(value))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        parse(&text).map_err(serde::de::Error::custom)
    }
}

/// `#[serde(with = "…::rfc3339_opt", default)]` for `Option<OffsetDateTime>` fields.
pub mod rfc3339_opt {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Option<OffsetDateTime>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_str(&format(value)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<OffsetDateTime>, D::Error> {
        let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)?;
        text.map(|t| parse(&t).map_err(serde::de::Error::custom)).transpose()
    }
}
