//! The Trustgrid accounts the app can talk to. Names, URLs and Client IDs are kept in a JSON file
//! (path chosen by the shell: the platform config dir); each Client Secret is kept only in the OS
//! keychain, through a [`SecretStore`]. Every change verifies the credentials with `GET /org/mine`
//! first and undoes its earlier steps when a later one fails, so nothing is ever half-saved.
//!
//! A secret goes only where the user entered it for: plain `http://` to another machine needs the
//! user's confirmation (`allowInsecureHttp`, kept with the connection), and an edit that points a
//! connection at another server (scheme, host or port) needs the secret entered again.
//!
//! Embedded connections (the sandbox running inside the app) are registered by the shell with their
//! secret and live in memory only: they are never written to the file or the keychain.
//!
//! `input.rs` holds what the user types and the checks it passes before anything is sent;
//! `rekey.rs` puts a rotated key in place of the connection's own.

mod input;
mod rekey;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tg_api::{ApiKeys, ApiUrl, Client, ClientCredentials, Org, RetryPolicy, Secret};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::keychain::{APP_ID, SecretStore};
use crate::{notices, private_file};

pub use self::input::{ConnectionUpdate, NewConnection};
use self::input::{checked_base_url, checked_client_id, checked_name};

/// A saved (or embedded) connection, as listed in the UI. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Connection {
    pub id: String,
    pub name: String,
    pub base_url: String,
    pub client_id: String,
    /// The in-process sandbox: secret held in memory, not editable.
    #[serde(default)]
    pub embedded: bool,
    /// The user confirmed plain `http://` to another machine (the UI shows it on the connection).
    /// Left out of the JSON when false, so connections saved before it existed read the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_insecure_http: bool,
}

/// The connection in use and the organisation its credentials belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActiveConnection {
    pub connection: Connection,
    pub org: Org,
}

/// A verified connection with a client ready to use.
#[derive(Debug, Clone)]
pub struct Connected {
    pub connection: Connection,
    pub org: Org,
    pub client: Client,
}

impl Connected {
    pub fn active(&self) -> ActiveConnection {
        ActiveConnection {
            connection: self.connection.clone(),
            org: self.org.clone(),
        }
    }
}

/// Timeouts and retries for the clients this module builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientSettings {
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }
}

/// The id every embedded sandbox connection gets.
pub const EMBEDDED_ID: &str = "embedded-sandbox";

/// The on-disk shape of the connections file.
#[derive(Debug, Default, Serialize, Deserialize)]
struct ConnectionsFile {
    version: u32,
    connections: Vec<Connection>,
}

/// The list of connections: file + keychain + embedded ones.
pub struct Connections {
    file: PathBuf,
    store: Arc<dyn SecretStore>,
    embedded: Mutex<Option<(Connection, Secret)>>,
    /// Secrets of connections used for this session only (no keychain): memory, never a file.
    session: Mutex<HashMap<String, Secret>>,
    settings: ClientSettings,
    /// Serializes read-modify-write cycles of the file.
    file_lock: Mutex<()>,
}

impl Connections {
    /// Connections saved in `file`, with secrets in `store`.
    pub fn new(file: impl Into<PathBuf>, store: Arc<dyn SecretStore>) -> Self {
        Self {
            file: file.into(),
            store,
            embedded: Mutex::new(None),
            session: Mutex::new(HashMap::new()),
            settings: ClientSettings::default(),
            file_lock: Mutex::new(()),
        }
    }

    /// Timeouts and retries for every client built from now on.
    pub fn with_client_settings(mut self, settings: ClientSettings) -> Self {
        self.settings = settings;
        self
    }

    /// Registers the in-process sandbox (replacing an earlier registration). Its secret stays in
    /// memory; the keychain and the file are not touched.
    pub fn set_embedded(
        &self,
        name: &str,
        base_url: &str,
        client_id: &str,
        secret: Secret,
    ) -> Connection {
        let connection = Connection {
            id: EMBEDDED_ID.to_owned(),
            name: name.to_owned(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            client_id: client_id.to_owned(),
            embedded: true,
            allow_insecure_http: false,
        };
        *self.embedded.lock().expect("embedded lock") = Some((connection.clone(), secret));
        connection
    }

    /// The embedded connection first (if any), then the saved ones in the order they were added.
    pub fn list(&self) -> Result<Vec<Connection>> {
        let mut all: Vec<Connection> = self.embedded().into_iter().map(|(c, _)| c).collect();
        all.extend(self.read_file()?.connections);
        Ok(all)
    }

    /// One connection by id.
    pub fn get(&self, id: &str) -> Result<Connection> {
        self.list()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::ConnectionNotFound(id.to_owned()))
    }

