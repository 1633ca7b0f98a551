//! What the user types to add or change a connection, and the checks it passes before anything
//! is sent or saved. The checks never quote what was typed into the URL field: a secret pasted
//! there by mistake would show in the message.

use serde::Deserialize;
use tg_api::{ApiUrl, Secret};
use ts_rs::TS;

use crate::error::{Error, Result};

/// What the user enters to add a connection.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewConnection {
    pub name: String,
    pub base_url: String,
    pub client_id: String,
    #[ts(type = "string")]
    pub client_secret: Secret,
    /// Confirms plain `http://` to another machine; without it such a URL is refused with
    /// `insecure_connection`. May be left out (false).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub allow_insecure_http: bool,
    /// Keeps the secret in memory for this session only, never in the keychain or a file (for a
    /// desktop without a keychain); the next start asks for it again. May be left out (false).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub session_only: bool,
}

/// What the user enters to change a connection; `client_secret: None` keeps the stored secret,
/// unless the URL now points at another server (`secret_required`).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionUpdate {
    pub name: String,
    pub base_url: String,
    pub client_id: String,
    #[serde(default)]
    #[ts(type = "string | null")]
    pub client_secret: Option<Secret>,
    /// As in [`NewConnection`].
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub allow_insecure_http: bool,
}

pub(super) fn checked_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::InvalidInput("The connection needs a name.".into()));
    }
    if name.chars().count() > 100 {
        return Err(Error::InvalidInput(
            "The connection name is longer than 100 characters.".into(),
        ));
    }
    Ok(name.to_owned())
}

/// The URL as saved (trimmed, no trailing slash) and parsed; plain http to another machine is
/// refused unless `allow_insecure_http`, before any request.
pub(super) fn checked_base_url(url: &str, allow_insecure_http: bool) -> Result<(String, ApiUrl)> {
    let url = url.trim().trim_end_matches('/');
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        // Not quoted: a secret pasted into the wrong field would show in the message.
        return Err(Error::InvalidInput(
            "The API URL must start with https:// (or http:// for a local sandbox).".into(),
        ));
    }
    let api_url = ApiUrl::parse(url)?;
    if api_url.is_insecure() && !allow_insecure_http {
        return Err(tg_api::Error::InsecureHttp.into());
    }
    Ok((url.to_owned(), api_url))
}

pub(super) fn checked_client_id(client_id: &str) -> Result<String> {
    let client_id = client_id.trim();
    if client_id.is_empty() {
        return Err(Error::InvalidInput("The Client ID is empty.".into()));
    }
    Ok(client_id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_input_never_prints_its_secret() {
        let input: NewConnection = serde_json::from_str(
            r#"{"name":"Prod","baseUrl":"https://api.trustgrid.io","clientId":"abc",
                "clientSecret":"723ae93acd87aa70b9b5b1fedcd38c85"}"#,
        )
        .unwrap();
        let update: ConnectionUpdate = serde_json::from_str(
            r#"{"name":"Prod","baseUrl":"https://api.trustgrid.io","clientId":"abc",
                "clientSecret":"723ae93acd87aa70b9b5b1fedcd38c85"}"#,
        )
        .unwrap();
        for printed in [format!("{input:?}"), format!("{update:?}")] {
            assert!(
                !printed.contains("723ae93acd87aa70b9b5b1fedcd38c85"),
                "Debug of a connection form must not show the secret: {printed}"
            );
        }
    }

    #[test]
    fn a_null_secret_in_an_update_means_keep_the_stored_one() {
        let update: ConnectionUpdate = serde_json::from_str(
            r#"{"name":"Prod","baseUrl":"https://x","clientId":"abc","clientSecret":null}"#,
        )
        .unwrap();
        assert!(update.client_secret.is_none());
    }

    #[test]
    fn base_urls_are_trimmed_and_must_be_http() {
        assert_eq!(
            checked_base_url(" https://api.trustgrid.io/ ", false)
                .unwrap()
                .0,
            "https://api.trustgrid.io"
        );
        assert!(matches!(
            checked_base_url("api.trustgrid.io", false),
            Err(Error::InvalidInput(_))
        ));
    }

    #[test]
    fn a_bad_base_url_is_not_quoted_back() {
        let Err(Error::InvalidInput(message)) =
            checked_base_url("723ae93acd87aa70b9b5b1fedcd38c85", false)
        else {
            panic!("a bare token is not an API URL");
        };
        assert!(
            !message.contains("723ae93acd87aa70b9b5b1fedcd38c85"),
            "a secret pasted into the URL field must not come back in the message: {message}"
        );
        assert!(message.contains("must start with https://"), "{message}");
    }
}
