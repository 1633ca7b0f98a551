//! Policies and the permission screens: policy changes, the action catalog, effective
//! permissions, what-if, the simulator and comparing two users. Every decision is tg-policy's.

use tg_api::Policy;

use crate::contract::Host;
use crate::permissions::{
    self, CatalogEntry, EffectivePermission, PermissionChange, Simulation, SimulationResult,
    UserComparison,
};
use crate::policies::PolicyDeletion;
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

pub async fn get_policy(app: &App, _: &dyn Host, name: String) -> Result<Policy> {
    Ok(app.state.get_policy(&name).await?)
}

pub async fn create_policy(app: &App, _: &dyn Host, policy: Policy) -> Result<Policy> {
    Ok(app.state.create_policy(policy).await?)
}

pub async fn update_policy(app: &App, _: &dyn Host, policy: Policy) -> Result<Policy> {
    Ok(app.state.update_policy(policy).await?)
}

pub async fn delete_policy(
    app: &App,
    _: &dyn Host,
    name: String,
    detach_first: bool,
) -> Result<PolicyDeletion> {
    Ok(app.state.delete_policy(&name, detach_first).await?)
}

pub fn policy_catalog(_: &App, _: &dyn Host) -> Result<Vec<CatalogEntry>> {
    Ok(permissions::catalog_entries(tg_policy::catalog()))
}

pub async fn effective_permissions(
    app: &App,
    _: &dyn Host,
    name: String,
) -> Result<Vec<EffectivePermission>> {
    Ok(app.state.effective_permissions(&name).await?)
}

pub async fn what_if(
    app: &App,
    _: &dyn Host,
    name: String,
    attach: Vec<String>,
    detach: Vec<String>,
) -> Result<PermissionChange> {
    Ok(app.state.what_if(&name, &attach, &detach).await?)
}

pub async fn simulate(app: &App, _: &dyn Host, simulation: Simulation) -> Result<SimulationResult> {
    Ok(app.state.simulate(&simulation).await?)
}

pub async fn compare_service_users(
    app: &App,
    _: &dyn Host,
    first: String,
    second: String,
) -> Result<UserComparison> {
    Ok(app.state.compare_service_users(&first, &second).await?)
}
