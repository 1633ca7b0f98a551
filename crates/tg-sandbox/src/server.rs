//! Starting and stopping a sandbox: prepares the data directory (organisation, built-in
//! policies, admin user and its credentials file, demo data), binds the listener and serves until
//! shut down. Used by the CLI and, in-process, by the desktop app and the tests.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::config::SandboxConfig;
use crate::connection::{self, Cutter};
use crate::credentials::{self, AdminCredentials};
use crate::faults::{self, FaultStats};
use crate::model::{ApiKeys, Org};
use crate::routes::{self, AppState};
use crate::start_error::SandboxError;
use crate::store::{self, Store};
use crate::{demo, recovery};

pub use crate::recovery::ADMIN_USER;

/// Database file inside the data directory.
pub const DATABASE_FILE: &str = "sandbox.sqlite3";

/// Entry point of the library.
pub struct Sandbox;

impl Sandbox {
    /// Prepares the data directory and starts serving in the background.
    pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
        if !config.listen.ip().is_loopback() && !config.allow_remote {
            return Err(SandboxError::RemoteNotAllowed(config.listen));
        }
        if config.max_concurrent_requests == 0 || config.request_timeout.is_zero() {
            return Err(SandboxError::InvalidConfig(
                "request_timeout and max_concurrent_requests must be above zero".to_string(),
            ));
        }
        if let Some(faults) = &config.faults
            && !(0.0..=1.0).contains(&faults.rate)
        {
            return Err(SandboxError::InvalidConfig(format!(
                "the fault rate must be from 0 to 1, not {}",
                faults.rate
            )));
        }
        std::fs::create_dir_all(&config.data_dir).map_err(|source| SandboxError::DataDir {
            path: config.data_dir.clone(),
            source,
        })?;
        let data_dir = config.data_dir.clone();
        let demo = config.demo;
        let (store, org, keys) = tokio::task::spawn_blocking(move || prepare(&data_dir, demo))
            .await
            .map_err(|error| SandboxError::Task(error.to_string()))??;

        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|source| SandboxError::Bind {
                addr: config.listen,
                source,
            })?;
        let local_addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            addr: config.listen,
            source,
        })?;
        let base_url = format!("http://{}", reachable(local_addr));
        let admin_credentials = AdminCredentials {
            base_url: base_url.clone(),
            client_id: keys.client_id,
            secret: keys.secret,
        };
        let credentials_path = credentials::path_in(&config.data_dir);
        credentials::write(&credentials_path, &admin_credentials)?;

        let state = AppState {
            store: Arc::new(store),
            org: Arc::new(org),
        };
        let stop = CancellationToken::new();
        let faults = config
            .faults
            .as_ref()
            .map(|faults| faults::Injector::new(faults, stop.clone()));
        let app = routes::router(state.clone(), &config, faults.clone())
            .into_make_service_with_connect_info::<Cutter>();
        let signal = stop.clone().cancelled_owned();
        let server = tokio::spawn(async move {
            if let Err(error) = axum::serve(connection::Listener(listener), app)
                .with_graceful_shutdown(signal)
                .await
            {
                tracing::error!(%error, "server stopped with an error");
            }
        });
        tracing::info!(%base_url, "sandbox listening");
        Ok(RunningSandbox {
            base_url,
            local_addr,
            admin_credentials: Mutex::new(admin_credentials),
            credentials_path,
            state,
            demo,
            faults,
            stop,
            server: Some(server),
        })
    }
}

/// A sandbox serving in the background. Dropping it stops the server too, without waiting.
pub struct RunningSandbox {
    base_url: String,
    local_addr: SocketAddr,
    admin_credentials: Mutex<AdminCredentials>,
    credentials_path: PathBuf,
    state: AppState,
    demo: bool,
    faults: Option<Arc<faults::Injector>>,
    stop: CancellationToken,
    server: Option<JoinHandle<()>>,
}

impl RunningSandbox {
    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The admin's current credentials (new ones after [`Self::recover_admin`] or
    /// [`Self::reset_demo_data`]).
    pub fn admin_credentials(&self) -> AdminCredentials {
        lock(&self.admin_credentials).clone()
    }

    /// Makes `sandbox-admin` usable again, whatever was done to it through the API: enabled,
    /// holding `builtin-tg-admin`, with new keys (the old ones stop working). Other users and
    /// policies are left as they are. The new credentials are returned and written to the
    /// credentials file.
    pub async fn recover_admin(&self) -> Result<AdminCredentials, SandboxError> {
        let org_id = self.state.org.uid.clone();
        self.replace_admin_keys(move |tx| Ok(recovery::ensure_admin(tx, &org_id, None)?))
            .await
    }

