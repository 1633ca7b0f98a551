//! The credential report: every service user with its status, policies, Client ID, key age and
//! findings, as CSV or JSON, for an audit or a spreadsheet. It is built from what the API lists,
//! which never holds a secret, so no secret can reach the file. CSV goes through the `csv` crate
//! (quoting, embedded commas and newlines), never string joining.

use serde::{Deserialize, Serialize};
use tg_api::{ServiceUser, ServiceUserStatus};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::findings::{self, AcceptedFinding, Finding};

/// The file format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ReportFormat {
    Csv,
    Json,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
        }
    }
}

/// One service user's line of the credential report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialRow {
    pub name: String,
    pub status: &'static str,
    /// Policy names separated by `;` in CSV, a list in JSON.
    pub policies: Vec<String>,
    pub client_id: Option<String>,
    /// When the keys were generated, RFC 3339.
    pub keys_created: Option<String>,
    pub key_age_days: Option<i64>,
    /// Finding kinds still reported (accepted ones are listed apart).
    pub findings: Vec<String>,
    pub accepted_findings: Vec<String>,
}

/// The report's rows, in the order the users are given.
pub fn credential_rows(
    users: &[ServiceUser],
    reported: &[Finding],
    accepted: &[AcceptedFinding],
    now: OffsetDateTime,
) -> Vec<CredentialRow> {
    let kind = |k| {
        serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    users
        .iter()
        .map(|user| CredentialRow {
            name: user.name.clone(),
            status: match user.status {
                ServiceUserStatus::Active => "active",
                ServiceUserStatus::Inactive => "inactive",
            },
            policies: user.policy_ids.clone(),
            client_id: user.client_id.clone(),
            keys_created: user.token_created.and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            }),
            key_age_days: findings::key_age_days(user, now),
            findings: reported
                .iter()
                .filter(|f| f.user == user.name)
                .map(|f| kind(f.kind))
                .collect(),
            accepted_findings: accepted
                .iter()
                .filter(|a| a.user == user.name)
                .map(|a| kind(a.kind))
                .collect(),
        })
        .collect()
}

/// The rows as a file's bytes.
pub fn encode(rows: &[CredentialRow], format: ReportFormat) -> Result<Vec<u8>> {
    let failed = |e: &dyn std::fmt::Display| {
        Error::InvalidInput(format!("The report could not be written: {e}"))
    };
    match format {
        ReportFormat::Json => serde_json::to_vec_pretty(rows).map_err(|e| failed(&e)),
        ReportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer
                .write_record([
                    "name",
                    "status",
                    "policies",
                    "clientId",
                    "keysCreated",
                    "keyAgeDays",
                    "findings",
                    "acceptedFindings",
                ])
                .map_err(|e| failed(&e))?;
            for row in rows {
                writer
                    .write_record([
                        row.name.as_str(),
                        row.status,
                        &row.policies.join(";"),
                        row.client_id.as_deref().unwrap_or(""),
                        row.keys_created.as_deref().unwrap_or(""),
                        &row.key_age_days.map(|d| d.to_string()).unwrap_or_default(),
                        &row.findings.join(";"),
                        &row.accepted_findings.join(";"),
                    ])
                    .map_err(|e| failed(&e))?;
            }
            writer.into_inner().map_err(|e| failed(&e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str, policies: &[&str], keyed: bool) -> ServiceUser {
        ServiceUser {
            name: name.into(),
            org_id: "o".into(),
            status: ServiceUserStatus::Active,
            policy_ids: policies.iter().map(|p| (*p).to_owned()).collect(),
            client_id: keyed.then(|| "59766250b5935818".to_owned()),
            token_created: keyed.then_some(time::macros::datetime!(2026-01-01 00:00 UTC)),
        }
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_has_one_line_per_user() {
        let now = time::macros::datetime!(2026-01-11 00:00 UTC);
        let users = [user("cicd", &["a,b", "c"], true), user("new", &[], false)];
        let rows = credential_rows(&users, &[], &[], now);
        let text = String::from_utf8(encode(&rows, ReportFormat::Csv).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(
            lines[1],
            "cicd,active,\"a,b;c\",59766250b5935818,2026-01-01T00:00:00Z,10,,"
        );
        assert_eq!(lines[2], "new,active,,,,,,");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let first = reader.records().next().unwrap().unwrap();
        assert_eq!(&first[2], "a,b;c", "a reader gets the field back whole");
    }

    #[test]
    fn json_lists_policies_and_findings() {
        let now = time::macros::datetime!(2026-01-11 00:00 UTC);
        let finding = Finding {
            user: "cicd".into(),
            kind: findings::FindingKind::OldKeys,
            severity: findings::Severity::Medium,
            message: String::new(),
            fix: None,
        };
        let rows = credential_rows(&[user("cicd", &["p"], true)], &[finding], &[], now);
        let json: serde_json::Value =
            serde_json::from_slice(&encode(&rows, ReportFormat::Json).unwrap()).unwrap();
        assert_eq!(json[0]["findings"], serde_json::json!(["old-keys"]));
        assert_eq!(json[0]["keyAgeDays"], 10);
        assert_eq!(json[0]["policies"], serde_json::json!(["p"]));
    }
}
