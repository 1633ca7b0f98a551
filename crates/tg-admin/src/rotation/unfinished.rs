//! An interrupted run outlives the app. Quitting after a run that a network failure cut off
//! would otherwise lose the one thing Finish needs: which users were rotated, which were not,
//! and which are unknown with the Client ID and key date they had before (the only way to tell
//! later whether an unanswered request replaced their keys). So when a run ends interrupted, that
//! is kept in the app's data folder, per connection, until Finish completes it or the
//! administrator dismisses it; on the next start the UI offers to finish it.
//!
//! The file holds names, states, Client IDs and key dates ([`Unfinished`]), never a secret: the
//! type has no field for one. It is written through the one private-file writer (owner-only,
//! whole or not at all).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{RotationReport, RotationState, Unfinished};
use crate::error::{Error, Result};
use crate::{notices, private_file};

/// What is left of the interrupted runs on one connection: every user they took up, in order,
/// each as its last run left it (rotated ones too, so the notice can count them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnfinishedRun {
    pub users: Vec<Unfinished>,
}

impl UnfinishedRun {
    /// Whether any user still needs Finish.
    fn is_open(&self) -> bool {
        self.users.iter().any(|u| u.state != RotationState::Rotated)
    }
}

/// The file of unfinished runs (`unfinished-rotations.json` in the app's data folder), keyed by
/// connection id.
#[derive(Debug)]
pub struct UnfinishedRuns {
    path: PathBuf,
    lock: Mutex<()>,
}

type ByConnection = BTreeMap<String, UnfinishedRun>;

impl UnfinishedRuns {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The unfinished run of connection `id`, if any.
    pub fn get(&self, id: &str) -> Result<Option<UnfinishedRun>> {
        let _guard = self.lock();
        Ok(self.load()?.remove(id))
    }

    /// Forgets connection `id`'s unfinished run; the users stay as they are on the server.
    pub fn dismiss(&self, id: &str) -> Result<()> {
        let _guard = self.lock();
        let mut runs = self.load()?;
        if runs.remove(id).is_some() {
            self.save(&runs)?;
        }
        Ok(())
    }

    /// Keeps what a run on connection `id` left unfinished. An interrupted run's users are
    /// merged in by name (a later run's word on a user replaces an earlier one's). A run that
    /// went through updates the users already kept; a finish that went through settles the users
    /// it ran, and users kept from other runs stay until they are finished or dismissed.
    pub(crate) fn after_run(
        &self,
        id: &str,
        report: &RotationReport,
        finishing: bool,
    ) -> Result<()> {
        let _guard = self.lock();
        let mut runs = self.load()?;
        let kept = runs.remove(id);
        if kept.is_none() && !report.interrupted {
            return Ok(());
        }
        let mut run = kept.unwrap_or(UnfinishedRun { users: Vec::new() });
        for user in &report.users {
            let now = Unfinished::from(user);
            match run.users.iter_mut().find(|u| u.name == now.name) {
                Some(kept) => *kept = now,
                None if report.interrupted => run.users.push(now),
                None => {}
            }
        }
        if finishing && !report.interrupted {
            run.users
                .retain(|kept| !report.users.iter().any(|ran| ran.name == kept.name));
        }
        if report.interrupted || run.is_open() {
            runs.insert(id.to_owned(), run);
        }
        self.save(&runs)
    }

    fn lock(&self) -> MutexGuard<'_, ()> {
        self.lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// At start: a file that cannot be understood is set aside like the app's other files
    /// ([`crate::notices`]), so no later run or Dismiss fails over it. Returns what to tell the
    /// user.
    pub fn recover_unreadable(&self) -> Option<String> {
        let bytes = std::fs::read(&self.path).ok()?;
        let cause = serde_json::from_slice::<ByConnection>(&bytes).err()?;
        Some(format!(
            "{} The rotations it kept are no longer offered to finish.",
            notices::unreadable_file(
                &self.path,
                "The file of unfinished key rotations",
                &cause.to_string()
            )
        ))
    }