    /// Verifies the credentials, then stores the secret, then saves the file.
    pub async fn add(&self, input: NewConnection) -> Result<Connected> {
        let name = checked_name(&input.name)?;
        let (base_url, _) = checked_base_url(&input.base_url, input.allow_insecure_http)?;
        let client_id = checked_client_id(&input.client_id)?;
        self.check_name_free(&name, None)?;
        let connection = Connection {
            id: uuid::Uuid::new_v4().to_string(),
            name,
            base_url,
            client_id,
            embedded: false,
            allow_insecure_http: input.allow_insecure_http,
        };
        let (client, org) = self
            .verify(&connection, input.client_secret.clone())
            .await?;

        if input.session_only {
            self.session_secrets()
                .insert(connection.id.clone(), input.client_secret.clone());
        } else {
            self.store.set(&connection.id, &input.client_secret)?;
        }
        let saved = self.modify_file(|file| {
            file.connections.push(connection.clone());
            Ok(())
        });
        if let Err(error) = saved {
            if self.session_secrets().remove(&connection.id).is_none() {
                let _ = self.store.delete(&connection.id);
            }
            return Err(error);
        }
        Ok(Connected {
            connection,
            org,
            client,
        })
    }

    /// Verifies the new settings, then replaces the secret (if a new one is given), then saves the
    /// file; a failure puts the old secret back.
    pub async fn update(&self, id: &str, input: ConnectionUpdate) -> Result<Connected> {
        let existing = self.get(id)?;
        if existing.embedded {
            return Err(Error::InvalidInput(
                "The built-in sandbox connection cannot be edited.".into(),
            ));
        }
        let name = checked_name(&input.name)?;
        let (base_url, api_url) = checked_base_url(&input.base_url, input.allow_insecure_http)?;
        let client_id = checked_client_id(&input.client_id)?;
        self.check_name_free(&name, Some(id))?;
        let same_server =
            ApiUrl::parse(&existing.base_url).is_ok_and(|old| old.same_origin(&api_url));
        if input.client_secret.is_none() && !same_server {
            return Err(Error::SecretRequired(existing.name));
        }
        let old_secret = self.store.get(id)?;
        let secret = match (&input.client_secret, &old_secret) {
            (Some(new), _) => new.clone(),
            (None, Some(old)) => old.clone(),
            (None, None) => return Err(Error::SecretMissing(existing.name)),
        };
        let connection = Connection {
            id: id.to_owned(),
            name,
            base_url,
            client_id,
            embedded: false,
            allow_insecure_http: input.allow_insecure_http,
        };
        let (client, org) = self.verify(&connection, secret.clone()).await?;

        if input.client_secret.is_some() {
            self.store.set(id, &secret)?;
        }
        let saved = self.modify_file(|file| {
            let slot = file
                .connections
                .iter_mut()
                .find(|c| c.id == id)
                .ok_or_else(|| Error::ConnectionNotFound(id.to_owned()))?;
            *slot = connection.clone();
            Ok(())
        });
        if let Err(error) = saved {
            if input.client_secret.is_some() {
                let _ = match &old_secret {
                    Some(old) => self.store.set(id, old),
                    None => self.store.delete(id),
                };
            }
            return Err(error);
        }
        Ok(Connected {
            connection,
            org,
            client,
        })
    }

    /// Removes the connection and its secret.
    ///
    /// A keychain that cannot be reached does not keep the connection: the entry is removed from
    /// the file anyway, and then [`Error::SecretLeftInKeychain`] reports that the secret may still
    /// be in the keychain. Any other error means nothing was removed.
    pub fn remove(&self, id: &str) -> Result<()> {
        let existing = self.get(id)?;
        if existing.embedded {
            *self.embedded.lock().expect("embedded lock") = None;
            return Ok(());
        }
        if self.session_secrets().remove(id).is_some() {
            // Its secret was never in the keychain.
            return self.modify_file(|file| {
                file.connections.retain(|c| c.id != id);
                Ok(())
            });
        }
        // A secret that cannot be read cannot be put back either: nothing to restore.
        let old_secret = self.store.get(id).ok().flatten();
        let deleted = self.store.delete(id);
        let saved = self.modify_file(|file| {
            file.connections.retain(|c| c.id != id);
            Ok(())
        });
        if let Err(error) = saved {
            if deleted.is_ok()
                && let Some(old) = old_secret
            {
                let _ = self.store.set(id, &old);
            }
            return Err(error);
        }
        deleted.map_err(|error| Error::SecretLeftInKeychain {
            name: existing.name,
            service: APP_ID.to_owned(),
            account: id.to_owned(),
            cause: error.to_string(),
        })
    }

