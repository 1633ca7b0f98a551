//! Fault cases the real sandbox does not produce on demand: slow answers, gateway errors,
//! throttling with `Retry-After`, broken connections and malformed bodies, served by a tiny
//! scripted HTTP server on 127.0.0.1:0.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use tg_api::{
    Client, ClientCredentials, Error, NewServiceUser, RetryPolicy, Secret, ServiceUserStatus,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the stub does with the n-th request (0-based).
#[derive(Clone)]
enum Reply {
    Status(u16, &'static str),
    Slow(Duration, u16, &'static str),
    /// An answer with one extra header.
    WithHeader(u16, &'static str, String, &'static str),
    /// A 200 of `n` bytes, with or without a Content-Length (without, the body ends at close).
    Huge {
        bytes: usize,
        with_length: bool,
    },
    Reset,
}

#[derive(Debug, Clone)]
struct Recorded {
    head: String,
    body: Vec<u8>,
    at: Instant,
}

struct Stub {
    base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Stub {
    /// Serves `script[n]` for the n-th request, repeating the last entry after the end.
    async fn start(script: Vec<Reply>) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let script = script.clone();
                let seen = seen.clone();
                tokio::spawn(async move { serve(stream, script, seen).await });
            }
        });
        Stub { base_url, requests }
    }

    fn hits(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    /// `GET /org/mine` with the usual test client.
    async fn org_mine(&self) -> tg_api::Result<tg_api::Org> {
        self.client(fast_retry(), Duration::from_secs(5))
            .org()
            .mine()
            .await
    }

    /// `POST /v2/service-user/cicd/token` with the usual test client.
    async fn generate_keys(&self) -> tg_api::Result<tg_api::ApiKeys> {
        self.client(fast_retry(), Duration::from_secs(5))
            .service_users()
            .generate_token("cicd")
            .await
    }

    /// Time between the first and the second request.
    fn gap(&self) -> Duration {
        let requests = self.requests.lock().unwrap();
        requests[1].at.duration_since(requests[0].at)
    }

    fn client(&self, retry: RetryPolicy, timeout: Duration) -> Client {
        Client::builder()
            .base_url(&self.base_url)
            .credentials(ClientCredentials {
                client_id: "0123456789abcdef".into(),
                secret: Secret::new("stub-secret-0123456789"),
            })
            .timeout(timeout)
            .retry(retry)
            .build()
            .unwrap()
    }
}

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        max_elapsed: Duration::from_secs(10),
    }
}

async fn serve(mut stream: TcpStream, script: Vec<Reply>, seen: Arc<Mutex<Vec<Recorded>>>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    let index = {
        let mut seen = seen.lock().unwrap();
        seen.push(Recorded {
            head,
            body: buffer[head_end..head_end + length].to_vec(),
            at: Instant::now(),
        });
        seen.len() - 1
    };
    let reply = script[index.min(script.len() - 1)].clone();
    let mut extra = String::new();
    let (status, body) = match reply {
        Reply::Huge { bytes, with_length } => {
            let length = if with_length {
                format!("content-length: {bytes}\r\n")
            } else {
                String::new()
            };
            let head = format!("HTTP/1.1 200 OK\r\n{length}connection: close\r\n\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < bytes {
                let n = chunk.len().min(bytes - sent);
                if stream.write_all(&chunk[..n]).await.is_err() {
                    return;
                }
                sent += n;
            }
            let _ = stream.shutdown().await;
            return;
        }
        Reply::Reset => {
            // Closing with linger 0 sends a TCP reset instead of an orderly close.
            let _ = stream.set_zero_linger();
            drop(stream);
            return;
        }
        Reply::Slow(delay, status, body) => {
            tokio::time::sleep(delay).await;
            (status, body)
        }
        Reply::Status(status, body) => (status, body),
        Reply::WithHeader(status, name, value, body) => {
            extra = format!("{name}: {value}\r\n");
            (status, body)
        }
    };
    let response = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}connection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

