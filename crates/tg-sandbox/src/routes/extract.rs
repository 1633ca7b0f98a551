//! Request extractors that answer like the rest of the API (a JSON array of strings) when they
//! reject: the authenticated caller, JSON bodies and the `{name}` path segment.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::state::AppState;
use crate::api_error::ApiError;
use crate::auth::{self, Caller};

/// The caller of every authenticated endpoint, checked against the database on each request.
impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = match parts.headers.get(AUTHORIZATION) {
            None => None,
            Some(value) => Some(value.to_str().map_err(|_| {
                ApiError::Unauthorized("malformed Authorization header: not ASCII")
            })?),
        };
        auth::authenticate(&state.store, header)
    }
}

/// A JSON request body. Unlike `axum::Json` it does not insist on a `Content-Type`, and it
/// answers like the rest of the API: 400 for malformed JSON, 413 for an oversized body, 422 for
/// JSON of the wrong shape, each with a string-array body.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::MalformedJson(rejection.body_text())
                }
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::MalformedJson("the body is empty".to_string()));
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|error| match error.classify() {
                serde_json::error::Category::Data => {
                    ApiError::invalid(format!("invalid request body: {error}"))
                }
                _ => ApiError::MalformedJson(error.to_string()),
            })
    }
}

/// The `{name}` path segment. Like `axum::extract::Path`, but a bad segment (invalid UTF-8 after
/// percent-decoding) is a 404 with a string-array body, like every other error.
pub struct NameParam(pub String);

impl<S: Send + Sync> FromRequestParts<S> for NameParam {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(name)| NameParam(name))
            .map_err(|rejection| {
                ApiError::NotFound(format!("invalid path: {}", rejection.body_text()))
            })
    }
}
