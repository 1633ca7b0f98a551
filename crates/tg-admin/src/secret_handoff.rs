//! Handing a freshly generated Client Secret to the user, once, without leaving it lying around.
//!
//! Trustgrid shows a Client Secret only when it is generated, so the app holds it until the user
//! closes the "keys" dialog: it copies it to the clipboard at once (marked as a secret for
//! clipboard histories), counts down, and clears the clipboard at zero, but only if the clipboard
//! still holds what was copied, so nothing the user copied since is ever wiped. The user can also
//! reveal it, copy it again (restarting the countdown), copy an `Authorization` header, or save
//! it to a file of their choice. Closing the handoff or quitting the app drops the secret from
//! memory and clears the clipboard under the same rule.
//!
//! One countdown runs at a time, as a tokio task. Every clipboard operation and every event
//! happens under one lock, and each countdown carries a generation number, so a countdown that
//! was replaced can neither emit a late tick nor clear the clipboard.

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use tg_api::Secret;
use tokio::runtime::Handle;
use tokio::task::AbortHandle;
use tokio::time::{Instant, MissedTickBehavior};
use ts_rs::TS;
use uuid::Uuid;

use crate::clipboard::{Clipboard, ClipboardError, Sensitivity};

/// Shortest clipboard countdown the settings accept, in seconds.
pub const CLIPBOARD_SECONDS_MIN: u32 = 10;
/// Longest clipboard countdown the settings accept, in seconds.
pub const CLIPBOARD_SECONDS_MAX: u32 = 300;
/// The clipboard countdown unless the user changed it, in seconds.
pub const CLIPBOARD_SECONDS_DEFAULT: u32 = 30;

/// Tauri event name for [`CountdownTick`].
pub const COUNTDOWN_TICK_EVENT: &str = "clipboard-countdown";
/// Tauri event name for [`CountdownEnded`].
pub const COUNTDOWN_ENDED_EVENT: &str = "clipboard-countdown-ended";

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

/// What a countdown protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CopiedContent {
    /// The Client Secret alone.
    Secret,
    /// `Authorization: trustgrid-token <clientId>:<secret>`.
    Header,
}

/// Sent once a second while a countdown runs, starting with `remaining == total` at the copy and
/// ending with `remaining == 1`; a [`CountdownEnded`] follows one second later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CountdownTick {
    #[ts(type = "string")]
    pub handoff_id: Uuid,
    pub content: CopiedContent,
    pub remaining: u32,
    pub total: u32,
}

/// Why a countdown ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CountdownEndReason {
    /// The time ran out.
    Expired,
    /// The user chose "Clear now".
    ClearedNow,
    /// The clipboard no longer held what was copied (the user copied something else, or another
    /// handoff's copy took over), so it was left alone.
    Replaced,
    /// The handoff was closed or the app is quitting.
    Closed,
}

/// Sent when a countdown ends. `cleared` says whether the clipboard was emptied; it is false when
/// the clipboard held something else (`reason` is then `replaced`) or could not be read or cleared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CountdownEnded {
    #[ts(type = "string")]
    pub handoff_id: Uuid,
    pub cleared: bool,
    pub reason: CountdownEndReason,
}

/// A countdown event, for the shell to forward as a Tauri event named by [`CountdownEvent::name`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountdownEvent {
    Tick(CountdownTick),
    Ended(CountdownEnded),
}

impl CountdownEvent {
    /// The Tauri event name the UI listens to.
    pub fn name(&self) -> &'static str {
        match self {
            CountdownEvent::Tick(_) => COUNTDOWN_TICK_EVENT,
            CountdownEvent::Ended(_) => COUNTDOWN_ENDED_EVENT,
        }
    }
}

/// The file formats "Save to file" offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SecretFileFormat {
    /// `TG_CLIENT_ID=...` and `TG_CLIENT_SECRET=...` lines.
    Env,
    /// `{"clientId": "...", "clientSecret": "..."}`.
    Json,
}

