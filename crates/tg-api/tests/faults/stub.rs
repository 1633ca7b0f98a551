//! The scripted HTTP server the fault tests talk to.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tg_api::{Client, ClientCredentials, RetryPolicy, Secret};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the stub does with the n-th request (0-based).
#[derive(Clone)]
pub enum Reply {
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
pub struct Recorded {
    pub head: String,
    pub body: Vec<u8>,
    pub at: Instant,
}

pub struct Stub {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Stub {
    /// Serves `script[n]` for the n-th request, repeating the last entry after the end.
    pub async fn start(script: Vec<Reply>) -> Stub {
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

    pub fn hits(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    /// `GET /org/mine` with the usual test client.
    pub async fn org_mine(&self) -> tg_api::Result<tg_api::Org> {
        self.client(fast_retry(), Duration::from_secs(5))
            .org()
            .mine()
            .await
    }

    /// `POST /v2/service-user/cicd/token` with the usual test client.
    pub async fn generate_keys(&self) -> tg_api::Result<tg_api::ApiKeys> {
        self.client(fast_retry(), Duration::from_secs(5))
            .service_users()
            .generate_token("cicd")
            .await
    }

    /// Time between the first and the second request.
    pub fn gap(&self) -> Duration {
        let requests = self.requests.lock().unwrap();
        requests[1].at.duration_since(requests[0].at)
    }

    pub fn client(&self, retry: RetryPolicy, timeout: Duration) -> Client {
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

pub fn fast_retry() -> RetryPolicy {
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

pub const ORG: &str = r#"{"uid":"u1","name":"Acme","domain":"acme.trustgrid.io","extra":1}"#;
