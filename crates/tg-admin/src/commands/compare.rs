//! Comparing two saved connections' orgs, exporting the comparison, and copying users and
//! policies from one to the other (never keys).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bulk::{BulkItemResult, BulkOutcome};
use crate::compare::{self, Comparison, CopyRun, Side};
use crate::contract::{Host, SaveRequest, emit};
use crate::journal::{JournalEntry, JournalOutcome};
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

/// How a comparison is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ComparisonFormat {
    Markdown,
    Json,
}

pub async fn compare_connections(
    app: &App,
    _: &dyn Host,
    left_id: String,
    right_id: String,
) -> Result<Comparison> {
    let left = app.state.connect_other(&left_id).await?;
    let right = app.state.connect_other(&right_id).await?;
    let (left_user_api, left_policy_api) = (left.client.service_users(), left.client.policies());
    let (right_user_api, right_policy_api) =
        (right.client.service_users(), right.client.policies());
    let (left_users, left_policies, right_users, right_policies) = futures::try_join!(
        left_user_api.list(),
        left_policy_api.list(),
        right_user_api.list(),
        right_policy_api.list(),
    )
    .map_err(crate::Error::from)?;
    Ok(compare::compare(
        &Side {
            name: &left.connection.name,
            users: &left_users,
            policies: &left_policies,
        },
        &Side {
            name: &right.connection.name,
            users: &right_users,
            policies: &right_policies,
        },
    ))
}

pub async fn export_comparison(
    app: &App,
    host: &dyn Host,
    left_id: String,
    right_id: String,
    format: ComparisonFormat,
) -> Result<Option<String>> {
    let comparison = compare_connections(app, host, left_id, right_id).await?;
    let (filter, extension) = match format {
        ComparisonFormat::Markdown => ("Markdown", "md"),
        ComparisonFormat::Json => ("JSON", "json"),
    };
    let request = SaveRequest {
        title: "Export the comparison",
        file_name: format!("{}-vs-{}.{extension}", comparison.left, comparison.right)
            .replace(['/', '\\', ' '], "-"),
        filter,
        extension,
        directory: None,
    };
    let text = match format {
        ComparisonFormat::Markdown => compare::to_markdown(&comparison),
        ComparisonFormat::Json => {
            serde_json::to_string_pretty(&comparison).expect("a comparison serializes")
        }
    };
    super::save::save_chosen(host, request, text.as_bytes(), "write the comparison to").await
}

/// What copying across did, item by item (policies first, then users), and to which org.
/// Progress arrives as `BulkProgress` events, and `cancel_bulk_action` stops what has not started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CopyReport {
    /// The target connection's name.
    pub target: String,
    /// The target org's name.
    pub target_org: String,
    pub policies: Vec<BulkItemResult>,
    pub users: Vec<BulkItemResult>,
}

pub async fn copy_across(
    app: &App,
    _: &dyn Host,
    from_id: String,
    to_id: String,
    users: Vec<String>,
    policies: Vec<String>,
) -> Result<CopyReport> {
    let from = app.state.connect_other(&from_id).await?;
    let to = app.state.connect_other(&to_id).await?;
    let events = app.events();
    let cancel = app.state.begin_bulk();
    let run = CopyRun {
        users: &users,
        policies: &policies,
        options: app.state.bulk_options(),
        cancel: &cancel,
        on_progress: |progress| emit(events, &progress),
    };
    let report = crate::compare::copy(&from.client, &to.client, run).await?;
    let report = CopyReport {
        target: to.connection.name.clone(),
        target_org: to.org.name.clone(),
        policies: report.0,
        users: report.1,
    };
    let items: Vec<&BulkItemResult> = report.policies.iter().chain(&report.users).collect();
    let count = |kind: fn(&BulkOutcome) -> bool| items.iter().filter(|i| kind(&i.outcome)).count();
    let failed = count(|o| matches!(o, BulkOutcome::Failed { .. }));
    let cancelled = count(|o| matches!(o, BulkOutcome::Cancelled));
    let outcome = match (failed, cancelled) {
        (0, 0) => JournalOutcome::Ok,
        (n, _) if n == items.len() => JournalOutcome::Failed,
        _ => JournalOutcome::Partial,
    };
    app.state.append(JournalEntry::now(
        to.connection.name.clone(),
        format!("copy-from {}", from.connection.name),
        items.iter().map(|i| i.name.clone()).collect(),
        outcome,
        (failed + cancelled > 0).then(|| {
            format!(
                "{failed} of {} could not be copied, {cancelled} cancelled",
                items.len()
            )
        }),
    ));
    Ok(report)
}
