//! What wraps every request: the request log, the added latency, and the limits that keep one
//! slow or greedy client from holding the sandbox: a time limit per request (its body
//! included) and a cap on requests in flight, both answered like every other refusal (a JSON
//! array of strings, here with `503` and `Retry-After: 1`). tower provides both limits.
//!
//! A request cut by the time limit may still finish a write that had started: the write runs to
//! its commit on a blocking thread. Clients must treat a 503 after a write as "unknown", as they
//! would a timeout.

use std::time::{Duration, Instant};

use axum::error_handling::HandleErrorLayer;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{BoxError, Router};
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::load_shed::LoadShedLayer;
use tower::load_shed::error::Overloaded;
use tower::timeout::TimeoutLayer;
use tower::timeout::error::Elapsed;

use super::state::AppState;
use crate::api_error::ApiError;

/// `router` with the time limit and the cap on requests in flight. The router applies a layer
/// to each route, so the cap must be the global one: one count for every route.
pub fn with_limits(
    router: Router<AppState>,
    timeout: Duration,
    max_in_flight: usize,
) -> Router<AppState> {
    router.layer(
        ServiceBuilder::new()
            .layer(HandleErrorLayer::new(move |error: BoxError| async move {
                refusal(error, timeout, max_in_flight)
            }))
            .layer(TimeoutLayer::new(timeout))
            .layer(LoadShedLayer::new())
            .layer(GlobalConcurrencyLimitLayer::new(max_in_flight)),
    )
}

fn refusal(error: BoxError, timeout: Duration, max_in_flight: usize) -> Response {
    if error.is::<Elapsed>() {
        ApiError::Unavailable(format!(
            "the request took longer than {} ms; it may still have completed",
            timeout.as_millis()
        ))
    } else if error.is::<Overloaded>() {
        ApiError::Unavailable(format!(
            "more than {max_in_flight} requests in flight; retry shortly"
        ))
    } else {
        ApiError::Internal(format!("request layer: {error}"))
    }
    .into_response()
}

pub async fn add_latency(
    State(latency): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    tokio::time::sleep(latency).await;
    next.run(request).await
}

/// Logs method, path, status and duration at debug level; never headers or bodies.
pub async fn log_request(request: Request, next: Next) -> Response {
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
