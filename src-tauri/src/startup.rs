//! Everything the app holds for its life, built once at start: the embedded sandbox (so a newcomer
//! sees real screens offline at once) registered as a connection, and the [`App`] over the
//! platform's folders, the OS keychain and the system clipboard. It is built while the window
//! loads, not before: [`Started`] holds it once it is there, and IPC calls wait for it.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use futures::future::BoxFuture;
use tg_admin::clipboard::Clipboard;
use tg_admin::connections::EMBEDDED_ID;
use tg_admin::desktop::STARTUP_TARGET;
use tg_admin::embedded_sandbox::{EmbeddedSandbox, SandboxAdmin};
use tg_admin::event_stream::EventQueue;
use tg_admin::{App, Connections, Journal, KeyringStore, PreferencesFile};
use tg_api::Secret;
use tg_sandbox::{AdminCredentials, RunningSandbox, Sandbox, SandboxConfig, SandboxError};
use tokio::sync::{Mutex, SetOnce};

/// The embedded sandbox's connection name.
const EMBEDDED_NAME: &str = "Local sandbox";

/// Where the app keeps its files (the platform's data and config folders for this app).
pub struct AppDirs {
    pub data: PathBuf,
    pub config: PathBuf,
}

/// The in-process sandbox, while it runs.
#[derive(Default)]
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

/// The state once it is built; the shell manages one from the first moment.
#[derive(Default)]
pub struct Started(SetOnce<State>);

impl Started {
    /// Keeps the built state and lets waiting IPC calls through.
    pub async fn set(&self, state: State) -> &Arc<App> {
        if self.0.set(state).is_err() {
            tracing::error!("the app's state was built twice");
        }
        self.app().await
    }

    /// The app, once built.
    pub async fn app(&self) -> &Arc<App> {
        &self.0.wait().await.app
    }

    /// On exit: a secret still on the clipboard must not outlive the app, and the sandbox
    /// closes its database.
    pub async fn shutdown(&self) {
        if let Some(state) = self.0.get() {
            state.app.handoffs.shutdown();
            state.embedded.shutdown().await;
        }
    }
}

/// Builds the app's state over the given clipboard (the system's, in the app); events go to
/// `events`, which the window reads.
pub async fn build_state(
    dirs: AppDirs,
    clipboard: Arc<dyn Clipboard>,
    events: Arc<EventQueue>,
) -> State {
    let connections = Connections::new(
        dirs.config.join("connections.json"),
        Arc::new(KeyringStore::new()),
    );
    let sandbox = start_embedded_sandbox(&dirs).await.map(Arc::new);
    if let Some(sandbox) = &sandbox {
        let admin = sandbox.admin_credentials();
        connections.set_embedded(
            EMBEDDED_NAME,
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
        events.sink(),
    )
    .with_event_stream(events);
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

/// Whether `--connection NAME` means this connection: its name in any case, or its id.
fn is_named(connection: &tg_admin::Connection, name: &str) -> bool {
    connection.name.eq_ignore_ascii_case(name) || connection.id == name
}

/// The id of the connection named `name` (its name as the app shows it, any case, or its id),
/// read from the saved list before anything starts, so a mistyped `--connection` is answered at
/// once.
pub fn find_connection(dirs: &AppDirs, name: &str) -> Result<String, String> {
    if name.eq_ignore_ascii_case(EMBEDDED_NAME) || name == EMBEDDED_ID {
        return Ok(EMBEDDED_ID.to_owned());
    }
    let saved = Connections::new(
        dirs.config.join("connections.json"),
        Arc::new(KeyringStore::new()),
    )
    .list()
    .map_err(|error| format!("could not read the saved connections: {error}"))?;
    let names = |list: &[tg_admin::Connection]| {
        std::iter::once(EMBEDDED_NAME)
            .chain(list.iter().map(|c| c.name.as_str()))
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    saved
        .iter()
        .find(|c| is_named(c, name))
        .map(|c| c.id.clone())
        .ok_or_else(|| {
            format!(
                "no connection is named \"{name}\" (there are: {})",
                names(&saved)
            )
        })
}

/// Switches the running app to the connection named `name`, as a second launch asks.
pub async fn switch_by_name(app: &App, name: &str) -> Result<(), String> {
    let all = app.state.list_connections().map_err(|e| e.to_string())?;
    let id = all
        .iter()
        .find(|c| is_named(c, name))
        .map(|c| c.id.clone())
        .ok_or_else(|| format!("no connection is named \"{name}\""))?;
    app.state
        .switch_connection(&id)
        .await
        .map_err(|e| format!("could not open \"{name}\": {e}"))?;
    app.remember_connection(&id);
    Ok(())
}
