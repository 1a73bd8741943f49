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

/// `skip_serializing_if` of a required read-only field.
pub fn skip<T>(_: &T) -> bool {
    SENDING.with(Cell::get)
}

/// `skip_serializing_if` of an optional read-only field.
pub fn skip_opt<T>(value: &Option<T>) -> bool {
    value.is_none() || SENDING.with(Cell::get)
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

    #[derive(serde::Serialize)]
    struct Model {
        #[serde(skip_serializing_if = "skip_opt")]
        id: Option<String>,
        #[serde(skip_serializing_if = "skip")]
        etag: String,
        name: String,
    }

    #[test]
    fn read_only_fields_are_sent_only_outside_requests() {
        let m = Model { id: Some("/x".into()), etag: "e".into(), name: "n".into() };
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"id":"/x","etag":"e","name":"n"}"#);
        assert_eq!(String::from_utf8(to_request_json(&m).unwrap()).unwrap(), r#"{"name":"n"}"#);
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"id":"/x","etag":"e","name":"n"}"#);
    }
}
