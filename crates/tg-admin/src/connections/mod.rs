//! The Trustgrid accounts the app can talk to. Names, URLs and Client IDs are kept in a JSON file
//! (path chosen by the shell: the platform config dir); each Client Secret is kept only in the OS
//! keychain, through a [`SecretStore`]. Every change verifies the credentials with `GET /org/mine`
//! first and undoes its earlier steps when a later one fails, so nothing is ever half-saved.
//!
//! Embedded connections (the sandbox running inside the app) are registered by the shell with their
//! secret and live in memory only: they are never written to the file or the keychain.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tg_api::{Client, ClientCredentials, Org, RetryPolicy, Secret};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::keychain::{APP_ID, SecretStore};
use crate::private_file;

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
}

/// The connection in use and the organisation its credentials belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActiveConnection {
    pub connection: Connection,
    pub org: Org,
}

/// What the user enters to add a connection.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewConnection {
    pub name: String,
    pub base_url: String,
    pub client_id: String,
    #[ts(type = "string")]
    pub client_secret: Secret,
}

/// What the user enters to change a connection; `client_secret: None` keeps the stored secret.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionUpdate {
    pub name: String,
    pub base_url: String,
    pub client_id: String,
    #[serde(default)]
    #[ts(type = "string | null")]
    pub client_secret: Option<Secret>,
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
        let base_url = checked_base_url(&input.base_url)?;
        let client_id = checked_client_id(&input.client_id)?;
        self.check_name_free(&name, None)?;
        let (client, org) = self
            .verify(&base_url, &client_id, input.client_secret.clone())
            .await?;

        let connection = Connection {
            id: uuid::Uuid::new_v4().to_string(),
            name,
            base_url,
            client_id,
            embedded: false,
        };
        self.store.set(&connection.id, &input.client_secret)?;
        let saved = self.modify_file(|file| {
            file.connections.push(connection.clone());
            Ok(())
        });
        if let Err(error) = saved {
            let _ = self.store.delete(&connection.id);
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
        let base_url = checked_base_url(&input.base_url)?;
        let client_id = checked_client_id(&input.client_id)?;
        self.check_name_free(&name, Some(id))?;
        let old_secret = self.store.get(id)?;
        let secret = match (&input.client_secret, &old_secret) {
            (Some(new), _) => new.clone(),
            (None, Some(old)) => old.clone(),
            (None, None) => return Err(Error::SecretMissing(existing.name)),
        };
        let (client, org) = self.verify(&base_url, &client_id, secret.clone()).await?;

        let connection = Connection {
            id: id.to_owned(),
            name,
            base_url,
            client_id,
            embedded: false,
        };
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
            let (client, org) = self
                .verify(&connection.base_url, &connection.client_id, secret)
                .await?;
            return Ok(Connected {
                connection,
                org,
                client,
            });
        }
        let connection = self.get(id)?;
        let secret = self
            .store
            .get(id)?
            .ok_or_else(|| Error::SecretMissing(connection.name.clone()))?;
        let (client, org) = self
            .verify(&connection.base_url, &connection.client_id, secret)
            .await?;
        Ok(Connected {
            connection,
            org,
            client,
        })
    }

    fn embedded(&self) -> Option<(Connection, Secret)> {
        self.embedded.lock().expect("embedded lock").clone()
    }

    async fn verify(
        &self,
        base_url: &str,
        client_id: &str,
        secret: Secret,
    ) -> Result<(Client, Org)> {
        let client = Client::builder()
            .base_url(base_url)
            .credentials(ClientCredentials {
                client_id: client_id.to_owned(),
                secret,
            })
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

fn checked_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::InvalidInput("The connection needs a name.".into()));
    }
    if name.chars().count() > 100 {
        return Err(Error::InvalidInput(
            "The connection name is longer than 100 characters.".into(),
        ));
    }
    Ok(name.to_owned())
}

fn checked_base_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        // Not quoted: a secret pasted into the wrong field would show in the message.
        return Err(Error::InvalidInput(
            "The API URL must start with https:// (or http:// for a local sandbox).".into(),
        ));
    }
    Ok(url.to_owned())
}

fn checked_client_id(client_id: &str) -> Result<String> {
    let client_id = client_id.trim();
    if client_id.is_empty() {
        return Err(Error::InvalidInput("The Client ID is empty.".into()));
    }
    Ok(client_id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_input_never_prints_its_secret() {
        let input: NewConnection = serde_json::from_str(
            r#"{"name":"Prod","baseUrl":"https://api.trustgrid.io","clientId":"abc",
                "clientSecret":"723ae93acd87aa70b9b5b1fedcd38c85"}"#,
        )
        .unwrap();
        let update: ConnectionUpdate = serde_json::from_str(
            r#"{"name":"Prod","baseUrl":"https://api.trustgrid.io","clientId":"abc",
                "clientSecret":"723ae93acd87aa70b9b5b1fedcd38c85"}"#,
        )
        .unwrap();
        for printed in [format!("{input:?}"), format!("{update:?}")] {
            assert!(
                !printed.contains("723ae93acd87aa70b9b5b1fedcd38c85"),
                "Debug of a connection form must not show the secret: {printed}"
            );
        }
    }

    #[test]
    fn a_null_secret_in_an_update_means_keep_the_stored_one() {
        let update: ConnectionUpdate = serde_json::from_str(
            r#"{"name":"Prod","baseUrl":"https://x","clientId":"abc","clientSecret":null}"#,
        )
        .unwrap();
        assert!(update.client_secret.is_none());
    }

    #[test]
    fn base_urls_are_trimmed_and_must_be_http() {
        assert_eq!(
            checked_base_url(" https://api.trustgrid.io/ ").unwrap(),
            "https://api.trustgrid.io"
        );
        assert!(matches!(
            checked_base_url("api.trustgrid.io"),
            Err(Error::InvalidInput(_))
        ));
    }

    #[test]
    fn a_bad_base_url_is_not_quoted_back() {
        let Err(Error::InvalidInput(message)) =
            checked_base_url("723ae93acd87aa70b9b5b1fedcd38c85")
        else {
            panic!("a bare token is not an API URL");
        };
        assert!(
            !message.contains("723ae93acd87aa70b9b5b1fedcd38c85"),
            "a secret pasted into the URL field must not come back in the message: {message}"
        );
        assert!(message.contains("must start with https://"), "{message}");
    }
}
