//! The HTTP surface: the router with its layers (see [`layers`]) and the OpenAPI document, which is generated from the same route list that builds the router so the
//! two cannot drift apart. Handlers live in one module per resource; they reach the database
//! through [`AppState`] and read requests with the extractors in [`extract`], which also
//! authenticate the caller.

mod bodies;
mod extract;
mod layers;
mod org;
mod policies;
mod service_users;
mod state;
#[cfg(test)]
mod tests;

use std::sync::{Arc, OnceLock};

use axum::Json;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, StatusCode, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use state::AppState;

use crate::api_error::ApiError;
use crate::config::{MAX_BODY_BYTES, SandboxConfig};
use crate::faults;
use crate::model::Health;

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

/// The complete application. Layers, from the outside in: request log, fault mode (when
/// `faults` is given), added latency, time and concurrency limits, body limit.
pub fn router(
    state: AppState,
    config: &SandboxConfig,
    faults: Option<Arc<faults::Injector>>,
) -> Router {
    let (router, _) = api_routes().split_for_parts();
    let router = router
        .fallback(unknown_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    let mut router = layers::with_limits(
        router,
        config.request_timeout,
        config.max_concurrent_requests,
    );
    if !config.latency.is_zero() {
        router = router.layer(middleware::from_fn_with_state(
            config.latency,
            layers::add_latency,
        ));
    }
    if let Some(injector) = faults {
        router = router.layer(middleware::from_fn_with_state(injector, faults::inject));
    }
    router
        .layer(middleware::from_fn(layers::log_request))
        .with_state(state)
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
