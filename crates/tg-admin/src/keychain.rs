//! Client Secrets of saved connections live only in the OS keychain, never in the connections file.
//! [`SecretStore`] is the seam: [`KeyringStore`] is the real keychain (through `keyring`),
//! [`MemoryStore`] replaces it in tests so they never touch a developer's keychain. A missing entry
//! is `Ok(None)`; a keychain that cannot be used at all is [`Error::KeychainUnavailable`].

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use tg_api::Secret;

use crate::error::{Error, Result};

/// The app id, used as the keychain's service name for every stored secret.
pub const APP_ID: &str = "io.trustgrid.service-users-desktop";

/// Where connection secrets are kept, one per account (the connection id).
pub trait SecretStore: Send + Sync {
    /// The secret for `account`, or `None` when there is none.
    fn get(&self, account: &str) -> Result<Option<Secret>>;
    /// Stores or replaces the secret for `account`.
    fn set(&self, account: &str, secret: &Secret) -> Result<()>;
    /// Removes the secret for `account`; removing a missing one is not an error.
    fn delete(&self, account: &str) -> Result<()>;
}

/// The OS keychain: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    /// A store under the app's own service name, [`APP_ID`].
    pub fn new() -> Self {
        Self::with_service(APP_ID)
    }

    /// A store under another service name (tests use one of their own).
    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, account).map_err(keychain_error)
    }
}

impl Default for KeyringStore {
    fn default() -> Self {
        Self::new()
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, account: &str) -> Result<Option<Secret>> {
        match self.entry(account)?.get_password() {
            Ok(secret) => Ok(Some(Secret::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(keychain_error(error)),
        }
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<()> {
        self.entry(account)?
            .set_password(secret.expose_secret())
            .map_err(keychain_error)
    }

    fn delete(&self, account: &str) -> Result<()> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(keychain_error(error)),
        }
    }
}

/// keyring's errors never contain the secret; they can name the platform's failure.
fn keychain_error(error: keyring::Error) -> Error {
    match error {
        keyring::Error::PlatformFailure(cause) | keyring::Error::NoStorageAccess(cause) => {
            Error::KeychainUnavailable(cause.to_string())
        }
        other => Error::Keychain(other.to_string()),
    }
}

/// Keeps secrets in memory: for tests, and a stand-in that can pretend to be unavailable.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, Secret>>,
    unavailable: AtomicBool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// From now on, every call fails as an unavailable keychain does (or works again).
    pub fn set_unavailable(&self, unavailable: bool) {
        self.unavailable.store(unavailable, Ordering::SeqCst);
    }

    /// How many secrets are stored.
    pub fn len(&self) -> usize {
        self.entries.lock().expect("memory store lock").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn check_available(&self) -> Result<()> {
        if self.unavailable.load(Ordering::SeqCst) {
            Err(Error::KeychainUnavailable(
                "the test keychain is switched off".into(),
            ))
        } else {
            Ok(())
        }
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, account: &str) -> Result<Option<Secret>> {
        self.check_available()?;
        Ok(self
            .entries
            .lock()
            .expect("memory store lock")
            .get(account)
            .cloned())
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<()> {
        self.check_available()?;
        self.entries
            .lock()
            .expect("memory store lock")
            .insert(account.to_owned(), secret.clone());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<()> {
        self.check_available()?;
        self.entries
            .lock()
            .expect("memory store lock")
            .remove(account);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(store: &dyn SecretStore, account: &str) {
        assert!(
            store.get(account).unwrap().is_none(),
            "a missing entry is Ok(None), not an error"
        );
        store.set(account, &Secret::new("first")).unwrap();
        store.set(account, &Secret::new("second")).unwrap();
        assert_eq!(
            store.get(account).unwrap().unwrap().expose_secret(),
            "second",
            "set replaces the stored secret"
        );
        store.delete(account).unwrap();
        assert!(store.get(account).unwrap().is_none(), "delete removes it");
        store
            .delete(account)
            .expect("deleting a missing entry is not an error");
    }

    #[test]
    fn memory_store_roundtrip() {
        roundtrip(&MemoryStore::new(), "conn-1");
    }

    #[test]
    fn memory_store_can_be_unavailable() {
        let store = MemoryStore::new();
        store.set_unavailable(true);
        assert!(matches!(store.get("x"), Err(Error::KeychainUnavailable(_))));
    }

    /// Needs a running, unlocked Secret Service (see the crate's tests notes); run with `--ignored`.
    #[test]
    #[ignore = "needs a Secret Service on the session bus"]
    fn keyring_secret_service_roundtrip() {
        let store = KeyringStore::with_service(format!("{APP_ID}.test"));
        let account = format!("roundtrip-{}", uuid::Uuid::new_v4());
        roundtrip(&store, &account);
    }

    /// Set in the child process that runs the check with no session bus to reach.
    #[cfg(target_os = "linux")]
    const NO_BUS_CHILD: &str = "TG_ADMIN_TEST_NO_SESSION_BUS";

    /// The developer's own session bus (and keychain) must not decide the outcome, so the check
    /// runs in a child process of this test binary with every way to find a bus removed.
    #[cfg(target_os = "linux")]
    #[test]
    fn keyring_without_a_session_bus_is_unavailable() {
        if std::env::var_os(NO_BUS_CHILD).is_some() {
            let error = KeyringStore::with_service(format!("{APP_ID}.test"))
                .get("nobody")
                .unwrap_err();
            assert!(
                matches!(error, Error::KeychainUnavailable(_)),
                "no keychain at all must map to KeychainUnavailable, got {error:?}"
            );
            return;
        }
        let name = "keychain::tests::keyring_without_a_session_bus_is_unavailable";
        let child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([name, "--exact", "--nocapture", "--test-threads=1"])
            .env(NO_BUS_CHILD, "1")
            // Where libdbus looks for a session bus: the address, X11 autolaunch, the runtime dir.
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("DISPLAY")
            .env_remove("XDG_RUNTIME_DIR")
            .output()
            .expect("the test binary can run itself");
        let stdout = String::from_utf8_lossy(&child.stdout);
        assert!(
            child.status.success() && stdout.contains("1 passed"),
            "the check must run and pass without a session bus:\n{stdout}\n{}",
            String::from_utf8_lossy(&child.stderr)
        );
    }
}