const ORG: &str = r#"{"uid":"u1","name":"Acme","domain":"acme.trustgrid.io","extra":1}"#;

#[tokio::test]
async fn requests_carry_auth_accept_user_agent_and_content_type_only_with_a_body() {
    let user = r#"{"name":"a","orgId":"o","status":"active","policyIds":[]}"#;
    let stub = Stub::start(vec![Reply::Status(200, ORG), Reply::Status(200, user)]).await;
    let client = stub.client(fast_retry(), Duration::from_secs(5));
    client.org().mine().await.unwrap();
    client
        .service_users()
        .create(&NewServiceUser {
            name: "a".into(),
            policy_ids: vec![],
            status: ServiceUserStatus::Active,
        })
        .await
        .unwrap();
    let requests = stub.requests.lock().unwrap().clone();
    let get = requests[0].head.to_ascii_lowercase();
    assert!(get.starts_with("get /org/mine "), "{get}");
    assert!(
        get.contains("authorization: trustgrid-token 0123456789abcdef:stub-secret-0123456789"),
        "the API's auth scheme is `trustgrid-token id:secret`: {get}"
    );
    assert!(get.contains("accept: application/json"), "{get}");
    assert!(
        get.contains(&format!("user-agent: {}", tg_api::USER_AGENT)),
        "the user agent names the app and version: {get}"
    );
    assert!(
        !get.contains("content-type"),
        "a GET without a body has no Content-Type: {get}"
    );
    let post = requests[1].head.to_ascii_lowercase();
    assert!(post.contains("content-type: application/json"), "{post}");
    let body: serde_json::Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"name":"a","policyIds":[],"status":"active"}),
        "create sends the documented body"
    );
}

#[tokio::test]
async fn a_read_is_retried_after_a_503_and_then_succeeds() {
    let stub = Stub::start(vec![Reply::Status(503, "busy"), Reply::Status(200, ORG)]).await;
    let org = stub
        .org_mine()
        .await
        .expect("a 503 on a read is transient and must be retried");
    assert_eq!(org.name, "Acme");
    assert_eq!(stub.hits(), 2, "one failure, one success");
}

#[tokio::test]
async fn a_read_gives_up_after_three_tries() {
    let stub = Stub::start(vec![Reply::Status(502, "bad gateway")]).await;
    let error = stub
        .client(fast_retry(), Duration::from_secs(5))
        .service_users()
        .list()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        Error::Api {
            status: 502,
            body: "bad gateway".into()
        }
    );
    assert_eq!(stub.hits(), 3, "three tries in total, no more");
}

#[tokio::test]
async fn a_500_is_not_retried() {
    let stub = Stub::start(vec![Reply::Status(500, "boom"), Reply::Status(200, ORG)]).await;
    let error = stub.org_mine().await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 500, .. }), "{error:?}");
    assert_eq!(stub.hits(), 1, "a 500 is not a transient gateway error");
}

#[tokio::test]
async fn the_token_post_is_never_retried() {
    let stub = Stub::start(vec![
        Reply::WithHeader(503, "retry-after", "0".into(), "busy"),
        Reply::Status(200, r#"{"clientId":"c","secret":"s"}"#),
    ])
    .await;
    let error = stub.generate_keys().await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 503, .. }), "{error:?}");
    assert_eq!(
        stub.hits(),
        1,
        "a second token call would silently invalidate the first secret"
    );
}

#[tokio::test]
async fn a_put_is_not_retried_after_a_reset() {
    let stub = Stub::start(vec![Reply::Reset]).await;
    let user = tg_api::ServiceUser {
        name: "a".into(),
        org_id: "o".into(),
        status: ServiceUserStatus::Inactive,
        policy_ids: vec![],
        client_id: None,
        token_created: None,
    };
    let error = stub
        .client(fast_retry(), Duration::from_secs(5))
        .service_users()
        .update(&user)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Network(_)), "{error:?}");
    assert_eq!(stub.hits(), 1, "writes never retry blindly");
}

