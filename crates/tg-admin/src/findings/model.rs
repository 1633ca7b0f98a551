//! What a finding is: its kind, severity, sentence and fix, and what the check is given.

use serde::{Deserialize, Serialize};
use tg_api::ServiceUser;
use time::OffsetDateTime;
use ts_rs::TS;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum FindingKind {
    /// Holds `builtin-tg-admin`, `*`, or a grant that lets its key create or re-key identities.
    AdminGrant,
    /// Holds no policy: can authenticate but do nothing.
    NoPolicy,
    /// Disabled, but its keys still exist.
    InactiveWithKeys,
    /// Was never given keys.
    NeverKeyed,
    /// Its keys are older than the threshold in Settings.
    OldKeys,
    /// Holds exactly the same policies as another service user.
    SharedPolicySet,
    /// The connection's own service user can do more than this app needs.
    ConnectionOverGranted,
}

/// How urgent a finding is, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Severity {
    High,
    Medium,
    Low,
}

/// What the app can do about a finding, through the same bulk path as the list's actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[ts(export)]
pub enum FindingFix {
    /// Detach these policies (keeping the others).
    #[serde(rename_all = "camelCase")]
    Detach {
        policy_ids: Vec<String>,
    },
    Disable,
    Delete,
    /// Regenerate the keys and deliver the new ones (the rotation assistant).
    Rotate,
}

/// One thing to look at about one service user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Finding {
    pub user: String,
    pub kind: FindingKind,
    pub severity: Severity,
    /// One plain sentence: what is wrong and why it matters.
    pub message: String,
    /// `null` when only a person can decide (e.g. which of two users should change).
    pub fix: Option<FindingFix>,
}

/// What the check looks at besides the users and policies.
#[derive(Debug, Clone, Copy)]
pub struct CheckContext<'a> {
    /// Keys older than this many whole days are reported.
    pub key_age_days: u32,
    pub now: OffsetDateTime,
    /// The Client ID the connection signs in with, to recognise its own service user.
    pub own_client_id: Option<&'a str>,
}

/// The user's key age in whole days, if it has keys.
pub fn key_age_days(user: &ServiceUser, now: OffsetDateTime) -> Option<i64> {
    user.token_created
        .map(|created| (now - created).whole_days())
}
