//! Shared setup for the tests that run against the sandbox.

// Each test file uses its own subset of these.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use tg_admin::clipboard::MemoryClipboard;
use tg_admin::connections::{Connections, NewConnection};
use tg_admin::contract::EventSink;
use tg_admin::{App, Journal, MemoryStore, PreferencesFile};
use tg_api::{Client, ClientCredentials, NewServiceUser, RetryPolicy, Secret, ServiceUserStatus};

use futures::future::BoxFuture;
use tg_admin::contract::{ConfirmRequest, Host, SaveRequest};
use tg_admin::embedded_sandbox::{EmbeddedSandbox, SandboxAdmin};
use tg_sandbox::{AdminCredentials, RunningSandbox, Sandbox, SandboxConfig, SandboxError};

/// An API client with these keys: a 10 s timeout and no retries, so a refused key fails at once.
pub fn client(base_url: &str, client_id: &str, secret: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .credentials(ClientCredentials {
            client_id: client_id.into(),
            secret: Secret::new(secret),
        })
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

/// The running sandbox as the app sees it, as the shell wires it.
pub struct Recovery(pub Arc<RunningSandbox>);

fn admin(result: Result<AdminCredentials, SandboxError>) -> Result<SandboxAdmin, String> {
    result
        .map(|c| SandboxAdmin {
            client_id: c.client_id,
            secret: Secret::new(c.secret),
        })
        .map_err(|e| e.to_string())
}

impl EmbeddedSandbox for Recovery {
    fn recover_admin(&self) -> BoxFuture<'_, Result<SandboxAdmin, String>> {
        Box::pin(async move { admin(self.0.recover_admin().await) })
    }
    fn reset_demo_data(&self) -> BoxFuture<'_, Result<SandboxAdmin, String>> {
        Box::pin(async move { admin(self.0.reset_demo_data().await) })
    }

    fn adopt_admin_keys(&self, admin: SandboxAdmin) -> BoxFuture<'_, Result<(), String>> {
        Box::pin(async move {
            self.0
                .adopt_admin_credentials(admin.client_id, admin.secret.expose_secret().to_owned())
                .await
                .map(drop)
                .map_err(|error| error.to_string())
        })
    }
}

pub struct SandboxFixture {
    pub sandbox: Arc<RunningSandbox>,
    pub dir: tempfile::TempDir,
}

impl SandboxFixture {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let sandbox = Sandbox::start(SandboxConfig::new(dir.path().join("sandbox")))
            .await
            .unwrap();
        SandboxFixture {
            sandbox: Arc::new(sandbox),
            dir,
        }
    }

    /// A connection to this sandbox with its admin key, as the Add Connection dialog sends it.
    pub fn new_connection(&self, name: &str) -> NewConnection {
        let admin = self.sandbox.admin_credentials();
        NewConnection {
            name: name.into(),
            base_url: self.sandbox.base_url().into(),
            client_id: admin.client_id.clone(),
            client_secret: Secret::new(admin.secret.clone()),
            allow_insecure_http: false,
            session_only: false,
        }
    }

    /// Makes this sandbox the embedded connection of `connections`, as the shell does at start.
    pub fn embed_in(&self, connections: &Connections) {
        self.embed_as(connections, "Local sandbox");
    }

    /// As [`Self::embed_in`], under another connection name.
    pub fn embed_as(&self, connections: &Connections, name: &str) {
        let admin = self.sandbox.admin_credentials();
        connections.set_embedded(
            name,
            self.sandbox.base_url(),
            &admin.client_id,
            Secret::new(admin.secret.clone()),
        );
    }

    /// The app over this fixture's folder (in-memory keychain and clipboard, no events), its
    /// sandbox the embedded connection named `name`, connected.
    pub async fn app(&self, name: &str) -> Arc<App> {
        self.app_with_events(name, Arc::new(|_, _| {})).await
    }

    /// As [`Self::app`], its events handed to `events`.
    pub async fn app_with_events(&self, name: &str, events: EventSink) -> Arc<App> {
        let root = self.dir.path();
        let connections = Connections::new(
            root.join("config/connections.json"),
            Arc::new(MemoryStore::new()),
        );
        self.embed_as(&connections, name);
        let app = Arc::new(App::new(
            connections,
            Journal::new(root.join("data/activity.jsonl")),
            PreferencesFile::new(root.join("config/settings.json")),
            Arc::new(MemoryClipboard::new()),
            tokio::runtime::Handle::current(),
            events,
        ));
        app.ensure_first_connection().await;
        app
    }

    pub fn admin(&self) -> Client {
        let admin = self.sandbox.admin_credentials();
        client(self.sandbox.base_url(), &admin.client_id, &admin.secret)
    }

    /// Creates `count` active users named `{prefix}-{i}`.
    pub async fn create_users(&self, prefix: &str, count: usize) -> Vec<String> {
        let admin = self.admin();
        let mut names = Vec::new();
        for i in 0..count {
            let name = format!("{prefix}-{i}");
            admin
                .service_users()
                .create(&NewServiceUser {
                    name: name.clone(),
                    policy_ids: vec!["builtin-tg-monitor".into()],
                    status: ServiceUserStatus::Active,
                })
                .await
                .unwrap();
            names.push(name);
        }
        names
    }
}

/// A host whose save dialog answers with the suggested file name in this folder, and which
/// refuses every confirmation and folder choice.
pub struct SaveInto(pub std::path::PathBuf);

impl Host for SaveInto {
    fn choose_save_path(
        &self,
        request: SaveRequest,
    ) -> BoxFuture<'static, Option<std::path::PathBuf>> {
        let path = self.0.join(request.file_name);
        Box::pin(async move { Some(path) })
    }
    fn confirm(&self, _: ConfirmRequest) -> BoxFuture<'static, bool> {
        Box::pin(async { false })
    }
    fn choose_folder(&self, _: &'static str) -> BoxFuture<'static, Option<std::path::PathBuf>> {
        Box::pin(async { None })
    }
}
