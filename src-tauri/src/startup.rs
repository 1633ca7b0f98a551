//! Everything the app holds for its life, built once at start: the embedded sandbox (so a newcomer
//! sees real screens offline at once) registered as a connection, and the [`App`] over the
//! platform's folders, the OS keychain and the system clipboard.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use futures::future::BoxFuture;
use tg_admin::clipboard::Clipboard;
use tg_admin::contract::EventSink;
use tg_admin::embedded_sandbox::{EmbeddedSandbox, SandboxAdmin};
use tg_admin::{App, Connections, Journal, KeyringStore, PreferencesFile};
use tg_api::Secret;
use tg_sandbox::{AdminCredentials, RunningSandbox, Sandbox, SandboxConfig, SandboxError};
use tokio::sync::Mutex;

/// Where the app keeps its files (the platform's data and config folders for this app).
pub struct AppDirs {
    pub data: PathBuf,
    pub config: PathBuf,
}

/// The in-process sandbox, while it runs.
pub struct Embedded(Mutex<Option<Arc<RunningSandbox>>>);

impl Embedded {
    pub async fn shutdown(&self) {
        if let Some(sandbox) = self.0.lock().await.take() {
            match Arc::try_unwrap(sandbox) {
                Ok(sandbox) => sandbox.shutdown().await,
                // Still shared with the app: dropping it stops the server without waiting.
                Err(shared) => drop(shared),
            }
        }
    }
}

/// The running sandbox as tg-admin sees it: recovered or reset from the app.
struct SandboxRecovery(Arc<RunningSandbox>);

impl EmbeddedSandbox for SandboxRecovery {
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

fn admin(result: Result<AdminCredentials, SandboxError>) -> Result<SandboxAdmin, String> {
    result
        .map(|credentials| SandboxAdmin {
            client_id: credentials.client_id,
            secret: Secret::new(credentials.secret),
        })
        .map_err(|error| error.to_string())
}

pub struct State {
    pub app: Arc<App>,
    pub embedded: Embedded,
}

/// Builds the app's state over the given clipboard (the system's, in the app); events go to
/// `events` (the window, in the app).
pub async fn build_state(dirs: AppDirs, clipboard: Arc<dyn Clipboard>, events: EventSink) -> State {
    let connections = Connections::new(
        dirs.config.join("connections.json"),
        Arc::new(KeyringStore::new()),
    );
    let sandbox = start_embedded_sandbox(&dirs).await.map(Arc::new);
    if let Some(sandbox) = &sandbox {
        let admin = sandbox.admin_credentials();
        connections.set_embedded(
            "Local sandbox",
            sandbox.base_url(),
            &admin.client_id,
            Secret::new(admin.secret.clone()),
        );
    }
    let mut app = App::new(
        connections,
        Journal::new(dirs.data.join("activity.jsonl")),
        PreferencesFile::new(dirs.config.join("settings.json")),
        clipboard,
        tokio::runtime::Handle::current(),
        events,
    );
    if let Some(sandbox) = &sandbox {
        app = app.with_embedded_sandbox(Arc::new(SandboxRecovery(sandbox.clone())));
    }
    State {
        app: Arc::new(app),
        embedded: Embedded(Mutex::new(sandbox)),
    }
}

/// Starts the sandbox on a free loopback port with its data in the app's data folder (demo data
/// on the first run). The app still opens without it: other connections work the same.
async fn start_embedded_sandbox(dirs: &AppDirs) -> Option<RunningSandbox> {
    let mut config = SandboxConfig::new(dirs.data.join("sandbox"));
    config.listen = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    config.demo = true;
    match Sandbox::start(config).await {
        Ok(sandbox) => Some(sandbox),
        Err(error) => {
            tracing::error!(%error, "the embedded sandbox did not start");
            None
        }
    }
}
