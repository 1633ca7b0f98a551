//! What is retried and what is not, and how each failure is reported.

use std::time::{Duration, Instant};

use tg_api::{
    Client, ClientCredentials, Error, NewServiceUser, RetryPolicy, Secret, ServiceUserStatus,
};
use tokio::net::TcpListener;

use crate::stub::{ORG, Reply, Stub, fast_retry};

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
    assert!(
        error.may_have_been_applied(),
        "the request went out before the connection broke: the write may have happened"
    );
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
async fn nothing_listening_is_unreachable_naming_the_url() {
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
    let Error::Unreachable(message) = &error else {
        panic!("a refused connection never carried the request, got {error:?}");
    };
    assert!(message.contains(&address.to_string()), "{message}");
    assert!(
        !error.may_have_been_applied(),
        "nothing was sent, so nothing can have been done"
    );
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
