//! The saved delivery targets: a name, a command line with `{name}` and `{clientId}`
//! placeholders, a timeout, and the command text the administrator last confirmed in the native
//! dialog. One JSON file in the config folder, written through [`crate::private_file`].
//!
//! A file that exists but cannot be read is an error, never an empty list: saving over it would
//! lose the administrator's targets.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::private_file;

/// Seconds a delivery may run unless its target says otherwise.
pub const DELIVERY_TIMEOUT_DEFAULT: u32 = 60;
/// The longest timeout a target may ask for, in seconds.
pub const DELIVERY_TIMEOUT_MAX: u32 = 600;
/// The longest target name, in characters.
pub const TARGET_NAME_MAX: usize = 64;

/// The placeholders a command may contain, filled in per service user.
pub const PLACEHOLDERS: [&str; 2] = ["{name}", "{clientId}"];

/// Where new keys go: a program run without a shell, the secret on its standard input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeliveryTarget {
    pub id: String,
    pub name: String,
    /// The command line, e.g. `gh secret set TG_{name} --repo acme/deploy`.
    pub command: String,
    pub timeout_seconds: u32,
    /// The command text the administrator confirmed in the native dialog. The target runs only
    /// while this equals `command`; any other text asks again first.
    #[serde(default)]
    pub confirmed_command: Option<String>,
}

impl DeliveryTarget {
    /// Whether the command about to run is the one the administrator saw and allowed.
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_command.as_deref() == Some(self.command.as_str())
    }
}

/// A new target (no `id`) or changes to a saved one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeliveryTargetInput {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub name: String,
    pub command: String,
    /// 1 to 600 seconds; 60 when absent.
    #[serde(default)]
    #[ts(optional)]
    pub timeout_seconds: Option<u32>,
}

/// Splits `command` into the program and its arguments, once, as a POSIX shell would split words
/// (quotes and backslashes), without expanding anything else: no variables, globs or pipes.
pub fn split_command(command: &str) -> Result<Vec<String>> {
    let words = shell_words::split(command).map_err(|_| {
        Error::InvalidInput(
            "The command has an unmatched quote; close it or escape it with a backslash.".into(),
        )
    })?;
    if words.is_empty() {
        return Err(Error::InvalidInput(
            "Enter the command to run, e.g. gh secret set TG_CLIENT_SECRET --repo acme/deploy."
                .into(),
        ));
    }
    Ok(words)
}

/// The program and arguments with `{name}` and `{clientId}` filled in, word by word after the
/// split, so a value can never add or split an argument.
pub fn expand_command(command: &str, service_user: &str, client_id: &str) -> Result<Vec<String>> {
    Ok(split_command(command)?
        .into_iter()
        .map(|word| {
            word.replace("{name}", service_user)
                .replace("{clientId}", client_id)
        })
        .collect())
}

/// Checks a command: it splits, names a program, and uses no placeholder but the known two.
pub fn validate_command(command: &str) -> Result<()> {
    split_command(command)?;
    if let Some(unknown) = placeholders_in(command).find(|p| !PLACEHOLDERS.contains(p)) {
        let hint = if unknown.to_ascii_lowercase().contains("secret") {
            " The Client Secret is given on the program's standard input, never in its arguments."
        } else {
            ""
        };
        return Err(Error::InvalidInput(format!(
            "Unknown placeholder {unknown}: use {{name}} or {{clientId}}.{hint}"
        )));
    }
    Ok(())
}

/// Every `{word}` in `text` (letters, digits, `_` and `-` between braces).
fn placeholders_in(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('{').filter_map(move |(start, _)| {
        let rest = &text[start + 1..];
        let end = rest.find('}')?;
        let inner = &rest[..end];
        let is_word = !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        is_word.then(|| &text[start..start + end + 2])
    })
}

/// The delivery targets file (`delivery-targets.json` in the app's config folder).
#[derive(Debug)]
pub struct DeliveryTargets {
    path: PathBuf,
    lock: Mutex<()>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct TargetsFile {
    targets: Vec<DeliveryTarget>,
}

impl DeliveryTargets {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every saved target, in the order they were added.
    pub fn list(&self) -> Result<Vec<DeliveryTarget>> {
        let _guard = self.lock();
        self.load()
    }

    /// One saved target.
    pub fn get(&self, id: &str) -> Result<DeliveryTarget> {
        self.list()?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| not_found(id))
    }

    /// Validates `input` against the saved targets and returns the target it would save (a new
    /// id for a new one), keeping the confirmed command of a saved target. Nothing is written.
    pub fn prepare(&self, input: DeliveryTargetInput) -> Result<DeliveryTarget> {
        let name = input.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > TARGET_NAME_MAX {
            return Err(Error::InvalidInput(format!(
                "A delivery target needs a name of 1 to {TARGET_NAME_MAX} characters."
            )));
        }
        let command = input.command.trim().to_owned();
        validate_command(&command)?;
        let timeout_seconds = input.timeout_seconds.unwrap_or(DELIVERY_TIMEOUT_DEFAULT);
        if !(1..=DELIVERY_TIMEOUT_MAX).contains(&timeout_seconds) {
            return Err(Error::InvalidInput(format!(
                "The timeout must be between 1 and {DELIVERY_TIMEOUT_MAX} seconds."
            )));
        }
        let saved = self.list()?;
        let existing = match &input.id {
            Some(id) => Some(
                saved
                    .iter()
                    .find(|t| &t.id == id)
                    .ok_or_else(|| not_found(id))?,
            ),
            None => None,
        };
        if saved
            .iter()
            .any(|t| Some(&t.id) != input.id.as_ref() && t.name.eq_ignore_ascii_case(&name))
        {
            return Err(Error::InvalidInput(format!(
                "A delivery target named \"{name}\" already exists."
            )));
        }
        Ok(DeliveryTarget {
            id: input.id.unwrap_or_else(|| Uuid::new_v4().to_string()),
            name,
            command,
            timeout_seconds,
            confirmed_command: existing.and_then(|t| t.confirmed_command.clone()),
        })
    }