#[tokio::test]
async fn a_connection_reset_on_a_read_is_retried_then_reported_as_network() {
    let stub = Stub::start(vec![Reply::Reset]).await;
    let error = stub.org_mine().await.unwrap_err();
    let Error::Network(message) = &error else {
        panic!("a reset connection is a network error, got {error:?}");
    };
    assert!(
        message.contains("127.0.0.1"),
        "the message names where the request went: {message}"
    );
    assert_eq!(stub.hits(), 3, "reads retry on broken connections");
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let stub = Stub::start(vec![Reply::Slow(Duration::from_secs(3), 200, ORG)]).await;
    let error = stub
        .client(RetryPolicy::none(), Duration::from_millis(200))
        .org()
        .mine()
        .await
        .unwrap_err();
    assert_eq!(error, Error::Timeout);
}

#[tokio::test]
async fn a_read_that_timed_out_is_retried() {
    let stub = Stub::start(vec![
        Reply::Slow(Duration::from_secs(3), 200, ORG),
        Reply::Status(200, ORG),
    ])
    .await;
    let org = stub
        .client(fast_retry(), Duration::from_millis(200))
        .org()
        .mine()
        .await
        .expect("the second try answers in time");
    assert_eq!(org.uid, "u1");
    assert_eq!(stub.hits(), 2);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let stub = Stub::start(vec![Reply::Status(200, r#"{"uid": "#)]).await;
    let error = stub.org_mine().await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(stub.hits(), 1, "a malformed 200 is not transient");
}

#[tokio::test]
async fn a_malformed_key_response_does_not_quote_the_secret() {
    let stub = Stub::start(vec![Reply::Status(
        200,
        r#"{"clientId":5,"secret":"leaky-secret-value"}"#,
    )])
    .await;
    let error = stub.generate_keys().await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(matches!(error, Error::Decode(_)));
    assert!(
        !shown.contains("leaky-secret-value"),
        "an error must never contain a secret: {shown}"
    );
}

#[tokio::test]
async fn nothing_listening_is_a_network_error_naming_the_url() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .credentials(ClientCredentials {
            client_id: "id".into(),
            secret: Secret::new("never-shown-secret"),
        })
        .retry(fast_retry())
        .build()
        .unwrap();
    let error = client.org().mine().await.unwrap_err();
    let Error::Network(message) = &error else {
        panic!("a refused connection is a network error, got {error:?}");
    };
    assert!(message.contains(&address.to_string()), "{message}");
    assert!(!format!("{error:?}").contains("never-shown-secret"));
}

#[tokio::test]
async fn a_hung_api_fails_within_the_bound_on_the_whole_read() {
    let stub = Stub::start(vec![Reply::Slow(Duration::from_secs(30), 200, ORG)]).await;
    let retry = RetryPolicy {
        max_elapsed: Duration::from_millis(1500),
        ..fast_retry()
    };
    let started = Instant::now();
    let error = stub
        .client(retry, Duration::from_secs(1))
        .org()
        .mine()
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert_eq!(error, Error::Timeout);
    assert!(
        took < Duration::from_millis(2500),
        "three tries of a 1 s timeout would take 3 s; the whole read is bounded at 1.5 s: {took:?}"
    );
    assert_eq!(
        stub.hits(),
        2,
        "the retry gets what is left of the bound, and no third try starts"
    );
}

#[tokio::test]
async fn retry_after_is_waited_for_in_seconds_or_until_a_date() {
    for status in [503, 429] {
        // An HTTP date has whole seconds: two seconds ahead is at least one second's wait.
        let retry_after = match status {
            503 => "1".to_owned(),
            _ => httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2)),
        };
        let stub = Stub::start(vec![
            Reply::WithHeader(status, "retry-after", retry_after.clone(), "busy"),
            Reply::Status(200, ORG),
        ])
        .await;
        stub.org_mine()
            .await
            .expect("503 and 429 are transient for a read: the second try succeeds");
        assert!(
            stub.gap() >= Duration::from_millis(950),
            "{status} with Retry-After {retry_after:?} is retried after about a second, not \
             after the 5 ms backoff: {:?}",
            stub.gap()
        );
    }
}

