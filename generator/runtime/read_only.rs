//! Read-only properties (`readOnly: true`, `x-ms-mutability: [read]`) come back from the service
//! but must never be sent. A model is often both a response and a request body (GET, change,
//! PUT), so the rule cannot live in the type: serializing a model for a request body turns the
//! read-only fields off, and serializing it anywhere else (logging, storing, round-trips) keeps
//! every field the service sent.

use std::cell::Cell;

thread_local! {
    /// True while a request body is being serialized on this thread.
    static SENDING: Cell<bool> = const { Cell::new(false) };
}

/// True while a request body is being serialized: read-only fields are then left out
/// (`serde_struct!`'s `_ro` kinds).
pub fn sending() -> bool {
    SENDING.with(Cell::get)
}

/// Serializes a request body: read-only fields are left out.
pub fn to_request_json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    /// Restores the flag even if a `Serialize` impl panics.
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            SENDING.with(|s| s.set(self.0));
        }
    }
    let _reset = Reset(SENDING.with(|s| s.replace(true)));
    serde_json::to_vec(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `{"id": …}` unless a request body is being serialized.
    struct Model {
        id: &'static str,
    }

    impl serde::Serialize for Model {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = serializer.serialize_map(None)?;
            if !sending() {
                map.serialize_entry("id", self.id)?;
            }
            map.end()
        }
    }

    #[test]
    fn read_only_fields_are_sent_only_outside_requests() {
        let m = Model { id: "/x" };
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"id":"/x"}"#);
        assert_eq!(String::from_utf8(to_request_json(&m).unwrap()).unwrap(), "{}");
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"id":"/x"}"#);
    }
}
