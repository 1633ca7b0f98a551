//! What the app remembers between runs that is neither a connection nor a secret: the user's
//! [`Settings`] (and their bounds) and which connection was in use. One small JSON file in the
//! config folder, written through [`crate::private_file`] so a crash never leaves half a file
//! behind. A missing or unreadable file means defaults: preferences are never worth refusing to
//! start over.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::findings::AcceptedFinding;
use crate::{notices, private_file};

/// Shortest clipboard countdown the settings accept, in seconds.
pub const CLIPBOARD_SECONDS_MIN: u32 = 10;
/// Longest clipboard countdown the settings accept, in seconds.
pub const CLIPBOARD_SECONDS_MAX: u32 = 300;
/// The clipboard countdown unless the user changed it, in seconds.
pub const CLIPBOARD_SECONDS_DEFAULT: u32 = 30;
/// Youngest key age the settings accept as "too old", in days.
pub const KEY_AGE_DAYS_MIN: u32 = 7;
/// Oldest key age the settings accept as the threshold, in days (two years).
pub const KEY_AGE_DAYS_MAX: u32 = 730;
/// Keys older than this many days are reported unless the user changed it.
pub const KEY_AGE_DAYS_DEFAULT: u32 = 90;
/// Fewest requests a bulk action runs at once.
pub const BULK_CONCURRENCY_MIN: u32 = 1;
/// Most requests a bulk action runs at once (more only risks the API's rate limits).
pub const BULK_CONCURRENCY_MAX: u32 = 16;
/// Requests a bulk action runs at once unless the user changed it.
pub const BULK_CONCURRENCY_DEFAULT: u32 = 8;

/// The colour scheme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Theme {
    /// Follows the operating system's light or dark setting.
    #[default]
    System,
    Light,
    Dark,
}

/// User settings. A field missing from a saved file takes its default, so files written by
/// earlier versions keep working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct Settings {
    /// Seconds before a copied secret is cleared from the clipboard, 10 to 300.
    pub clipboard_seconds: u32,
    /// Keys older than this many days are a finding and an "old" bar in the key-age chart.
    pub key_age_days: u32,
    /// How many requests a bulk action runs at once.
    pub bulk_concurrency: u32,
    pub theme: Theme,
    /// Ask before enabling several service users at once (disable and delete always ask).
    pub confirm_bulk_enable: bool,
    /// The folder the save dialog opens in for key files; `null` lets the system choose.
    pub keys_folder: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            clipboard_seconds: CLIPBOARD_SECONDS_DEFAULT,
            key_age_days: KEY_AGE_DAYS_DEFAULT,
            bulk_concurrency: BULK_CONCURRENCY_DEFAULT,
            theme: Theme::System,
            confirm_bulk_enable: false,
            keys_folder: None,
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
        if !(KEY_AGE_DAYS_MIN..=KEY_AGE_DAYS_MAX).contains(&self.key_age_days) {
            return Err(Error::InvalidInput(format!(
                "The key-age threshold must be between {KEY_AGE_DAYS_MIN} and {KEY_AGE_DAYS_MAX} \
                 days, not {}.",
                self.key_age_days
            )));
        }
        if !(BULK_CONCURRENCY_MIN..=BULK_CONCURRENCY_MAX).contains(&self.bulk_concurrency) {
            return Err(Error::InvalidInput(format!(
                "Bulk actions must run between {BULK_CONCURRENCY_MIN} and {BULK_CONCURRENCY_MAX} \
                 requests at once, not {}.",
                self.bulk_concurrency
            )));
        }
        if let Some(folder) = &self.keys_folder {
            let path = Path::new(folder);
            if !path.is_absolute() || !path.is_dir() {
                return Err(Error::InvalidInput(format!(
                    "The folder for key files must be an existing folder given by its full path; \
                     \"{folder}\" is not."
                )));
            }
        }
        Ok(())
    }

    /// The settings with an empty folder read as "let the system choose".
    pub fn normalised(mut self) -> Self {
        if self
            .keys_folder
            .as_deref()
            .is_some_and(|f| f.trim().is_empty())
        {
            self.keys_folder = None;
        }
        self
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
    /// Findings the administrator accepted, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_findings: Vec<AcceptedFinding>,
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
                    // A key folder deleted since is forgotten; anything else out of range
                    // means defaults.
                    preferences.settings.keys_folder = None;
                    if preferences.settings.validate().is_err() {
                        preferences.settings = Settings::default();
                    }
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
                    clipboard_seconds: seconds,
                    ..Settings::default()
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
    fn every_bounded_setting_is_checked_inclusively() {
        let with = |change: fn(&mut Settings, u32), value: u32| {
            let mut settings = Settings::default();
            change(&mut settings, value);
            settings.validate().is_ok()
        };
        let key_age: fn(&mut Settings, u32) = |s, v| s.key_age_days = v;
        let concurrency: fn(&mut Settings, u32) = |s, v| s.bulk_concurrency = v;
        assert!(!with(key_age, 6) && with(key_age, 7) && with(key_age, 730) && !with(key_age, 731));
        assert!(!with(concurrency, 0) && with(concurrency, 1) && with(concurrency, 16));
        assert!(!with(concurrency, 17));
        assert_eq!(Settings::default().key_age_days, 90);
    }

    #[test]
    fn the_keys_folder_must_be_an_existing_absolute_folder() {
        let dir = tempfile::tempdir().unwrap();
        let folder = |f: &str| Settings {
            keys_folder: Some(f.to_owned()),
            ..Settings::default()
        };
        assert!(folder(&dir.path().display().to_string()).validate().is_ok());
        assert!(folder("relative/keys").validate().is_err());
        let missing = dir.path().join("missing").display().to_string();
        assert!(folder(&missing).validate().is_err());
        assert_eq!(
            folder("  ").normalised().keys_folder,
            None,
            "blank means the default"
        );
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
