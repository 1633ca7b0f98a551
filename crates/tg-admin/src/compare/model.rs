//! The shapes of a comparison, as the UI and the JSON export see them.

use serde::Serialize;
use tg_api::{Policy, ServiceUser};
use ts_rs::TS;

/// One side of a comparison: a connection's name and what its org holds.
pub struct Side<'a> {
    pub name: &'a str,
    pub users: &'a [ServiceUser],
    pub policies: &'a [Policy],
}

/// Everything that differs between two orgs; same objects are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Comparison {
    /// The left connection's name.
    pub left: String,
    /// The right connection's name.
    pub right: String,
    pub users_only_left: Vec<String>,
    pub users_only_right: Vec<String>,
    /// Same-named users that differ, by name.
    pub users: Vec<UserDifference>,
    pub policies_only_left: Vec<String>,
    pub policies_only_right: Vec<String>,
    /// Same-named custom policies whose content differs, by name.
    pub policies: Vec<PolicyDifference>,
}

impl Comparison {
    pub fn is_empty(&self) -> bool {
        self.users_only_left.is_empty()
            && self.users_only_right.is_empty()
            && self.users.is_empty()
            && self.policies_only_left.is_empty()
            && self.policies_only_right.is_empty()
            && self.policies.is_empty()
    }
}

/// How a same-named service user differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserDifference {
    pub name: String,
    /// The status on each side, when they differ.
    pub status: Option<(String, String)>,
    pub policies_only_left: Vec<String>,
    pub policies_only_right: Vec<String>,
    /// Catalog actions allowed on the left and not on the right.
    pub actions_only_left: Vec<String>,
    /// Catalog actions allowed on the right and not on the left.
    pub actions_only_right: Vec<String>,
}

/// A same-named custom policy whose content differs, as a line diff of its readable form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PolicyDifference {
    pub name: String,
    pub lines: Vec<DiffLine>,
}

/// One line of a policy diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DiffLine {
    /// `same`, `left` (only on the left) or `right` (only on the right).
    pub side: DiffSide,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DiffSide {
    Same,
    Left,
    Right,
}
