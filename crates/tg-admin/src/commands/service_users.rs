//! Service users and policies on the connection in use, one at a time or in bulk.

use tg_api::{NewServiceUser, Policy, ServiceUser, ServiceUserStatus};

use crate::bulk::{BulkAction, BulkReport};
use crate::contract::{Host, emit};
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

pub async fn list_service_users(app: &App, _: &dyn Host) -> Result<Vec<ServiceUser>> {
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
