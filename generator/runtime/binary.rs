//! `type: string, format: binary` properties: bytes, with the file name and content type a
//! `multipart/form-data` part can carry (servers such as OpenAI's read the file type from the
//! name). In a JSON or urlencoded body (where the spec can only mean text) the bytes are sent as
//! a string, which must then be UTF-8: anything else is an error, never a lossy conversion.

use azure_core::Bytes;

/// Bytes of a binary property, plus the optional file name and content type of its part.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Binary {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl Binary {
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The `filename` of the multipart part (default: the property's name).
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's `Content-Type` (default: the spec's `encoding`, else `application/octet-stream`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl From<Bytes> for Binary {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&'static [u8]> for Binary {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(bytes)
    }
}

impl From<String> for Binary {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&'static str> for Binary {
    fn from(text: &'static str) -> Self {
        Self::new(text)
    }
}

/// The size, not the content (it may be a secret, and it may be large).
impl std::fmt::Debug for Binary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Binary")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl serde::Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => Err(serde::ser::Error::custom(
                "binary content that is not UTF-8 cannot be sent as a JSON or urlencoded string",
            )),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Binary;

    #[test]
    fn text_round_trips_and_other_bytes_are_refused() {
        let text = Binary::from("héllo");
        assert_eq!(serde_json::to_string(&text).unwrap(), "\"héllo\"");
        assert_eq!(serde_json::from_str::<Binary>("\"héllo\"").unwrap(), text);
        let error = serde_json::to_string(&Binary::from(vec![0xff, 0xfe])).unwrap_err();
        assert!(error.to_string().contains("not UTF-8"), "{error}");
    }

    #[test]
    fn debug_shows_the_size_not_the_content() {
        let file = Binary::from("secret").with_file_name("a.txt");
        let text = format!("{file:?}");
        assert!(
            text.contains("len: 6") && text.contains("a.txt") && !text.contains("secret"),
            "{text}"
        );
    }
}
