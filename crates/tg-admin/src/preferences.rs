//! What the app remembers between runs that is neither a connection nor a secret: the user's
//! settings and which connection was in use. One small JSON file in the config folder, written
//! whole through a temporary file so a crash never leaves half a file behind. A missing or
//! unreadable file means defaults: preferences are never worth refusing to start over.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::secret_handoff::Settings;
use crate::{Error, Result};

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

    pub fn save(&self, preferences: &Preferences) -> Result<()> {
        let write_error = |e| Error::storage("write", &self.path, e);
        if let Some(parent) = self.path.parent() {
            std::fs::create_dir_all(parent).map_err(write_error)?;
        }
        let text = serde_json::to_string_pretty(preferences).expect("preferences serialize");
        let partial = self.path.with_extension("json.partial");
        std::fs::write(&partial, text).map_err(write_error)?;
        std::fs::rename(&partial, &self.path).map_err(write_error)
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