impl SecretFileFormat {
    /// The usual file extension, for the save dialog's filter.
    pub fn extension(self) -> &'static str {
        match self {
            SecretFileFormat::Env => "env",
            SecretFileFormat::Json => "json",
        }
    }
}

/// User settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Settings {
    /// Seconds before a copied secret is cleared from the clipboard, 10 to 300.
    pub clipboard_seconds: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            clipboard_seconds: CLIPBOARD_SECONDS_DEFAULT,
        }
    }
}

impl Settings {
    /// Checks every field, so settings from the UI or a file are never applied half valid.
    pub fn validate(&self) -> Result<(), HandoffError> {
        if !(CLIPBOARD_SECONDS_MIN..=CLIPBOARD_SECONDS_MAX).contains(&self.clipboard_seconds) {
            return Err(HandoffError::InvalidClipboardSeconds(
                self.clipboard_seconds,
            ));
        }
        Ok(())
    }
}

/// Why a handoff operation failed. No variant carries the secret.
#[derive(Debug, thiserror::Error)]
pub enum HandoffError {
    #[error("these keys were closed; generate new keys to get a new Client Secret")]
    UnknownHandoff(Uuid),
    #[error(
        "the clipboard timeout must be between {CLIPBOARD_SECONDS_MIN} and \
         {CLIPBOARD_SECONDS_MAX} seconds, not {0}"
    )]
    InvalidClipboardSeconds(u32),
    #[error("the {0} contains a line break and cannot be written to a .env file")]
    NotEnvSafe(&'static str),
    #[error(transparent)]
    Clipboard(#[from] ClipboardError),
    #[error("could not save the keys to {}: {source}", path.display())]
    SaveFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl From<HandoffError> for crate::AppError {
    fn from(error: HandoffError) -> Self {
        use crate::ErrorCode;
        let code = match &error {
            HandoffError::UnknownHandoff(_) => ErrorCode::NotFound,
            HandoffError::InvalidClipboardSeconds(_) | HandoffError::NotEnvSafe(_) => {
                ErrorCode::InvalidInput
            }
            HandoffError::Clipboard(_) | HandoffError::SaveFile { .. } => ErrorCode::Internal,
        };
        let mut message = error.to_string();
        if let Some(first) = message.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        crate::AppError::new(code, format!("{message}."))
    }
}

/// The one-time secrets the app holds, and the single clipboard countdown.
///
/// Share it (Tauri state); every method takes `&self`. Dropping it clears the clipboard if it
/// still holds a copied secret, but do call [`SecretHandoffs::shutdown`] on exit: an app that
/// exits without dropping its state would otherwise leave the secret on the clipboard.
pub struct SecretHandoffs {
    shared: Arc<Shared>,
}

type EventSink = Box<dyn Fn(CountdownEvent) + Send + Sync>;

struct Shared {
    clipboard: Arc<dyn Clipboard>,
    runtime: Handle,
    events: EventSink,
    state: Mutex<State>,
}

struct State {
    handoffs: HashMap<Uuid, Handoff>,
    countdown: Option<Countdown>,
    next_generation: u64,
    clipboard_seconds: u32,
}

/// One generated key pair waiting for the user.
#[derive(Debug)]
struct Handoff {
    service_user: String,
    client_id: String,
    secret: Secret,
}

/// The running countdown.
struct Countdown {
    generation: u64,
    handoff_id: Uuid,
    content: CopiedContent,
    /// Exactly what was put on the clipboard, to tell whether it is still there.
    copied: Secret,
    task: Option<AbortHandle>,
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
            shared: Arc::new(Shared {
                clipboard,
                runtime,
                events: Box::new(events),
                state: Mutex::new(State {
                    handoffs: HashMap::new(),
                    countdown: None,
                    next_generation: 0,
                    clipboard_seconds: CLIPBOARD_SECONDS_DEFAULT,
                }),
            }),
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
    ) -> (KeyHandoff, Result<(), HandoffError>) {
        let mut handoff = self.open(service_user, client_id, secret);
        let copy = self.copy_secret(handoff.id);
        handoff.copied = copy.is_ok();
        (handoff, copy)
    }

    /// Holds newly generated keys without copying anything.
    pub(crate) fn open(
        &self,
        service_user: impl Into<String>,
        client_id: impl Into<String>,
        secret: Secret,
    ) -> KeyHandoff {
        let mut state = self.shared.lock();
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
            clipboard_seconds: state.clipboard_seconds,
            copied: false,
        };
        state.handoffs.insert(id, handoff);
        view
    }

    /// Copies the Client Secret (marked as a secret) and (re)starts the countdown.
    pub fn copy_secret(&self, id: Uuid) -> Result<(), HandoffError> {
        self.shared.copy_with_countdown(id, CopiedContent::Secret)
    }

    /// Copies `Authorization: trustgrid-token <clientId>:<secret>` and (re)starts the countdown.
    pub fn copy_header(&self, id: Uuid) -> Result<(), HandoffError> {
        self.shared.copy_with_countdown(id, CopiedContent::Header)
    }

    /// Copies the Client ID as plain text. It replaces whatever a running countdown protects, so
    /// that countdown ends at once (`replaced`, not cleared) and the UI stops saying a secret is
    /// on the clipboard.
    pub fn copy_client_id(&self, id: Uuid) -> Result<(), HandoffError> {
        let mut state = self.shared.lock();
        let handoff = state.get(id)?;
        self.shared
            .clipboard
            .set_text(&handoff.client_id, Sensitivity::Plain)?;
        if let Some(countdown) = state.countdown.take() {
            if let Some(task) = countdown.task {
                task.abort();
            }
            self.shared.emit(CountdownEvent::Ended(CountdownEnded {
                handoff_id: countdown.handoff_id,
                cleared: false,
                reason: CountdownEndReason::Replaced,
            }));
        }
        Ok(())
    }

    /// The secret, for showing it on screen.
    pub fn reveal(&self, id: Uuid) -> Result<Secret, HandoffError> {
        Ok(self.shared.lock().get(id)?.secret.clone())
    }

    /// A file name to offer in the save dialog, e.g. `cicd.env` or `cicd-keys.json`.
    pub fn suggested_file_name(
        &self,
        id: Uuid,
        format: SecretFileFormat,
    ) -> Result<String, HandoffError> {
        let state = self.shared.lock();
        let user = &state.get(id)?.service_user;
        Ok(match format {
            SecretFileFormat::Env => format!("{user}.env"),
            SecretFileFormat::Json => format!("{user}-keys.json"),
        })
    }

    /// Ends the countdown now, clearing the clipboard if it still holds what was copied.
    /// `None` when no countdown was running.
    pub fn clear_now(&self) -> Option<CountdownEnded> {
        let mut state = self.shared.lock();
        self.shared
            .end_countdown(&mut state, None, CountdownEndReason::ClearedNow)
    }

    /// Writes the Client ID and secret to `path` (chosen by the user, who already confirmed any
    /// overwrite): readable by the owner only on Unix, flushed to disk before returning.
    pub fn save(
        &self,
        id: Uuid,
        format: SecretFileFormat,
        path: &Path,
    ) -> Result<(), HandoffError> {
        // The lock is held while writing so the handoff cannot be closed midway; a secret file is
        // a few bytes.
        let state = self.shared.lock();
        let handoff = state.get(id)?;
        let content = secret_file_content(format, &handoff.client_id, &handoff.secret)?;
        write_private_file(path, content.expose_secret().as_bytes()).map_err(|source| {
            HandoffError::SaveFile {
                path: path.to_owned(),
                source,
            }
        })
    }

    /// Drops the handoff's secret and ends its countdown (reason `closed`), clearing the clipboard
    /// if it still holds what was copied.
    pub fn close(&self, id: Uuid) -> Result<(), HandoffError> {
        let mut state = self.shared.lock();
        let handoff = state
            .handoffs
            .remove(&id)
            .ok_or(HandoffError::UnknownHandoff(id))?;
        drop(handoff);
        if state
            .countdown
            .as_ref()
            .is_some_and(|countdown| countdown.handoff_id == id)
        {
            self.shared
                .end_countdown(&mut state, None, CountdownEndReason::Closed);
        }
        Ok(())
    }

    /// The current settings.
    pub fn settings(&self) -> Settings {
        Settings {
            clipboard_seconds: self.shared.lock().clipboard_seconds,
        }
    }

    /// Applies validated settings; a countdown already running keeps its length.
    pub fn apply_settings(&self, settings: Settings) -> Result<Settings, HandoffError> {
        settings.validate()?;
        self.shared.lock().clipboard_seconds = settings.clipboard_seconds;
        Ok(settings)
    }

    /// For the app's exit: ends the countdown (reason `closed`), clearing the clipboard if it
    /// still holds what was copied, and drops every held secret.
    pub fn shutdown(&self) -> Option<CountdownEnded> {
        let mut state = self.shared.lock();
        state.handoffs.clear();
        self.shared
            .end_countdown(&mut state, None, CountdownEndReason::Closed)
    }
}

