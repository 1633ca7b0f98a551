//! The system clipboard, behind a small trait.
//!
//! A freshly generated Client Secret is copied from Rust, so the webview never needs it just to
//! copy it, and the secret handoff must be able to read the clipboard back before clearing it
//! (never wiping something else the user copied). The trait keeps that logic testable with an
//! in-memory clipboard; [`ArboardClipboard`] is the real one. When text is [`Sensitivity::Secret`]
//! it asks the platform to keep it out of clipboard histories, cloud sync and monitors. Those are
//! hints that well-behaved clipboard managers honour, not locks.

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::{Error, Result};

/// Whether text put on the clipboard is a secret that clipboard managers should not keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitivity {
    /// Ordinary text, such as a Client ID.
    Plain,
    /// A secret: ask the platform to exclude it from clipboard history, cloud clipboard and monitors.
    Secret,
}

/// The text clipboard as the secret handoff uses it. Failures are [`Error::ClipboardUnavailable`]
/// or [`Error::Clipboard`], whose messages never contain clipboard content.
pub trait Clipboard: Send + Sync {
    /// Replaces the clipboard's content with `text`.
    fn set_text(&self, text: &str, sensitivity: Sensitivity) -> Result<()>;
    /// The clipboard's text, or `None` when it is empty or holds no text.
    fn get_text(&self) -> Result<Option<String>>;
    /// Empties the clipboard.
    fn clear(&self) -> Result<()>;
}

/// The system clipboard through `arboard`.
///
/// On X11 (and Wayland) the process that owns the clipboard serves its content to other
/// applications, so one `arboard::Clipboard` is kept for the life of the app. It is opened on
/// first use, and opened again on the next call if that failed (no display yet, for instance).
#[derive(Default)]
pub struct ArboardClipboard {
    inner: Mutex<Option<arboard::Clipboard>>,
}

impl ArboardClipboard {
    pub fn new() -> Self {
        Self::default()
    }

    fn with_clipboard<T>(
        &self,
        operation: impl FnOnce(&mut arboard::Clipboard) -> Result<T, arboard::Error>,
    ) -> Result<T> {
        let mut guard = lock(&self.inner);
        let clipboard = match guard.as_mut() {
            Some(clipboard) => clipboard,
            None => guard.insert(
                arboard::Clipboard::new()
                    .map_err(|error| Error::ClipboardUnavailable(error.to_string()))?,
            ),
        };
        operation(clipboard).map_err(|error| Error::Clipboard(error.to_string()))
    }
}

impl std::fmt::Debug for ArboardClipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArboardClipboard").finish_non_exhaustive()
    }
}

impl Clipboard for ArboardClipboard {
    fn set_text(&self, text: &str, sensitivity: Sensitivity) -> Result<()> {
        self.with_clipboard(|clipboard| match sensitivity {
            Sensitivity::Plain => clipboard.set().text(text),
            Sensitivity::Secret => excluded_from_history(clipboard.set()).text(text),
        })
    }

    fn get_text(&self) -> Result<Option<String>> {
        self.with_clipboard(|clipboard| match clipboard.get_text() {
            Ok(text) => Ok(Some(text)),
            // arboard reports an empty clipboard (or one holding no text) as an error.
            Err(arboard::Error::ContentNotAvailable) => Ok(None),
            Err(error) => Err(error),
        })
    }

    fn clear(&self) -> Result<()> {
        self.with_clipboard(|clipboard| clipboard.clear())
    }
}

/// Linux (X11, and Wayland with arboard's data-control support): adds the
/// `x-kde-passwordManagerHint: secret` target that clipboard managers honour.
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
))]
fn excluded_from_history(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtLinux;
    set.exclude_from_history()
}

/// Windows: keeps the secret out of the clipboard history (Win+V), the cloud clipboard and
/// clipboard monitors.
#[cfg(windows)]
fn excluded_from_history(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtWindows;
    set.exclude_from_history()
        .exclude_from_cloud()
        .exclude_from_monitoring()
}

/// macOS: marks the pasteboard item `org.nspasteboard.ConcealedType`, the convention clipboard
/// history tools follow.
#[cfg(target_os = "macos")]
fn excluded_from_history(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtApple;
    set.exclude_from_history()
}

