//! Text responses (`text/plain`, `text/csv`, ... with a scalar schema): generated methods return
//! `Response<T, TextFormat>`, whose `into_model()` is the body as a `String` (a body that is not
//! UTF-8 is a `DataConversion` error, never a lossy conversion), or parsed as the number or
//! boolean the schema declares (Graph's `/$count`: `text/plain` with `type: integer`).

use azure_core::error::{Error, ErrorKind};
use azure_core::http::response::ResponseBody;
use azure_core::http::{DeserializeWith, Format};
use serde::de::IntoDeserializer;

/// The [`Format`] of text bodies.
#[derive(Clone, Copy, Debug)]
pub struct TextFormat;

impl Format for TextFormat {
    fn deserialize<T: serde::de::DeserializeOwned, S: AsRef<[u8]>>(body: S) -> azure_core::Result<T> {
        let text = std::str::from_utf8(body.as_ref())
            .map_err(|e| Error::with_error(ErrorKind::DataConversion, e, "the text response is not UTF-8"))?;
        T::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(text))
            .map_err(|e| Error::with_error(ErrorKind::DataConversion, e, "cannot read the text response"))
    }
}

impl DeserializeWith<TextFormat> for String {
    fn deserialize_with(body: ResponseBody) -> azure_core::Result<Self> {
        body.into_string()
    }
}

/// Numbers and booleans: the text, trimmed, parsed with `FromStr`.
macro_rules! parsed {
    ($($ty:ty),*) => {$(
        impl DeserializeWith<TextFormat> for $ty {
            fn deserialize_with(body: ResponseBody) -> azure_core::Result<Self> {
                let text = body.into_string()?;
                text.trim().parse().map_err(|e| {
                    Error::with_error(
                        ErrorKind::DataConversion,
                        e,
                        format!("the text response `{}` is not a {}", text.trim(), stringify!($ty)),
                    )
                })
            }
        }
    )*};
}

parsed!(i32, i64, f32, f64, bool);

#[cfg(test)]
mod tests {
    use super::TextFormat;
    use azure_core::http::response::ResponseBody;
    use azure_core::http::{DeserializeWith, Format};

    #[test]
    fn text_is_a_string_and_other_bytes_an_error() {
        let text = <String as DeserializeWith<TextFormat>>::deserialize_with(ResponseBody::from_bytes("héllo"));
        assert_eq!(text.unwrap(), "héllo");
        let bad = <String as DeserializeWith<TextFormat>>::deserialize_with(ResponseBody::from_bytes(vec![0xff]));
        assert!(bad.is_err());
        assert_eq!(TextFormat::deserialize::<String, _>("plain").unwrap(), "plain");
    }

    #[test]
    fn counts_are_numbers() {
        let count = <i32 as DeserializeWith<TextFormat>>::deserialize_with(ResponseBody::from_bytes("42\n"));
        assert_eq!(count.unwrap(), 42);
        let bad = <i64 as DeserializeWith<TextFormat>>::deserialize_with(ResponseBody::from_bytes("many"));
        assert!(bad.unwrap_err().to_string().contains("`many` is not a i64"));
        let flag = <bool as DeserializeWith<TextFormat>>::deserialize_with(ResponseBody::from_bytes("true"));
        assert!(flag.unwrap());
    }
}
