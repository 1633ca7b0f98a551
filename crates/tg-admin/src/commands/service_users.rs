//! Service users and policies on the connection in use, one at a time or in bulk.

use std::sync::Arc;

use tg_api::{NewServiceUser, Policy, ServiceUser, ServiceUserStatus};

use crate::bulk::{BulkAction, BulkReport};
use crate::contract::{Host, emit};
use crate::import::{self, ImportRow};
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

/// Shared with the findings computed right after (see `recent_users`), so not copied.
pub async fn list_service_users(app: &App, _: &dyn Host) -> Result<Arc<Vec<ServiceUser>>> {
    Ok(app.state.list_service_users().await?)
}

pub async fn get_service_user(app: &App, _: &dyn Host, name: String) -> Result<ServiceUser> {
    Ok(app.state.get_service_user(&name).await?)
}

pub async fn create_service_user(
    app: &App,
    _: &dyn Host,
    input: NewServiceUser,
) -> Result<ServiceUser> {
    Ok(app.state.create_service_user(input).await?)
}

pub async fn delete_service_user(app: &App, _: &dyn Host, name: String) -> Result<()> {
    Ok(app.state.delete_service_user(&name).await?)
}

pub async fn set_service_user_status(
    app: &App,
    _: &dyn Host,
    name: String,
    status: ServiceUserStatus,
) -> Result<ServiceUser> {
    Ok(app.state.set_service_user_status(&name, status).await?)
}

pub async fn attach_policy(
    app: &App,
    _: &dyn Host,
    name: String,
    policy_id: String,
) -> Result<ServiceUser> {
    Ok(app.state.attach_policy(&name, &policy_id).await?)
}

pub async fn detach_policy(
    app: &App,
    _: &dyn Host,
    name: String,
    policy_id: String,
) -> Result<ServiceUser> {
    Ok(app.state.detach_policy(&name, &policy_id).await?)
}

pub async fn run_bulk_action(
    app: &App,
    _: &dyn Host,
    action: BulkAction,
    names: Vec<String>,
) -> Result<BulkReport> {
    let events = app.events();
    let progress = |progress| emit(events, &progress);
    Ok(app.state.run_bulk_action(action, names, progress).await?)
}

pub fn cancel_bulk_action(app: &App, _: &dyn Host) -> Result<()> {
    app.state.cancel_bulk_action();
    Ok(())
}

pub async fn list_policies(app: &App, _: &dyn Host) -> Result<Vec<Policy>> {
    Ok(app.state.list_policies().await?)
}

/// Reads and checks an import file against the org's users and policies; nothing is sent.
pub async fn preview_import(app: &App, _: &dyn Host, text: String) -> Result<Vec<ImportRow>> {
    checked_rows(app, &text).await
}

/// Creates the users an import preview finds creatable (checked again now), on the bulk path.
pub async fn run_import(app: &App, _: &dyn Host, text: String) -> Result<BulkReport> {
    let rows = checked_rows(app, &text).await?;
    let inputs = rows.iter().filter_map(ImportRow::to_send).collect();
    let events = app.events();
    let progress = |progress| emit(events, &progress);
    Ok(app.state.run_bulk_create(inputs, progress).await?)
}

async fn checked_rows(app: &App, text: &str) -> Result<Vec<ImportRow>> {
    let (client, _) = app.state.active_client()?;
    let (service_users, policy_list) = (client.service_users(), client.policies());
    let (users, policies) =
        futures::try_join!(service_users.list(), policy_list.list()).map_err(crate::Error::from)?;
    let names = policies.iter().map(|p| p.name.as_str()).collect();
    Ok(import::preview(text, &users, &names)?)
}
