//! Copying service users and custom policies from one org to another (either way round) on the
//! bulk path: bounded concurrency, progress after each item, cancellation of what has not started,
//! and one outcome per item. Policies go first (users may refer to them), then users, created with
//! their status and policies and without keys. What already exists on the target is skipped,
//! never overwritten.

use tg_api::{Client, NewServiceUser};
use tokio_util::sync::CancellationToken;

use crate::bulk::{self, BulkItemResult, BulkOptions, BulkOutcome, BulkProgress};
use crate::error::{Error, Result};

/// What to copy and how: the names, the bulk options, the cancellation, the progress callback.
pub struct CopyRun<'a, P: Fn(BulkProgress)> {
    pub users: &'a [String],
    pub policies: &'a [String],
    pub options: BulkOptions,
    pub cancel: &'a CancellationToken,
    pub on_progress: P,
}

/// Copies the run's policies then its users from `from` to `to`; one result per name, in the
/// order given. Progress counts both kinds together (`done` of policies + users).
pub async fn copy<P: Fn(BulkProgress)>(
    from: &Client,
    to: &Client,
    run: CopyRun<'_, P>,
) -> Result<(Vec<BulkItemResult>, Vec<BulkItemResult>)> {
    let existing_policies: Vec<String> = to
        .policies()
        .list()
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let existing_users: Vec<String> = to
        .service_users()
        .list()
        .await?
        .into_iter()
        .map(|u| u.name)
        .collect();
    let total = u32::try_from(run.policies.len() + run.users.len()).unwrap_or(u32::MAX);
    let overall = |offset: u32| {
        let on_progress = &run.on_progress;
        move |p: BulkProgress| {
            on_progress(BulkProgress {
                done: offset + p.done,
                total,
                current: p.current,
            })
        }
    };
    let cancel = run.cancel;
    let (existing_policies, existing_users) = (&existing_policies, &existing_users);

    let policy_results = bulk::run_items(
        run.policies,
        run.options,
        cancel,
        overall(0),
        |name| async move {
            if tg_policy::is_builtin(name) {
                return skipped("built-in: every org has it");
            }
            if existing_policies.iter().any(|p| p == name) {
                return skipped("already exists there");
            }
            match from.policies().get(name).await {
                // Last point where stopping leaves no doubt: read, nothing written yet.
                Ok(_) if cancel.is_cancelled() => BulkOutcome::Cancelled,
                Ok(policy) => done(to.policies().create(&policy).await.map(|_| ())),
                Err(error) => failed(error),
            }
        },
    )
    .await;
    let offset = u32::try_from(run.policies.len()).unwrap_or(u32::MAX);
    let user_results = bulk::run_items(
        run.users,
        run.options,
        cancel,
        overall(offset),
        |name| async move {
            if existing_users.iter().any(|u| u == name) {
                return skipped("already exists there");
            }
            match from.service_users().get(name).await {
                Ok(_) if cancel.is_cancelled() => BulkOutcome::Cancelled,
                Ok(user) => {
                    let copy = NewServiceUser {
                        name: user.name,
                        policy_ids: user.policy_ids,
                        status: user.status,
                    };
                    done(to.service_users().create(&copy).await.map(|_| ()))
                }
                Err(error) => failed(error),
            }
        },
    )
    .await;
    Ok((policy_results, user_results))
}

fn skipped(reason: &str) -> BulkOutcome {
    BulkOutcome::Skipped {
        reason: reason.into(),
    }
}

fn failed(error: tg_api::Error) -> BulkOutcome {
    BulkOutcome::Failed {
        error: Error::from(error).into(),
    }
}

fn done(result: std::result::Result<(), tg_api::Error>) -> BulkOutcome {
    match result {
        Ok(()) => BulkOutcome::Ok,
        Err(error) => failed(error),
    }
}
