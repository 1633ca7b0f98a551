//! The one-time secret handoff as the shell drives it: copy with the history hint, the clipboard
//! countdown and its only-if-unchanged clearing, reveal, save to file, close and shutdown.
//! Time is tokio's paused clock, so a 30 s countdown runs instantly and exactly.

use std::sync::Arc;
use std::time::Duration;

use tg_admin::clipboard::{Clipboard, MemoryClipboard, Sensitivity};
use tg_admin::secret_handoff::{
    CopiedContent, CountdownEndReason, CountdownEnded, CountdownEvent, CountdownTick, KeyHandoff,
    SecretFileFormat, SecretHandoffs,
};
use tg_admin::{AppError, Error, ErrorCode, Settings};
use tg_api::Secret;
use tokio::runtime::Handle;
use tokio::sync::mpsc::{UnboundedReceiver, error::TryRecvError, unbounded_channel};
use tokio::time::Instant;

const CLIENT_ID: &str = "0f9b3c1e-5a8d-4e2b-9c7f-1d6a2b3c4d5e";
const SECRET: &str = "b7e2f4a91c0d3e5f6a7b8c9d0e1f2a3b";
const USER: &str = "ci-deployer";

struct Harness {
    clipboard: Arc<MemoryClipboard>,
    handoffs: SecretHandoffs,
    events: UnboundedReceiver<CountdownEvent>,
    start: Instant,
}

impl Harness {
    fn new() -> Self {
        let clipboard = Arc::new(MemoryClipboard::new());
        let (sender, events) = unbounded_channel();
        let handoffs = SecretHandoffs::new(clipboard.clone(), Handle::current(), move |event| {
            let _ = sender.send(event);
        });
        Self {
            clipboard,
            handoffs,
            events,
            start: Instant::now(),
        }
    }

    fn begin(&self) -> KeyHandoff {
        let (handoff, copied) = self.handoffs.begin(USER, CLIENT_ID, Secret::new(SECRET));
        copied.expect("copying to the in-memory clipboard cannot fail");
        handoff
    }

    /// Whole seconds of (paused) time since the harness was made.
    fn elapsed(&self) -> u64 {
        self.start.elapsed().as_secs()
    }

    /// The next event and when it came. The paused clock jumps straight to the next timer.
    async fn next(&mut self) -> (u64, CountdownEvent) {
        let event = tokio::time::timeout(Duration::from_secs(3600), self.events.recv())
            .await
            .expect("an event must come within the hour")
            .expect("the event sender lives as long as the handoffs");
        (self.elapsed(), event)
    }

    async fn next_tick(&mut self) -> (u64, CountdownTick) {
        match self.next().await {
            (at, CountdownEvent::Tick(tick)) => (at, tick),
            (at, other) => panic!("expected a tick at {at}s, got {other:?}"),
        }
    }

    /// Collects ticks until the countdown ends; returns the ticks and the end with their times.
    async fn run_to_end(&mut self) -> (Vec<(u64, CountdownTick)>, u64, CountdownEnded) {
        let mut ticks = Vec::new();
        loop {
            match self.next().await {
                (at, CountdownEvent::Tick(tick)) => ticks.push((at, tick)),
                (at, CountdownEvent::Ended(ended)) => return (ticks, at, ended),
            }
        }
    }

    /// Lets a long time pass and checks that nothing was emitted meanwhile.
    async fn assert_quiet_for(&mut self, seconds: u64, why: &str) {
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        match self.events.try_recv() {
            Err(TryRecvError::Empty) => {}
            other => panic!("{why}; got {other:?}"),
        }
    }
}

