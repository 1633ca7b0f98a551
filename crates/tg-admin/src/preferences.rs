//! What the app remembers between runs that is neither a connection nor a secret: the user's
//! [`Settings`] (and their bounds) and which connection was in use. One small JSON file in the
//! config folder, written through [`crate::private_file`] so a crash never leaves half a file
//! behind. A missing or unreadable file means defaults: preferences are never worth refusing to
//! start over.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::{notices, private_file};

/// Shortest clipboard countdown the settings accept, in seconds.
pub const CLIPBOARD_SECONDS_MIN: u32 = 10;
/// Longest clipboard countdown the settings accept, in seconds.
pub const CLIPBOARD_SECONDS_MAX: u32 = 300;
/// The clipboard countdown unless the user changed it, in seconds.
pub const CLIPBOARD_SECONDS_DEFAULT: u32 = 30;

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
    pub fn validate(&self) -> Result<()> {
        if !(CLIPBOARD_SECONDS_MIN..=CLIPBOARD_SECONDS_MAX).contains(&self.clipboard_seconds) {
            return Err(Error::InvalidInput(format!(
                "The clipboard timeout must be between {CLIPBOARD_SECONDS_MIN} and \
                 {CLIPBOARD_SECONDS_MAX} seconds, not {}.",
                self.clipboard_seconds
            )));
        }
        Ok(())
    }
}

/// The preferences file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Preferences {
    #[serde(flatten)]
    pub settings: Settings,
    /// The id of the connection in use when the app last changed connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_connection: Option<String>,
}

/// The preferences file (`settings.json` in the app's config folder).
pub struct PreferencesFile {
    path: PathBuf,
}

impl PreferencesFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved preferences; defaults for a missing file, and for settings out of range.
    pub fn load(&self) -> Preferences {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return Preferences::default();
        };
        match serde_json::from_str::<Preferences>(&text) {
            Ok(mut preferences) => {
                if preferences.settings.validate().is_err() {
                    preferences.settings = Settings::default();
                }
                preferences
            }
            Err(error) => {
                tracing::warn!(path = %self.path.display(), %error, "ignoring unreadable preferences");
                Preferences::default()
            }
        }
    }

    /// At start: a settings file that cannot be read is set aside (see [`crate::notices`]), so
    /// the next save does not overwrite what the user may want back. Returns what to tell them.
    pub fn recover_unreadable(&self) -> Option<String> {
        let cause = match std::fs::read(&self.path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
            Err(error) => error.to_string(),
            Ok(bytes) => match serde_json::from_slice::<Preferences>(&bytes) {
                Ok(_) => return None,
                Err(error) => error.to_string(),
            },
        };
        Some(format!(
            "{} The default settings apply.",
            notices::unreadable_file(&self.path, "The settings file", &cause)
        ))
    }

    pub fn save(&self, preferences: &Preferences) -> Result<()> {
        let text = serde_json::to_vec_pretty(preferences).expect("preferences serialize");
        private_file::write_app_file(&self.path, &text)
    }

    /// Loads, changes and saves in one step.
    pub fn update(&self, change: impl FnOnce(&mut Preferences)) -> Result<Preferences> {
        let mut preferences = self.load();
        change(&mut preferences);
        self.save(&preferences)?;
        Ok(preferences)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn missing_file_gives_defaults_and_a_save_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = PreferencesFile::new(dir.path().join("nested/settings.json"));
        assert_eq!(file.load(), Preferences::default());
        let saved = file
            .update(|p| {
                p.settings.clipboard_seconds = 45;
                p.last_connection = Some("abc".into());
            })
            .unwrap();
        assert_eq!(file.load(), saved, "what was saved is what is loaded");
        assert_eq!(file.load().settings.clipboard_seconds, 45);
    }

    #[test]
    fn a_file_with_only_the_settings_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, r#"{"clipboardSeconds":10}"#).unwrap();
        let preferences = PreferencesFile::new(&path).load();
        assert_eq!(preferences.settings.clipboard_seconds, 10);
        assert_eq!(preferences.last_connection, None);
    }

    #[test]
    fn out_of_range_or_corrupt_files_fall_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, r#"{"clipboardSeconds":2,"lastConnection":"x"}"#).unwrap();
        let preferences = PreferencesFile::new(&path).load();
        assert_eq!(
            preferences.settings,
            Settings::default(),
            "2 s is below the minimum"
        );
        assert_eq!(
            preferences.last_connection.as_deref(),
            Some("x"),
            "the rest is kept"
        );
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(PreferencesFile::new(&path).load(), Preferences::default());
    }
}
