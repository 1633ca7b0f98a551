//! One place that turns a method, a path and maybe a body into an HTTP call: it adds the auth and
//! content headers, percent-encodes path segments, applies timeouts, hands reads to the retry
//! layer ([`crate::retry`]), and maps every answer to a DTO or a structured [`Error`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::retry::{self, Failure, RetryPolicy};
use crate::secret::Secret;

/// Sent with every request so server logs can tell which program called.
pub const USER_AGENT: &str = concat!("service-users-desktop/", env!("CARGO_PKG_VERSION"));

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

    pub fn build(self) -> Result<Client> {
        let raw_url = self
            .base_url
            .ok_or_else(|| Error::Config("a base URL is required".into()))?;
        // Messages never quote the URL typed: a secret pasted into the wrong field would show.
        let base_url = Url::parse(raw_url.trim())
            .map_err(|e| Error::Config(format!("the API URL is not a valid URL ({e})")))?;
        if !base_url.username().is_empty() || base_url.password().is_some() {
            return Err(Error::Config(
                "the URL must not contain a user name or password; use the Client ID and Secret"
                    .into(),
            ));
        }
        if !matches!(base_url.scheme(), "http" | "https") || base_url.host_str().is_none() {
            return Err(Error::Config(
                "the API URL must start with http:// or https:// and name a host".into(),
            ));
        }
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(Error::Config(
                "the API URL must not have a query (?...) or fragment (#...)".into(),
            ));
        }
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

        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let connect_timeout = self
            .connect_timeout
            .unwrap_or(DEFAULT_CONNECT_TIMEOUT)
            .min(timeout);
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .timeout(timeout)
            .connect_timeout(connect_timeout)
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

/// A Trustgrid API client for one set of credentials. Cheap to clone (shared connection pool).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
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

    /// The base URL with `segments` appended, each percent-encoded.
    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.inner.base_url.clone();
        {
            let mut path = url
                .path_segments_mut()
                .expect("the builder accepts only http(s) URLs, which have a path");
            path.pop_if_empty();
            path.extend(segments);
        }
        url
    }

    /// Sends the request (reads through the retry layer, writes once) and returns the 200 body.
    pub(crate) async fn send(
        &self,
        method: Method,
        segments: &[&str],
        body: Body,
    ) -> Result<Vec<u8>> {
        let url = self.url(segments);
        let timeout = self.inner.timeout;
        if method == Method::GET {
            let body = &body;
            let url = &url;
            retry::read(&self.inner.retry, timeout, |timeout| {
                self.send_once(Method::GET, url.clone(), body, timeout)
            })
            .await
        } else {
            self.send_once(method, url, &body, timeout)
                .await
                .map_err(|failure| failure.error)
        }
    }

    async fn send_once(
        &self,
        method: Method,
        url: Url,
        body: &Body,
        timeout: Duration,
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
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| retry::parse_retry_after(value, std::time::SystemTime::now()));
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Error::from_transport(&e))?;
        if status == 200 {
            Ok(bytes.to_vec())
        } else {
            Err(Failure {
                error: Error::from_status(status, &String::from_utf8_lossy(&bytes)),
                retry_after,
            })
        }
    }

    /// Sends the request and decodes the 200 body as `T`.
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
    fn path_segments_are_percent_encoded() {
        let url = client("http://127.0.0.1:1").url(&["v2", "service-user", "a/b c?"]);
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:1/v2/service-user/a%2Fb%20c%3F",
            "a name must stay one path segment whatever characters it holds"
        );
    }

    #[test]
    fn a_base_url_with_a_path_keeps_it() {
        let url = client("http://example.test/api/").url(&["org", "mine"]);
        assert_eq!(url.as_str(), "http://example.test/api/org/mine");
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
        assert!(matches!(build("http://host", ""), Err(Error::Config(_))));
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
        let Err(Error::Config(message)) = build("http://host", "bad\nsecret") else {
            panic!("a newline in a secret cannot go in a header");
        };
        assert!(
            !message.contains("bad"),
            "the error must not repeat the secret: {message}"
        );
    }
}
