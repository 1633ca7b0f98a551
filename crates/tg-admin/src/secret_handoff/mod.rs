//! Handing a freshly generated Client Secret to the user, once, without leaving it lying around.
//!
//! Trustgrid shows a Client Secret only when it is generated, so the app holds it until the user
//! closes the "keys" dialog: it copies it to the clipboard at once (marked as a secret for
//! clipboard histories) with a countdown that clears it again. The user can also reveal it, copy
//! it again (restarting the countdown), copy an `Authorization` header, or save it to a file of
//! their choice (`.env` or JSON). Closing the handoff or quitting the app drops
//! the secret from memory and clears the clipboard if it still holds what was copied.
//!
//! This file keeps the held secrets; `countdown.rs` (the clipboard countdown) and
//! `key_formats.rs` (the header and file formats) live beside it and know nothing of handoffs. Every operation takes the handoffs' lock first and the countdown's lock
//! second, never the other way round.

mod countdown;
mod key_formats;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde::Serialize;
use tg_api::Secret;
use tokio::runtime::Handle;
use ts_rs::TS;
use uuid::Uuid;

use crate::clipboard::Clipboard;
use crate::error::{Error, Result};
use crate::preferences::Settings;
use crate::private_file;

use self::countdown::ClipboardCountdown;
pub use self::countdown::{
    CopiedContent, CountdownEndReason, CountdownEnded, CountdownEvent, CountdownTick,
};
pub use self::key_formats::SecretFileFormat;
use self::key_formats::{authorization_header, secret_file_content};

/// What the UI needs to show a new handoff. The secret itself is not in it: the UI asks for it
/// with "Reveal".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyHandoff {
    #[ts(type = "string")]
    pub id: Uuid,
    pub service_user: String,
    pub client_id: String,
    /// Length of the clipboard countdown that starts with each copy of the secret.
    pub clipboard_seconds: u32,
    /// Whether the secret reached the clipboard when the keys were generated (and its countdown
    /// started). When false the UI must not say it was copied; the user can reveal, copy again
    /// or save.
    pub copied: bool,
}

/// The one-time secrets the app holds, and the single clipboard countdown.
///
/// Share it (Tauri state); every method takes `&self`. Dropping it clears the clipboard if it
/// still holds a copied secret, but do call [`SecretHandoffs::shutdown`] on exit: an app that
/// exits without dropping its state would otherwise leave the secret on the clipboard.
pub struct SecretHandoffs {
    held: Mutex<Held>,
    countdown: ClipboardCountdown,
}

struct Held {
    handoffs: HashMap<Uuid, Handoff>,
    /// The settings in force; only `clipboard_seconds` matters here, the rest is kept for the app.
    settings: Settings,
}

/// One generated key pair waiting for the user.
#[derive(Debug)]
struct Handoff {
    service_user: String,
    client_id: String,
    secret: Secret,
}

impl SecretHandoffs {
    /// `runtime` runs the countdowns (in Tauri: `tauri::async_runtime::handle().inner().clone()`).
    /// `events` receives each tick and end; it is called while the handoffs are locked, so it must
    /// only forward the event (e.g. `app.emit`) and never call back into `SecretHandoffs`.
    pub fn new(
        clipboard: Arc<dyn Clipboard>,
        runtime: Handle,
        events: impl Fn(CountdownEvent) + Send + Sync + 'static,
    ) -> Self {
        Self {
            held: Mutex::new(Held {
                handoffs: HashMap::new(),
                settings: Settings::default(),
            }),
            countdown: ClipboardCountdown::new(clipboard, runtime, events),
        }
    }

    /// Holds newly generated keys and copies the secret to the clipboard, starting the countdown.
    ///
    /// The handoff exists even if the copy failed: the secret cannot be fetched again, so the
    /// user must still be able to reveal or save it. [`KeyHandoff::copied`] says whether the copy
    /// succeeded; the second value is the copy's error, for the log.
    pub fn begin(
        &self,
        service_user: impl Into<String>,
        client_id: impl Into<String>,
        secret: Secret,
    ) -> (KeyHandoff, Result<()>) {
        let mut handoff = self.open(service_user, client_id, secret);
        let copy = self.copy_secret(handoff.id);
        handoff.copied = copy.is_ok();
        (handoff, copy)
    }

    /// Holds newly generated keys without copying anything (the rotation assistant copies one
    /// user's at a time, when asked).
    pub fn hold(
        &self,
        service_user: impl Into<String>,
        client_id: impl Into<String>,
        secret: Secret,
    ) -> KeyHandoff {
        self.open(service_user, client_id, secret)
    }

    /// Holds newly generated keys without copying anything.
    fn open(
        &self,
        service_user: impl Into<String>,
        client_id: impl Into<String>,
        secret: Secret,
    ) -> KeyHandoff {
        let mut held = self.lock();
        let id = Uuid::new_v4();
        let handoff = Handoff {
            service_user: service_user.into(),
            client_id: client_id.into(),
            secret,
        };
        let view = KeyHandoff {
            id,
            service_user: handoff.service_user.clone(),
            client_id: handoff.client_id.clone(),
            clipboard_seconds: held.settings.clipboard_seconds,
            copied: false,
        };
        held.handoffs.insert(id, handoff);
        view
    }

