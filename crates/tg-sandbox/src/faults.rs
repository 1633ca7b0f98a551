//! The fault mode (`--faults RATE --fault-seed N`, or [`crate::FaultConfig`]), off by default:
//! a share of requests fails the way a real API and network fail, so clients can be tested
//! for what they report and what they retry. A seeded generator draws, request by request in
//! arrival order, whether it fails and how, so a sequential client sees the same faults on
//! every run with the same seed.
//!
//! The faults, equally likely:
//! - `500`: refused before anything is done (a string-array body, as every error);
//! - `503` with `Retry-After: 1`: refused before anything is done;
//! - dropped before handling: the connection ends without an answer, nothing was done;
//! - dropped after handling: the request was carried out (a write committed), then the
//!   connection ends without an answer;
//! - late answer: the request is carried out, and the answer held back for the configured
//!   delay (35 s by default, past a 30 s client timeout) before it is sent.
//!
//! Answers from the fault mode carry `x-sandbox-fault: <kind>`. `/healthz` and `/openapi.json`
//! never fail, so scripts can still tell the sandbox is up.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio_util::sync::CancellationToken;

use crate::api_error::ApiError;
use crate::config::FaultConfig;
use crate::connection::Cutter;

/// The header that marks an answer shaped by the fault mode.
pub const FAULT_HEADER: &str = "x-sandbox-fault";

/// Paths that never fail.
const EXEMPT: &[&str] = &["/healthz", "/openapi.json"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    InternalError,
    Unavailable,
    DropBeforeHandling,
    DropAfterHandling,
    LateAnswer,
}

const FAULTS: [Fault; 5] = [
    Fault::InternalError,
    Fault::Unavailable,
    Fault::DropBeforeHandling,
    Fault::DropAfterHandling,
    Fault::LateAnswer,
];

impl Fault {
    fn name(self) -> &'static str {
        match self {
            Self::InternalError => "internal-error",
            Self::Unavailable => "unavailable",
            Self::DropBeforeHandling => "dropped-before-handling",
            Self::DropAfterHandling => "dropped-after-handling",
            Self::LateAnswer => "late-answer",
        }
    }
}

/// How many requests the fault mode saw and how many it failed, for reports of a test run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultStats {
    /// Requests that could have failed (every one but `/healthz` and `/openapi.json`).
    pub requests: u64,
    /// Requests that got a fault.
    pub faults: u64,
}

/// Draws and applies the faults of one sandbox.
pub struct Injector {
    rate: f64,
    delay: Duration,
    draws: Mutex<StdRng>,
    /// Cancelled at shutdown, so held-back answers do not hold the shutdown.
    stop: CancellationToken,
    requests: AtomicU64,
    faults: AtomicU64,
}

impl Injector {
    pub fn new(config: &FaultConfig, stop: CancellationToken) -> Arc<Self> {
        Arc::new(Self {
            rate: config.rate,
            delay: config.delay,
            draws: Mutex::new(StdRng::seed_from_u64(config.seed)),
            stop,
            requests: AtomicU64::new(0),
            faults: AtomicU64::new(0),
        })
    }

    pub fn stats(&self) -> FaultStats {
        FaultStats {
            requests: self.requests.load(Ordering::Relaxed),
            faults: self.faults.load(Ordering::Relaxed),
        }
    }

    fn draw(&self) -> Option<Fault> {
        let mut draws = self
            .draws
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let roll: f64 = draws.random();
        let fault = FAULTS[draws.random_range(0..FAULTS.len())];
        self.requests.fetch_add(1, Ordering::Relaxed);
        let failed = roll < self.rate;
        if failed {
            self.faults.fetch_add(1, Ordering::Relaxed);
        }
        failed.then_some(fault)
    }
}

/// The middleware: passes a request through, or fails it as drawn.
pub async fn inject(
    State(injector): State<Arc<Injector>>,
    request: Request,
    next: Next,
) -> Response {
    if EXEMPT.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let Some(fault) = injector.draw() else {
        return next.run(request).await;
    };
    tracing::info!(fault = fault.name(), method = %request.method(),
        path = %request.uri().path(), "injected fault");
    let cutter = request
        .extensions()
        .get::<ConnectInfo<Cutter>>()
        .map(|ConnectInfo(cutter)| cutter.clone());
    let mut response = match (fault, cutter) {
        (Fault::Unavailable, _) => {
            ApiError::Unavailable("injected fault: service unavailable".to_string()).into_response()
        }
        (Fault::DropBeforeHandling, Some(cutter)) => {
            cutter.cut();
            StatusCode::INTERNAL_SERVER_ERROR.into_response() // never sent
        }
        (Fault::DropAfterHandling, Some(cutter)) => {
            let _done = next.run(request).await;
            cutter.cut();
            StatusCode::INTERNAL_SERVER_ERROR.into_response() // never sent
        }
        (Fault::LateAnswer, _) => {
            let response = next.run(request).await;
            tokio::select! {
                () = tokio::time::sleep(injector.delay) => {}
                () = injector.stop.cancelled() => {}
            }
            response
        }
        // Without a cuttable connection (the router served some other way) a drop is a 500.
        (Fault::InternalError | Fault::DropBeforeHandling | Fault::DropAfterHandling, _) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(["injected fault: internal error"]),
        )
            .into_response(),
    };
    response
        .headers_mut()
        .insert(FAULT_HEADER, HeaderValue::from_static(fault.name()));
    response
}
