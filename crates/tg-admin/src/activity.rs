//! The Activity page's filter (by action, user and date) and its export as JSON Lines or CSV.
//! The filter is applied here, so the exported file holds exactly the entries the filter names.

use serde::{Deserialize, Serialize};
use time::Date;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::journal::{JournalEntry, JournalOutcome};

/// Which journal entries to keep; an empty field keeps every entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ActivityFilter {
    /// The action's first word (`disable`, `bulk-delete`, `attach-policy`…).
    pub action: Option<String>,
    /// A service user (or other target) named by the entry, ignoring case.
    pub user: Option<String>,
    /// First day kept, `YYYY-MM-DD` (UTC).
    pub from: Option<String>,
    /// Last day kept, `YYYY-MM-DD` (UTC).
    pub to: Option<String>,
}

/// The file format of an activity export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ActivityFormat {
    Jsonl,
    Csv,
}

impl ActivityFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ActivityFormat::Jsonl => "jsonl",
            ActivityFormat::Csv => "csv",
        }
    }
}

fn day(text: &Option<String>, which: &str) -> Result<Option<Date>> {
    let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format).map(Some).map_err(|_| {
        Error::InvalidInput(format!(
            "The {which} date must read YYYY-MM-DD, not \"{text}\"."
        ))
    })
}

fn non_empty(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The entries `filter` keeps, in the order given.
pub fn filter(entries: Vec<JournalEntry>, filter: &ActivityFilter) -> Result<Vec<JournalEntry>> {
    let (from, to) = (day(&filter.from, "first")?, day(&filter.to, "last")?);
    let action = non_empty(&filter.action);
    let user = non_empty(&filter.user).map(str::to_lowercase);
    Ok(entries
        .into_iter()
        .filter(|e| action.is_none_or(|a| e.action.split(' ').next() == Some(a)))
        .filter(|e| {
            user.as_deref()
                .is_none_or(|u| e.targets.iter().any(|t| t.to_lowercase() == u))
        })
        .filter(|e| from.is_none_or(|d| e.time.date() >= d))
        .filter(|e| to.is_none_or(|d| e.time.date() <= d))
        .collect())
}

/// The entries as a file's bytes.
pub fn encode(entries: &[JournalEntry], format: ActivityFormat) -> Result<Vec<u8>> {
    let failed = |e: &dyn std::fmt::Display| {
        Error::InvalidInput(format!("The activity could not be written: {e}"))
    };
    match format {
        ActivityFormat::Jsonl => {
            let mut bytes = Vec::new();
            for entry in entries {
                serde_json::to_writer(&mut bytes, entry).map_err(|e| failed(&e))?;
                bytes.push(b'\n');
            }
            Ok(bytes)
        }
        ActivityFormat::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer
                .write_record([
                    "time",
                    "connection",
                    "action",
                    "targets",
                    "outcome",
                    "error",
                    "note",
                ])
                .map_err(|e| failed(&e))?;
            for e in entries {
                let time = e
                    .time
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default();
                let outcome = match e.outcome {
                    JournalOutcome::Ok => "ok",
                    JournalOutcome::Failed => "failed",
                    JournalOutcome::Partial => "partial",
                };
                writer
                    .write_record([
                        time.as_str(),
                        &e.connection,
                        &e.action,
                        &e.targets.join(";"),
                        outcome,
                        e.error.as_deref().unwrap_or(""),
                        e.note.as_deref().unwrap_or(""),
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

    fn entry(action: &str, targets: &[&str], day: u8) -> JournalEntry {
        let mut e = JournalEntry::now(
            "prod",
            action,
            targets.iter().map(|t| (*t).to_owned()).collect(),
            JournalOutcome::Ok,
            None,
        );
        e.time = time::Date::from_calendar_date(2026, time::Month::March, day)
            .unwrap()
            .midnight()
            .assume_utc();
        e
    }

    fn entries() -> Vec<JournalEntry> {
        vec![
            entry("disable", &["cicd"], 3),
            entry("attach-policy builtin-tg-monitor", &["CICD", "other"], 2),
            entry("bulk-delete", &["old"], 1),
        ]
    }

    #[test]
    fn filters_by_action_word_user_and_inclusive_days() {
        let by = |f: ActivityFilter| {
            filter(entries(), &f)
                .unwrap()
                .into_iter()
                .map(|e| e.action)
                .collect::<Vec<_>>()
        };
        let all = by(ActivityFilter::default());
        assert_eq!(all.len(), 3);
        let action = by(ActivityFilter {
            action: Some("attach-policy".into()),
            ..Default::default()
        });
        assert_eq!(action, vec!["attach-policy builtin-tg-monitor"]);
        let user = by(ActivityFilter {
            user: Some("cicd".into()),
            ..Default::default()
        });
        assert_eq!(user.len(), 2, "names match ignoring case");
        let days = by(ActivityFilter {
            from: Some("2026-03-02".into()),
            to: Some("2026-03-02".into()),
            ..Default::default()
        });
        assert_eq!(days, vec!["attach-policy builtin-tg-monitor"]);
        let bad = filter(
            entries(),
            &ActivityFilter {
                from: Some("March 2".into()),
                ..Default::default()
            },
        );
        assert!(matches!(bad, Err(Error::InvalidInput(_))));
    }

    #[test]
    fn exports_json_lines_and_csv_with_one_line_per_entry() {
        let jsonl = String::from_utf8(encode(&entries(), ActivityFormat::Jsonl).unwrap()).unwrap();
        assert_eq!(jsonl.lines().count(), 3);
        let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
        assert_eq!(first["action"], "disable");
        let csv = String::from_utf8(encode(&entries(), ActivityFormat::Csv).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[2],
            "2026-03-02T00:00:00Z,prod,attach-policy builtin-tg-monitor,CICD;other,ok,,"
        );
    }
}