impl Drop for SecretHandoffs {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.handoffs.clear();
        if let Some(countdown) = state.countdown.take() {
            if let Some(task) = &countdown.task {
                task.abort();
            }
            // Too late to tell the UI; just do not leave the secret behind.
            let _ = self.shared.clear_if_unchanged(&countdown.copied);
        }
    }
}

impl fmt::Debug for SecretHandoffs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.shared.lock();
        f.debug_struct("SecretHandoffs")
            .field("handoffs", &state.handoffs)
            .field(
                "countdown",
                &state
                    .countdown
                    .as_ref()
                    .map(|countdown| (countdown.handoff_id, countdown.content)),
            )
            .field("clipboard_seconds", &state.clipboard_seconds)
            .finish()
    }
}

impl State {
    fn get(&self, id: Uuid) -> Result<&Handoff, HandoffError> {
        self.handoffs
            .get(&id)
            .ok_or(HandoffError::UnknownHandoff(id))
    }
}

/// What the countdown found when it looked at the clipboard.
enum ClipboardCheck {
    Cleared,
    HeldSomethingElse,
    Failed,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn emit(&self, event: CountdownEvent) {
        (self.events)(event);
    }

    fn copy_with_countdown(
        self: &Arc<Self>,
        id: Uuid,
        content: CopiedContent,
    ) -> Result<(), HandoffError> {
        let mut state = self.lock();
        let handoff = state.get(id)?;
        let copied = match content {
            CopiedContent::Secret => handoff.secret.clone(),
            CopiedContent::Header => authorization_header(&handoff.client_id, &handoff.secret),
        };
        self.clipboard
            .set_text(copied.expose_secret(), Sensitivity::Secret)?;

        let generation = state.next_generation;
        state.next_generation += 1;
        let total = state.clipboard_seconds;
        let replaced = state.countdown.replace(Countdown {
            generation,
            handoff_id: id,
            content,
            copied,
            task: None,
        });
        if let Some(old) = replaced {
            if let Some(task) = old.task {
                task.abort();
            }
            // The new copy overwrote the old content. A restart of the same handoff needs no end
            // event: its next tick says it all.
            if old.handoff_id != id {
                self.emit(CountdownEvent::Ended(CountdownEnded {
                    handoff_id: old.handoff_id,
                    cleared: false,
                    reason: CountdownEndReason::Replaced,
                }));
            }
        }
        // The task's first step waits for this lock, so it sees the countdown installed.
        let task = self
            .runtime
            .spawn(run_countdown(Arc::clone(self), generation, total));
        if let Some(countdown) = state.countdown.as_mut() {
            countdown.task = Some(task.abort_handle());
        }
        Ok(())
    }