    /// Reads the secret, builds a client and verifies it with `GET /org/mine`.
    pub async fn connect(&self, id: &str) -> Result<Connected> {
        if let Some((connection, secret)) = self.embedded().filter(|(c, _)| c.id == id) {
            let (client, org) = self.verify(&connection, secret).await?;
            return Ok(Connected {
                connection,
                org,
                client,
            });
        }
        let connection = self.get(id)?;
        let session_secret = self.session_secrets().get(id).cloned();
        let secret = match session_secret {
            Some(secret) => secret,
            None => self
                .store
                .get(id)?
                .ok_or_else(|| Error::SecretMissing(connection.name.clone()))?,
        };
        let (client, org) = self.verify(&connection, secret).await?;
        Ok(Connected {
            connection,
            org,
            client,
        })
    }

    fn session_secrets(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        self.session.lock().expect("session secrets lock")
    }

    fn embedded(&self) -> Option<(Connection, Secret)> {
        self.embedded.lock().expect("embedded lock").clone()
    }

    /// Signs in to `connection`'s API with other keys (a rotated user's new ones), through a
    /// client built like every connection's, and drops it.
    pub async fn sign_in_with(&self, connection: &Connection, keys: &ApiKeys) -> Result<()> {
        let other = Connection {
            client_id: keys.client_id.clone(),
            ..connection.clone()
        };
        self.verify(&other, keys.secret.clone()).await.map(drop)
    }

    /// Builds a client for `connection` (which refuses plain http to another machine unless the
    /// connection allows it, before anything is sent) and checks the credentials.
    async fn verify(&self, connection: &Connection, secret: Secret) -> Result<(Client, Org)> {
        let client = Client::builder()
            .base_url(&connection.base_url)
            .credentials(ClientCredentials {
                client_id: connection.client_id.clone(),
                secret,
            })
            .allow_insecure_http(connection.allow_insecure_http)
            .timeout(self.settings.timeout)
            .retry(self.settings.retry)
            .build()?;
        let org = client.org().mine().await?;
        Ok((client, org))
    }

    fn check_name_free(&self, name: &str, except_id: Option<&str>) -> Result<()> {
        let taken = self
            .list()?
            .iter()
            .any(|c| Some(c.id.as_str()) != except_id && c.name.eq_ignore_ascii_case(name));
        if taken {
            return Err(Error::InvalidInput(format!(
                "A connection named \"{name}\" already exists."
            )));
        }
        Ok(())
    }

    /// At start, before anything reads the file: a connections file that cannot be read is set
    /// aside (see [`crate::notices`]) so the app starts without saved connections instead of
    /// failing on every use. Returns what to tell the user. (Later, a file that turns unreadable
    /// is reported and left alone, never overwritten.)
    pub fn recover_unreadable_file(&self) -> Option<String> {
        let cause = match read_connections(&self.file) {
            Ok(_) => return None,
            Err(Error::Storage { message, .. }) => message,
            Err(other) => other.to_string(),
        };
        Some(format!(
            "{} The app started without saved connections; their secrets are still in the \
             system keychain. Add them again, or repair the file and restart.",
            notices::unreadable_file(&self.file, "The list of saved connections", &cause)
        ))
    }

    /// Whether the connections file exists (a first start, or a file deleted, has none).
    pub fn file_exists(&self) -> bool {
        self.file.exists()
    }

    fn read_file(&self) -> Result<ConnectionsFile> {
        read_connections(&self.file)
    }

    /// Loads the file, applies `change`, and writes it back whole through [`private_file`].
    fn modify_file(&self, change: impl FnOnce(&mut ConnectionsFile) -> Result<()>) -> Result<()> {
        let _guard = self.file_lock.lock().expect("file lock");
        let mut file = self.read_file()?;
        change(&mut file)?;
        file.version = 1;
        let json = serde_json::to_vec_pretty(&file)
            .map_err(|e| Error::storage("encode", &self.file, e))?;
        private_file::write_app_file(&self.file, &json)
    }
}

fn read_connections(path: &Path) -> Result<ConnectionsFile> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Error::storage("read", path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ConnectionsFile::default()),
        Err(e) => Err(Error::storage("read", path, e)),
    }
}
