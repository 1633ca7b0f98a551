//! Two layers of errors. [`Error`] is this crate's one `thiserror` enum, for Rust callers: every
//! use-case (connections, keychain, clipboard, the secret handoff, files) fails with it. [`AppError`]
//! is what the UI receives: a stable [`ErrorCode`] to branch on, a message written for an
//! administrator, and the server's validation messages as `details`. Neither ever holds a secret.
//!
//! This file depends on no other file of the crate, so every other file can depend on it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Everything a use-case of this crate can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A Trustgrid API call failed.
    #[error(transparent)]
    Api(#[from] tg_api::Error),
    /// The OS keychain cannot be used at all (no Secret Service running, locked, access denied).
    #[error("the system keychain is unavailable: {0}")]
    KeychainUnavailable(String),
    /// The keychain answered, but with an error about this entry.
    #[error("the system keychain failed: {0}")]
    Keychain(String),
    /// The connection was removed, but its secret could not be deleted from the keychain, so it
    /// may still be stored there. Reported as an error although the removal itself happened.
    #[error(
        "connection \"{name}\" was removed, but its secret could not be deleted from the keychain: {cause}"
    )]
    SecretLeftInKeychain {
        name: String,
        /// The keychain service the secret is stored under.
        service: String,
        /// The keychain account (the connection id) under that service.
        account: String,
        cause: String,
    },
    /// A saved connection has no secret in the keychain (removed outside the app).
    #[error("no secret is stored in the keychain for connection \"{0}\"")]
    SecretMissing(String),
    /// No connection has this id.
    #[error("no connection with id \"{0}\"")]
    ConnectionNotFound(String),
    /// A changed connection points at another server (scheme, host or port) and no secret was
    /// entered: the stored one is sent only where it was entered for.
    #[error("the connection \"{0}\" now points at another server; enter its Client Secret again")]
    SecretRequired(String),
    /// There is no active connection to run a request with.
    #[error("no connection is active")]
    NotConnected,
    /// The caller's input was rejected before anything was sent or saved.
    #[error("{0}")]
    InvalidInput(String),
    /// The one-time-secret handoff was closed (or never existed): its secret is gone.
    #[error("these keys were closed; generate new keys to get a new Client Secret")]
    HandoffClosed(Uuid),
    /// The system clipboard cannot be opened (no display, for instance).
    #[error("the system clipboard is not available: {0}")]
    ClipboardUnavailable(String),
    /// The clipboard opened but an operation on it failed. Never holds clipboard content.
    #[error("the clipboard operation failed: {0}")]
    Clipboard(String),
    /// The sandbox running inside the app could not be recovered or reset.
    #[error("the built-in sandbox: {0}")]
    EmbeddedSandbox(String),
    /// Reading or writing one of the app's files failed.
    #[error("could not {action} {path}: {message}")]
    Storage {
        action: &'static str,
        path: String,
        message: String,
    },
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn storage(
        action: &'static str,
        path: &std::path::Path,
        error: impl std::fmt::Display,
    ) -> Self {
        Error::Storage {
            action,
            path: path.display().to_string(),
            message: error.to_string(),
        }
    }

    /// Whether a change that failed this way may still have been made (see
    /// [`tg_api::Error::may_have_been_applied`]).
    pub fn may_have_been_applied(&self) -> bool {
        matches!(self, Error::Api(api) if api.may_have_been_applied())
    }
}

/// What the UI branches on. Variants are added only when the UI needs to tell cases apart; the
/// UI's list of codes is generated from this enum (`strum::VariantArray`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, strum::VariantArray)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    Unauthorized,
    Forbidden,
    NotFound,
    Validation,
    Network,
    Timeout,
    KeychainUnavailable,
    InvalidInput,
    /// A connection's address changed to another server: the UI asks for the secret again.
    SecretRequired,
    /// Plain http to another machine: the UI asks the user to confirm (`allowInsecureHttp`).
    InsecureConnection,
    /// A change was sent but no answer came back (or the server failed): it may have been made.
    /// For new keys the old key may already be invalid, so the UI offers to regenerate.
    OutcomeUnknown,
    Internal,
}

