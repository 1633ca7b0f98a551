//! The countdown setting, reveal, save, and what survives a clipboard that fails.

use std::sync::Arc;
use std::time::Duration;

use crate::harness::{CLIENT_ID, Harness, SECRET, USER};
use tg_admin::clipboard::{Clipboard, MemoryClipboard, Sensitivity};
use tg_admin::secret_handoff::{CountdownEndReason, CountdownEvent, SecretHandoffs};
use tg_admin::{AppError, Error, ErrorCode, Settings};
use tg_api::Secret;
use tokio::runtime::Handle;
use tokio::sync::mpsc::{error::TryRecvError, unbounded_channel};
use tokio::time::Instant;

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
    use tg_admin::secret_handoff::SecretFileFormat;

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