    /// The kept runs. A file spoiled while the app runs is set aside as at start.
    fn load(&self) -> Result<ByConnection> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ByConnection::new());
            }
            Err(error) => return Err(Error::storage("read", &self.path, error)),
        };
        Ok(serde_json::from_slice(&bytes).unwrap_or_else(|cause| {
            let aside = notices::set_aside(&self.path);
            tracing::warn!(%cause, ?aside, "unfinished rotations could not be read");
            ByConnection::new()
        }))
    }

    /// Writes the runs left, or removes the file when none is.
    fn save(&self, runs: &ByConnection) -> Result<()> {
        if runs.is_empty() {
            return match std::fs::remove_file(&self.path) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    Err(Error::storage("remove", &self.path, error))
                }
                _ => Ok(()),
            };
        }
        let json = serde_json::to_vec_pretty(runs).expect("unfinished runs serialize");
        private_file::write_app_file(&self.path, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rotation::UserRotation;

    fn user(name: &str, state: RotationState) -> UserRotation {
        let mut user = UserRotation::new(name);
        user.state = state;
        user.previous_client_id = Some(format!("{name}-id"));
        user.previous_token_created = Some(1_700_000_000);
        user
    }

    fn report(users: Vec<UserRotation>, interrupted: bool) -> RotationReport {
        RotationReport { users, interrupted }
    }

    #[test]
    fn an_interrupted_run_round_trips_per_connection_and_a_finish_clears_it() {
        let dir = tempfile::tempdir().unwrap();
        let runs = UnfinishedRuns::new(dir.path().join("data/unfinished-rotations.json"));
        let cut = report(
            vec![
                user("a", RotationState::Rotated),
                user("b", RotationState::Unknown),
                user("c", RotationState::NotRotated),
            ],
            true,
        );
        runs.after_run("conn-1", &cut, false).unwrap();
        let kept = runs.get("conn-1").unwrap().expect("kept");
        let states: Vec<_> = kept
            .users
            .iter()
            .map(|u| (u.name.as_str(), u.state))
            .collect();
        assert_eq!(
            states,
            [
                ("a", RotationState::Rotated),
                ("b", RotationState::Unknown),
                ("c", RotationState::NotRotated)
            ]
        );
        assert_eq!(kept.users[1].previous_client_id.as_deref(), Some("b-id"));
        assert_eq!(kept.users[1].previous_token_created, Some(1_700_000_000));
        assert_eq!(runs.get("conn-2").unwrap(), None, "kept per connection");

        // A new instance reads the same file: what the next start of the app sees.
        let again = UnfinishedRuns::new(runs.path());
        assert_eq!(again.get("conn-1").unwrap(), Some(kept));

        // A run that went through on another connection leaves this one alone.
        let other = report(vec![user("x", RotationState::Rotated)], false);
        again.after_run("conn-2", &other, false).unwrap();
        assert!(again.get("conn-1").unwrap().is_some());

        let done = report(
            vec![
                user("b", RotationState::Rotated),
                user("c", RotationState::Rotated),
            ],
            false,
        );
        again.after_run("conn-1", &done, true).unwrap();
        assert_eq!(again.get("conn-1").unwrap(), None);
        assert!(!runs.path().exists(), "no file is left once nothing is");
    }

    #[test]
    fn a_finish_cut_off_again_keeps_the_merged_states_and_dismiss_forgets_them() {
        let dir = tempfile::tempdir().unwrap();
        let runs = UnfinishedRuns::new(dir.path().join("unfinished-rotations.json"));
        let cut = report(
            vec![
                user("a", RotationState::Rotated),
                user("b", RotationState::Unknown),
                user("c", RotationState::NotRotated),
            ],
            true,
        );
        runs.after_run("conn", &cut, false).unwrap();
        let again = report(
            vec![
                user("b", RotationState::Rotated),
                user("c", RotationState::Unknown),
            ],
            true,
        );
        runs.after_run("conn", &again, true).unwrap();
        let states: Vec<_> = runs
            .get("conn")
            .unwrap()
            .unwrap()
            .users
            .iter()
            .map(|u| u.state)
            .collect();
        assert_eq!(
            states,
            [
                RotationState::Rotated,
                RotationState::Rotated,
                RotationState::Unknown
            ]
        );
        runs.dismiss("conn").unwrap();
        assert_eq!(runs.get("conn").unwrap(), None);
        runs.dismiss("conn").unwrap();
    }

    #[test]
    fn a_finish_settles_only_its_own_users_and_keeps_those_of_another_cut_off_run() {
        let dir = tempfile::tempdir().unwrap();
        let runs = UnfinishedRuns::new(dir.path().join("unfinished-rotations.json"));
        let first = report(
            vec![
                user("cicd", RotationState::Unknown),
                user("tg-watch", RotationState::NotRotated),
            ],
            true,
        );
        runs.after_run("conn", &first, false).unwrap();
        let second = report(vec![user("x", RotationState::NotRotated)], true);
        runs.after_run("conn", &second, false).unwrap();
        let finished = report(vec![user("x", RotationState::Rotated)], false);
        runs.after_run("conn", &finished, true).unwrap();
        let names: Vec<_> = runs
            .get("conn")
            .unwrap()
            .expect("the first run's users are still kept")
            .users
            .into_iter()
            .map(|u| (u.name, u.state))
            .collect();
        assert_eq!(
            names,
            [
                ("cicd".to_owned(), RotationState::Unknown),
                ("tg-watch".to_owned(), RotationState::NotRotated)
            ]
        );
    }

    #[test]
    fn an_unreadable_file_is_moved_aside_and_the_next_run_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("unfinished-rotations.json");
        std::fs::write(&path, "{ not json").unwrap();
        let runs = UnfinishedRuns::new(&path);
        assert_eq!(runs.get("conn").unwrap(), None);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("unfinished-rotations.json.bak")).unwrap(),
            "{ not json",
            "the unreadable bytes are kept"
        );
        let cut = report(vec![user("b", RotationState::Unknown)], true);
        runs.after_run("conn", &cut, false).unwrap();
        assert!(runs.get("conn").unwrap().is_some());
        runs.dismiss("conn").unwrap();
    }

    #[test]
    fn at_start_an_unreadable_file_is_set_aside_with_a_notice_never_over_an_earlier_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("unfinished-rotations.json");
        std::fs::write(dir.path().join("unfinished-rotations.json.bak"), "earlier").unwrap();
        std::fs::write(&path, "{ not json").unwrap();
        let runs = UnfinishedRuns::new(&path);
        let notice = runs.recover_unreadable().expect("a notice");
        assert!(
            notice.contains("unfinished-rotations.json.1.bak"),
            "{notice}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("unfinished-rotations.json.bak")).unwrap(),
            "earlier",
            "an earlier copy is kept"
        );
        assert_eq!(runs.recover_unreadable(), None, "nothing left to set aside");
        assert_eq!(runs.get("conn").unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let runs = UnfinishedRuns::new(dir.path().join("unfinished-rotations.json"));
        let cut = report(vec![user("b", RotationState::Unknown)], true);
        runs.after_run("conn", &cut, false).unwrap();
        let mode = std::fs::metadata(runs.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
