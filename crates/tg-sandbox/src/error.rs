//! The two ways the sandbox fails: it cannot start ([`SandboxError`]), or it refuses a request
//! ([`ApiError`]). Every refused request answers with a JSON array of strings, the body shape
//! Trustgrid uses for its 422 answers, so clients need one error parser for every status.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(
        "refusing to listen on non-loopback address {0}: the sandbox is for local use; pass --allow-remote to override"
    )]
    RemoteNotAllowed(std::net::SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("data directory {path}: {source}")]
    DataDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("database schema version {found} is newer than this sandbox supports ({supported})")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("admin credentials file {path}: {message}")]
    Credentials {
        path: std::path::PathBuf,
        message: String,
    },
    #[error("startup task failed: {0}")]
    Task(String),
}

/// A refused request. Converted into a status code and a JSON string-array body.
#[derive(Debug)]
pub enum ApiError {
    /// 400: the body is not JSON.
    MalformedJson(String),
    /// 401: no valid credentials. The message never contains the secret.
    Unauthorized(&'static str),
    /// 403: valid credentials, but a needed action is not allowed.
    Forbidden { caller: String, action: String },
    /// 404.
    NotFound(String),
    /// 413: the body is over the limit.
    PayloadTooLarge,
    /// 422: one message per problem found.
    Validation(Vec<String>),
    /// 500: a bug or a database failure; details go to the log only.
    Internal(String),
}

impl ApiError {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Validation(vec![message.into()])
    }

    fn status_and_messages(self) -> (StatusCode, Vec<String>) {
        match self {
            Self::MalformedJson(detail) => (
                StatusCode::BAD_REQUEST,
                vec![format!("malformed JSON body: {detail}")],
            ),
            Self::Unauthorized(reason) => (StatusCode::UNAUTHORIZED, vec![reason.to_string()]),
            Self::Forbidden { caller, action } => (
                StatusCode::FORBIDDEN,
                vec![format!(
                    "service user {caller} is not allowed to perform {action}"
                )],
            ),
            Self::NotFound(what) => (StatusCode::NOT_FOUND, vec![what]),
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                vec![format!(
                    "request body is larger than {} bytes",
                    crate::routes::MAX_BODY_BYTES
                )],
            ),
            Self::Validation(messages) => (StatusCode::UNPROCESSABLE_ENTITY, messages),
            Self::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    vec!["internal sandbox error".to_string()],
                )
            }
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Internal(format!("database: {error}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, messages) = self.status_and_messages();
        (status, Json(messages)).into_response()
    }
}
