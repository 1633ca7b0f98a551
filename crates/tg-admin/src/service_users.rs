//! Service-user changes the way the portal makes them over this API. There is no PATCH, no
//! attach/detach and no bulk endpoint: enabling, disabling and changing policies are a fresh `GET`
//! of the whole user followed by a `PUT` of the whole object with one field changed, so no other
//! field and no other policy is ever dropped. A change that is already in place sends no `PUT`.

use tg_api::{Client, NewServiceUser, ServiceUser, ServiceUserStatus};

use crate::error::{Error, Result};

/// The user after a change, and whether a `PUT` was needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserChange {
    pub user: ServiceUser,
    /// `false` when the user already was in the asked state and nothing was sent.
    pub changed: bool,
}

/// Creates a service user with its initial policies.
pub async fn create(client: &Client, input: &NewServiceUser) -> Result<ServiceUser> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(Error::InvalidInput("The service user needs a name.".into()));
    }
    let input = NewServiceUser {
        name: name.to_owned(),
        ..input.clone()
    };
    Ok(client.service_users().create(&input).await?)
}

/// Deletes a service user; all its keys stop working.
pub async fn delete(client: &Client, name: &str) -> Result<()> {
    Ok(client.service_users().delete(name).await?)
}

/// Enables (`active`) or disables (`inactive`) a service user.
pub async fn set_status(
    client: &Client,
    name: &str,
    status: ServiceUserStatus,
) -> Result<UserChange> {
    set_status_if(client, name, status, || true).await
}

/// Like [`set_status`], but asks `proceed` after the read and before the `PUT`: when it says no,
/// nothing is written and the user comes back as read (`changed: false`, status not yet `status`).
/// A bulk action passes "not cancelled", the last point where stopping leaves no doubt.
pub async fn set_status_if(
    client: &Client,
    name: &str,
    status: ServiceUserStatus,
    proceed: impl FnOnce() -> bool,
) -> Result<UserChange> {
    modify(
        client,
        name,
        |user| {
            if user.status == status {
                return false;
            }
            user.status = status;
            true
        },
        proceed,
    )
    .await
}

/// Adds `policy_id` to the user's policies, keeping the others.
pub async fn attach_policy(client: &Client, name: &str, policy_id: &str) -> Result<UserChange> {
    let policy_id = checked_policy_id(policy_id)?;
    modify(
        client,
        name,
        |user| {
            if user.policy_ids.iter().any(|p| p == policy_id) {
                return false;
            }
            user.policy_ids.push(policy_id.to_owned());
            true
        },
        || true,
    )
    .await
}

/// Removes `policy_id` from the user's policies, keeping the others.
pub async fn detach_policy(client: &Client, name: &str, policy_id: &str) -> Result<UserChange> {
    let policy_id = checked_policy_id(policy_id)?;
    modify(
        client,
        name,
        |user| {
            let before = user.policy_ids.len();
            user.policy_ids.retain(|p| p != policy_id);
            user.policy_ids.len() != before
        },
        || true,
    )
    .await
}

/// Removes every one of `policy_ids` from the user's policies in one write, keeping the others;
/// `proceed` is asked after the read, as in [`set_status_if`].
pub async fn detach_policies_if(
    client: &Client,
    name: &str,
    policy_ids: &[String],
    proceed: impl FnOnce() -> bool,
) -> Result<UserChange> {
    let mut ids = Vec::with_capacity(policy_ids.len());
    for id in policy_ids {
        ids.push(checked_policy_id(id)?.to_owned());
    }
    modify(
        client,
        name,
        |user| {
            let before = user.policy_ids.len();
            user.policy_ids.retain(|p| !ids.contains(p));
            user.policy_ids.len() != before
        },
        proceed,
    )
    .await
}

fn checked_policy_id(policy_id: &str) -> Result<&str> {
    let policy_id = policy_id.trim();
    if policy_id.is_empty() {
        return Err(Error::InvalidInput("No policy was chosen.".into()));
    }
    Ok(policy_id)
}

/// Re-reads the user just before writing, applies `change` (which says whether it changed
/// anything) and, if `proceed` still agrees, `PUT`s the whole object back. Without a `PUT` the
/// user is returned as read, with `changed: false`.
async fn modify(
    client: &Client,
    name: &str,
    change: impl FnOnce(&mut ServiceUser) -> bool,
    proceed: impl FnOnce() -> bool,
) -> Result<UserChange> {
    let user = client.service_users().get(name).await?;
    let mut changed_user = user.clone();
    if !change(&mut changed_user) || !proceed() {
        return Ok(UserChange {
            user,
            changed: false,
        });
    }
    let user = client.service_users().update(&changed_user).await?;
    Ok(UserChange {
        user,
        changed: true,
    })
}