    /// Copies the Client Secret (marked as a secret) and (re)starts the countdown.
    pub fn copy_secret(&self, id: Uuid) -> Result<()> {
        self.copy_with_countdown(id, CopiedContent::Secret)
    }

    /// Copies `Authorization: trustgrid-token <clientId>:<secret>` and (re)starts the countdown.
    pub fn copy_header(&self, id: Uuid) -> Result<()> {
        self.copy_with_countdown(id, CopiedContent::Header)
    }

    /// Copies the Client ID as plain text. It replaces whatever a running countdown protects, so
    /// that countdown ends at once (`replaced`, not cleared) and the UI stops saying a secret is
    /// on the clipboard.
    pub fn copy_client_id(&self, id: Uuid) -> Result<()> {
        let held = self.lock();
        self.countdown.copy_plain(&held.get(id)?.client_id)
    }

    /// The secret, for showing it on screen.
    pub fn reveal(&self, id: Uuid) -> Result<Secret> {
        Ok(self.lock().get(id)?.secret.clone())
    }

    /// The service user, Client ID and secret of open keys, to deliver them.
    pub fn keys(&self, id: Uuid) -> Result<(String, String, Secret)> {
        let held = self.lock();
        let handoff = held.get(id)?;
        Ok((
            handoff.service_user.clone(),
            handoff.client_id.clone(),
            handoff.secret.clone(),
        ))
    }

    /// A file name to offer in the save dialog, e.g. `cicd.env` or `cicd-keys.json`.
    pub fn suggested_file_name(&self, id: Uuid, format: SecretFileFormat) -> Result<String> {
        Ok(format.suggested_file_name(&self.lock().get(id)?.service_user))
    }

    /// Ends the countdown now, clearing the clipboard if it still holds what was copied.
    /// `None` when no countdown was running.
    pub fn clear_now(&self) -> Option<CountdownEnded> {
        let _held = self.lock();
        self.countdown.end(None, CountdownEndReason::ClearedNow)
    }

    /// Writes the Client ID and secret to `path` (chosen by the user, who already confirmed any
    /// overwrite) through [`private_file::write`]: readable by the owner only, on disk before
    /// this returns, and never half-written.
    pub fn save(&self, id: Uuid, format: SecretFileFormat, path: &Path) -> Result<()> {
        // The lock is held while writing so the handoff cannot be closed midway; a secret file is
        // a few bytes.
        let held = self.lock();
        let handoff = held.get(id)?;
        let content = secret_file_content(format, &handoff.client_id, &handoff.secret)?;
        private_file::write(path, content.expose_secret().as_bytes())
            .map_err(|e| Error::storage("save the keys to", path, e))
    }

    /// Drops the handoff's secret and ends its countdown (reason `closed`), clearing the clipboard
    /// if it still holds what was copied.
    pub fn close(&self, id: Uuid) -> Result<()> {
        let mut held = self.lock();
        let handoff = held.handoffs.remove(&id).ok_or(Error::HandoffClosed(id))?;
        drop(handoff);
        self.countdown.end(Some(id), CountdownEndReason::Closed);
        Ok(())
    }

    /// The current settings.
    pub fn settings(&self) -> Settings {
        self.lock().settings.clone()
    }

    /// Applies validated settings; a countdown already running keeps its length.
    pub fn apply_settings(&self, settings: Settings) -> Result<Settings> {
        settings.validate()?;
        self.lock().settings = settings.clone();
        Ok(settings)
    }

    /// For the app's exit: ends the countdown (reason `closed`), clearing the clipboard if it
    /// still holds what was copied, and drops every held secret.
    pub fn shutdown(&self) -> Option<CountdownEnded> {
        let mut held = self.lock();
        held.handoffs.clear();
        self.countdown.end(None, CountdownEndReason::Closed)
    }

    fn lock(&self) -> MutexGuard<'_, Held> {
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn copy_with_countdown(&self, id: Uuid, content: CopiedContent) -> Result<()> {
        let held = self.lock();
        let handoff = held.get(id)?;
        let copied = match content {
            CopiedContent::Secret => handoff.secret.clone(),
            CopiedContent::Header => authorization_header(&handoff.client_id, &handoff.secret),
        };
        self.countdown
            .copy(id, content, copied, held.settings.clipboard_seconds)
    }
}

impl fmt::Debug for SecretHandoffs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let held = self.lock();
        f.debug_struct("SecretHandoffs")
            .field("handoffs", &held.handoffs)
            .field("countdown", &self.countdown.running())
            .field("settings", &held.settings)
            .finish()
    }
}

impl Held {
    fn get(&self, id: Uuid) -> Result<&Handoff> {
        self.handoffs.get(&id).ok_or(Error::HandoffClosed(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoffs_can_be_shared_app_state() {
        fn shareable<T: Send + Sync + 'static>() {}
        // Tauri state must be Send + Sync; this fails to compile otherwise.
        shareable::<SecretHandoffs>();
        shareable::<crate::clipboard::ArboardClipboard>();
    }
}
