//! Key hygiene, checked over every service user at once: what the Trustgrid documentation leaves
//! as advice (least privilege, rotate keys, one identity per integration, disable unused users)
//! turned into findings, each with a severity, a sentence an administrator can act on, and the
//! fix the app can apply through its bulk path. Permission questions go through `tg-policy`
//! only, so a finding can never disagree with what the server enforces.
//!
//! [`check`] is pure (users, policies, the threshold, the clock and the connection's own Client
//! ID in; findings out), so every rule is tested without a server. Policy decisions are made
//! once per distinct policy and per distinct policy set, not once per user: 10,000 users holding
//! a handful of combinations cost a handful of evaluations.
//!
//! `accepted` holds the findings an administrator chose to keep, with a reason.

pub mod accepted;
mod rules;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use tg_api::ServiceUser;
use time::OffsetDateTime;
use ts_rs::TS;

pub use self::accepted::AcceptedFinding;
pub use self::rules::{APP_NEEDS, check};

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

/// The findings of the connected org, most urgent first, and those the administrator accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FindingsReport {
    pub findings: Vec<Finding>,
    /// Accepted findings that still apply (the check would report them otherwise).
    pub accepted: Vec<AcceptedFinding>,
    /// The key-age threshold the check used, in days.
    #[serde(rename = "keyAgeDays")]
    pub key_age_days: u32,
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

/// Removes accepted findings from `findings`, returning the accepted ones that matched.
pub fn without_accepted(
    findings: Vec<Finding>,
    accepted: &[AcceptedFinding],
) -> (Vec<Finding>, Vec<AcceptedFinding>) {
    let mut kept = Vec::with_capacity(findings.len());
    let mut matched = Vec::new();
    for finding in findings {
        match accepted.iter().find(|a| a.matches(&finding)) {
            Some(a) => matched.push(a.clone()),
            None => kept.push(finding),
        }
    }
    (kept, matched)
}

/// The user's key age in whole days, if it has keys.
pub fn key_age_days(user: &ServiceUser, now: OffsetDateTime) -> Option<i64> {
    user.token_created
        .map(|created| (now - created).whole_days())
}
