//! What a rotation is asked to do and what it reports, per user. No type here holds a secret:
//! new keys stay in the one-time-secret handoff, and the report only names it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::delivery::DeliveryResult;
use crate::secret_handoff::{KeyHandoff, SecretFileFormat};

/// Where each user's new keys go, chosen once per run. Any mix; none at all keeps the keys open
/// for the user to copy or save from the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RotationDelivery {
    /// Save each user's keys to a file chosen in the native save dialog, one dialog per user.
    #[serde(default)]
    pub file: Option<SecretFileFormat>,
    /// Keep each user's keys open so the report can copy them to the clipboard one user at a
    /// time, each copy with the countdown (a run of one user copies at once).
    #[serde(default)]
    pub clipboard: bool,
    /// Run these delivery targets for each user, in order.
    #[serde(default)]
    pub target_ids: Vec<String>,
}

/// Where a user's keys stand after the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RotationState {
    /// New keys were made and their secret arrived: the old key no longer works.
    Rotated,
    /// The keys were not replaced (refused, never sent, or not reached): the old key still works.
    NotRotated,
    /// The key request went out and no answer came back: the keys may have been replaced, with a
    /// secret that never arrived. "Finish" reads the user again to tell.
    Unknown,
}

/// The file step of one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FileDelivery {
    /// Where the keys were written; `None` when the dialog was cancelled or the write failed.
    pub path: Option<String>,
    pub error: Option<String>,
}

/// What became of the connection's own key when its user was rotated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OwnKeyUpdate {
    /// The new secret replaced the old one where the connection keeps it (the keychain, or the
    /// embedded sandbox's credentials).
    pub stored: bool,
    /// The app now works with the new key.
    pub switched: bool,
    /// Why storing or switching failed; the keys are then held open with the countdown.
    pub error: Option<String>,
}

/// One user's rotation, step by step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserRotation {
    pub name: String,
    pub state: RotationState,
    /// The Client ID before the run (to tell later whether an unanswered request replaced it).
    pub previous_client_id: Option<String>,
    /// When the keys before the run were made, in Unix seconds.
    #[ts(type = "number | null")]
    pub previous_token_created: Option<i64>,
    /// The new Client ID, once rotated.
    pub client_id: Option<String>,
    /// The user is the one the connection signs in with.
    pub own_connection: bool,
    pub own_key: Option<OwnKeyUpdate>,
    pub file: Option<FileDelivery>,
    pub targets: Vec<DeliveryResult>,
    /// Whether the new key authenticated (`GET /org/mine` with it); `None` when not checked.
    pub verified: Option<bool>,
    /// The keys, still held: for the clipboard, or because no delivery kept them.
    pub handoff: Option<KeyHandoff>,
    /// What went wrong, in words (never a secret).
    pub error: Option<String>,
}

impl UserRotation {
    pub(crate) fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            state: RotationState::NotRotated,
            previous_client_id: None,
            previous_token_created: None,
            client_id: None,
            own_connection: false,
            own_key: None,
            file: None,
            targets: Vec::new(),
            verified: None,
            handoff: None,
            error: None,
        }
    }

    /// Whether the new keys reached a place that keeps them (a file, a target, the keychain).
    pub(crate) fn kept_somewhere(&self) -> bool {
        self.file.as_ref().is_some_and(|file| file.path.is_some())
            || self
                .targets
                .iter()
                .any(|t| t.status == crate::delivery::DeliveryStatus::Delivered)
            || self.own_key.as_ref().is_some_and(|own| own.stored)
    }
}

/// A whole run: one entry per user, in the order asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RotationReport {
    pub users: Vec<UserRotation>,
    /// The run stopped on a network failure: some users were not reached or are unknown, and
    /// `finish_rotation` can finish them.
    pub interrupted: bool,
}

impl RotationReport {
    /// What `finish_rotation` needs to go on: every user not rotated or unknown.
    pub fn unfinished(&self) -> Vec<Unfinished> {
        self.users
            .iter()
            .filter(|u| u.state != RotationState::Rotated)
            .map(Unfinished::from)
            .collect()
    }
}

impl From<&UserRotation> for Unfinished {
    fn from(user: &UserRotation) -> Self {
        Unfinished {
            name: user.name.clone(),
            state: user.state,
            previous_client_id: user.previous_client_id.clone(),
            previous_token_created: user.previous_token_created,
        }
    }
}

/// A user an earlier run did not finish, as its report described it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Unfinished {
    pub name: String,
    pub state: RotationState,
    #[serde(default)]
    pub previous_client_id: Option<String>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub previous_token_created: Option<i64>,
}

/// The step a user's rotation is at, sent as it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RotationStep {
    Regenerating,
    Delivering,
    Verifying,
    Done,
}

/// Progress of a run: which user, which step, how far through the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RotationProgress {
    pub name: String,
    pub step: RotationStep,
    /// 0-based position of the user in the run.
    pub index: u32,
    pub total: u32,
    /// The user's entry, once `step` is `done`.
    pub result: Option<UserRotation>,
}