    /// Emits a tick if countdown `generation` is still the running one; false when it was replaced.
    fn tick(&self, generation: u64, remaining: u32, total: u32) -> bool {
        let state = self.lock();
        match &state.countdown {
            Some(countdown) if countdown.generation == generation => {
                self.emit(CountdownEvent::Tick(CountdownTick {
                    handoff_id: countdown.handoff_id,
                    content: countdown.content,
                    remaining,
                    total,
                }));
                true
            }
            _ => false,
        }
    }

    /// Ends the running countdown (only if it is `generation`, when given), clearing the clipboard
    /// if it still holds what was copied, and emits [`CountdownEnded`].
    fn end_countdown(
        &self,
        state: &mut State,
        generation: Option<u64>,
        reason: CountdownEndReason,
    ) -> Option<CountdownEnded> {
        let current = state.countdown.as_ref()?.generation;
        if generation.is_some_and(|generation| generation != current) {
            return None;
        }
        let countdown = state.countdown.take()?;
        if let Some(task) = &countdown.task {
            // Harmless when the countdown task itself is the caller: it is on its last step.
            task.abort();
        }
        let (cleared, reason) = match self.clear_if_unchanged(&countdown.copied) {
            ClipboardCheck::Cleared => (true, reason),
            ClipboardCheck::HeldSomethingElse => (false, CountdownEndReason::Replaced),
            ClipboardCheck::Failed => (false, reason),
        };
        let ended = CountdownEnded {
            handoff_id: countdown.handoff_id,
            cleared,
            reason,
        };
        self.emit(CountdownEvent::Ended(ended.clone()));
        Some(ended)
    }