    /// Puts the sandbox back as it started: every service user and custom policy removed, the
    /// demo data added again (when the sandbox was started with it), and `sandbox-admin` usable
    /// with new keys, returned and written to the credentials file.
    pub async fn reset_demo_data(&self) -> Result<AdminCredentials, SandboxError> {
        let org_id = self.state.org.uid.clone();
        let demo = self.demo;
        self.replace_admin_keys(move |tx| recovery::reset(tx, &org_id, demo))
            .await
    }

    /// Keeps credentials the admin was given through the API (a key rotation) as the admin's
    /// own: written to the credentials file, so a restart finds them instead of issuing new
    /// keys, and returned by [`Self::admin_credentials`]. Keys that do not belong to the admin
    /// are refused.
    pub async fn adopt_admin_credentials(
        &self,
        client_id: String,
        secret: String,
    ) -> Result<AdminCredentials, SandboxError> {
        let store = self.state.store.clone();
        let (id, key) = (client_id.clone(), secret.clone());
        let belongs = tokio::task::spawn_blocking(move || {
            store.read(|tx| recovery::is_admin_key(tx, &id, &key))
        })
        .await
        .map_err(|error| SandboxError::Task(error.to_string()))??;
        if !belongs {
            return Err(SandboxError::InvalidConfig(
                "these keys are not the sandbox admin's current keys".into(),
            ));
        }
        let credentials = AdminCredentials {
            base_url: self.base_url.clone(),
            client_id,
            secret,
        };
        credentials::write(&self.credentials_path, &credentials)?;
        *lock(&self.admin_credentials) = credentials.clone();
        Ok(credentials)
    }

    async fn replace_admin_keys(
        &self,
        change: impl FnOnce(&rusqlite::Transaction) -> Result<ApiKeys, SandboxError> + Send + 'static,
    ) -> Result<AdminCredentials, SandboxError> {
        let store = self.state.store.clone();
        let keys = tokio::task::spawn_blocking(move || store.write(change))
            .await
            .map_err(|error| SandboxError::Task(error.to_string()))??;
        let credentials = AdminCredentials {
            base_url: self.base_url.clone(),
            client_id: keys.client_id,
            secret: keys.secret,
        };
        credentials::write(&self.credentials_path, &credentials)?;
        *lock(&self.admin_credentials) = credentials.clone();
        Ok(credentials)
    }

    /// Where the admin credentials were written.
    pub fn credentials_path(&self) -> &Path {
        &self.credentials_path
    }

    /// What the fault mode has done so far; `None` when it is off.
    pub fn fault_stats(&self) -> Option<FaultStats> {
        self.faults.as_ref().map(|injector| injector.stats())
    }

    /// Stops accepting connections, lets requests in flight finish, and waits until the server
    /// (and its database) is closed.
    pub async fn shutdown(mut self) {
        self.stop.cancel();
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl std::fmt::Debug for RunningSandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningSandbox")
            .field("base_url", &self.base_url)
            .field("admin_credentials", &self.admin_credentials)
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An address clients on this machine can reach: a wildcard bind is reached via loopback.
fn reachable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::from((Ipv4Addr::LOCALHOST, addr.port()))
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::from((Ipv6Addr::LOCALHOST, addr.port()))
        }
        _ => addr,
    }
}

/// Opens the database and makes sure it holds the organisation, the current built-in policies
/// and a usable `sandbox-admin` (active, with `builtin-tg-admin`). The admin's keys are kept if
/// the credentials file still matches them, otherwise new ones are issued. Returns the store,
/// the organisation and the admin keys.
pub(crate) fn prepare(data_dir: &Path, demo: bool) -> Result<(Store, Org, ApiKeys), SandboxError> {
    let store = Store::open(&data_dir.join(DATABASE_FILE))?;
    let previous = credentials::read(&credentials::path_in(data_dir));
    let (org, keys) = store.write(|tx| -> Result<_, SandboxError> {
        let (org, is_new) = match store::org(tx)? {
            Some(org) => (org, false),
            None => {
                let org = Org {
                    uid: uuid::Uuid::new_v4().to_string(),
                    name: "Sandbox".to_string(),
                    domain: "sandbox.local".to_string(),
                };
                store::insert_org(tx, &org)?;
                (org, true)
            }
        };
        let keys = recovery::ensure_admin(tx, &org.uid, previous)?;
        if is_new && demo {
            demo::populate(tx)?;
        }
        Ok((org, keys))
    })?;
    Ok((store, org, keys))
}