#[tokio::test]
async fn a_retry_after_beyond_the_bound_ends_the_read_at_once() {
    let stub = Stub::start(vec![
        Reply::WithHeader(503, "retry-after", "120".into(), "maintenance"),
        Reply::Status(200, ORG),
    ])
    .await;
    let started = Instant::now();
    let error = stub.org_mine().await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 503, .. }), "{error:?}");
    assert_eq!(stub.hits(), 1, "two minutes is past the bound: no retry");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the answer is shown at once, not after waiting"
    );
}

#[tokio::test]
async fn names_that_are_not_one_path_segment_are_refused_before_any_request() {
    let stub = Stub::start(vec![Reply::Status(200, "[]")]).await;
    let client = stub.client(fast_retry(), Duration::from_secs(5));
    for name in [".", "..", "", "a/b", "..\\x", "line\nbreak"] {
        let users = client.service_users();
        let user = tg_api::ServiceUser {
            name: name.into(),
            org_id: "o".into(),
            status: ServiceUserStatus::Active,
            policy_ids: vec![],
            client_id: None,
            token_created: None,
        };
        let outcomes = [
            users.get(name).await.map(drop),
            users.delete(name).await,
            users.generate_token(name).await.map(drop),
            users.update(&user).await.map(drop),
            client.policies().delete(name).await,
        ];
        for outcome in outcomes {
            let error = outcome.expect_err("the name must be refused");
            assert!(
                matches!(error, Error::InvalidName(_)),
                "{name:?}: {error:?}"
            );
        }
    }
    assert_eq!(
        stub.hits(),
        0,
        "`DELETE /v2/service-user/..` would be `DELETE /v2/service-user`: nothing may be sent"
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let stub = Stub::start(vec![
        Reply::WithHeader(307, "location", "/v2/elsewhere".into(), ""),
        Reply::Status(200, r#"{"clientId":"c","secret":"s"}"#),
    ])
    .await;
    let error = stub.generate_keys().await.unwrap_err();
    assert!(
        matches!(&error, Error::Redirect { status: 307, location: Some(l) } if l == "/v2/elsewhere"),
        "{error:?}"
    );
    assert_eq!(
        stub.hits(),
        1,
        "a 307 would send the token POST a second time"
    );
}

#[tokio::test]
async fn bodies_over_16_mib_are_refused_with_a_clear_error() {
    for with_length in [true, false] {
        let stub = Stub::start(vec![Reply::Huge {
            bytes: 16 * 1024 * 1024 + 1,
            with_length,
        }])
        .await;
        let error = stub
            .client(RetryPolicy::none(), Duration::from_secs(20))
            .service_users()
            .list()
            .await
            .unwrap_err();
        assert_eq!(
            error,
            Error::ResponseTooLarge {
                limit: tg_api::MAX_RESPONSE_BYTES
            },
            "with_length: {with_length}"
        );
        assert!(error.to_string().contains("16 MiB"), "{error}");
    }
}

#[tokio::test]
async fn any_2xx_with_the_keys_is_a_successful_token_call() {
    let stub = Stub::start(vec![Reply::Status(
        201,
        r#"{"clientId":"cid","secret":"fresh-secret-value"}"#,
    )])
    .await;
    let keys = stub
        .generate_keys()
        .await
        .expect("201 Created with the keys is a success, and the new secret is already current");
    assert_eq!(keys.client_id, "cid");
    assert_eq!(keys.secret.expose_secret(), "fresh-secret-value");
}

#[tokio::test]
async fn a_failed_token_call_never_carries_the_answer_into_the_error() {
    let echo = r#"{"clientId":"cid","secret":"echoed-secret-value","error":"oops"}"#;
    for status in [400, 409, 422, 500, 502] {
        let stub = Stub::start(vec![Reply::Status(status, echo)]).await;
        let error = stub.generate_keys().await.unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("echoed-secret-value"),
            "a {status} answer to the token call must not reach the error: {shown}"
        );
    }
}
