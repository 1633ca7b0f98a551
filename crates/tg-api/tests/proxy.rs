//! Environment proxies and loopback: a request to the embedded sandbox (on 127.0.0.1) carries its
//! admin header, so it must never go through a proxy named in `HTTP_PROXY` or `ALL_PROXY`.
//! A test binary of its own: it sets the process environment, which no other test may share.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tg_api::{Client, ClientCredentials, RetryPolicy, Secret};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers every connection with `body`, counting the connections.
async fn listen(body: &'static str) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer).await;
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    (address, count)
}

#[test]
fn loopback_requests_never_go_through_an_environment_proxy() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (api, api_hits) = listen(r#"{"uid":"u1","name":"Acme","domain":"a"}"#).await;
        let (proxy, proxy_hits) = listen(r#"{"uid":"proxied","name":"Proxy","domain":"p"}"#).await;
        let proxy_url = format!("http://{proxy}");
        // SAFETY: this binary's only test, on one thread, sets these before any client reads them.
        unsafe {
            for name in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
                std::env::set_var(name, &proxy_url);
            }
            std::env::remove_var("NO_PROXY");
            std::env::remove_var("no_proxy");
        }
        let port = api.rsplit(':').next().unwrap();
        for base_url in [format!("http://{api}"), format!("http://localhost:{port}")] {
            let client = Client::builder()
                .base_url(&base_url)
                .credentials(ClientCredentials {
                    client_id: "sandbox-admin".into(),
                    secret: Secret::new("admin-secret-value"),
                })
                .timeout(Duration::from_secs(5))
                .retry(RetryPolicy::none())
                .build()
                .unwrap();
            let org = client.org().mine().await.unwrap();
            assert_eq!(
                org.uid, "u1",
                "{base_url}: the answer came from the API itself"
            );
        }
        assert_eq!(api_hits.load(Ordering::SeqCst), 2);
        assert_eq!(
            proxy_hits.load(Ordering::SeqCst),
            0,
            "the proxy must never see a loopback request and its Authorization header"
        );
    });
}
