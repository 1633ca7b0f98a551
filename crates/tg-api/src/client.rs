//! One place that turns a method, a path and maybe a body into an HTTP call: it adds the auth and
//! content headers, percent-encodes path segments (refusing names that are not one segment),
//! applies timeouts, hands reads to the retry layer ([`crate::retry`]), and maps every answer to
//! a DTO or a structured [`Error`].
//!
//! The transport is locked down for credentials that open a network: redirects are never
//! followed, an https API is reached over https only, environment proxies are bypassed for an API
//! on this machine (the embedded sandbox's admin header must not reach `HTTP_PROXY`), plain http
//! to another machine needs the caller's explicit consent, and an answer is read to at most
//! [`MAX_RESPONSE_BYTES`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER,
};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use crate::api_url::ApiUrl;
use crate::error::{Error, Result};
use crate::retry::{self, Failure, RetryPolicy};
use crate::secret::Secret;

/// Sent with every request so server logs can tell which program called.
pub const USER_AGENT: &str = concat!("service-users-desktop/", env!("CARGO_PKG_VERSION"));

/// The largest answer the client reads (16 MiB); a larger one is [`Error::ResponseTooLarge`].
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A service user's Client ID and Client Secret, sent as `trustgrid-token {id}:{secret}`.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    pub client_id: String,
    pub secret: Secret,
}

/// Collects the settings for a [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Option<ClientCredentials>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    allow_insecure_http: bool,
}

impl ClientBuilder {
    /// The API root, e.g. `https://api.trustgrid.io` or `http://127.0.0.1:8787`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    pub fn credentials(mut self, credentials: ClientCredentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Limit for a whole request, from connecting to the last byte of the answer (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limit for opening the TCP/TLS connection (default 10 s, never above the request timeout).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How reads are retried (default [`RetryPolicy::default`]); writes never are.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Allows plain `http://` to a host other than this machine, which the user must have
    /// confirmed (default: refused with [`Error::InsecureHttp`]).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    pub fn build(self) -> Result<Client> {
        let raw_url = self
            .base_url
            .ok_or_else(|| Error::Config("a base URL is required".into()))?;
        let base_url = ApiUrl::parse(&raw_url)?;
        let credentials = self
            .credentials
            .ok_or_else(|| Error::Config("credentials are required".into()))?;
        if credentials.client_id.trim().is_empty() {
            return Err(Error::Config("the Client ID is empty".into()));
        }
        if credentials.secret.expose_secret().is_empty() {
            return Err(Error::Config("the Client Secret is empty".into()));
        }
        let mut authorization = HeaderValue::from_str(&format!(
            "trustgrid-token {}:{}",
            credentials.client_id,
            credentials.secret.expose_secret()
        ))
        .map_err(|_| {
            Error::Config(
                "the Client ID or Secret contains characters not allowed in a header".into(),
            )
        })?;
        authorization.set_sensitive(true);
        if base_url.is_insecure() && !self.allow_insecure_http {
            return Err(Error::InsecureHttp);
        }

        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let connect_timeout = self
            .connect_timeout
            .unwrap_or(DEFAULT_CONNECT_TIMEOUT)
            .min(timeout);
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let transport = Transport::for_url(&base_url);
        install_crypto_provider();
        let mut http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .https_only(transport.https_only);
        if !transport.proxy_allowed {
            http = http.no_proxy();
        }
        let http = http
            .build()
            .map_err(|e| Error::Config(format!("could not set up HTTP: {e}")))?;

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                client_id: credentials.client_id,
                authorization,
                timeout,
                retry: self.retry.unwrap_or_default(),
            }),
        })
    }
}

/// reqwest is built without a TLS crypto provider of its own (its default, aws-lc, is a large C
/// build): rustls uses *ring*, installed once for the process. A provider the embedding program
/// installed first is kept.
fn install_crypto_provider() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// What the transport allows for an API root.
#[derive(Debug, PartialEq, Eq)]
struct Transport {
    /// An https API is reached over https only, whatever answer or setting says otherwise.
    https_only: bool,
    /// Environment proxies are for other machines; this machine is reached directly.
    proxy_allowed: bool,
}

