//! Policies on the connection in use: read, create, update and delete them (every change in the
//! journal), and the permission screens' questions about service users, answered by
//! [`crate::permissions`] over policies read fresh from the API.
//!
//! The server validates policies (its 422 messages reach the UI as `details`) and refuses to
//! delete a policy that users hold; `delete_policy` with `detach_first` detaches it from each of
//! them first, one journaled change at a time, and stops at the first failure.

use tg_api::{Client, Policy};

use crate::connections::Connection;
use crate::error::{AppError, Error, Result};
use crate::permissions::{
    self, EffectivePermission, PermissionChange, Simulation, SimulationResult, UserComparison,
};
use crate::service_users;
use crate::state::AppState;

/// What deleting a policy did: the users it was detached from first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PolicyDeletion {
    pub name: String,
    pub detached_from: Vec<String>,
}

impl AppState {
    pub async fn get_policy(&self, name: &str) -> Result<Policy> {
        let (client, _) = self.active_client()?;
        Ok(client.policies().get(name).await?)
    }

    pub async fn create_policy(&self, policy: Policy) -> Result<Policy> {
        let (client, connection) = self.active_client()?;
        let policy = trimmed(policy)?;
        let result = client.policies().create(&policy).await.map_err(Error::from);
        record(
            self,
            &connection,
            "create-policy",
            vec![policy.name.clone()],
            &result,
        );
        result
    }

    pub async fn update_policy(&self, policy: Policy) -> Result<Policy> {
        let (client, connection) = self.active_client()?;
        let policy = trimmed(policy)?;
        let result = client.policies().update(&policy).await.map_err(Error::from);
        record(
            self,
            &connection,
            "update-policy",
            vec![policy.name.clone()],
            &result,
        );
        result
    }

    pub async fn delete_policy(&self, name: &str, detach_first: bool) -> Result<PolicyDeletion> {
        let (client, connection) = self.active_client()?;
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::InvalidInput("No policy was chosen.".into()));
        }
        let mut detached_from = Vec::new();
        if detach_first {
            for user in holders(&client, name).await? {
                let result = service_users::detach_policy(&client, &user, name).await;
                if !matches!(result, Ok(ref change) if !change.changed) {
                    let action = format!("detach-policy {name}");
                    record(self, &connection, &action, vec![user.clone()], &result);
                }
                result?;
                detached_from.push(user);
            }
        }
        let result = client.policies().delete(name).await.map_err(Error::from);
        record(
            self,
            &connection,
            "delete-policy",
            vec![name.to_owned()],
            &result,
        );
        result.map(|()| PolicyDeletion {
            name: name.to_owned(),
            detached_from,
        })
    }

    /// Every catalog action as the user's policies decide it.
    pub async fn effective_permissions(&self, name: &str) -> Result<Vec<EffectivePermission>> {
        let (client, _) = self.active_client()?;
        let (user_policies, all) = user_and_policies(&client, name).await?;
        let all = permissions::engine_policies(&all)?;
        Ok(permissions::effective(
            tg_policy::catalog(),
            &permissions::held(&all, &user_policies),
        ))
    }

    /// What attaching `attach` and detaching `detach` would change for the user; nothing is saved.
    pub async fn what_if(
        &self,
        name: &str,
        attach: &[String],
        detach: &[String],
    ) -> Result<PermissionChange> {
        let (client, _) = self.active_client()?;
        let (held, all) = user_and_policies(&client, name).await?;
        if let Some(unknown) = attach.iter().find(|id| !all.iter().any(|p| &p.name == *id)) {
            return Err(Error::InvalidInput(format!(
                "There is no policy {unknown}."
            )));
        }
        let all = permissions::engine_policies(&all)?;
        let after = permissions::after_change(&held, attach, detach);
        Ok(permissions::change(
            tg_policy::catalog(),
            &permissions::held(&all, &held),
            &permissions::held(&all, &after),
        ))
    }

    pub async fn simulate(&self, simulation: &Simulation) -> Result<SimulationResult> {
        let (client, _) = self.active_client()?;
        let all = client.policies().list().await?;
        let ids = match simulation.service_user.as_deref().map(str::trim) {
            Some(user) if !user.is_empty() => client.service_users().get(user).await?.policy_ids,
            _ => {
                if let Some(unknown) = simulation
                    .policy_ids
                    .iter()
                    .find(|id| !all.iter().any(|p| &p.name == *id))
                {
                    return Err(Error::InvalidInput(format!(
                        "There is no policy {unknown}."
                    )));
                }
                simulation.policy_ids.clone()
            }
        };
        let all = permissions::engine_policies(&all)?;
        permissions::simulate(&permissions::held(&all, &ids), simulation)
    }

    pub async fn compare_service_users(&self, first: &str, second: &str) -> Result<UserComparison> {
        let (client, _) = self.active_client()?;
        let all = client.policies().list().await?;
        let first = client.service_users().get(first).await?.policy_ids;
        let second = client.service_users().get(second).await?.policy_ids;
        let all = permissions::engine_policies(&all)?;
        Ok(permissions::compare(
            tg_policy::catalog(),
            &permissions::held(&all, &first),
            &permissions::held(&all, &second),
        ))
    }
}

/// The names of the service users holding `policy`, sorted.
async fn holders(client: &Client, policy: &str) -> Result<Vec<String>> {
    let mut users: Vec<String> = client
        .service_users()
        .list()
        .await?
        .into_iter()
        .filter(|u| u.policy_ids.iter().any(|p| p == policy))
        .map(|u| u.name)
        .collect();
    users.sort();
    Ok(users)
}

/// A user's policy names and every policy of the org, read fresh.
async fn user_and_policies(client: &Client, name: &str) -> Result<(Vec<String>, Vec<Policy>)> {
    let user = client.service_users().get(name).await?;
    let all = client.policies().list().await?;
    Ok((user.policy_ids, all))
}

/// The name trimmed and present; everything else is the server's to judge.
fn trimmed(policy: Policy) -> Result<Policy> {
    let name = policy.name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::InvalidInput("The policy needs a name.".into()));
    }
    Ok(Policy { name, ..policy })
}

/// Journals a change and how it ended.
fn record<T>(
    state: &AppState,
    connection: &Connection,
    action: &str,
    targets: Vec<String>,
    result: &Result<T>,
) {
    let error = result.as_ref().err().map(AppError::from);
    state.record_for(
        connection,
        action,
        targets,
        error.as_ref().map_or(Ok(()), Err),
    );
}
