//! A refused request ([`ApiError`]) and the body every refusal answers with: a JSON array of
//! strings, the shape Trustgrid uses for its 422 answers, so clients need one error parser for
//! every status. Start-up failures are [`crate::start_error::SandboxError`].

use axum::Json;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa::ToSchema;

/// A refused request. Converted into a status code and a JSON string-array body.
#[derive(Debug)]
pub enum ApiError {
    /// 400: the body is not JSON.
    MalformedJson(String),
    /// 401: no valid credentials. The message never contains the secret.
    Unauthorized(&'static str),
    /// 403: valid credentials, but a needed action is not allowed.
    Forbidden { caller: String, action: String },
    /// 403: acting on a service user allowed `action`, which the caller is not, without
    /// `permissions::modify`.
    Escalation {
        caller: String,
        target: String,
        action: String,
    },
    /// 404.
    NotFound(String),
    /// 413: the body is over the limit.
    PayloadTooLarge,
    /// 422: one message per problem found.
    Validation(Vec<String>),
    /// 503 with `Retry-After: 1`: too busy or too slow right now; the client may retry.
    Unavailable(String),
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
            Self::Escalation {
                caller,
                target,
                action,
            } => (
                StatusCode::FORBIDDEN,
                vec![format!(
                    "service user {caller} needs permissions::modify to change {target}, \
                     which is allowed {action} and {caller} is not"
                )],
            ),
            Self::NotFound(what) => (StatusCode::NOT_FOUND, vec![what]),
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                vec![format!(
                    "request body is larger than {} bytes",
                    crate::config::MAX_BODY_BYTES
                )],
            ),
            Self::Validation(messages) => (StatusCode::UNPROCESSABLE_ENTITY, messages),
            Self::Unavailable(message) => (StatusCode::SERVICE_UNAVAILABLE, vec![message]),
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

/// The body of every error answer: one message per problem.
#[derive(ToSchema)]
#[schema(as = ErrorMessages, example = json!(["name must contain only letters, digits and hyphens"]))]
#[allow(dead_code)] // only its schema is used
pub struct ErrorMessages(Vec<String>);

impl From<crate::store::TaskFailed> for ApiError {
    fn from(error: crate::store::TaskFailed) -> Self {
        Self::Internal(error.to_string())
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
        let mut response = (status, Json(messages)).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