impl Transport {
    fn for_url(url: &ApiUrl) -> Self {
        Self {
            https_only: url.is_https(),
            proxy_allowed: !url.is_loopback(),
        }
    }
}

/// A Trustgrid API client for one set of credentials. Cheap to clone (shared connection pool).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: ApiUrl,
    client_id: String,
    /// Holds the secret; marked sensitive and never printed.
    authorization: HeaderValue,
    /// The limit for one try (the retry layer may cut it for a late retry).
    timeout: Duration,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("client_id", &self.inner.client_id)
            .field("secret", &"<redacted>")
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// The body of a request, already serialized so a retry can resend it.
pub(crate) enum Body {
    None,
    Json(Vec<u8>),
}

impl Body {
    pub(crate) fn json(value: &impl serde::Serialize) -> Result<Self> {
        serde_json::to_vec(value)
            .map(Body::Json)
            .map_err(|e| Error::Decode(format!("could not encode the request: {e}")))
    }
}

/// Whether a failed answer's body may appear in an error.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    Public,
    /// The answer to a key request: whatever it holds may be the new secret.
    Secret,
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The API root this client talks to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// The Client ID this client authenticates with.
    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    /// Sends the request (reads through the retry layer, writes once) and returns the 2xx body.
    pub(crate) async fn send(
        &self,
        method: Method,
        segments: &[&str],
        body: Body,
    ) -> Result<Vec<u8>> {
        let url = self.inner.base_url.join(segments)?;
        let timeout = self.inner.timeout;
        if method == Method::GET {
            let (url, body) = (&url, &body);
            retry::read(&self.inner.retry, timeout, |timeout| {
                self.send_once(Method::GET, url.clone(), body, timeout, Answer::Public)
            })
            .await
        } else {
            self.send_once(method, url, &body, timeout, Answer::Public)
                .await
                .map_err(|failure| failure.error)
        }
    }

    /// Sends a POST whose answer holds a secret: once, and a failure never quotes the answer.
    pub(crate) async fn send_for_secret(&self, segments: &[&str]) -> Result<Vec<u8>> {
        let url = self.inner.base_url.join(segments)?;
        self.send_once(
            Method::POST,
            url,
            &Body::None,
            self.inner.timeout,
            Answer::Secret,
        )
        .await
        .map_err(|failure| failure.error)
    }

    async fn send_once(
        &self,
        method: Method,
        url: Url,
        body: &Body,
        timeout: Duration,
        answer: Answer,
    ) -> std::result::Result<Vec<u8>, Failure> {
        let mut request = self
            .inner
            .http
            .request(method, url)
            .timeout(timeout)
            .header(AUTHORIZATION, self.inner.authorization.clone());
        if let Body::Json(bytes) = body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.clone());
        }
        let response = request
            .send()
            .await
            .map_err(|e| Error::from_transport(&e))?;
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value: &HeaderValue| value.to_str().ok())
                .map(str::to_owned)
        };
        if status.is_redirection() {
            return Err(Error::Redirect {
                status: status.as_u16(),
                location: header(LOCATION),
            }
            .into());
        }
        let retry_after = header(RETRY_AFTER)
            .and_then(|value| retry::parse_retry_after(&value, SystemTime::now()));
        let bytes = read_body(response).await?;
        if status.is_success() {
            return Ok(bytes);
        }
        let shown = match answer {
            Answer::Public => String::from_utf8_lossy(&bytes).into_owned(),
            Answer::Secret => String::new(),
        };
        Err(Failure {
            error: Error::from_status(status.as_u16(), &shown),
            retry_after,
        })
    }

    /// Sends the request and decodes the 2xx body as `T`.
    pub(crate) async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Body,
    ) -> Result<T> {
        let bytes = self.send(method, segments, body).await?;
        decode(&bytes)
    }
}

