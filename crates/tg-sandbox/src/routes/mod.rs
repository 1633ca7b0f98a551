//! The HTTP surface: the router, the shared request plumbing (JSON bodies with Trustgrid-style
//! errors, the body limit, added latency) and the OpenAPI document, which is generated from the
//! same route list that builds the router so the two cannot drift apart.

pub mod org;
pub mod policies;
pub mod service_users;

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use rusqlite::Transaction;
use serde::de::DeserializeOwned;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::model::{Health, Org};
use crate::store::Store;

/// Largest accepted request body; larger ones get 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub org: Arc<Org>,
}

impl AppState {
    /// Runs a write transaction off the async workers (a commit waits for the disk).
    pub async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Transaction) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || store.write(f))
            .await
            .map_err(|error| ApiError::Internal(format!("write task: {error}")))?
    }
}

/// The body of every error answer: one message per problem.
#[derive(ToSchema)]
#[schema(as = ErrorMessages, example = json!(["name must contain only letters, digits and hyphens"]))]
#[allow(dead_code)] // only its schema is used
pub struct ErrorMessages(Vec<String>);

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

#[derive(OpenApi)]
#[openapi(
    info(
        title = "tg-sandbox",
        description = "A local Trustgrid-compatible API: organisation, service users and policies."
    ),
    modifiers(&TrustgridToken),
    security(("trustgrid_token" = [])),
    tags(
        (name = "org", description = "The caller's organisation"),
        (name = "service users", description = "Machine accounts and their API keys"),
        (name = "policies", description = "Access policies"),
        (name = "sandbox", description = "Endpoints of the sandbox itself (no authentication)")
    )
)]
struct ApiDoc;

struct TrustgridToken;

impl Modify for TrustgridToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "trustgrid_token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "trustgrid-token CLIENT_ID:SECRET",
            ))),
        );
    }
}

fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(org::get_org))
        .routes(routes!(
            service_users::list_service_users,
            service_users::create_service_user
        ))
        .routes(routes!(
            service_users::get_service_user,
            service_users::update_service_user,
            service_users::delete_service_user
        ))
        .routes(routes!(service_users::generate_token))
        .routes(routes!(policies::list_policies, policies::create_policy))
        .routes(routes!(
            policies::get_policy,
            policies::update_policy,
            policies::delete_policy
        ))
        .routes(routes!(healthz))
        .routes(routes!(openapi_json))
}

/// The OpenAPI 3 description of everything the sandbox serves.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_routes().split_for_parts().1
}

/// The complete application.
pub fn router(state: AppState, latency: Duration) -> Router {
    let (mut router, _) = api_routes().split_for_parts();
    router = router
        .fallback(unknown_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(log_request));
    if !latency.is_zero() {
        router = router.layer(middleware::from_fn_with_state(latency, add_latency));
    }
    router.with_state(state)
}

/// Liveness check.
#[utoipa::path(get, path = "/healthz", tag = "sandbox", security(()),
    responses((status = 200, description = "The sandbox is running", body = Health)))]
async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "sandbox", security(()),
    responses((status = 200, description = "OpenAPI 3 description of the sandbox", body = Object)))]
async fn openapi_json() -> Response {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let document =
        DOCUMENT.get_or_init(|| openapi().to_json().unwrap_or_else(|_| "{}".to_string()));
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        document.as_str(),
    )
        .into_response()
}

async fn unknown_route(method: Method, uri: Uri) -> ApiError {
    ApiError::NotFound(format!("no such endpoint: {method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(vec![format!(
            "method {method} is not supported on {}",
            uri.path()
        )]),
    )
        .into_response()
}

async fn add_latency(State(latency): State<Duration>, request: Request, next: Next) -> Response {
    tokio::time::sleep(latency).await;
    next.run(request).await
}

/// Logs method, path, status and duration at debug level; never headers or bodies.
async fn log_request(request: Request, next: Next) -> Response {
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return next.run(request).await;
    }
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    tracing::debug!(%method, %path, status = response.status().as_u16(),
        elapsed_us = started.elapsed().as_micros() as u64, "request");
    response
}
