//! Everything the app holds for its life, built once at start: the embedded sandbox (so a newcomer
//! sees real screens offline at once) registered as a connection, and the [`App`] over the
//! platform's folders, the OS keychain and the system clipboard.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use tg_admin::clipboard::Clipboard;
use tg_admin::contract::EventSink;
use tg_admin::desktop::STARTUP_TARGET;
use tg_admin::{App, Connections, Journal, KeyringStore, PreferencesFile};
use tg_api::Secret;
use tg_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use tokio::sync::Mutex;

/// Where the app keeps its files (the platform's data and config folders for this app).
pub struct AppDirs {
    pub data: PathBuf,
    pub config: PathBuf,
}

/// The in-process sandbox, while it runs.
pub struct Embedded(Mutex<Option<RunningSandbox>>);

impl Embedded {
    pub async fn shutdown(&self) {
        if let Some(sandbox) = self.0.lock().await.take() {
            sandbox.shutdown().await;
        }
    }
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
    let sandbox = start_embedded_sandbox(&dirs).await;
    if let Some(sandbox) = &sandbox {
        let admin = sandbox.admin_credentials();
        connections.set_embedded(
            "Local sandbox",
            sandbox.base_url(),
            &admin.client_id,
            Secret::new(admin.secret.clone()),
        );
    }
    let app = App::new(
        connections,
        Journal::new(dirs.data.join("activity.jsonl")),
        PreferencesFile::new(dirs.config.join("settings.json")),
        clipboard,
        tokio::runtime::Handle::current(),
        events,
    );
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
        Ok(sandbox) => {
            tracing::info!(target: STARTUP_TARGET, "embedded sandbox started");
            Some(sandbox)
        }
        Err(error) => {
            tracing::error!(%error, "the embedded sandbox did not start");
            None
        }
    }
}
