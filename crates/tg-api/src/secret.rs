//! A Client Secret must never show up in a log line, a `Debug` dump or an error message, and it
//! should not outlive its use in memory. `Secret` makes each of those the default: printing it
//! gives `<redacted>`, it is zeroized on drop, and it cannot be serialized by accident. Reading it
//! is one explicit call, [`Secret::expose_secret`], that is easy to find in a review.

use std::fmt;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

/// A secret string (a Client Secret): redacted when printed, zeroized when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The secret itself. Every call site is a place where the secret leaves its wrapper.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let secret = Secret::new("723ae93acd87aa70b9b5b1fedcd38c85");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{secret}"), "<redacted>");
        assert_eq!(
            format!("{:?}", Some(&secret)),
            "Some(<redacted>)",
            "a secret inside other types must stay redacted"
        );
    }

    #[test]
    fn deserializes_from_a_plain_string_and_exposes_on_request() {
        let secret: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(secret.expose_secret(), "abc");
    }
}
