//! Answering the app's native (GTK) dialogs the way a person does, with the keyboard: WebDriver
//! sees only the webview, so the dialog is found by its title and driven with xdotool.

use std::path::Path;
use std::time::{Duration, Instant};

/// Waits for a top-level window with this title (a native dialog) to be shown, and gives it the
/// keyboard. A window can exist before it is mapped, when focusing it still fails: retry until
/// the focus is taken.
pub async fn focus_window(title: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = std::process::Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", title])
            .output()
            .expect("xdotool is installed");
        let ids = String::from_utf8_lossy(&found.stdout).into_owned();
        for id in ids.lines().map(str::trim).filter(|id| !id.is_empty()) {
            let _ = std::process::Command::new("xdotool")
                .args(["windowfocus", id])
                .stderr(std::process::Stdio::null())
                .status();
            tokio::time::sleep(Duration::from_millis(300)).await;
            let focus = std::process::Command::new("xdotool")
                .arg("getwindowfocus")
                .output()
                .expect("xdotool getwindowfocus");
            if String::from_utf8_lossy(&focus.stdout).trim() == id {
                return;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the native dialog “{title}” should open"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Runs xdotool with these arguments and fails the test if it fails.
pub fn xdotool(args: &[&str]) {
    let status = std::process::Command::new("xdotool")
        .args(args)
        .status()
        .expect("xdotool is installed");
    assert!(status.success(), "xdotool {args:?}");
}

/// Answers the save dialog titled `title` with `path`: its file name field has the focus, with
/// the suggested name selected.
pub async fn save_as(title: &str, path: &Path) {
    focus_window(title).await;
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["type", "--delay", "5", &path.display().to_string()]);
    xdotool(&["key", "Return"]);
}

/// Whether a window with this title is shown.
fn window_shown(title: &str) -> bool {
    std::process::Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", title])
        .output()
        .map(|o| !String::from_utf8_lossy(&o.stdout).trim().is_empty())
        .unwrap_or(false)
}

/// Answers the folder dialog titled `title` with `folder`, which must exist. The location field
/// (Ctrl+L) takes the path with a trailing slash, so completion has nothing to add; the first
/// Return opens the folder, and a second one (if the dialog is still there) chooses it.
pub async fn choose_folder(title: &str, folder: &Path) {
    focus_window(title).await;
    // The dialog opens on Recent, where a typed location is not taken: go to a folder first.
    xdotool(&["key", "--clearmodifiers", "alt+Home"]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    let path = format!("{}/", folder.display());
    xdotool(&["type", "--delay", "5", &path]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    xdotool(&["key", "Return"]);
    tokio::time::sleep(Duration::from_millis(1000)).await;
    if window_shown(title) {
        focus_window(title).await;
        xdotool(&["key", "Return"]);
    }
    tokio::time::sleep(Duration::from_millis(1000)).await;
    if window_shown(title) {
        // Still open: keep the whole screen (the dialog is outside the webview) for the failure.
        let shot = std::env::temp_dir()
            .join("e2e-failures")
            .join("folder-dialog.png");
        let _ = std::fs::create_dir_all(shot.parent().unwrap());
        let _ = std::process::Command::new("import")
            .args(["-window", "root"])
            .arg(&shot)
            .status();
        panic!(
            "the folder dialog “{title}” did not take {} (screen: {})",
            folder.display(),
            shot.display()
        );
    }
}
