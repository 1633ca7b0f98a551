//! An administrator must be able to say later what the app changed, where and when. Every change is
//! appended as one JSON line to a journal file (path chosen by the shell); the UI reads it back
//! newest first. Entries name users and policies, never a secret. A last line cut short by a crash
//! is skipped when reading, so one bad line never hides the rest.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::error::{Error, Result};

/// How a recorded change ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum JournalOutcome {
    Ok,
    Failed,
    /// A bulk action where some items failed or were cancelled.
    Partial,
}

/// One change made through the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JournalEntry {
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub time: OffsetDateTime,
    /// The connection's name.
    pub connection: String,
    /// What was done, e.g. `disable`, `attach-policy builtin-tg-monitor`, `bulk-delete`.
    pub action: String,
    /// The service users (or other names) the change was about.
    pub targets: Vec<String>,
    pub outcome: JournalOutcome,
    /// The error message of a failure (for a bulk action, a summary).
    pub error: Option<String>,
    /// What the administrator wrote about the change (e.g. why a finding was accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
}

impl JournalEntry {
    /// An entry stamped with the current time.
    pub fn now(
        connection: impl Into<String>,
        action: impl Into<String>,
        targets: Vec<String>,
        outcome: JournalOutcome,
        error: Option<String>,
    ) -> Self {
        Self {
            time: OffsetDateTime::now_utc(),
            connection: connection.into(),
            action: action.into(),
            targets,
            outcome,
            error,
            note: None,
        }
    }

    /// An entry stamped now for a step that failed with `error`, or went well without one.
    pub fn ended(
        connection: impl Into<String>,
        action: impl Into<String>,
        targets: Vec<String>,
        error: Option<String>,
    ) -> Self {
        let outcome = if error.is_none() {
            JournalOutcome::Ok
        } else {
            JournalOutcome::Failed
        };
        Self::now(connection, action, targets, outcome, error)
    }

    /// The entry with the administrator's note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// The journal file.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    write_lock: Mutex<()>,
}

impl Journal {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            write_lock: Mutex::new(()),
        }
    }

    /// The JSON Lines file, e.g. to export it as it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry as one line.
    pub fn append(&self, entry: &JournalEntry) -> Result<()> {
        let mut line =
            serde_json::to_vec(entry).map_err(|e| Error::storage("encode", &self.path, e))?;
        line.push(b'\n');
        let _guard = self.write_lock.lock().expect("journal lock");
        if let Some(parent) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::storage("create", parent, e))?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| Error::storage("open", &self.path, e))?;
        if !ends_with_newline(&mut file) {
            // The last line was cut short (a crash mid-write): start a fresh line.
            line.insert(0, b'\n');
        }
        // One write call per line keeps lines whole even if two processes append.
        file.write_all(&line)
            .map_err(|e| Error::storage("write", &self.path, e))
    }

    /// Every readable entry, newest first. A missing file is an empty journal; lines that do not
    /// parse (such as a last line cut short) are skipped.
    pub fn read(&self) -> Result<Vec<JournalEntry>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::storage("read", &self.path, e)),
        };
        let mut entries: Vec<JournalEntry> = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect();
        entries.reverse();
        Ok(entries)
    }
}

/// Whether the file is empty or its last byte is a newline.
fn ends_with_newline(file: &mut std::fs::File) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    if file.seek(SeekFrom::End(-1)).is_err() {
        return true; // empty file
    }
    let mut last = [0u8; 1];
    file.read_exact(&mut last).is_err() || last[0] == b'\n'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str) -> JournalEntry {
        JournalEntry::now(
            "prod",
            action,
            vec!["cicd".into()],
            JournalOutcome::Ok,
            None,
        )
    }

    #[test]
    fn entries_read_back_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().join("nested/journal.jsonl"));
        assert!(
            journal.read().unwrap().is_empty(),
            "no file is an empty journal"
        );
        journal.append(&entry("enable")).unwrap();
        journal.append(&entry("disable")).unwrap();
        let actions: Vec<_> = journal
            .read()
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(
            actions,
            vec!["disable", "enable"],
            "the UI shows newest first"
        );
    }

    #[test]
    fn a_truncated_last_line_does_not_hide_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().join("journal.jsonl"));
        journal.append(&entry("enable")).unwrap();
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(journal.path())
            .unwrap();
        file.write_all(br#"{"time":"2026-01-01T00:00:00Z","conn"#)
            .unwrap();
        let entries = journal.read().unwrap();
        assert_eq!(
            entries.len(),
            1,
            "the cut line is skipped, the whole one kept"
        );
        journal.append(&entry("delete")).unwrap();
        let actions: Vec<_> = journal
            .read()
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(
            actions,
            vec!["delete", "enable"],
            "an entry appended after a cut line must start a line of its own"
        );
    }

    #[test]
    fn the_line_format_is_the_ui_contract() {
        let line = serde_json::to_value(JournalEntry {
            time: time::macros::datetime!(2026-01-02 03:04:05 UTC),
            connection: "prod".into(),
            action: "disable".into(),
            targets: vec!["a".into()],
            outcome: JournalOutcome::Partial,
            error: None,
            note: None,
        })
        .unwrap();
        assert_eq!(
            line,
            serde_json::json!({"time":"2026-01-02T03:04:05Z","connection":"prod",
                "action":"disable","targets":["a"],"outcome":"partial","error":null})
        );
    }
}
