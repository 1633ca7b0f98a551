//! What the app has to tell the user once, at start, about something that went wrong before any
//! window could show it: one of its own files could not be read, or the connection used last time
//! could not be opened. The app starts all the same, and loses nothing on the way: a file that
//! cannot be read is set aside as `<name>.bak` (never deleted, never overwritten by a later save),
//! and the notice says where it went and what the app does instead.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One thing to tell the user, shown until they dismiss it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Notice {
    pub message: String,
}

/// The notices gathered since the app started.
#[derive(Default)]
pub struct Notices(Mutex<Vec<Notice>>);

impl Notices {
    pub fn push(&self, message: impl Into<String>) {
        let message = message.into();
        tracing::warn!(%message, "start-up notice");
        self.lock().push(Notice { message });
    }

    pub fn all(&self) -> Vec<Notice> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Notice>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Moves an unreadable `path` out of the way, to the first free name of `<name>.bak`,
/// `<name>.1.bak`, `<name>.2.bak`, ... so an earlier copy is never overwritten. Returns where it
/// went.
pub fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy()
        .into_owned();
    let free = (0..1000)
        .map(|n| match n {
            0 => path.with_file_name(format!("{name}.bak")),
            n => path.with_file_name(format!("{name}.{n}.bak")),
        })
        .find(|candidate| !candidate.exists())
        .ok_or_else(|| std::io::Error::other("no free .bak name"))?;
    std::fs::rename(path, &free)?;
    Ok(free)
}

/// The sentence that starts a notice about `file` that could not be read because of `cause`,
/// and says where it was kept (or that it could not be moved).
pub fn unreadable_file(file: &Path, what: &str, cause: &str) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    match set_aside(file) {
        Ok(kept) => format!(
            "{what} ({name}) could not be read ({cause}). It was kept as {}.",
            kept.display()
        ),
        Err(error) => format!(
            "{what} ({}) could not be read ({cause}), nor set aside ({error}); saving will \
             fail until it is repaired or removed.",
            file.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_set_aside_never_overwrites_an_earlier_copy() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.json");
        std::fs::write(&file, "first").unwrap();
        assert_eq!(
            set_aside(&file).unwrap(),
            dir.path().join("settings.json.bak")
        );
        std::fs::write(&file, "second").unwrap();
        assert_eq!(
            set_aside(&file).unwrap(),
            dir.path().join("settings.json.1.bak")
        );
        assert!(!file.exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("settings.json.bak")).unwrap(),
            "first"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("settings.json.1.bak")).unwrap(),
            "second"
        );
    }

    #[test]
    fn a_notice_names_the_file_and_where_it_was_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("connections.json");
        std::fs::write(&file, "{").unwrap();
        let message = unreadable_file(&file, "The list of saved connections", "EOF");
        assert!(
            message.starts_with(
                "The list of saved connections (connections.json) could not be read (EOF)."
            ),
            "{message}"
        );
        assert!(message.contains("connections.json.bak"), "{message}");
    }
}
