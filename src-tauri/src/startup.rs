//! Everything the app holds for its life, built once at start: the embedded sandbox (so a newcomer
//! sees real screens offline at once), the connections and journal, the one-time-secret handoffs
//! with the system clipboard, and the saved preferences.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use tg_admin::clipboard::Clipboard;
use tg_admin::connections::EMBEDDED_ID;
use tg_admin::secret_handoff::{CountdownEvent, SecretHandoffs};
use tg_admin::{AppState, Connections, Journal, KeyringStore, PreferencesFile};
use tg_api::Secret;
use tg_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use tokio::sync::{Mutex, OnceCell};

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

/// The first connection is made when the UI first asks for it, so a slow remote API never holds
/// up the window: the last connection used, or the embedded sandbox.
#[derive(Default)]
pub struct StartupConnection(OnceCell<()>);

impl StartupConnection {
    pub async fn ensure(&self, admin: &AppState, preferences: &PreferencesFile) {
        self.0
            .get_or_init(|| async {
                let last = preferences.load().last_connection;
                let first_choice = last.as_deref().unwrap_or(EMBEDDED_ID);
                if admin.switch_connection(first_choice).await.is_err()
                    && first_choice != EMBEDDED_ID
                {
                    // The last connection is unreachable or gone: the sandbox still works.
                    let _ = admin.switch_connection(EMBEDDED_ID).await;
                }
            })
            .await;
    }
}

pub struct State {
    pub admin: AppState,
    pub handoffs: SecretHandoffs,
    pub preferences: PreferencesFile,
    pub embedded: Embedded,
    pub startup_connection: StartupConnection,
}

/// Builds the app's state over the given clipboard (the system's, in the app). `emit(name,
/// payload)` sends an event to the window.
pub async fn build_state(
    dirs: AppDirs,
    clipboard: Arc<dyn Clipboard>,
    emit: impl Fn(&str, Value) + Send + Sync + 'static,
) -> State {
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
    let admin = AppState::new(connections, Journal::new(dirs.data.join("activity.jsonl")));

    let preferences = PreferencesFile::new(dirs.config.join("settings.json"));
    let handoffs = SecretHandoffs::new(
        clipboard,
        tokio::runtime::Handle::current(),
        move |event: CountdownEvent| {
            let payload = match &event {
                CountdownEvent::Tick(tick) => serde_json::to_value(tick),
                CountdownEvent::Ended(ended) => serde_json::to_value(ended),
            };
            if let Ok(payload) = payload {
                emit(event.name(), payload);
            }
        },
    );
    if let Err(error) = handoffs.apply_settings(preferences.load().settings) {
        tracing::warn!(%error, "ignoring saved settings");
    }
    State {
        admin,
        handoffs,
        preferences,
        embedded: Embedded(Mutex::new(sandbox)),
        startup_connection: StartupConnection::default(),
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