/// An error as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// The server's validation messages (422), one per line in the UI.
    pub details: Vec<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: Vec::new(),
        }
    }
}

impl From<tg_api::Error> for AppError {
    fn from(error: tg_api::Error) -> Self {
        use tg_api::Error as Api;
        match error {
            Api::Unauthorized => AppError::new(
                ErrorCode::Unauthorized,
                "The connection's credentials were rejected (401). Check the Client ID and Secret, \
                 and that the service user is active.",
            ),
            Api::Forbidden => AppError::new(
                ErrorCode::Forbidden,
                "The connection's service user lacks the permission for this (403). Attach a policy \
                 that allows it.",
            ),
            Api::NotFound => AppError::new(
                ErrorCode::NotFound,
                "Not found (404): it may have been deleted meanwhile. Refresh the list.",
            ),
            Api::Validation(messages) => AppError {
                code: ErrorCode::Validation,
                message: if messages.is_empty() {
                    "Trustgrid refused the change (422).".to_string()
                } else {
                    format!(
                        "Trustgrid refused the change (422): {}",
                        messages.join("; ")
                    )
                },
                details: messages,
            },
            Api::Timeout => AppError::new(
                ErrorCode::Timeout,
                "Trustgrid did not answer in time. Check the network and try again.",
            ),
            Api::Network(cause) | Api::Unreachable(cause) => {
                AppError::new(ErrorCode::Network, format!("Could not reach {cause}"))
            }
            Api::Api { status: 413, .. } => AppError::new(
                ErrorCode::InvalidInput,
                "The request was too large for the server (413).",
            ),
            Api::Api { status: 400, body } => AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "The server rejected the request as malformed (400){}",
                    sentence_end(&body)
                ),
            ),
            Api::Api { status, body } => AppError::new(
                ErrorCode::Internal,
                format!(
                    "Trustgrid answered with an unexpected status {status}{}",
                    sentence_end(&body)
                ),
            ),
            Api::Redirect { status, location } => AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "The API answered with a redirect ({status}{}), which the app does not \
                     follow. Check the connection's API URL.",
                    location.map(|l| format!(" to {l}")).unwrap_or_default()
                ),
            ),
            Api::ResponseTooLarge { limit } => AppError::new(
                ErrorCode::Internal,
                format!(
                    "Trustgrid's answer is larger than {} MiB, so it was not read.",
                    limit / (1024 * 1024)
                ),
            ),
            Api::InsecureHttp => AppError::new(
                ErrorCode::InsecureConnection,
                "This API URL uses plain http:// to another machine: the Client Secret would \
                 cross the network unencrypted. Use https://, or confirm the insecure connection.",
            ),
            Api::InvalidName(name) => AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "{name:?} cannot be used as a name: it must not be empty, \".\" or \"..\", \
                     or contain a slash, a backslash or a control character."
                ),
            ),
            Api::Decode(cause) => AppError::new(
                ErrorCode::Internal,
                format!("Trustgrid's answer could not be read: {cause}"),
            ),
            Api::Config(cause) => AppError::new(
                ErrorCode::InvalidInput,
                format!("The connection settings are invalid: {cause}"),
            ),
            other => AppError::new(ErrorCode::Internal, other.to_string()),
        }
    }
}

impl From<Error> for AppError {
    fn from(error: Error) -> Self {
        AppError::from(&error)
    }
}

