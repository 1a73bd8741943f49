//! Text responses (`text/plain`, `text/csv`, ... with a string schema): generated methods return
//! `Response<String, TextFormat>`, whose `into_model()` is the body as a `String` (a body that is
//! not UTF-8 is a `DataConversion` error, never a lossy conversion).

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
}
