//! Benchmark of the sandbox on this machine, printed as a Markdown section for BENCHMARKS.md:
//! authenticated `GET /v2/service-user/{name}` with 1,000 users present against a bare axum
//! handler serving a similar body, and the authentication check on its own.
//!
//! Run with `cargo bench -p tg-sandbox --bench sandbox`. Loopback only, bounded in requests and
//! time.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::Path;
use axum::routing::get;
use tg_sandbox::bench_support::AuthFixture;
use tg_sandbox::{Sandbox, SandboxConfig};

const USERS: usize = 1_000;
const CONCURRENCY: usize = 32;
const MAX_REQUESTS: usize = 40_000;
const MAX_DURATION: Duration = Duration::from_secs(4);
const WARM_UP_REQUESTS: usize = 1_000;
const AUTH_CHECKS: usize = 50_000;
const THROUGHPUT_GOAL: f64 = 0.25;
const AUTH_GOAL_US: f64 = 20.0;

struct LoadResult {
    requests: usize,
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temporary directory");

    let fixture = AuthFixture::prepare(dir.path(), USERS).expect("data directory with users");
    let (auth_mean, auth_p99) = measure_auth(&fixture);
    drop(fixture);

    let (sandbox, bare) = runtime.block_on(async {
        let sandbox = Sandbox::start(SandboxConfig::new(dir.path()))
            .await
            .expect("sandbox starts");
        let credentials = sandbox.admin_credentials().clone();
        let authorization = format!(
            "trustgrid-token {}:{}",
            credentials.client_id, credentials.secret
        );
        let bare_url = start_bare_server().await;
        let sandbox_result = load(sandbox.base_url(), Some(&authorization)).await;
        let bare_result = load(&bare_url, None).await;
        sandbox.shutdown().await;
        (sandbox_result, bare_result)
    });

    let ratio = sandbox.per_second / bare.per_second;
    let verdict = |pass: bool| if pass { "pass" } else { "FAIL" };
    println!("## tg-sandbox\n");
    println!(
        "Method: {CONCURRENCY} requests in flight over keep-alive loopback connections (reqwest, \
         same process and same 2 cores as the server), for {} s or {MAX_REQUESTS} requests per \
         target after {WARM_UP_REQUESTS} warm-up requests. The sandbox answers authenticated \
         `GET /v2/service-user/user-N` with {USERS} users in the database (SQLite, no caches); the \
         bare server is an axum handler returning a similar JSON body without auth or database. \
         The auth check (parse header, look up key, SHA-256, constant-time compare, load policies, \
         evaluate `users::read`) is timed alone {AUTH_CHECKS} times.\n",
        MAX_DURATION.as_secs()
    );
    println!("| measurement | result | goal | verdict |");
    println!("|---|---|---|---|");
    println!(
        "| bare axum handler | {:.0} req/s, p50 {}, p99 {} ({} requests) | baseline | — |",
        bare.per_second,
        micros(bare.p50),
        micros(bare.p99),
        bare.requests
    );
    println!(
        "| sandbox `GET /v2/service-user/{{name}}` | {:.0} req/s, p50 {}, p99 {} ({} requests) | — | — |",
        sandbox.per_second,
        micros(sandbox.p50),
        micros(sandbox.p99),
        sandbox.requests
    );
    println!(
        "| sandbox / bare throughput | {:.0} % | ≥ {:.0} % | {} |",
        ratio * 100.0,
        THROUGHPUT_GOAL * 100.0,
        verdict(ratio >= THROUGHPUT_GOAL)
    );
    println!(
        "| auth check, mean | {:.1} µs | ≤ {AUTH_GOAL_US:.0} µs | {} |",
        auth_mean,
        verdict(auth_mean <= AUTH_GOAL_US)
    );
    println!(
        "| auth check, p99 | {:.1} µs | ≤ {AUTH_GOAL_US:.0} µs | {} |",
        auth_p99,
        verdict(auth_p99 <= AUTH_GOAL_US)
    );
}

fn micros(duration: Duration) -> String {
    format!("{:.0} µs", duration.as_secs_f64() * 1e6)
}

/// Mean and p99 of the auth check, in microseconds.
fn measure_auth(fixture: &AuthFixture) -> (f64, f64) {
    for _ in 0..1_000 {
        assert!(fixture.check(), "the admin's credentials authenticate");
    }
    let mut samples = Vec::with_capacity(AUTH_CHECKS);
    for _ in 0..AUTH_CHECKS {
        let started = Instant::now();
        let ok = fixture.check();
        samples.push(started.elapsed());
        assert!(ok);
    }
    samples.sort();
    let mean = samples.iter().sum::<Duration>().as_secs_f64() / samples.len() as f64;
    (mean * 1e6, percentile(&samples, 0.99).as_secs_f64() * 1e6)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

async fn start_bare_server() -> String {
    async fn handler(Path(name): Path<String>) -> Json<serde_json::Value> {
        Json(serde_json::json!({
            "name": name,
            "orgId": "dddb37c1-f707-4a55-bb72-a5978461771a",
            "status": "active",
            "policyIds": ["builtin-tg-monitor"],
            "clientId": "59766250b5935818",
            "tokenCreated": 1718000000
        }))
    }
    let app = axum::Router::new().route("/v2/service-user/{name}", get(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

async fn load(base_url: &str, authorization: Option<&str>) -> LoadResult {
    // reqwest has no crypto provider of its own here (see the workspace manifest).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .expect("client");
    let run = |budget: usize, deadline: Instant| {
        let counter = Arc::new(AtomicUsize::new(0));
        let workers: Vec<_> = (0..CONCURRENCY)
            .map(|_| {
                let client = client.clone();
                let counter = counter.clone();
                let base_url = base_url.to_string();
                let authorization = authorization.map(str::to_string);
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    loop {
                        let n = counter.fetch_add(1, Ordering::Relaxed);
                        if n >= budget || Instant::now() >= deadline {
                            return latencies;
                        }
                        let url = format!("{base_url}/v2/service-user/user-{}", n % USERS);
                        let mut request = client.get(url).header("Accept", "application/json");
                        if let Some(authorization) = &authorization {
                            request = request.header("Authorization", authorization);
                        }
                        let started = Instant::now();
                        let response = request.send().await.expect("request");
                        assert_eq!(response.status(), 200, "benchmark requests succeed");
                        response.bytes().await.expect("body");
                        latencies.push(started.elapsed());
                    }
                })
            })
            .collect();
        async move {
            let mut all = Vec::new();
            for worker in workers {
                all.extend(worker.await.expect("worker"));
            }
            all
        }
    };
    run(WARM_UP_REQUESTS, Instant::now() + MAX_DURATION).await;
    let started = Instant::now();
    let mut latencies = run(MAX_REQUESTS, started + MAX_DURATION).await;
    let elapsed = started.elapsed();
    latencies.sort();
    LoadResult {
        requests: latencies.len(),
        per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: percentile(&latencies, 0.50),
        p99: percentile(&latencies, 0.99),
    }
}