    /// Clears the clipboard only if it still holds `copied`. There is no atomic "clear if
    /// unchanged", so this reads, compares and clears; the window is a few milliseconds.
    fn clear_if_unchanged(&self, copied: &Secret) -> ClipboardCheck {
        let current = match self.clipboard.get_text() {
            // Wrapped at once so the read-back copy is zeroized too.
            Ok(Some(text)) => Secret::new(text),
            Ok(None) => return ClipboardCheck::HeldSomethingElse,
            Err(_) => return ClipboardCheck::Failed,
        };
        let same: bool = current
            .expose_secret()
            .as_bytes()
            .ct_eq(copied.expose_secret().as_bytes())
            .into();
        if !same {
            return ClipboardCheck::HeldSomethingElse;
        }
        match self.clipboard.clear() {
            Ok(()) => ClipboardCheck::Cleared,
            Err(_) => ClipboardCheck::Failed,
        }
    }
}

/// One countdown: a tick each second from `total` down to 1, then the end one second later.
async fn run_countdown(shared: Arc<Shared>, generation: u64, total: u32) {
    let start = Instant::now();
    let mut interval = tokio::time::interval_at(start, Duration::from_secs(1));
    // After a stall (a blocked runtime, a busy machine), go on from the current time rather than
    // firing the missed ticks in a burst. A suspend is not such a stall: tokio's clock is
    // monotonic (CLOCK_MONOTONIC on Linux) and does not advance while the machine sleeps, so the
    // countdown simply resumes where it stopped, and the secret stays on the clipboard for the
    // remaining seconds after wake-up.
    interval.set_missed_tick_behavior(MissedTickBehavior::Skip);
    loop {
        let at = interval.tick().await;
        let elapsed = u32::try_from(at.duration_since(start).as_secs()).unwrap_or(u32::MAX);
        if elapsed >= total {
            break;
        }
        if !shared.tick(generation, total - elapsed, total) {
            return;
        }
    }
    // Reading and clearing the clipboard may wait on other applications: keep it off the
    // async workers.
    let _ = tokio::task::spawn_blocking(move || {
        let mut state = shared.lock();
        shared.end_countdown(&mut state, Some(generation), CountdownEndReason::Expired);
    })
    .await;
}

fn authorization_header(client_id: &str, secret: &Secret) -> Secret {
    const PREFIX: &str = "Authorization: trustgrid-token ";
    let secret = secret.expose_secret();
    let mut header = String::with_capacity(PREFIX.len() + client_id.len() + 1 + secret.len());
    header.push_str(PREFIX);
    header.push_str(client_id);
    header.push(':');
    header.push_str(secret);
    Secret::new(header)
}