    /// Adds `target`, or replaces the saved target with its id.
    pub fn put(&self, target: DeliveryTarget) -> Result<DeliveryTarget> {
        let _guard = self.lock();
        let mut targets = self.load()?;
        match targets.iter_mut().find(|t| t.id == target.id) {
            Some(slot) => *slot = target.clone(),
            None => targets.push(target.clone()),
        }
        self.store(targets)?;
        Ok(target)
    }

    /// Records that the administrator confirmed `command` for target `id`.
    pub fn mark_confirmed(&self, id: &str, command: &str) -> Result<DeliveryTarget> {
        let _guard = self.lock();
        let mut targets = self.load()?;
        let target = targets
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(|| not_found(id))?;
        target.confirmed_command = Some(command.to_owned());
        let confirmed = target.clone();
        self.store(targets)?;
        Ok(confirmed)
    }

    /// Forgets target `id`.
    pub fn delete(&self, id: &str) -> Result<()> {
        let _guard = self.lock();
        let mut targets = self.load()?;
        let before = targets.len();
        targets.retain(|t| t.id != id);
        if targets.len() == before {
            return Err(not_found(id));
        }
        self.store(targets)
    }

    fn load(&self) -> Result<Vec<DeliveryTarget>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::storage("read", &self.path, e)),
        };
        let file: TargetsFile =
            serde_json::from_str(&text).map_err(|e| Error::storage("read", &self.path, e))?;
        Ok(file.targets)
    }

    fn store(&self, targets: Vec<DeliveryTarget>) -> Result<()> {
        let text = serde_json::to_vec_pretty(&TargetsFile { targets }).expect("targets serialize");
        private_file::write_app_file(&self.path, &text)
    }

    fn lock(&self) -> MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn not_found(id: &str) -> Error {
    Error::InvalidInput(format!(
        "No delivery target with id \"{id}\"; it may have been deleted."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, command: &str) -> DeliveryTargetInput {
        DeliveryTargetInput {
            id: None,
            name: name.into(),
            command: command.into(),
            timeout_seconds: None,
        }
    }

    #[test]
    fn commands_split_once_and_placeholders_fill_whole_words() {
        let argv = expand_command(
            r#"vault kv put "secret/tg/{name}" 'note=a b' id={clientId}"#,
            "ci-deploy",
            "abc123",
        )
        .unwrap();
        assert_eq!(
            argv,
            [
                "vault",
                "kv",
                "put",
                "secret/tg/ci-deploy",
                "note=a b",
                "id=abc123"
            ]
        );
        // A value with spaces stays one argument: the split happened before the fill.
        let argv = expand_command("echo {name}", "two words", "x").unwrap();
        assert_eq!(argv, ["echo", "two words"]);
        assert!(split_command("echo 'unterminated").is_err());
        assert!(split_command("   ").is_err());
    }

    #[test]
    fn unknown_placeholders_are_refused_and_a_secret_one_says_where_the_secret_goes() {
        assert!(validate_command("gh secret set X --repo a/b").is_ok());
        assert!(
            validate_command(
                "kubectl create secret generic tg-{name} --from-file=secret=/dev/stdin"
            )
            .is_ok()
        );
        let error = validate_command("vault kv put x value={secret}").unwrap_err();
        assert!(error.to_string().contains("standard input"), "{error}");
        assert!(validate_command("echo {client_id}").is_err());
        assert!(validate_command("jq '{a: 1}'").is_ok(), "not a placeholder");
    }

    #[test]
    fn targets_save_change_and_delete_with_unique_names() {
        let dir = tempfile::tempdir().unwrap();
        let targets = DeliveryTargets::new(dir.path().join("config/delivery-targets.json"));
        assert!(targets.list().unwrap().is_empty());
        let first = targets.prepare(input(" CI ", "gh secret set X")).unwrap();
        assert_eq!(first.name, "CI");
        assert_eq!(first.timeout_seconds, DELIVERY_TIMEOUT_DEFAULT);
        assert!(!first.is_confirmed());
        let first = targets.put(first).unwrap();
        assert!(
            targets.prepare(input("ci", "true")).is_err(),
            "names are unique"
        );
        let confirmed = targets
            .mark_confirmed(&first.id, "gh secret set X")
            .unwrap();
        assert!(confirmed.is_confirmed());

        let mut change = input("CI", "gh secret set Y");
        change.id = Some(first.id.clone());
        let changed = targets.prepare(change).unwrap();
        assert_eq!(changed.id, first.id);
        assert!(
            !changed.is_confirmed(),
            "a changed command needs a new confirmation"
        );
        assert_eq!(
            targets.get(&first.id).unwrap(),
            confirmed,
            "prepare writes nothing"
        );

        targets.delete(&first.id).unwrap();
        assert!(targets.list().unwrap().is_empty());
        assert!(targets.delete(&first.id).is_err());
    }

    #[test]
    fn an_unreadable_file_is_an_error_not_an_empty_list() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("delivery-targets.json");
        std::fs::write(&path, "{not json").unwrap();
        let targets = DeliveryTargets::new(&path);
        assert!(targets.list().is_err());
        let prepared = DeliveryTarget {
            id: "x".into(),
            name: "x".into(),
            command: "true".into(),
            timeout_seconds: 1,
            confirmed_command: None,
        };
        assert!(targets.put(prepared).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{not json");
    }
}
