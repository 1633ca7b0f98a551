//! A sandbox, an in-memory keychain and a connections file in a fresh folder.

use std::sync::Arc;
use std::time::Duration;

use tg_admin::{ClientSettings, Connections, MemoryStore, NewConnection};
use tg_api::{RetryPolicy, Secret};
use tg_sandbox::{RunningSandbox, Sandbox, SandboxConfig};

pub struct Fixture {
    pub sandbox: RunningSandbox,
    pub store: Arc<MemoryStore>,
    pub connections: Connections,
    pub file: std::path::PathBuf,
    pub _dir: tempfile::TempDir,
}

pub async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxConfig::new(dir.path().join("sandbox")))
        .await
        .unwrap();
    let store = Arc::new(MemoryStore::new());
    let file = dir.path().join("config/connections.json");
    let connections = Connections::new(&file, store.clone()).with_client_settings(fast());
    Fixture {
        sandbox,
        store,
        connections,
        file,
        _dir: dir,
    }
}

pub fn fast() -> ClientSettings {
    ClientSettings {
        timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            attempts: 2,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(10),
            max_elapsed: Duration::from_secs(5),
        },
    }
}

impl Fixture {
    pub fn new_connection(&self, name: &str) -> NewConnection {
        let admin = self.sandbox.admin_credentials();
        NewConnection {
            name: name.into(),
            base_url: format!("{}/", self.sandbox.base_url()),
            client_id: admin.client_id.clone(),
            client_secret: Secret::new(admin.secret.clone()),
            allow_insecure_http: false,
            session_only: false,
        }
    }

    pub fn file_text(&self) -> String {
        std::fs::read_to_string(&self.file).unwrap_or_default()
    }
}
