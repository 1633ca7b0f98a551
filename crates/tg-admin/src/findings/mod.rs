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
mod model;
mod rules;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use self::accepted::AcceptedFinding;
pub use self::model::{CheckContext, Finding, FindingFix, FindingKind, Severity, key_age_days};
pub use self::rules::{APP_NEEDS, check};

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