#[tokio::test(start_paused = true)]
async fn generating_copies_the_secret_marked_sensitive() {
    let mut h = Harness::new();
    let handoff = h.begin();

    assert_eq!(handoff.service_user, USER);
    assert_eq!(handoff.client_id, CLIENT_ID);
    assert_eq!(
        handoff.clipboard_seconds, 30,
        "the default countdown is 30 s"
    );
    assert!(
        handoff.copied,
        "the UI says \"copied\" only when the secret reached the clipboard"
    );
    assert_eq!(
        h.clipboard.text().as_deref(),
        Some(SECRET),
        "the secret is copied from Rust at once, without the webview"
    );
    assert_eq!(
        h.clipboard.last_sensitivity(),
        Some(Sensitivity::Secret),
        "the copy must ask for the clipboard-history exclusion hints"
    );
    let (at, tick) = h.next_tick().await;
    assert_eq!(at, 0, "the first tick comes with the copy");
    assert_eq!(
        tick,
        CountdownTick {
            handoff_id: handoff.id,
            content: CopiedContent::Secret,
            remaining: 30,
            total: 30
        }
    );
}

#[tokio::test(start_paused = true)]
async fn countdown_ticks_each_second_and_clears_at_zero() {
    let mut h = Harness::new();
    let handoff = h.begin();

    let (ticks, ended_at, ended) = h.run_to_end().await;

    let seen: Vec<(u64, u32)> = ticks
        .iter()
        .map(|(at, t)| (at.to_owned(), t.remaining))
        .collect();
    let expected: Vec<(u64, u32)> = (0..30).map(|second| (second, 30 - second as u32)).collect();
    assert_eq!(
        seen, expected,
        "one tick per second: 30 at the copy, 29 one second later, ... 1 at 29 s"
    );
    assert!(
        ticks
            .iter()
            .all(|(_, t)| t.total == 30 && t.handoff_id == handoff.id)
    );
    assert_eq!(
        ended_at, 30,
        "the clipboard is cleared when the countdown reaches zero"
    );
    assert_eq!(
        ended,
        CountdownEnded {
            handoff_id: handoff.id,
            cleared: true,
            reason: CountdownEndReason::Expired
        }
    );
    assert_eq!(
        h.clipboard.text(),
        None,
        "the secret must be gone from the clipboard"
    );
    assert_eq!(
        h.handoffs.reveal(handoff.id).unwrap().expose_secret(),
        SECRET,
        "the handoff stays open after the countdown: the user may still reveal or save"
    );
    h.assert_quiet_for(120, "an ended countdown emits nothing more")
        .await;
}

#[tokio::test(start_paused = true)]
async fn countdown_leaves_other_content_alone() {
    let mut h = Harness::new();
    let handoff = h.begin();
    while h.next_tick().await.1.remaining > 25 {}
    h.clipboard.copy_elsewhere("meeting notes");

    let (_, ended_at, ended) = h.run_to_end().await;

    assert_eq!(ended_at, 30);
    assert_eq!(
        ended,
        CountdownEnded {
            handoff_id: handoff.id,
            cleared: false,
            reason: CountdownEndReason::Replaced
        },
        "the clipboard no longer held the secret, so the end must say `replaced`"
    );
    assert_eq!(
        h.clipboard.text().as_deref(),
        Some("meeting notes"),
        "what the user copied since must survive the countdown"
    );
    assert_eq!(
        h.clipboard.clear_count(),
        0,
        "the clipboard must not be cleared at all"
    );
}

#[tokio::test(start_paused = true)]
async fn copy_again_restarts_the_countdown() {
    let mut h = Harness::new();
    let handoff = h.begin();
    while h.next_tick().await.1.remaining > 20 {}
    assert_eq!(h.elapsed(), 10);

    h.handoffs.copy_secret(handoff.id).unwrap();

    let (ticks, ended_at, ended) = h.run_to_end().await;
    assert_eq!(
        ticks.first().map(|(at, t)| (*at, t.remaining)),
        Some((10, 30)),
        "copy again starts a full countdown at once"
    );
    assert!(
        ticks
            .iter()
            .all(|(at, t)| u64::from(t.remaining) == 40 - at),
        "no tick of the old countdown may slip in after the restart: {ticks:?}"
    );
    assert_eq!(
        ended_at, 40,
        "the old deadline (30 s) must not clear the clipboard; the new one (40 s) does"
    );
    assert_eq!(ended.reason, CountdownEndReason::Expired);
    assert!(ended.cleared);
    assert_eq!(h.clipboard.text(), None);
    assert_eq!(
        h.clipboard.clear_count(),
        1,
        "cleared once, by the new countdown only"
    );
}

