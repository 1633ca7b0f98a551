//! Shared test plumbing: a sandbox in a temporary directory and a small JSON client.

use reqwest::Method;
use serde_json::Value;
use tempfile::TempDir;
use tg_sandbox::{RunningSandbox, Sandbox, SandboxConfig};

pub struct TestSandbox {
    pub dir: TempDir,
    pub sandbox: RunningSandbox,
    pub admin: Api,
}

pub async fn start() -> TestSandbox {
    let dir = tempfile::tempdir().expect("temporary directory");
    start_in(dir, false).await
}

pub async fn start_in(dir: TempDir, demo: bool) -> TestSandbox {
    let mut config = SandboxConfig::new(dir.path());
    config.demo = demo;
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    let admin = Api::for_sandbox(&sandbox);
    TestSandbox {
        dir,
        sandbox,
        admin,
    }
}

/// A JSON client with (or without) credentials.
#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    pub base: String,
    authorization: Option<String>,
}

impl Api {
    pub fn for_sandbox(sandbox: &RunningSandbox) -> Self {
        let credentials = sandbox.admin_credentials();
        Self::new(sandbox.base_url()).with_keys(&credentials.client_id, &credentials.secret)
    }

    pub fn new(base: &str) -> Self {
        // reqwest has no crypto provider of its own here (see the workspace manifest).
        let _ = rustls::crypto::ring::default_provider().install_default();
        Self {
            http: reqwest::Client::new(),
            base: base.to_string(),
            authorization: None,
        }
    }

    pub fn with_keys(&self, client_id: &str, secret: &str) -> Self {
        self.with_header(Some(&format!("trustgrid-token {client_id}:{secret}")))
    }

    pub fn with_header(&self, authorization: Option<&str>) -> Self {
        Self {
            authorization: authorization.map(str::to_string),
            ..self.clone()
        }
    }

    pub async fn raw(&self, method: Method, path: &str, body: Option<Vec<u8>>) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("Accept", "application/json");
        if let Some(authorization) = &self.authorization {
            request = request.header("Authorization", authorization);
        }
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body);
        }
        let response = request.send().await.expect("request reaches the sandbox");
        let status = response.status().as_u16();
        let bytes = response.bytes().await.expect("response body");
        let json = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            panic!(
                "every answer must be JSON, got {status}: {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        (status, json)
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> (u16, Value) {
        self.raw(method, path, body.map(|b| serde_json::to_vec(b).unwrap()))
            .await
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send(Method::POST, path, Some(body)).await
    }
    pub async fn put(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send(Method::PUT, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.send(Method::DELETE, path, None).await
    }

    /// Creates a service user with `policies` and keys; returns a client using those keys.
    pub async fn user_with_policies(&self, name: &str, policies: &[&str]) -> Api {
        let (status, body) = self
            .post(
                "/v2/service-user",
                &serde_json::json!({"name": name, "policyIds": policies}),
            )
            .await;
        assert_eq!(status, 200, "creating {name}: {body}");
        let (client_id, secret) = self.new_keys(name).await;
        self.with_keys(&client_id, &secret)
    }

    /// Regenerates keys for `name`; returns (clientId, secret).
    pub async fn new_keys(&self, name: &str) -> (String, String) {
        let (status, keys) = self
            .raw(
                Method::POST,
                &format!("/v2/service-user/{name}/token"),
                None,
            )
            .await;
        assert_eq!(status, 200, "generating keys for {name}: {keys}");
        (
            keys["clientId"].as_str().unwrap().to_string(),
            keys["secret"].as_str().unwrap().to_string(),
        )
    }

    /// Creates a custom policy with the given statements.
    pub async fn policy(&self, name: &str, statements: Value) {
        let (status, body) = self
            .post(
                "/v2/policy",
                &serde_json::json!({"name": name, "description": "test", "resources": ["*"], "statements": statements}),
            )
            .await;
        assert_eq!(status, 200, "creating policy {name}: {body}");
    }
}

/// The messages of an error body, which must be a JSON array of strings.
pub fn messages(body: &Value) -> Vec<String> {
    body.as_array()
        .unwrap_or_else(|| panic!("error bodies are string arrays, got {body}"))
        .iter()
        .map(|m| {
            m.as_str()
                .unwrap_or_else(|| panic!("error bodies are string arrays, got {body}"))
                .to_string()
        })
        .collect()
}

/// Asserts an error status with a string-array body, one of whose messages contains `needle`.
#[track_caller]
pub fn assert_error(result: (u16, Value), status: u16, needle: &str) {
    let (actual, body) = result;
    assert_eq!(actual, status, "expected {status}, body {body}");
    let messages = messages(&body);
    assert!(
        messages.iter().any(|m| m.contains(needle)),
        "expected a message containing {needle:?}, got {messages:?}"
    );
}

pub fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|item| item["name"].as_str().unwrap().to_string())
        .collect()
}
