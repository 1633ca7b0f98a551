//! Copying service users and custom policies from one org to another, item by item with the bulk
//! path's per-item outcomes: policies first (users may refer to them), then users, created with
//! their status and policies and without keys. What already exists on the target is skipped,
//! never overwritten.

use tg_api::{Client, NewServiceUser};

use crate::bulk::{BulkItemResult, BulkOutcome};
use crate::error::{Error, Result};

/// Copies `policies` then `users` from `from` to `to`; one result per name, in order.
pub async fn copy(
    from: &Client,
    to: &Client,
    users: &[String],
    policies: &[String],
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
    let mut policy_results = Vec::new();
    for name in policies {
        let outcome = if tg_policy::is_builtin(name) {
            skipped("built-in: every org has it")
        } else if existing_policies.contains(name) {
            skipped("already exists there")
        } else {
            match from.policies().get(name).await {
                Ok(policy) => done(to.policies().create(&policy).await.map(|_| ())),
                Err(error) => failed(error),
            }
        };
        policy_results.push(BulkItemResult {
            name: name.clone(),
            outcome,
        });
    }
    let mut user_results = Vec::new();
    for name in users {
        let outcome = if existing_users.contains(name) {
            skipped("already exists there")
        } else {
            match from.service_users().get(name).await {
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
        };
        user_results.push(BulkItemResult {
            name: name.clone(),
            outcome,
        });
    }
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