#[tokio::test(start_paused = true)]
async fn clear_now_ends_early_and_reports_it() {
    let mut h = Harness::new();
    let handoff = h.begin();
    while h.next_tick().await.1.remaining > 27 {}

    let ended = h.handoffs.clear_now();

    let expected = CountdownEnded {
        handoff_id: handoff.id,
        cleared: true,
        reason: CountdownEndReason::ClearedNow,
    };
    assert_eq!(ended, Some(expected.clone()));
    assert_eq!(
        h.next().await.1,
        CountdownEvent::Ended(expected),
        "the UI hears it too"
    );
    assert_eq!(h.clipboard.text(), None);
    h.assert_quiet_for(60, "no tick or second end after clear now")
        .await;
    assert_eq!(
        h.handoffs.clear_now(),
        None,
        "with no countdown running there is nothing to clear"
    );
    assert_eq!(h.clipboard.clear_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn clear_now_leaves_other_content_alone() {
    let h = Harness::new();
    let handoff = h.begin();
    h.clipboard.copy_elsewhere("something else");

    let ended = h.handoffs.clear_now().expect("a countdown was running");

    assert_eq!(
        (ended.handoff_id, ended.cleared, ended.reason),
        (handoff.id, false, CountdownEndReason::Replaced)
    );
    assert_eq!(h.clipboard.text().as_deref(), Some("something else"));
}

#[tokio::test(start_paused = true)]
async fn copying_the_client_id_ends_the_countdown_at_once() {
    let mut h = Harness::new();
    let handoff = h.begin();
    h.next_tick().await;

    h.handoffs.copy_client_id(handoff.id).unwrap();

    assert_eq!(h.clipboard.text().as_deref(), Some(CLIENT_ID));
    assert_eq!(
        h.clipboard.last_sensitivity(),
        Some(Sensitivity::Plain),
        "the Client ID is not a secret"
    );
    let (ticks, ended_at, ended) = h.run_to_end().await;
    assert!(
        ticks.is_empty(),
        "the UI must stop saying the secret is on the clipboard: {ticks:?}"
    );
    assert_eq!(ended_at, 0, "the countdown ends with the copy, not at zero");
    assert_eq!(
        ended,
        CountdownEnded {
            handoff_id: handoff.id,
            cleared: false,
            reason: CountdownEndReason::Replaced
        }
    );
    h.assert_quiet_for(60, "the ended countdown neither ticks nor ends again")
        .await;
    assert_eq!(
        h.clipboard.text().as_deref(),
        Some(CLIENT_ID),
        "the Client ID copied over the secret must not be wiped"
    );
}

#[tokio::test(start_paused = true)]
async fn header_copy_has_the_exact_format_and_is_cleared_like_the_secret() {
    let mut h = Harness::new();
    let handoff = h.begin();
    h.next_tick().await;

    h.handoffs.copy_header(handoff.id).unwrap();

    let header = format!("Authorization: trustgrid-token {CLIENT_ID}:{SECRET}");
    assert_eq!(h.clipboard.text().as_deref(), Some(header.as_str()));
    assert_eq!(h.clipboard.last_sensitivity(), Some(Sensitivity::Secret));
    let (ticks, ended_at, ended) = h.run_to_end().await;
    assert_eq!(ticks[0].1.content, CopiedContent::Header);
    assert_eq!((ticks[0].1.remaining, ticks[0].1.total), (30, 30));
    assert_eq!(ended_at, 30);
    assert!(
        ended.cleared,
        "the header holds the secret and must be cleared"
    );
    assert_eq!(h.clipboard.text(), None);
}

#[tokio::test(start_paused = true)]
async fn the_last_copy_is_what_the_countdown_protects() {
    let mut h = Harness::new();
    let handoff = h.begin();
    h.handoffs.copy_header(handoff.id).unwrap();
    // The user pastes the bare secret back from elsewhere: not what the app copied last.
    h.clipboard.copy_elsewhere(SECRET);

    let (_, _, ended) = h.run_to_end().await;

    assert_eq!(
        (ended.cleared, ended.reason),
        (false, CountdownEndReason::Replaced)
    );
    assert_eq!(h.clipboard.text().as_deref(), Some(SECRET));
}

#[tokio::test(start_paused = true)]
async fn a_second_handoff_takes_over_the_countdown() {
    let mut h = Harness::new();
    let first = h.begin();
    h.next_tick().await;

    let (second, copied) =
        h.handoffs
            .begin("backup-job", "second-client", Secret::new("second-secret"));
    copied.unwrap();

    assert_eq!(
        h.next().await.1,
        CountdownEvent::Ended(CountdownEnded {
            handoff_id: first.id,
            cleared: false,
            reason: CountdownEndReason::Replaced
        }),
        "the first handoff's dialog learns its countdown is over, before the new one ticks"
    );
    let (ticks, ended_at, ended) = h.run_to_end().await;
    assert!(ticks.iter().all(|(_, t)| t.handoff_id == second.id));
    assert_eq!(
        (ended.handoff_id, ended_at, ended.cleared),
        (second.id, 30, true)
    );
    assert_eq!(
        h.handoffs.reveal(first.id).unwrap().expose_secret(),
        SECRET,
        "the first handoff is still open"
    );
}

#[tokio::test(start_paused = true)]
async fn closing_drops_the_secret_and_clears() {
    let mut h = Harness::new();
    let handoff = h.begin();
    h.next_tick().await;

    h.handoffs.close(handoff.id).unwrap();

    assert_eq!(
        h.next().await.1,
        CountdownEvent::Ended(CountdownEnded {
            handoff_id: handoff.id,
            cleared: true,
            reason: CountdownEndReason::Closed
        })
    );
    assert_eq!(
        h.clipboard.text(),
        None,
        "closing clears the secret it copied"
    );
    assert!(
        matches!(h.handoffs.reveal(handoff.id), Err(Error::HandoffClosed(id)) if id == handoff.id),
        "a closed handoff no longer holds the secret"
    );
    assert!(matches!(
        h.handoffs.copy_secret(handoff.id),
        Err(Error::HandoffClosed(_))
    ));
    assert!(
        matches!(h.handoffs.close(handoff.id), Err(Error::HandoffClosed(_))),
        "closing twice is reported, not silently accepted"
    );
    assert!(
        !format!("{:?}", h.handoffs).contains(SECRET),
        "nothing of the secret remains in the state"
    );
    h.assert_quiet_for(60, "the countdown of a closed handoff is stopped")
        .await;
}

#[tokio::test(start_paused = true)]
async fn closing_another_handoff_leaves_the_countdown_running() {
    let mut h = Harness::new();
    let first = h.begin();
    let (second, copied) = h
        .handoffs
        .begin("other", "other-id", Secret::new("other-secret"));
    copied.unwrap();
    // The first handoff's end (replaced by the second copy) comes first.
    assert!(matches!(h.next().await.1, CountdownEvent::Ended(e) if e.handoff_id == first.id));

    h.handoffs.close(first.id).unwrap();

    let (_, ended_at, ended) = h.run_to_end().await;
    assert_eq!(
        (ended.handoff_id, ended_at, ended.cleared),
        (second.id, 30, true)
    );
}

#[tokio::test(start_paused = true)]
async fn shutdown_clears_and_drops_every_secret() {
    let mut h = Harness::new();
    let handoff = h.begin();
    h.next_tick().await;

    let ended = h.handoffs.shutdown();

    assert_eq!(
        ended,
        Some(CountdownEnded {
            handoff_id: handoff.id,
            cleared: true,
            reason: CountdownEndReason::Closed
        })
    );
    assert_eq!(
        h.next().await.1,
        CountdownEvent::Ended(ended.unwrap()),
        "the end is emitted as well"
    );
    assert_eq!(
        h.clipboard.text(),
        None,
        "quitting must not leave the secret on the clipboard"
    );
    assert!(
        h.handoffs.reveal(handoff.id).is_err(),
        "quitting drops the secrets"
    );
    h.assert_quiet_for(60, "no countdown survives shutdown")
        .await;
}

#[tokio::test(start_paused = true)]
async fn shutdown_leaves_other_content_alone() {
    let h = Harness::new();
    h.begin();
    h.clipboard.copy_elsewhere("keep me");

    let ended = h.handoffs.shutdown().expect("a countdown was running");

    assert_eq!(
        (ended.cleared, ended.reason),
        (false, CountdownEndReason::Replaced)
    );
    assert_eq!(h.clipboard.text().as_deref(), Some("keep me"));
}

#[tokio::test(start_paused = true)]
async fn dropping_the_handoffs_clears_too() {
    let h = Harness::new();
    h.begin();
    let clipboard = h.clipboard.clone();

    drop(h);

    assert_eq!(
        clipboard.text(),
        None,
        "an app that exits without calling shutdown must still clear its secret"
    );
}

#[tokio::test(start_paused = true)]
async fn timeout_setting_is_validated_and_applied() {
    let mut h = Harness::new();
    for bad in [0, 9, 301, 3600] {
        let error = h
            .handoffs
            .apply_settings(Settings {
                clipboard_seconds: bad,
                ..Settings::default()
            })
            .expect_err("out-of-range timeouts are refused");
        assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!("The clipboard timeout must be between 10 and 300 seconds, not {bad}.")
        );
        assert_eq!(AppError::from(error).code, ErrorCode::InvalidInput);
    }
    assert_eq!(
        h.handoffs.settings(),
        Settings::default(),
        "a refused setting changes nothing"
    );

    h.handoffs
        .apply_settings(Settings {
            clipboard_seconds: 10,
            ..Settings::default()
        })
        .unwrap();
    assert_eq!(
        h.handoffs.settings(),
        Settings {
            clipboard_seconds: 10,
            ..Settings::default()
        }
    );
    let handoff = h.begin();
    assert_eq!(handoff.clipboard_seconds, 10);
    let (ticks, ended_at, ended) = h.run_to_end().await;
    assert_eq!(ticks.len(), 10);
    assert_eq!((ticks[0].1.remaining, ticks[0].1.total), (10, 10));
    assert_eq!(ended_at, 10, "the new timeout applies to the next copy");
    assert!(ended.cleared);

    let applied = h
        .handoffs
        .apply_settings(Settings {
            clipboard_seconds: 300,
            ..Settings::default()
        })
        .unwrap();
    assert_eq!(applied.clipboard_seconds, 300);
    assert!(
        h.handoffs
            .apply_settings(Settings {
                clipboard_seconds: 5,
                ..Settings::default()
            })
            .is_err()
    );
    assert_eq!(h.handoffs.settings().clipboard_seconds, 300);
}

#[tokio::test(start_paused = true)]
async fn reveal_returns_the_secret() {
    let h = Harness::new();
    let handoff = h.begin();
    assert_eq!(
        h.handoffs.reveal(handoff.id).unwrap().expose_secret(),
        SECRET
    );
    assert!(matches!(
        h.handoffs.reveal(uuid::Uuid::new_v4()),
        Err(Error::HandoffClosed(_))
    ));
}

#[cfg(unix)]
mod save {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &std::path::Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[tokio::test(start_paused = true)]
    async fn env_file_has_exact_content_and_owner_only_mode() {
        let h = Harness::new();
        let handoff = h.begin();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ci-deployer.env");

        h.handoffs
            .save(handoff.id, SecretFileFormat::Env, &path)
            .unwrap();

        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("TG_CLIENT_ID={CLIENT_ID}\nTG_CLIENT_SECRET={SECRET}\n")
        );
        assert_eq!(
            mode(&path),
            0o600,
            "a secret file must be readable by its owner only"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn json_file_overwrites_and_tightens_an_existing_file() {
        let h = Harness::new();
        let handoff = h.begin();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.json");
        std::fs::write(&path, "x".repeat(500)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();

        h.handoffs
            .save(handoff.id, SecretFileFormat::Json, &path)
            .unwrap();

        let content = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            content,
            format!("{{\n  \"clientId\": \"{CLIENT_ID}\",\n  \"clientSecret\": \"{SECRET}\"\n}}\n"),
            "the old, longer content must be truncated away"
        );
        let parsed: serde_json::Value = serde_json::from_str(&content).unwrap();
        assert_eq!(parsed["clientSecret"], SECRET);
        assert_eq!(
            mode(&path),
            0o600,
            "an existing world-readable file must be tightened before the secret goes in"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn failed_save_reports_the_path_not_the_secret() {
        let h = Harness::new();
        let handoff = h.begin();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("keys.env");

        let error = h
            .handoffs
            .save(handoff.id, SecretFileFormat::Env, &path)
            .expect_err("the directory does not exist");

        let message = error.to_string();
        assert!(
            message.contains("keys.env"),
            "the message names the file: {message}"
        );
        assert!(!message.contains(SECRET) && !format!("{error:?}").contains(SECRET));
        assert!(!path.exists(), "a failed save leaves no file behind");
        assert_eq!(
            h.handoffs.reveal(handoff.id).unwrap().expose_secret(),
            SECRET,
            "a failed save loses nothing"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn debug_output_never_shows_the_secret() {
    let h = Harness::new();
    let handoff = h.begin();
    h.handoffs.copy_header(handoff.id).unwrap();

    let debug = format!("{:?} {:?}", h.handoffs, handoff);

    assert!(
        debug.contains(CLIENT_ID),
        "the Debug output is useful (shows the Client ID): {debug}"
    );
    assert!(
        !debug.contains(SECRET),
        "the secret must never be in Debug output: {debug}"
    );
    let ended = h.handoffs.clear_now().unwrap();
    assert!(!format!("{ended:?}").contains(SECRET));
}

/// A clipboard that cannot be used (no display, say).
struct BrokenClipboard;

impl Clipboard for BrokenClipboard {
    fn set_text(&self, _: &str, _: Sensitivity) -> tg_admin::Result<()> {
        Err(Error::ClipboardUnavailable("no display".into()))
    }
    fn get_text(&self) -> tg_admin::Result<Option<String>> {
        Err(Error::ClipboardUnavailable("no display".into()))
    }
    fn clear(&self) -> tg_admin::Result<()> {
        Err(Error::ClipboardUnavailable("no display".into()))
    }
}

#[tokio::test(start_paused = true)]
async fn a_failed_copy_keeps_the_handoff() {
    let (sender, mut events) = unbounded_channel();
    let handoffs = SecretHandoffs::new(Arc::new(BrokenClipboard), Handle::current(), move |e| {
        let _ = sender.send(e);
    });

    let (handoff, copied) = handoffs.begin(USER, CLIENT_ID, Secret::new(SECRET));

    let error = copied.expect_err("the clipboard is unavailable");
    assert!(
        !handoff.copied,
        "the UI must not claim the secret is on the clipboard when the copy failed"
    );
    assert!(matches!(error, Error::ClipboardUnavailable(_)), "{error:?}");
    assert!(!error.to_string().contains(SECRET));
    assert_eq!(
        handoffs.reveal(handoff.id).unwrap().expose_secret(),
        SECRET,
        "the secret cannot be fetched again, so a failed copy must not lose it"
    );
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert!(
        matches!(events.try_recv(), Err(TryRecvError::Empty)),
        "no countdown starts when nothing was copied"
    );
}

/// An in-memory clipboard whose next `set_text` can be held midway, to line up a race.
#[derive(Default)]
struct GatedClipboard {
    inner: MemoryClipboard,
    hold: std::sync::Mutex<Option<(std::sync::mpsc::Sender<()>, std::sync::mpsc::Receiver<()>)>>,
}

impl GatedClipboard {
    /// The next `set_text` reports on `entered`, then waits for `release`.
    fn hold_next_set(
        &self,
        entered: std::sync::mpsc::Sender<()>,
        release: std::sync::mpsc::Receiver<()>,
    ) {
        *self.hold.lock().unwrap() = Some((entered, release));
    }
}

impl Clipboard for GatedClipboard {
    fn set_text(&self, text: &str, sensitivity: Sensitivity) -> tg_admin::Result<()> {
        let hold = self.hold.lock().unwrap().take();
        if let Some((entered, release)) = hold {
            entered.send(()).unwrap();
            release.recv().unwrap();
        }
        self.inner.set_text(text, sensitivity)
    }
    fn get_text(&self) -> tg_admin::Result<Option<String>> {
        self.inner.get_text()
    }
    fn clear(&self) -> tg_admin::Result<()> {
        self.inner.clear()
    }
}

/// The old countdown reaches zero while "Copy again" is halfway through: its last step is already
/// on its way (and cannot be aborted), yet it must not end or clear the new countdown.
#[tokio::test(start_paused = true)]
async fn an_expiring_countdown_never_ends_its_replacement() {
    let clipboard = Arc::new(GatedClipboard::default());
    let (sender, mut events) = unbounded_channel();
    let handoffs = Arc::new(SecretHandoffs::new(
        clipboard.clone(),
        Handle::current(),
        move |e| {
            let _ = sender.send(e);
        },
    ));
    let (handoff, copied) = handoffs.begin(USER, CLIENT_ID, Secret::new(SECRET));
    copied.unwrap();
    loop {
        match events.recv().await {
            Some(CountdownEvent::Tick(tick)) if tick.remaining == 1 => break,
            Some(CountdownEvent::Tick(_)) => {}
            other => panic!("expected ticks, got {other:?}"),
        }
    }

    // "Copy again" from another thread, held while it owns the handoffs' lock.
    let (entered_sender, entered) = std::sync::mpsc::channel();
    let (release, release_receiver) = std::sync::mpsc::channel();
    clipboard.hold_next_set(entered_sender, release_receiver);
    let copier = std::thread::spawn({
        let handoffs = Arc::clone(&handoffs);
        move || handoffs.copy_secret(handoff.id)
    });
    entered.recv().unwrap();
    // The old deadline passes: the old countdown starts its final step, which waits for the lock.
    tokio::time::advance(Duration::from_secs(1)).await;
    for _ in 0..20 {
        tokio::task::yield_now().await;
    }
    std::thread::sleep(Duration::from_millis(200));
    release.send(()).unwrap();
    copier.join().unwrap().unwrap();
    let restarted_at = Instant::now();

    let mut ticks = Vec::new();
    let ended = loop {
        match events.recv().await.unwrap() {
            CountdownEvent::Tick(tick) => ticks.push(tick.remaining),
            CountdownEvent::Ended(ended) => break ended,
        }
    };
    assert_eq!(
        ticks,
        (1..=30).rev().collect::<Vec<_>>(),
        "the restarted countdown runs in full"
    );
    assert_eq!(
        restarted_at.elapsed().as_secs(),
        30,
        "only the new deadline ends the countdown"
    );
    assert_eq!(
        (ended.cleared, ended.reason),
        (true, CountdownEndReason::Expired)
    );
    assert_eq!(
        clipboard.inner.clear_count(),
        1,
        "cleared once, at the new deadline"
    );
}
