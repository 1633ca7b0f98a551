//! JSON in and out of a command: decoding one argument, encoding the result, and running a
//! blocking command off the async workers. Error messages name the command and the argument but
//! never quote a value, since a value may be a secret.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::spec::lower_camel;
use crate::{AppError, ErrorCode};

/// Decodes argument `rust_name` (sent as its lowerCamelCase form) from `args`. A missing
/// argument decodes from `null`, so optional arguments may be left out.
pub fn argument<T: DeserializeOwned>(
    command: &str,
    args: &serde_json::Value,
    rust_name: &str,
) -> Result<T, AppError> {
    let key = lower_camel(rust_name);
    let value = args.get(&key).cloned().unwrap_or(serde_json::Value::Null);
    serde_json::from_value(value).map_err(|error| {
        // serde's message may quote the value it rejected: log only its category.
        tracing::debug!(command, argument = %key, category = ?error.classify(), "bad argument");
        AppError::new(
            ErrorCode::InvalidInput,
            format!("The app sent an invalid \"{key}\" to {command}."),
        )
    })
}

/// The result as JSON text, written straight from the result: a JSON value in between, which the
/// shell then wrote out, walked a 10,000-user list's answer twice.
pub fn encode(command: &str, result: impl Serialize) -> Result<String, AppError> {
    serde_json::to_string(&result).map_err(|error| {
        AppError::new(
            ErrorCode::Internal,
            format!("The result of {command} could not be encoded: {error}"),
        )
    })
}

/// The answer to a command name the table does not have.
pub fn unknown(command: &str) -> AppError {
    AppError::new(
        ErrorCode::InvalidInput,
        format!("There is no command named \"{command}\"."),
    )
}

/// Runs `work` on tokio's blocking pool.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|error| {
            Err(AppError::new(
                ErrorCode::Internal,
                format!("A command stopped unexpectedly: {error}"),
            ))
        })
}
