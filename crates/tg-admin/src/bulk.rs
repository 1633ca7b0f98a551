//! Enable, disable or delete many service users at once. The API has no bulk endpoint, so each user
//! is its own read-modify-write (or delete), run with bounded concurrency. Each item gets its own
//! outcome: one failure never stops the others, a user already in the asked state is skipped (so
//! running the same action twice is a harmless no-op), and cancelling stops items that have not
//! started while letting the ones in flight finish, so no outcome is ever a guess.
//!
//! A write that got no clear answer (a timeout, a broken connection, a 5xx) may still have been
//! made. It is never sent again blindly: the user is read back to learn what happened, so an item
//! is reported done exactly when the server did it. Only when even that read fails is the item
//! reported with [`ErrorCode::OutcomeUnknown`], and running the action again settles it.

use std::time::Duration;

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tg_api::{Client, ServiceUserStatus};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::error::{AppError, Error, ErrorCode};
use crate::service_users;

/// What to do to every named user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum BulkAction {
    Enable,
    Disable,
    Delete,
}

impl BulkAction {
    /// The word used in the journal.
    pub fn name(self) -> &'static str {
        match self {
            BulkAction::Enable => "enable",
            BulkAction::Disable => "disable",
            BulkAction::Delete => "delete",
        }
    }

    fn past(self) -> &'static str {
        match self {
            BulkAction::Enable => "enabled",
            BulkAction::Disable => "disabled",
            BulkAction::Delete => "deleted",
        }
    }

    /// Whether a user in this state (`None`: no such user) is where the action leads.
    fn is_done(self, status: Option<ServiceUserStatus>) -> bool {
        match self {
            BulkAction::Enable => status == Some(ServiceUserStatus::Active),
            BulkAction::Disable => status == Some(ServiceUserStatus::Inactive),
            BulkAction::Delete => status.is_none(),
        }
    }
}

/// Progress after each finished item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkProgress {
    pub done: u32,
    pub total: u32,
    /// The item that just finished.
    pub current: Option<String>,
}

/// How one item ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[ts(export)]
pub enum BulkOutcome {
    Ok,
    Skipped { reason: String },
    Failed { error: AppError },
    Cancelled,
}

/// One item's name and outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkItemResult {
    pub name: String,
    pub outcome: BulkOutcome,
}

/// Every item's outcome, in the order the names were given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkReport {
    pub action: BulkAction,
    pub items: Vec<BulkItemResult>,
}

impl BulkReport {
    /// How many items ended with `matches`.
    pub fn count(&self, matches: impl Fn(&BulkOutcome) -> bool) -> usize {
        self.items.iter().filter(|i| matches(&i.outcome)).count()
    }
}

/// How many requests run at once (default 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkOptions {
    pub concurrency: usize,
}

impl Default for BulkOptions {
    fn default() -> Self {
        Self { concurrency: 8 }
    }
}

/// Runs `action` on every name. `on_progress` is called after each item finishes; `cancel` stops
/// items that have not started yet (they are reported as cancelled).
pub async fn run(
    client: &Client,
    action: BulkAction,
    names: &[String],
    options: BulkOptions,
    cancel: &CancellationToken,
    on_progress: impl Fn(BulkProgress),
) -> BulkReport {
    let total = u32::try_from(names.len()).unwrap_or(u32::MAX);
    let mut outcomes: Vec<Option<BulkOutcome>> = vec![None; names.len()];
    // Indices, not `&String` items: a closure over borrowed items makes the future's `Send`
    // bound higher-ranked, which async callers such as Tauri commands cannot satisfy.
    let mut finished = futures::stream::iter(0..names.len())
        .map(|index| {
            let name = names[index].as_str();
            async move {
                let outcome = if cancel.is_cancelled() {
                    BulkOutcome::Cancelled
                } else {
                    run_one(client, action, name, cancel).await
                };
                (index, outcome)
            }
        })
        .buffer_unordered(options.concurrency.max(1));
    let mut done = 0u32;
    while let Some((index, outcome)) = finished.next().await {
        outcomes[index] = Some(outcome);
        done += 1;
        on_progress(BulkProgress {
            done,
            total,
            current: Some(names[index].clone()),
        });
    }
    BulkReport {
        action,
        items: names
            .iter()
            .zip(outcomes)
            .map(|(name, outcome)| BulkItemResult {
                name: name.clone(),
                outcome: outcome.unwrap_or(BulkOutcome::Cancelled),
            })
            .collect(),
    }
}

async fn run_one(
    client: &Client,
    action: BulkAction,
    name: &str,
    cancel: &CancellationToken,
) -> BulkOutcome {
    let status = match action {
        BulkAction::Enable => ServiceUserStatus::Active,
        BulkAction::Disable => ServiceUserStatus::Inactive,
        BulkAction::Delete => {
            return match service_users::delete(client, name).await {
                Ok(()) => BulkOutcome::Ok,
                Err(Error::Api(tg_api::Error::NotFound)) => BulkOutcome::Skipped {
                    reason: "already deleted".into(),
                },
                Err(error) => settle(client, action, name, error).await,
            };
        }
    };
    // Last point where stopping leaves no doubt: after the read, before anything is written.
    let proceed = || !cancel.is_cancelled();
    match service_users::set_status_if(client, name, status, proceed).await {
        Ok(change) if change.changed => BulkOutcome::Ok,
        Ok(change) if change.user.status == status => BulkOutcome::Skipped {
            reason: format!("already {}", status_word(status)),
        },
        // Not changed and not in the asked state: stopped before the `PUT`.
        Ok(_) => BulkOutcome::Cancelled,
        Err(error) => settle(client, action, name, error).await,
    }
}

/// Waits before each read that settles an item whose write got no clear answer.
const SETTLE_PAUSES: [Duration; 4] = [
    Duration::ZERO,
    Duration::from_millis(250),
    Duration::from_millis(500),
    Duration::from_secs(1),
];

/// The outcome of an item whose request failed with `error`. A failure that may hide a change
/// made (see [`Error::may_have_been_applied`]) is settled by reading the user back: done if it
/// is where the action leads, failed if not, and "unknown" only when it cannot be read.
async fn settle(client: &Client, action: BulkAction, name: &str, error: Error) -> BulkOutcome {
    if !error.may_have_been_applied() {
        return BulkOutcome::Failed {
            error: error.into(),
        };
    }
    for pause in SETTLE_PAUSES {
        tokio::time::sleep(pause).await;
        let status = match client.service_users().get(name).await {
            Ok(user) => Some(user.status),
            Err(tg_api::Error::NotFound) => None,
            Err(read)
                if read.may_have_been_applied()
                    || matches!(read, tg_api::Error::Unreachable(_)) =>
            {
                continue;
            }
            // Refused (401, 403, ...): reading again will not help.
            Err(_) => break,
        };
        return if action.is_done(status) {
            BulkOutcome::Ok
        } else {
            BulkOutcome::Failed {
                error: error.into(),
            }
        };
    }
    BulkOutcome::Failed {
        error: AppError::new(
            ErrorCode::OutcomeUnknown,
            format!(
                "No clear answer came back ({error}), and {name} could not be read afterwards to \
                 check: it may or may not be {}. Refresh the list, and run the action again on \
                 it if needed.",
                action.past()
            ),
        ),
    }
}

fn status_word(status: ServiceUserStatus) -> &'static str {
    match status {
        ServiceUserStatus::Active => "active",
        ServiceUserStatus::Inactive => "inactive",
    }
}
