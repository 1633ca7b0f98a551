//! The limits that keep one client from holding the sandbox: a time limit per request and a cap
//! on requests in flight, both answered 503 with a string-array body.

use std::time::{Duration, Instant};

use tempfile::TempDir;
use tg_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::Api;

async fn start_with(configure: impl FnOnce(&mut SandboxConfig)) -> (TempDir, RunningSandbox) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new(dir.path());
    configure(&mut config);
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    (dir, sandbox)
}

/// Sends an authenticated POST that announces a 100-byte body and sends one byte of it, and
/// returns the open connection.
async fn stalled_post(sandbox: &RunningSandbox) -> TcpStream {
    let keys = sandbox.admin_credentials();
    let mut stream = TcpStream::connect(sandbox.local_addr()).await.unwrap();
    let head = format!(
        "POST /v2/service-user HTTP/1.1\r\nHost: sandbox\r\n\
         Authorization: trustgrid-token {}:{}\r\nContent-Type: application/json\r\n\
         Content-Length: 100\r\n\r\n{{",
        keys.client_id, keys.secret
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

#[tokio::test]
async fn a_request_that_never_finishes_its_body_gets_503_within_the_time_limit() {
    let (_dir, sandbox) = start_with(|c| c.request_timeout = Duration::from_millis(300)).await;
    let mut stream = stalled_post(&sandbox).await;
    let started = Instant::now();
    let mut answer = vec![0; 4096];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
        .await
        .expect("the sandbox answers a stalled request instead of waiting for ever")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.to_lowercase().contains("retry-after: 1"), "{answer}");
    assert!(answer.contains("longer than 300 ms"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn requests_beyond_the_cap_are_refused_at_once_and_served_again_after() {
    let (_dir, sandbox) = start_with(|c| {
        c.max_concurrent_requests = 1;
        c.request_timeout = Duration::from_millis(1500);
    })
    .await;
    let admin = Api::for_sandbox(&sandbox);
    assert_eq!(admin.get("/org/mine").await.0, 200, "one at a time is fine");
    let stalled = stalled_post(&sandbox).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let (status, body) = admin.get("/org/mine").await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body[0].as_str().unwrap().contains("requests in flight"),
        "{body}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "refused at once"
    );
    drop(stalled);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (status, _) = admin.get("/org/mine").await;
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the slot is freed again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn zero_limits_are_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new(dir.path());
    config.max_concurrent_requests = 0;
    let error = Sandbox::start(config).await.unwrap_err();
    assert!(
        error.to_string().contains("max_concurrent_requests"),
        "{error}"
    );
}