/// Other platforms have no such hint.
#[cfg(not(any(
    windows,
    target_os = "macos",
    all(
        unix,
        not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
    )
)))]
fn excluded_from_history(set: arboard::Set<'_>) -> arboard::Set<'_> {
    set
}

/// An in-memory clipboard for tests. It remembers whether the last text was set as a secret, so a
/// test can check that the history-exclusion hint was asked for.
#[derive(Default)]
pub struct MemoryClipboard {
    state: Mutex<MemoryState>,
}

#[derive(Default)]
struct MemoryState {
    text: Option<String>,
    sensitivity: Option<Sensitivity>,
    clears: usize,
}

impl MemoryClipboard {
    pub fn new() -> Self {
        Self::default()
    }

    /// What was copied last, or `None` when the clipboard is empty.
    pub fn text(&self) -> Option<String> {
        lock(&self.state).text.clone()
    }

    /// The sensitivity of the last `set_text`, or `None` when nothing was set or it was cleared since.
    pub fn last_sensitivity(&self) -> Option<Sensitivity> {
        lock(&self.state).sensitivity
    }

    /// How many times [`Clipboard::clear`] was called.
    pub fn clear_count(&self) -> usize {
        lock(&self.state).clears
    }

    /// Stands for the user copying something in another application.
    pub fn copy_elsewhere(&self, text: &str) {
        let mut state = lock(&self.state);
        state.text = Some(text.to_owned());
        state.sensitivity = Some(Sensitivity::Plain);
    }
}

impl std::fmt::Debug for MemoryClipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryClipboard").finish_non_exhaustive()
    }
}

impl Clipboard for MemoryClipboard {
    fn set_text(&self, text: &str, sensitivity: Sensitivity) -> Result<()> {
        let mut state = lock(&self.state);
        state.text = Some(text.to_owned());
        state.sensitivity = Some(sensitivity);
        Ok(())
    }

    fn get_text(&self) -> Result<Option<String>> {
        Ok(lock(&self.state).text.clone())
    }

    fn clear(&self) -> Result<()> {
        let mut state = lock(&self.state);
        state.text = None;
        state.sensitivity = None;
        state.clears += 1;
        Ok(())
    }
}

/// A poisoned lock only means another thread panicked mid-operation; the clipboard itself is
/// still usable, so carry on rather than fail every later copy.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_clipboard_reads_back_and_clears() {
        let clipboard = MemoryClipboard::new();
        assert_eq!(
            clipboard.get_text().unwrap(),
            None,
            "a new clipboard is empty"
        );
        clipboard.set_text("abc", Sensitivity::Secret).unwrap();
        assert_eq!(clipboard.get_text().unwrap().as_deref(), Some("abc"));
        assert_eq!(clipboard.last_sensitivity(), Some(Sensitivity::Secret));
        clipboard.clear().unwrap();
        assert_eq!(
            clipboard.get_text().unwrap(),
            None,
            "clear must empty the clipboard"
        );
        assert_eq!(clipboard.clear_count(), 1);
    }

    /// Needs an X server: `xvfb-run -a cargo test -p tg-admin --lib -- --ignored arboard`.
    #[test]
    #[ignore = "needs an X11 display and xclip (run under xvfb-run)"]
    fn arboard_x11_roundtrip_with_history_hint() {
        use std::process::Command;

        let xclip = |args: &[&str]| -> String {
            let output = Command::new("xclip")
                .args(args)
                .output()
                .expect("xclip must be installed to read the clipboard from another process");
            assert!(
                output.status.success(),
                "xclip {args:?} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            String::from_utf8(output.stdout).expect("xclip prints UTF-8 here")
        };

        let clipboard = ArboardClipboard::new();
        let secret = "7f3c2a9e1b5d4c6f8a0e2b4d6f8a1c3e";
        clipboard.set_text(secret, Sensitivity::Secret).unwrap();

        assert_eq!(
            xclip(&["-o", "-selection", "clipboard"]),
            secret,
            "another process must be able to paste what was copied"
        );
        let targets = xclip(&["-o", "-selection", "clipboard", "-t", "TARGETS"]);
        assert!(
            targets
                .lines()
                .any(|line| line == "x-kde-passwordManagerHint"),
            "a secret must carry the password-manager hint so clipboard histories skip it; \
             targets offered: {targets:?}"
        );
        assert_eq!(
            clipboard.get_text().unwrap().as_deref(),
            Some(secret),
            "the app must read back what it copied to compare before clearing"
        );

        clipboard
            .set_text("plain-client-id", Sensitivity::Plain)
            .unwrap();
        let targets = xclip(&["-o", "-selection", "clipboard", "-t", "TARGETS"]);
        assert!(
            !targets
                .lines()
                .any(|line| line == "x-kde-passwordManagerHint"),
            "plain text must not be hidden from clipboard histories; targets: {targets:?}"
        );

        clipboard.clear().unwrap();
        assert_eq!(
            clipboard.get_text().unwrap(),
            None,
            "after clear the clipboard must read as empty"
        );
    }
}