impl From<&Error> for AppError {
    fn from(error: &Error) -> Self {
        match error {
            Error::Api(api) => api.clone().into(),
            Error::KeychainUnavailable(cause) => AppError::new(
                ErrorCode::KeychainUnavailable,
                format!(
                    "The system keychain is unavailable, so the secret cannot be stored or read \
                     ({cause}). Unlock the keychain or start a Secret Service provider."
                ),
            ),
            Error::SecretLeftInKeychain {
                name,
                service,
                account,
                cause,
            } => AppError::new(
                ErrorCode::KeychainUnavailable,
                format!(
                    "The connection \"{name}\" was removed, but its Client Secret could not be \
                     deleted from the system keychain ({cause}). It may still be stored there \
                     (service {service}, account {account}); delete it with the keychain tool."
                ),
            ),
            Error::Keychain(cause) => AppError::new(
                ErrorCode::Internal,
                format!("The system keychain failed: {cause}"),
            ),
            Error::SecretMissing(name) => AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "The keychain has no secret for the connection \"{name}\". Edit the connection \
                     and enter the Client Secret again."
                ),
            ),
            Error::ConnectionNotFound(id) => AppError::new(
                ErrorCode::NotFound,
                format!("The connection \"{id}\" no longer exists."),
            ),
            Error::SecretRequired(name) => AppError::new(
                ErrorCode::SecretRequired,
                format!(
                    "The connection \"{name}\" now points at another server (its scheme, host \
                     or port changed). Enter the Client Secret again: the stored one is only \
                     sent where it was entered for."
                ),
            ),
            Error::NotConnected => AppError::new(
                ErrorCode::InvalidInput,
                "No connection is active. Add or choose a connection first.",
            ),
            Error::InvalidInput(message) => AppError::new(ErrorCode::InvalidInput, message.clone()),
            Error::HandoffClosed(_) => AppError::new(
                ErrorCode::NotFound,
                "These keys were closed; generate new keys to get a new Client Secret.",
            ),
            Error::ClipboardUnavailable(cause) => AppError::new(
                ErrorCode::Internal,
                format!("The system clipboard is not available: {cause}."),
            ),
            Error::Clipboard(cause) => AppError::new(
                ErrorCode::Internal,
                format!("The clipboard operation failed: {cause}."),
            ),
            Error::EmbeddedSandbox(cause) => AppError::new(
                ErrorCode::Internal,
                format!("The built-in sandbox could not be recovered: {cause}"),
            ),
            Error::Storage {
                action,
                path,
                message,
            } => AppError::new(
                ErrorCode::Internal,
                format!("Could not {action} {path}: {message}"),
            ),
        }
    }
}

/// `.` after a message, or `: body` when the server said something.
fn sentence_end(body: &str) -> String {
    if body.trim().is_empty() {
        ".".to_owned()
    } else {
        format!(": {body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_snake_case_on_the_wire() {
        let json = serde_json::to_string(&AppError::from(Error::KeychainUnavailable(
            "no dbus".into(),
        )))
        .unwrap();
        assert!(
            json.contains(r#""code":"keychain_unavailable""#),
            "the UI matches on the snake_case code: {json}"
        );
    }

    #[test]
    fn validation_messages_become_details() {
        let error = AppError::from(tg_api::Error::Validation(vec![
            "name is required".into(),
            "bad".into(),
        ]));
        assert_eq!(error.code, ErrorCode::Validation);
        assert_eq!(error.details, vec!["name is required", "bad"]);
        assert!(error.message.contains("name is required"));
    }

    #[test]
    fn network_errors_name_the_target() {
        let error = AppError::from(tg_api::Error::Network(
            "https://api.trustgrid.io/org/mine: dns error".into(),
        ));
        assert_eq!(error.code, ErrorCode::Network);
        assert_eq!(
            error.message,
            "Could not reach https://api.trustgrid.io/org/mine: dns error"
        );
    }

    #[test]
    fn a_withheld_body_still_reads_as_a_sentence() {
        let error = AppError::from(tg_api::Error::Api {
            status: 500,
            body: String::new(),
        });
        assert_eq!(
            error.message,
            "Trustgrid answered with an unexpected status 500."
        );
    }

    #[test]
    fn the_new_transport_refusals_have_codes_the_ui_can_branch_on() {
        assert_eq!(
            AppError::from(tg_api::Error::InsecureHttp).code,
            ErrorCode::InsecureConnection
        );
        assert_eq!(
            AppError::from(Error::SecretRequired("Prod".into())).code,
            ErrorCode::SecretRequired
        );
        let json = serde_json::to_string(&ErrorCode::InsecureConnection).unwrap();
        assert_eq!(json, r#""insecure_connection""#);
    }

    #[test]
    fn unauthorized_tells_what_to_check() {
        let error = AppError::from(Error::Api(tg_api::Error::Unauthorized));
        assert_eq!(error.code, ErrorCode::Unauthorized);
        assert!(error.message.contains("Check the Client ID and Secret"));
    }
}
