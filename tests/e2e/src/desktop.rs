//! What the tests read from the desktop around the app: the X clipboard (through xclip, as another
//! program sees it), files the app left behind, and where screenshots go.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::paths::env_path;

/// Where screenshots of the `dark` or light theme go: `SCREENSHOT_DIR`, and its `dark/` folder
/// for the dark theme (created if needed).
pub fn screenshot_dir(dark: bool) -> PathBuf {
    let mut dir = env_path("SCREENSHOT_DIR");
    if dark {
        dir.push("dark");
    }
    std::fs::create_dir_all(&dir).expect("the screenshot folder");
    dir
}

/// The system clipboard as another program sees it (xclip), or `None` when it is empty.
pub fn clipboard_text() -> Option<String> {
    let output = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .output()
        .expect("xclip is installed");
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
        .filter(|t| !t.is_empty())
}

/// The clipboard's offered formats (targets), one per line.
pub fn clipboard_targets() -> String {
    let output = Command::new("xclip")
        .args(["-o", "-selection", "clipboard", "-t", "TARGETS"])
        .output()
        .expect("xclip is installed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Puts text on the clipboard the way another application would. xclip stays in the background
/// to serve it, as a clipboard owner must on X11.
pub fn copy_from_another_app(text: &str) {
    use std::io::Write;
    let mut child = Command::new("xclip")
        .args(["-i", "-selection", "clipboard"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("xclip is installed");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    // xclip forks a server and the parent exits once it owns the selection.
    let _ = child.wait();
}

/// Files under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path)
                && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
            {
                found.push(path);
            }
        }
    }
    found
}
