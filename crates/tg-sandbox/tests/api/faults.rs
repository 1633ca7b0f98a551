//! The fault mode: every kind of fault happens, each leaves the data as it says, the same seed
//! gives the same faults, the rate holds, and it is off unless asked for.

use std::time::Duration;

use serde_json::json;
use tempfile::TempDir;
use tg_sandbox::{FAULT_HEADER, FaultConfig, RunningSandbox, Sandbox, SandboxConfig};

use crate::common::{Api, names};

/// What a client saw.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seen {
    Answer(u16, Option<String>),
    TimedOut,
    Dropped,
}

async fn faulty(dir: &TempDir, rate: f64, seed: u64) -> RunningSandbox {
    let mut config = SandboxConfig::new(dir.path());
    config.faults = Some(FaultConfig {
        rate,
        seed,
        delay: Duration::from_millis(600),
    });
    Sandbox::start(config)
        .await
        .expect("a faulty sandbox starts")
}

/// A client that gives up after 250 ms and opens a new connection for every request.
fn client() -> reqwest::Client {
    // reqwest has no crypto provider of its own here (see the workspace manifest).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_millis(250))
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

async fn send(
    sandbox: &RunningSandbox,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> Seen {
    let keys = sandbox.admin_credentials();
    let mut request = client()
        .request(method, format!("{}{path}", sandbox.base_url()))
        .header(
            "Authorization",
            format!("trustgrid-token {}:{}", keys.client_id, keys.secret),
        );
    if let Some(body) = body {
        request = request.json(&body);
    }
    match request.send().await {
        Ok(response) => {
            let fault = response
                .headers()
                .get(FAULT_HEADER)
                .map(|v| v.to_str().unwrap().to_string());
            let status = response.status().as_u16();
            match response.bytes().await {
                Ok(_) => Seen::Answer(status, fault),
                Err(error) if error.is_timeout() => Seen::TimedOut,
                Err(_) => Seen::Dropped,
            }
        }
        Err(error) if error.is_timeout() => Seen::TimedOut,
        Err(_) => Seen::Dropped,
    }
}

/// The service users as a fault-free sandbox on the same data sees them.
async fn users_after(dir: &TempDir, sandbox: RunningSandbox) -> Vec<String> {
    sandbox.shutdown().await;
    let clean = Sandbox::start(SandboxConfig::new(dir.path()))
        .await
        .unwrap();
    let (status, list) = Api::for_sandbox(&clean).get("/v2/service-user").await;
    assert_eq!(status, 200);
    names(&list)
}

#[tokio::test]
async fn every_kind_of_fault_happens_and_leaves_the_data_as_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = faulty(&dir, 1.0, 7).await;
    let mut seen = Vec::new();
    for index in 0..40 {
        let name = format!("u-{index}");
        let outcome = send(
            &sandbox,
            reqwest::Method::POST,
            "/v2/service-user",
            Some(json!({ "name": name })),
        )
        .await;
        seen.push((name, outcome));
    }
    let users = users_after(&dir, sandbox).await;
    let exists = |name: &str| users.iter().any(|u| u == name);

    let mut dropped_done = 0;
    let mut dropped_not_done = 0;
    for (name, outcome) in &seen {
        match outcome {
            Seen::Answer(500, Some(fault)) => {
                assert_eq!(fault, "internal-error");
                assert!(!exists(name), "{name}: a 500 did nothing");
            }
            Seen::Answer(503, Some(fault)) => {
                assert_eq!(fault, "unavailable");
                assert!(!exists(name), "{name}: a 503 did nothing");
            }
            Seen::TimedOut => assert!(exists(name), "{name}: a late answer was carried out"),
            Seen::Dropped if exists(name) => dropped_done += 1,
            Seen::Dropped => dropped_not_done += 1,
            other => panic!("{name}: with every request failing, {other:?} is not a fault"),
        }
    }
    let count = |wanted: &Seen| seen.iter().filter(|(_, s)| s == wanted).count();
    assert!(
        count(&Seen::Answer(500, Some("internal-error".into()))) > 0,
        "{seen:?}"
    );
    assert!(
        count(&Seen::Answer(503, Some("unavailable".into()))) > 0,
        "{seen:?}"
    );
    assert!(count(&Seen::TimedOut) > 0, "{seen:?}");
    assert!(
        dropped_done > 0,
        "some drops came after the write: {seen:?}"
    );
    assert!(dropped_not_done > 0, "some drops came before it: {seen:?}");
}

async fn outcomes(rate: f64, seed: u64, requests: usize) -> Vec<Seen> {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = faulty(&dir, rate, seed).await;
    let mut seen = Vec::new();
    for _ in 0..requests {
        seen.push(send(&sandbox, reqwest::Method::GET, "/org/mine", None).await);
    }
    sandbox.shutdown().await;
    seen
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults() {
    let first = outcomes(0.5, 42, 30).await;
    assert_eq!(outcomes(0.5, 42, 30).await, first);
    assert_ne!(
        outcomes(0.5, 43, 30).await,
        first,
        "another seed, other faults"
    );
}

#[tokio::test]
async fn the_rate_is_about_what_was_asked() {
    let seen = outcomes(0.2, 1, 200).await;
    let failed = seen
        .iter()
        .filter(|s| **s != Seen::Answer(200, None))
        .count();
    assert!(
        (20..=60).contains(&failed),
        "{failed} of 200 failed at a 20 % rate"
    );
}

#[tokio::test]
async fn health_and_the_api_description_never_fail() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = faulty(&dir, 1.0, 3).await;
    for path in ["/healthz", "/openapi.json"] {
        for _ in 0..10 {
            assert_eq!(
                send(&sandbox, reqwest::Method::GET, path, None).await,
                Seen::Answer(200, None),
                "{path}"
            );
        }
    }
}

#[tokio::test]
async fn without_faults_nothing_fails_and_a_bad_rate_is_refused() {
    assert!(
        outcomes(0.0, 9, 30)
            .await
            .iter()
            .all(|s| *s == Seen::Answer(200, None))
    );
    let dir = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new(dir.path());
    config.faults = Some(FaultConfig::new(1.5, 0));
    let error = Sandbox::start(config).await.unwrap_err();
    assert!(error.to_string().contains("fault rate"), "{error}");
}

#[tokio::test]
async fn the_command_line_turns_the_fault_mode_on() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let binary = env!("CARGO_BIN_EXE_tg-sandbox");
    let mut child = Command::new(binary)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--faults",
            "1",
            "--fault-seed",
            "5",
        ])
        .args(["--fault-delay-ms", "100", "--data-dir"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let base = first_line.trim().rsplit(' ').next().unwrap().to_string();
    let credentials: tg_sandbox::AdminCredentials = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("admin-credentials.json")).unwrap(),
    )
    .unwrap();
    let api = Api::new(&base).with_keys(&credentials.client_id, &credentials.secret);
    assert_eq!(api.get("/healthz").await.0, 200);
    let http = client();
    for _ in 0..5 {
        let answer = http
            .get(format!("{base}/org/mine"))
            .header(
                "Authorization",
                format!(
                    "trustgrid-token {}:{}",
                    credentials.client_id, credentials.secret
                ),
            )
            .send()
            .await;
        if let Ok(response) = answer {
            assert!(
                response.headers().contains_key(FAULT_HEADER),
                "every answer is a fault at rate 1"
            );
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let refused = Command::new(binary)
        .args(["--fault-seed", "1", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        !refused.status.success(),
        "a seed without --faults is a usage error"
    );
}
