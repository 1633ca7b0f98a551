//! Rotating the service user the connection itself signs in with. The old secret stopped working
//! at the regenerate step, so in the same step the new one replaces it where the connection keeps
//! it (the OS keychain, or memory for the embedded sandbox and session-only connections), the
//! embedded sandbox's saved admin credentials follow, and the app signs in again with it.
//!
//! If the keychain refuses, the new secret is kept in memory so the app keeps working for this
//! session, and the caller shows the keys once with the clipboard countdown, so nothing is lost.
//!
//! If the answer to the own user's key request was lost, the connection's key was replaced by one
//! whose secret never arrived, and nothing the app holds signs in. Only the embedded sandbox can
//! help then: it issues its admin new keys ([`reissue`]), which the run then rotates as usual.

use tg_api::{ApiKeys, Client};

use super::model::OwnKeyUpdate;
use crate::connections::Connection;
use crate::embedded_sandbox::SandboxAdmin;
use crate::journal::{JournalEntry, JournalOutcome};
use crate::{App, AppError};

/// Puts `keys` in place of `connection`'s own key and switches the app to them.
pub(super) async fn adopt(
    app: &App,
    connection: &Connection,
    user: &str,
    keys: &ApiKeys,
) -> OwnKeyUpdate {
    let mut problems = Vec::new();
    let stored = app
        .state
        .replace_own_key(&connection.id, &keys.client_id, &keys.secret);
    if let Err(error) = &stored {
        problems.push(format!(
            "The new secret could not be stored in the system keychain ({}); the app uses it \
             for this session only. Keep the keys shown now: the keychain still holds the old \
             secret, which no longer works.",
            AppError::from(error).message
        ));
    }
    if connection.embedded
        && let Some(sandbox) = app.embedded_sandbox()
    {
        let admin = SandboxAdmin {
            client_id: keys.client_id.clone(),
            secret: keys.secret.clone(),
        };
        if let Err(error) = sandbox.adopt_admin_keys(admin).await {
            problems.push(format!(
                "The sandbox's saved admin credentials could not be updated ({error}); on its \
                 next start it issues the admin new keys."
            ));
        }
    }
    let switched = app.state.switch_connection(&connection.id).await;
    if let Err(error) = &switched {
        problems.push(format!(
            "The app could not sign in with the new key: {}",
            AppError::from(error).message
        ));
    }
    let update = OwnKeyUpdate {
        stored: stored.is_ok(),
        switched: switched.is_ok(),
        error: (!problems.is_empty()).then(|| problems.join(" ")),
    };
    app.state.append(JournalEntry::now(
        connection.name.clone(),
        "rotate-keys replace-own-key",
        vec![user.to_owned()],
        if update.stored && update.switched {
            JournalOutcome::Ok
        } else {
            JournalOutcome::Failed
        },
        update.error.clone(),
    ));
    update
}

/// Whether the app can get back into `connection` after losing its key: only the embedded
/// sandbox, through the sandbox itself.
pub(super) fn can_reissue(app: &App, connection: &Connection) -> bool {
    connection.embedded && app.embedded_sandbox().is_some()
}

/// Has the embedded sandbox issue its admin new keys and signs the app in with them; the new
/// client and connection, or why not, in words.
pub(super) async fn reissue(app: &App) -> Result<(Client, Connection), String> {
    app.recover_sandbox(false)
        .await
        .and_then(|_| app.state.active_client())
        .map_err(|error| AppError::from(error).message)
}
