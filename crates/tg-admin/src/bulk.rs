//! Enable, disable, delete or detach policies from many service users at once. The API has no bulk endpoint, so each user
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
    /// Detach policies (a finding's fix); run with [`run_detach`], which says which.
    Detach,
    /// Create users (an import); run with [`run_create`].
    Create,
}

impl BulkAction {
    /// The word used in the journal.
    pub fn name(self) -> &'static str {
        match self {
            BulkAction::Enable => "enable",
            BulkAction::Disable => "disable",
            BulkAction::Delete => "delete",
            BulkAction::Detach => "detach",
            BulkAction::Create => "create",
        }
    }

    fn past(self) -> &'static str {
        match self {
            BulkAction::Enable => "enabled",
            BulkAction::Disable => "disabled",
            BulkAction::Delete => "deleted",
            BulkAction::Detach => "detached",
            BulkAction::Create => "created",
        }
    }

    /// Whether a user in this state (`None`: no such user) is where the action leads.
    fn is_done(self, status: Option<ServiceUserStatus>) -> bool {
        match self {
            BulkAction::Enable => status == Some(ServiceUserStatus::Active),
            BulkAction::Disable => status == Some(ServiceUserStatus::Inactive),
            BulkAction::Delete => status.is_none(),
            BulkAction::Create => status.is_some(),
            // The status says nothing about policies: never taken as done.
            BulkAction::Detach => false,
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
    if matches!(action, BulkAction::Detach | BulkAction::Create) {
        let error = Error::InvalidInput("This action needs more than names.".into());
        return refused(action, names, error);
    }
    run_each(action, names, options, cancel, on_progress, |name| {
        run_one(client, action, name, cancel)
    })
    .await
}

/// Detaches `policy_ids` from every name, keeping their other policies: like [`run`], one
/// read-modify-write per user, each with its own outcome.
pub async fn run_detach(
    client: &Client,
    policy_ids: &[String],
    names: &[String],
    options: BulkOptions,
    cancel: &CancellationToken,
    on_progress: impl Fn(BulkProgress),
) -> BulkReport {
    if policy_ids.iter().all(|p| p.trim().is_empty()) {
        let error = Error::InvalidInput("No policy was chosen.".into());
        return refused(BulkAction::Detach, names, error);
    }
    run_each(
        BulkAction::Detach,
        names,
        options,
        cancel,
        on_progress,
        |name| async move {
            let proceed = || !cancel.is_cancelled();
            match service_users::detach_policies_if(client, name, policy_ids, proceed).await {
                Ok(change) if change.changed => BulkOutcome::Ok,
                Ok(_) if cancel.is_cancelled() => BulkOutcome::Cancelled,
                Ok(_) => BulkOutcome::Skipped {
                    reason: "already detached".into(),
                },
                Err(error) => BulkOutcome::Failed {
                    error: error.into(),
                },
            }
        },
    )
    .await
}

/// Creates every user of `inputs` (an import): one that exists already is skipped, so running
/// the same import twice is harmless.
pub async fn run_create(
    client: &Client,
    inputs: &[tg_api::NewServiceUser],
    options: BulkOptions,
    cancel: &CancellationToken,
    on_progress: impl Fn(BulkProgress),
) -> BulkReport {
    let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    let by_name = |name: &str| inputs.iter().find(|i| i.name == name);
    run_each(
        BulkAction::Create,
        &names,
        options,
        cancel,
        on_progress,
        |name| async move {
            let Some(input) = by_name(name) else {
                return BulkOutcome::Cancelled;
            };
            match client.service_users().get(name).await {
                Ok(_) => {
                    return BulkOutcome::Skipped {
                        reason: "already exists".into(),
                    };
                }
                Err(tg_api::Error::NotFound) => {}
                Err(error) => {
                    return BulkOutcome::Failed {
                        error: Error::from(error).into(),
                    };
                }
            }
            if cancel.is_cancelled() {
                return BulkOutcome::Cancelled;
            }
            match service_users::create(client, input).await {
                Ok(_) => BulkOutcome::Ok,
                Err(error) => BulkOutcome::Failed {
                    error: error.into(),
                },
            }
        },
    )
    .await
}

/// Every item failed with the same input error, nothing sent.
fn refused(action: BulkAction, names: &[String], error: Error) -> BulkReport {
    let error = AppError::from(error);
    BulkReport {
        action,
        items: names
            .iter()
            .map(|name| BulkItemResult {
                name: name.clone(),
                outcome: BulkOutcome::Failed {
                    error: error.clone(),
                },
            })
            .collect(),
    }
}

/// The bulk path itself, as a report of `action`: see [`run_items`].
async fn run_each<'a, F, Fut>(
    action: BulkAction,
    names: &'a [String],
    options: BulkOptions,
    cancel: &CancellationToken,
    on_progress: impl Fn(BulkProgress),
    one: F,
) -> BulkReport
where
    F: Fn(&'a str) -> Fut,
    Fut: std::future::Future<Output = BulkOutcome>,
{
    BulkReport {
        action,
        items: run_items(names, options, cancel, on_progress, one).await,
    }
}

/// The bulk path itself: `one` per name with bounded concurrency, progress after each, and
/// names not started when `cancel` fires reported as cancelled. One result per name, in order.
pub(crate) async fn run_items<'a, F, Fut>(
    names: &'a [String],
    options: BulkOptions,
    cancel: &CancellationToken,
    on_progress: impl Fn(BulkProgress),
    one: F,
) -> Vec<BulkItemResult>
where
    F: Fn(&'a str) -> Fut,
    Fut: std::future::Future<Output = BulkOutcome>,
{
    let total = u32::try_from(names.len()).unwrap_or(u32::MAX);
    let mut outcomes: Vec<Option<BulkOutcome>> = vec![None; names.len()];
    // Indices, not `&String` items: a closure over borrowed items makes the future's `Send`
    // bound higher-ranked, which async callers such as Tauri commands cannot satisfy.
    let one = &one;
    let mut finished = futures::stream::iter(0..names.len())
        .map(|index| {
            let name = names[index].as_str();
            async move {
                let outcome = if cancel.is_cancelled() {
                    BulkOutcome::Cancelled
                } else {
                    one(name).await
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
    names
        .iter()
        .zip(outcomes)
        .map(|(name, outcome)| BulkItemResult {
            name: name.clone(),
            outcome: outcome.unwrap_or(BulkOutcome::Cancelled),
        })
        .collect()
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
        BulkAction::Detach | BulkAction::Create => {
            unreachable!("detaching and creating run through run_detach and run_create")
        }
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
