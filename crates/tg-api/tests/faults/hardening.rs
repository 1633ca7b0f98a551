//! Waits the server asks for, names, redirects, answer sizes and the token call's answer.

use std::time::{Duration, Instant, SystemTime};

use tg_api::{Error, RetryPolicy, ServiceUserStatus};

use crate::stub::{ORG, Reply, Stub, fast_retry};

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
