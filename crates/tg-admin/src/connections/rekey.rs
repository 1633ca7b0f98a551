//! A connection whose own service user was given new keys (by the rotation assistant) must take
//! the new secret in the same step, or the app locks itself out: the old secret stopped working
//! the moment the keys were replaced.

use tg_api::Secret;

use super::{Connections, EMBEDDED_ID};
use crate::error::Result;

impl Connections {
    /// Puts `client_id` and `secret` in place of the connection's own: in memory for the embedded
    /// sandbox and session-only connections, in the keychain (and the Client ID in the file) for
    /// saved ones.
    ///
    /// When the keychain refuses, the new secret is still kept in memory for this session, so the
    /// app keeps working, and the keychain's error is returned: the caller must show the new keys
    /// to the user, since the keychain still holds the old, now useless, secret.
    pub fn replace_own_key(&self, id: &str, client_id: &str, secret: &Secret) -> Result<()> {
        if id == EMBEDDED_ID {
            let existing = self.get(id)?;
            self.set_embedded(
                &existing.name,
                &existing.base_url,
                client_id,
                secret.clone(),
            );
            return Ok(());
        }
        let existing = self.get(id)?;
        if existing.client_id != client_id {
            self.modify_file(|file| {
                if let Some(slot) = file.connections.iter_mut().find(|c| c.id == id) {
                    slot.client_id = client_id.to_owned();
                }
                Ok(())
            })?;
        }
        if let Some(session) = self.session_secrets().get_mut(id) {
            *session = secret.clone();
            return Ok(());
        }
        let stored = self.store.set(id, secret);
        if stored.is_err() {
            self.session_secrets().insert(id.to_owned(), secret.clone());
        }
        stored
    }
}
