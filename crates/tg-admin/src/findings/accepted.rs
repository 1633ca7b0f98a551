//! Findings an administrator looked at and chose to keep ("this CI user needs admin"), with the
//! reason. Kept locally in the preferences file, per connection, because the API has nowhere
//! to store them; each acceptance is journaled by the command that makes it.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::model::{Finding, FindingKind};
use crate::error::{Error, Result};

/// Longest reason kept, in characters.
pub const REASON_MAX_CHARS: usize = 500;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AcceptedFinding {
    /// The id of the connection it was accepted on (users are per org).
    pub connection: String,
    pub user: String,
    pub kind: FindingKind,
    pub reason: String,
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub time: OffsetDateTime,
}

impl AcceptedFinding {
    /// Checks the reason (required, trimmed, bounded) and stamps the time.
    pub fn new(connection: &str, user: &str, kind: FindingKind, reason: &str) -> Result<Self> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::InvalidInput(
                "Say why this finding is accepted, so the next administrator knows.".into(),
            ));
        }
        if reason.chars().count() > REASON_MAX_CHARS {
            return Err(Error::InvalidInput(format!(
                "The reason can be at most {REASON_MAX_CHARS} characters."
            )));
        }
        Ok(Self {
            connection: connection.to_owned(),
            user: user.to_owned(),
            kind,
            reason: reason.to_owned(),
            time: OffsetDateTime::now_utc(),
        })
    }

    /// Whether this acceptance silences `finding` (same user, same kind).
    pub fn matches(&self, finding: &Finding) -> bool {
        self.user == finding.user && self.kind == finding.kind
    }
}

/// The acceptances of one connection.
pub fn for_connection<'a>(
    all: &'a [AcceptedFinding],
    connection: &'a str,
) -> impl Iterator<Item = &'a AcceptedFinding> + 'a {
    all.iter().filter(move |a| a.connection == connection)
}

/// `all` with `accepted` in it, replacing an earlier acceptance of the same finding.
pub fn with(mut all: Vec<AcceptedFinding>, accepted: AcceptedFinding) -> Vec<AcceptedFinding> {
    all.retain(|a| !same(a, &accepted.connection, &accepted.user, accepted.kind));
    all.push(accepted);
    all
}

/// `all` without the acceptance of `kind` for `user` on `connection`; whether there was one.
pub fn without(
    all: &mut Vec<AcceptedFinding>,
    connection: &str,
    user: &str,
    kind: FindingKind,
) -> bool {
    let before = all.len();
    all.retain(|a| !same(a, connection, user, kind));
    all.len() != before
}

fn same(a: &AcceptedFinding, connection: &str, user: &str, kind: FindingKind) -> bool {
    a.connection == connection && a.user == user && a.kind == kind
}