/// Reads the whole answer, refusing one above [`MAX_RESPONSE_BYTES`] as soon as that is known.
async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>> {
    let too_large = Error::ResponseTooLarge {
        limit: MAX_RESPONSE_BYTES,
    };
    if response
        .content_length()
        .is_some_and(|length| length > MAX_RESPONSE_BYTES as u64)
    {
        return Err(too_large);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Error::from_transport(&e))?
    {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| Error::Decode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base: &str) -> Client {
        Client::builder()
            .base_url(base)
            .credentials(ClientCredentials {
                client_id: "id".into(),
                secret: Secret::new("s3cr3t-value"),
            })
            .build()
            .unwrap()
    }

    #[test]
    fn https_apis_are_https_only_and_this_machine_is_reached_without_a_proxy() {
        let transport = |raw: &str| Transport::for_url(&ApiUrl::parse(raw).unwrap());
        assert_eq!(
            transport("https://api.trustgrid.io"),
            Transport {
                https_only: true,
                proxy_allowed: true
            }
        );
        assert_eq!(
            transport("http://127.0.0.1:8787"),
            Transport {
                https_only: false,
                proxy_allowed: false
            },
            "the embedded sandbox's admin header must not go to an environment proxy"
        );
        assert!(!transport("https://localhost:8443").proxy_allowed);
    }

    #[test]
    fn plain_http_to_another_machine_needs_consent() {
        let build = |url: &str, allow: bool| {
            Client::builder()
                .base_url(url)
                .credentials(ClientCredentials {
                    client_id: "id".into(),
                    secret: Secret::new("s"),
                })
                .allow_insecure_http(allow)
                .build()
        };
        assert!(matches!(
            build("http://api.example.test", false),
            Err(Error::InsecureHttp)
        ));
        assert!(build("http://api.example.test", true).is_ok());
        assert!(build("http://localhost:8787", false).is_ok());
        assert!(build("https://api.example.test", false).is_ok());
    }

    #[test]
    fn debug_redacts_the_secret() {
        let printed = format!("{:?}", client("http://127.0.0.1:1"));
        assert!(
            !printed.contains("s3cr3t-value"),
            "Client Debug must not print the secret: {printed}"
        );
        assert!(printed.contains("<redacted>"));
    }

    #[test]
    fn invalid_settings_are_config_errors() {
        let build = |url: &str, secret: &str| {
            Client::builder()
                .base_url(url)
                .credentials(ClientCredentials {
                    client_id: "id".into(),
                    secret: Secret::new(secret),
                })
                .build()
        };
        assert!(matches!(build("not a url", "s"), Err(Error::Config(_))));
        assert!(matches!(build("ftp://host", "s"), Err(Error::Config(_))));
        assert!(matches!(
            build("http://127.0.0.1", ""),
            Err(Error::Config(_))
        ));
        let Err(Error::Config(message)) = build("https://user:hunter2@host", "s") else {
            panic!("credentials in the URL would end up in error messages");
        };
        assert!(!message.contains("hunter2"), "{message}");
        // A secret pasted into the URL field must not come back in the error shown to the user.
        for typed in [
            "723ae93acd87aa70b9b5b1fedcd38c85",
            "ftp://723ae93acd87aa70b9b5b1fedcd38c85",
            "https://host/?key=723ae93acd87aa70b9b5b1fedcd38c85",
            "https://host/#723ae93acd87aa70b9b5b1fedcd38c85",
        ] {
            let Err(Error::Config(message)) = build(typed, "s") else {
                panic!("{typed:?} is not a usable API URL");
            };
            assert!(
                !message.contains("723ae93acd87aa70b9b5b1fedcd38c85"),
                "the error must say what is wrong without quoting the input: {message}"
            );
            assert!(message.contains("API URL"), "{message}");
        }
        let Err(Error::Config(message)) = build("http://127.0.0.1", "bad\nsecret") else {
            panic!("a newline in a secret cannot go in a header");
        };
        assert!(
            !message.contains("bad"),
            "the error must not repeat the secret: {message}"
        );
    }
}