/// The file's content, built in one buffer sized up front so no stray copy of the secret is left
/// in reallocated memory.
fn secret_file_content(
    format: SecretFileFormat,
    client_id: &str,
    secret: &Secret,
) -> Result<Secret, HandoffError> {
    let secret = secret.expose_secret();
    let mut content = String::with_capacity(64 + 2 * (client_id.len() + secret.len()));
    match format {
        SecretFileFormat::Env => {
            if client_id.contains(['\n', '\r']) {
                return Err(HandoffError::NotEnvSafe("Client ID"));
            }
            if secret.contains(['\n', '\r']) {
                return Err(HandoffError::NotEnvSafe("Client Secret"));
            }
            content.push_str("TG_CLIENT_ID=");
            content.push_str(client_id);
            content.push_str("\nTG_CLIENT_SECRET=");
            content.push_str(secret);
            content.push('\n');
        }
        SecretFileFormat::Json => {
            content.push_str("{\"clientId\": ");
            push_json_string(&mut content, client_id);
            content.push_str(", \"clientSecret\": ");
            push_json_string(&mut content, secret);
            content.push_str("}\n");
        }
    }
    Ok(Secret::new(content))
}

/// Appends `value` as a JSON string literal (RFC 8259 escaping).
fn push_json_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                use std::fmt::Write as _;
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Creates or truncates `path` readable by the owner only, writes `bytes` and syncs to disk.
fn write_private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        // The mode applies when the file is created; an existing file keeps its mode, so it is
        // tightened before anything is written into it.
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        write_and_sync(file, bytes)
    }
    #[cfg(not(unix))]
    {
        write_and_sync(options.open(path)?, bytes)
    }
}

fn write_and_sync(mut file: std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
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

    #[test]
    fn authorization_header_is_the_api_format() {
        let header = authorization_header("cid-1", &Secret::new("s3cr3t"));
        assert_eq!(
            header.expose_secret(),
            "Authorization: trustgrid-token cid-1:s3cr3t",
            "API.md: every request carries `Authorization: trustgrid-token {{clientId}}:{{secret}}`"
        );
    }

    #[test]
    fn json_strings_are_escaped() {
        let content = secret_file_content(
            SecretFileFormat::Json,
            "id\"quoted\\",
            &Secret::new("line\nbreak\ttab\u{1}"),
        )
        .unwrap();
        assert_eq!(
            content.expose_secret(),
            "{\"clientId\": \"id\\\"quoted\\\\\", \"clientSecret\": \"line\\nbreak\\ttab\\u0001\"}\n"
        );
        let parsed: serde_json::Value = serde_json::from_str(content.expose_secret())
            .expect("the saved JSON must parse even with unusual characters");
        assert_eq!(parsed["clientId"], "id\"quoted\\");
        assert_eq!(parsed["clientSecret"], "line\nbreak\ttab\u{1}");
    }

    #[test]
    fn env_file_refuses_values_with_line_breaks() {
        let error = secret_file_content(SecretFileFormat::Env, "cid", &Secret::new("a\nB=c"))
            .expect_err("a line break would inject a second variable into the .env file");
        assert!(matches!(error, HandoffError::NotEnvSafe("Client Secret")));
        assert!(
            !error.to_string().contains("B=c"),
            "the error message must not quote the secret"
        );
    }

    #[test]
    fn settings_bounds_are_inclusive() {
        for (seconds, valid) in [
            (9, false),
            (10, true),
            (30, true),
            (300, true),
            (301, false),
        ] {
            assert_eq!(
                Settings {
                    clipboard_seconds: seconds
                }
                .validate()
                .is_ok(),
                valid,
                "clipboardSeconds {seconds} must be {}",
                if valid { "accepted" } else { "rejected" }
            );
        }
        assert_eq!(Settings::default().clipboard_seconds, 30);
    }
}
