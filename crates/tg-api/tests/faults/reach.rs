//! "Never sent" and "sent, no answer" are told apart: a key request that got no answer may have
//! replaced the keys, one that was never sent did nothing. Each case runs against a listener that
//! does exactly one thing wrong.

use std::time::Duration;

use tg_api::{Client, ClientCredentials, Error, Reach, RetryPolicy, Secret};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

/// What the listener does with each connection it accepts.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Reads the request, then never answers (the connection stays open).
    ReadsAndHangs,
    /// Accepts and keeps the connection open without reading or answering.
    AcceptsAndHangs,
    /// Reads the request, then closes the connection without an answer.
    ReadsAndCloses,
    /// Reads the request, then resets the connection.
    ReadsAndResets,
}

async fn listener(behaviour: Behaviour) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                if !matches!(behaviour, Behaviour::AcceptsAndHangs) {
                    let mut buffer = vec![0u8; 8192];
                    let mut read = Vec::new();
                    while !read.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => read.extend_from_slice(&buffer[..n]),
                        }
                    }
                }
                match behaviour {
                    Behaviour::ReadsAndHangs | Behaviour::AcceptsAndHangs => {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                    Behaviour::ReadsAndCloses => drop(stream),
                    Behaviour::ReadsAndResets => {
                        let _ = stream.set_zero_linger();
                        drop(stream);
                    }
                }
            });
        }
    });
    base_url
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .credentials(ClientCredentials {
            client_id: "0123456789abcdef".into(),
            secret: Secret::new("reach-secret-0123456789"),
        })
        .timeout(Duration::from_millis(400))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn regenerate(base_url: &str) -> Error {
    client(base_url)
        .service_users()
        .generate_token("cicd")
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_key_request_read_and_never_answered_is_sent_without_an_answer() {
    let error = regenerate(&listener(Behaviour::ReadsAndHangs).await).await;
    assert_eq!(error, Error::Timeout);
    assert_eq!(error.reach(), Reach::SentNoAnswer, "{error:?}");
    assert!(error.may_have_been_applied());
}

#[tokio::test]
async fn a_connection_accepted_and_left_hanging_is_sent_without_an_answer() {
    // The request sits in the server's socket buffer: the client cannot know it was not read.
    let error = regenerate(&listener(Behaviour::AcceptsAndHangs).await).await;
    assert_eq!(error.reach(), Reach::SentNoAnswer, "{error:?}");
}

#[tokio::test]
async fn a_connection_closed_or_reset_after_the_request_is_sent_without_an_answer() {
    for behaviour in [Behaviour::ReadsAndCloses, Behaviour::ReadsAndResets] {
        let error = regenerate(&listener(behaviour).await).await;
        assert!(matches!(error, Error::Network(_)), "{error:?}");
        assert_eq!(error.reach(), Reach::SentNoAnswer, "{error:?}");
        assert!(
            !format!("{error} {error:?}").contains("reach-secret"),
            "the error never carries the secret: {error:?}"
        );
    }
}

#[tokio::test]
async fn a_refused_connection_or_a_bad_name_was_never_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = regenerate(&closed).await;
    assert!(matches!(error, Error::Unreachable(_)), "{error:?}");
    assert_eq!(error.reach(), Reach::NotSent);
    assert!(!error.may_have_been_applied());

    let error = client(&closed)
        .service_users()
        .generate_token("../admin")
        .await
        .unwrap_err();
    assert_eq!(error.reach(), Reach::NotSent, "{error:?}");
}

#[tokio::test]
async fn a_name_that_does_not_resolve_was_never_sent() {
    // `.invalid` never resolves (RFC 6761); a resolver without network fails as fast.
    let error = Client::builder()
        .base_url("https://api.name-that-does-not-exist.invalid")
        .credentials(ClientCredentials {
            client_id: "0123456789abcdef".into(),
            secret: Secret::new("reach-secret-0123456789"),
        })
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
        .service_users()
        .generate_token("cicd")
        .await
        .unwrap_err();
    assert_eq!(error.reach(), Reach::NotSent, "{error:?}");
}
