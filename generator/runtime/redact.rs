//! What `Debug` prints instead of a secret (`x-ms-secret`, `format: password`, and the
//! manifest's secret patches): `***`. Whether an optional secret is set is not itself secret,
//! so `None` stays visible and a value prints as `Some(***)`.

use std::fmt;

/// Prints `***`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// `Some(***)` for a set optional secret, `None` otherwise.
pub fn optional<T>(value: &Option<T>) -> Option<Redacted> {
    value.as_ref().map(|_| Redacted)
}
