//! The clipboard countdown: a copied secret is cleared when its time runs out, but only if the
//! clipboard still holds what was copied, so nothing the user copied since is ever wiped.
//!
//! One countdown runs at a time, as a tokio task. Every clipboard operation and every event
//! happens under this module's one lock, and each countdown carries a generation number, so a
//! countdown that was replaced can neither emit a late tick nor clear the clipboard. This module
//! knows nothing of handoffs beyond the id it reports in its events.

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

use crate::clipboard::{Clipboard, Sensitivity};
use crate::error::Result;

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

/// A countdown event, for the app to forward to the UI (each payload's event name is declared in
/// the contract table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountdownEvent {
    Tick(CountdownTick),
    Ended(CountdownEnded),
}

type EventSink = Box<dyn Fn(CountdownEvent) + Send + Sync>;

/// The clipboard, with at most one countdown running on it.
pub(crate) struct ClipboardCountdown {
    shared: Arc<Shared>,
}

struct Shared {
    clipboard: Arc<dyn Clipboard>,
    runtime: Handle,
    events: EventSink,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    running: Option<Countdown>,
    next_generation: u64,
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

/// What the countdown found when it looked at the clipboard.
enum ClipboardCheck {
    Cleared,
    HeldSomethingElse,
    Failed,
}

impl ClipboardCountdown {
    /// `events` is called under the lock, so it must only forward the event.
    pub(crate) fn new(
        clipboard: Arc<dyn Clipboard>,
        runtime: Handle,
        events: impl Fn(CountdownEvent) + Send + Sync + 'static,
    ) -> Self {
        Self {
            shared: Arc::new(Shared {
                clipboard,
                runtime,
                events: Box::new(events),
                state: Mutex::new(State::default()),
            }),
        }
    }

    /// Puts `copied` on the clipboard (marked as a secret) and (re)starts the countdown of
    /// `total` seconds for handoff `handoff_id`. A countdown of another handoff ends as replaced.
    pub(crate) fn copy(
        &self,
        handoff_id: Uuid,
        content: CopiedContent,
        copied: Secret,
        total: u32,
    ) -> Result<()> {
        let shared = &self.shared;
        let mut state = shared.lock();
        shared
            .clipboard
            .set_text(copied.expose_secret(), Sensitivity::Secret)?;

        let generation = state.next_generation;
        state.next_generation += 1;
        let replaced = state.running.replace(Countdown {
            generation,
            handoff_id,
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
            if old.handoff_id != handoff_id {
                shared.emit(CountdownEvent::Ended(CountdownEnded {
                    handoff_id: old.handoff_id,
                    cleared: false,
                    reason: CountdownEndReason::Replaced,
                }));
            }
        }
        // The task's first step waits for this lock, so it sees the countdown installed.
        let task = shared
            .runtime
            .spawn(run_countdown(Arc::clone(shared), generation, total));
        if let Some(countdown) = state.running.as_mut() {
            countdown.task = Some(task.abort_handle());
        }
        Ok(())
    }

    /// Puts plain text (a Client ID) on the clipboard. It replaces whatever a running countdown
    /// protects, so that countdown ends at once (`replaced`, not cleared).
    pub(crate) fn copy_plain(&self, text: &str) -> Result<()> {
        let shared = &self.shared;
        let mut state = shared.lock();
        shared.clipboard.set_text(text, Sensitivity::Plain)?;
        if let Some(countdown) = state.running.take() {
            if let Some(task) = countdown.task {
                task.abort();
            }
            shared.emit(CountdownEvent::Ended(CountdownEnded {
                handoff_id: countdown.handoff_id,
                cleared: false,
                reason: CountdownEndReason::Replaced,
            }));
        }
        Ok(())
    }

    /// Ends the running countdown now (only if it is `handoff_id`'s, when given), clearing the
    /// clipboard if it still holds what was copied. `None` when no such countdown was running.
    pub(crate) fn end(
        &self,
        handoff_id: Option<Uuid>,
        reason: CountdownEndReason,
    ) -> Option<CountdownEnded> {
        let mut state = self.shared.lock();
        let running = state.running.as_ref()?;
        if handoff_id.is_some_and(|id| id != running.handoff_id) {
            return None;
        }
        self.shared.end(&mut state, None, reason)
    }

    /// The handoff and content the running countdown protects, for `Debug`.
    pub(crate) fn running(&self) -> Option<(Uuid, CopiedContent)> {
        let state = self.shared.lock();
        state
            .running
            .as_ref()
            .map(|countdown| (countdown.handoff_id, countdown.content))
    }
}

impl Drop for ClipboardCountdown {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        if let Some(countdown) = state.running.take() {
            if let Some(task) = &countdown.task {
                task.abort();
            }
            // Too late to tell the UI; just do not leave the secret behind.
            let _ = self.shared.clear_if_unchanged(&countdown.copied);
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn emit(&self, event: CountdownEvent) {
        (self.events)(event);
    }

    /// Emits a tick if countdown `generation` is still the running one; false when it was replaced.
    fn tick(&self, generation: u64, remaining: u32, total: u32) -> bool {
        let state = self.lock();
        match &state.running {
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
    fn end(
        &self,
        state: &mut State,
        generation: Option<u64>,
        reason: CountdownEndReason,
    ) -> Option<CountdownEnded> {
        let current = state.running.as_ref()?.generation;
        if generation.is_some_and(|generation| generation != current) {
            return None;
        }
        let countdown = state.running.take()?;
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
        shared.end(&mut state, Some(generation), CountdownEndReason::Expired);
    })
    .await;
}
