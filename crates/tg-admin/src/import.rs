//! Creating many service users from a CSV file (`name,policies,status`, the header optional,
//! policies separated by `;`). The preview checks every row before anything is sent: the name
//! rule (tg-policy's, as the server enforces it), duplicates in the file, names that already
//! exist on the server (skipped, so running the same file again is harmless), unknown policies
//! and unknown statuses. Only rows without problems are sent, each its own create on the bulk
//! path with its own outcome.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use tg_api::{NewServiceUser, ServiceUser, ServiceUserStatus};
use ts_rs::TS;

use crate::error::{Error, Result};

/// Longest file the preview reads, in rows.
pub const IMPORT_MAX_ROWS: usize = 10_000;

/// One row of the file as read and checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportRow {
    /// The row's line in the file (1-based, the header counts).
    pub line: u32,
    pub name: String,
    pub policy_ids: Vec<String>,
    pub status: Option<ServiceUserStatus>,
    /// Why this row cannot be created; empty when it can.
    pub problems: Vec<String>,
    /// A service user with this name exists already: the row is skipped.
    pub exists: bool,
}

impl ImportRow {
    /// What to send for this row, if it has no problem (one that exists is sent too, and
    /// reported as skipped, so the result names every good row).
    pub fn to_send(&self) -> Option<NewServiceUser> {
        self.problems.is_empty().then(|| NewServiceUser {
            name: self.name.clone(),
            policy_ids: self.policy_ids.clone(),
            status: self.status.unwrap_or(ServiceUserStatus::Active),
        })
    }
}

/// Reads and checks `text` against the users and policy names on the server.
pub fn preview(
    text: &str,
    existing: &[ServiceUser],
    policy_names: &HashSet<&str>,
) -> Result<Vec<ImportRow>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let existing: HashSet<&str> = existing.iter().map(|u| u.name.as_str()).collect();
    let mut rows = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let record = record
            .map_err(|e| Error::InvalidInput(format!("The file is not readable as CSV: {e}")))?;
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let field = |i: usize| record.get(i).unwrap_or("").to_owned();
        let name = field(0);
        if index == 0 && name.eq_ignore_ascii_case("name") {
            continue;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() == IMPORT_MAX_ROWS {
            return Err(Error::InvalidInput(format!(
                "The file has more than {IMPORT_MAX_ROWS} rows; split it."
            )));
        }
        let mut problems = tg_policy::names::name_problems("service user", &name);
        if let Some(first) = seen.get(&name) {
            problems.push(format!("the same name is on line {first} of the file"));
        } else {
            seen.insert(name.clone(), line);
        }
        let policy_ids: Vec<String> = field(1)
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        for policy in &policy_ids {
            if !policy_names.contains(policy.as_str()) {
                problems.push(format!("unknown policy: {policy}"));
            }
        }
        let status = match field(2).to_ascii_lowercase().as_str() {
            "" | "active" | "enabled" => Some(ServiceUserStatus::Active),
            "inactive" | "disabled" => Some(ServiceUserStatus::Inactive),
            other => {
                problems.push(format!(
                    "status must be active or inactive, not \"{other}\""
                ));
                None
            }
        };
        rows.push(ImportRow {
            line,
            exists: existing.contains(name.as_str()),
            name,
            policy_ids,
            status,
            problems,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn existing() -> Vec<ServiceUser> {
        vec![ServiceUser {
            name: "cicd".into(),
            org_id: "o".into(),
            status: ServiceUserStatus::Active,
            policy_ids: vec![],
            client_id: None,
            token_created: None,
        }]
    }

    #[test]
    fn checks_every_row_and_says_why() {
        let text = "name,policies,status\n\
                    good,builtin-tg-monitor,active\n\
                    two-policies, builtin-tg-monitor ; ops ,inactive\n\
                    bad name,,\n\
                    good,,\n\
                    ghost,nope,\n\
                    odd,,sleeping\n\
                    cicd,,\n\
                    \n";
        let policies: HashSet<&str> = ["builtin-tg-monitor", "ops"].into();
        let rows = preview(text, &existing(), &policies).unwrap();
        let by_line = |l: u32| rows.iter().find(|r| r.line == l).unwrap();
        assert_eq!(rows.len(), 7, "the header and the blank line are not rows");
        assert!(by_line(2).problems.is_empty());
        assert_eq!(by_line(3).policy_ids, vec!["builtin-tg-monitor", "ops"]);
        assert_eq!(by_line(3).status, Some(ServiceUserStatus::Inactive));
        assert!(by_line(4).problems[0].contains("letters, digits and hyphens"));
        assert_eq!(
            by_line(5).problems,
            vec!["the same name is on line 2 of the file"]
        );
        assert_eq!(by_line(6).problems, vec!["unknown policy: nope"]);
        assert!(by_line(7).problems[0].contains("sleeping"));
        assert!(by_line(8).exists && by_line(8).problems.is_empty());
        assert_eq!(
            by_line(6).to_send(),
            None,
            "a row with a problem is not sent"
        );
        assert_eq!(
            by_line(2).to_send().unwrap().status,
            ServiceUserStatus::Active
        );
    }

    #[test]
    fn a_file_without_a_header_is_read_from_its_first_line() {
        let rows = preview("alpha\nbeta,,inactive\n", &[], &HashSet::new()).unwrap();
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 2]);
        assert!(rows.iter().all(|r| r.problems.is_empty()));
    }
}
