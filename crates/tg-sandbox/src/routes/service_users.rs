//! `/v2/service-user`: list, get, create, update (`PUT` of the whole object; enabling,
//! disabling, attaching and detaching policies are all updates), delete, and key generation.
//!
//! Needed actions: reading needs `users::read`; every change needs `users::modify`; a create or
//! update that changes which policies the user has also needs `permissions::modify`, and so
//! does changing, deleting or generating keys for a user allowed more than the caller
//! (`Caller::require_not_weaker_than`). Every check
//! that depends on stored data runs inside the write transaction, the caller's own key, status
//! and policies included, so a rejected request changes nothing and concurrent requests cannot
//! interleave between check and write.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use rusqlite::Transaction;

use super::bodies::{NewServiceUserBody, ServiceUserBody};
use super::extract::{JsonBody, NameParam};
use super::state::AppState;
use crate::api_error::{ApiError, ErrorMessages};
use crate::auth::{self, Caller, actions};
use crate::model::{
    ApiKeys, STATUS_ACTIVE, ServiceUser, ServiceUserInput, check_name, check_status,
};
use crate::store;

const KIND: &str = "service user";

fn not_found(name: &str) -> ApiError {
    ApiError::NotFound(format!("service user {name} not found"))
}

/// All service users of the organisation (no pagination).
#[utoipa::path(get, path = "/v2/service-user", tag = "service users",
    responses(
        (status = 200, description = "All service users", body = Vec<ServiceUser>),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
        (status = 403, description = "users::read not allowed", body = ErrorMessages),
    ))]
pub async fn list_service_users(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ServiceUser>>, ApiError> {
    caller.require(actions::USERS_READ)?;
    let users = state
        .store
        .read(|conn| store::list_users(conn, &state.org.uid))?;
    Ok(Json(users))
}

/// One service user.
#[utoipa::path(get, path = "/v2/service-user/{name}", tag = "service users",
    params(("name" = String, Path, description = "Service user name")),
    responses(
        (status = 200, description = "The service user", body = ServiceUser),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
        (status = 403, description = "users::read not allowed", body = ErrorMessages),
        (status = 404, description = "No such service user", body = ErrorMessages),
    ))]
pub async fn get_service_user(
    State(state): State<AppState>,
    caller: Caller,
    NameParam(name): NameParam,
) -> Result<Json<ServiceUser>, ApiError> {
    caller.require(actions::USERS_READ)?;
    state
        .store
        .read(|conn| store::get_user(conn, &state.org.uid, &name)?.ok_or_else(|| not_found(&name)))
        .map(Json)
}

/// Creates a service user (no keys yet). Answers 200, like Trustgrid.
#[utoipa::path(post, path = "/v2/service-user", tag = "service users",
    request_body = NewServiceUserBody,
    responses(
        (status = 200, description = "The new service user", body = ServiceUser),
        (status = 400, description = "Malformed JSON", body = ErrorMessages),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
        (status = 403, description = "users::modify (and permissions::modify when attaching policies) not allowed", body = ErrorMessages),
        (status = 413, description = "Body too large", body = ErrorMessages),
        (status = 422, description = "Invalid or duplicate name, bad status, unknown policy", body = ErrorMessages),
    ))]
pub async fn create_service_user(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<ServiceUserInput>,
) -> Result<Json<ServiceUser>, ApiError> {
    caller.require(actions::USERS_MODIFY)?;
    let policy_ids = dedup(input.policy_ids.unwrap_or_default());
    if !policy_ids.is_empty() {
        caller.require(actions::PERMISSIONS_MODIFY)?;
    }
    let mut problems = Vec::new();
    let name = input.name.unwrap_or_default();
    check_name(KIND, &name, &mut problems);
    let status = input.status.unwrap_or_else(|| STATUS_ACTIVE.to_string());
    check_status(&status, &mut problems);
    check_org_id(input.org_id.as_deref(), &state.org.uid, &mut problems);
    let org_id = state.org.uid.clone();
    let user = state
        .write(move |tx| {
            let caller = caller.confirm(tx)?;
            caller.require(actions::USERS_MODIFY)?;
            if !policy_ids.is_empty() {
                caller.require(actions::PERMISSIONS_MODIFY)?;
            }
            if problems.is_empty() && store::user_exists(tx, &name)? {
                problems.push(format!("a service user named {name} already exists"));
            }
            check_policies_exist(tx, &policy_ids, &mut problems)?;
            if !problems.is_empty() {
                return Err(ApiError::Validation(problems));
            }
            store::insert_user(tx, &name, &status)?;
            store::set_user_policies(tx, &name, &policy_ids)?;
            store::get_user(tx, &org_id, &name)?.ok_or_else(|| not_found(&name))
        })
        .await?;
    tracing::info!(name = %user.name, "service user created");
    Ok(Json(user))
}

/// Replaces a service user's status and policies. Renaming is not supported: a body `name`
/// different from the path is a 422. Fields left out keep their value; `clientId` and
/// `tokenCreated` in the body are ignored.
#[utoipa::path(put, path = "/v2/service-user/{name}", tag = "service users",
    params(("name" = String, Path, description = "Service user name")),
    request_body = ServiceUserBody,
    responses(
        (status = 200, description = "The updated service user", body = ServiceUser),
        (status = 400, description = "Malformed JSON", body = ErrorMessages),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
        (status = 403, description = "users::modify not allowed, or permissions::modify when policies change or the user is allowed more than the caller", body = ErrorMessages),
        (status = 404, description = "No such service user", body = ErrorMessages),
        (status = 413, description = "Body too large", body = ErrorMessages),
        (status = 422, description = "Bad status, unknown policy, or a different name", body = ErrorMessages),
    ))]
pub async fn update_service_user(
    State(state): State<AppState>,
    caller: Caller,
    NameParam(name): NameParam,
    JsonBody(input): JsonBody<ServiceUserInput>,
) -> Result<Json<ServiceUser>, ApiError> {
    caller.require(actions::USERS_MODIFY)?;
    let org_id = state.org.uid.clone();
    let user = state
        .write(move |tx| {
            let caller = caller.confirm(tx)?;
            caller.require(actions::USERS_MODIFY)?;
            let current = store::get_user(tx, &org_id, &name)?.ok_or_else(|| not_found(&name))?;
            caller.require_not_weaker_than(tx, &name)?;
            let mut problems = Vec::new();
            if let Some(body_name) = &input.name
                && body_name != &name
            {
                problems.push(format!(
                    "name {body_name:?} differs from {name:?} in the path: renaming is not supported"
                ));
            }
            check_org_id(input.org_id.as_deref(), &org_id, &mut problems);
            let status = input.status.unwrap_or_else(|| current.status.clone());
            check_status(&status, &mut problems);
            let policy_ids = match input.policy_ids {
                Some(ids) => dedup(ids),
                None => current.policy_ids.clone(),
            };
            // Permission first, like create: a caller who may not change policies learns nothing
            // about which policies exist.
            let policies_change = policy_ids.iter().collect::<BTreeSet<_>>()
                != current.policy_ids.iter().collect::<BTreeSet<_>>();
            if policies_change {
                caller.require(actions::PERMISSIONS_MODIFY)?;
            }
            check_policies_exist(tx, &policy_ids, &mut problems)?;
            if !problems.is_empty() {
                return Err(ApiError::Validation(problems));
            }
            if status != current.status {
                store::set_user_status(tx, &name, &status)?;
            }
            if policy_ids != current.policy_ids {
                store::set_user_policies(tx, &name, &policy_ids)?;
            }
            store::get_user(tx, &org_id, &name)?.ok_or_else(|| not_found(&name))
        })
        .await?;
    Ok(Json(user))
}

/// Deletes a service user; its keys stop working at once. A JSON body (the Terraform provider
/// sends the object) is accepted and ignored. Answers with the user as it was.
#[utoipa::path(delete, path = "/v2/service-user/{name}", tag = "service users",
    params(("name" = String, Path, description = "Service user name")),
    responses(
        (status = 200, description = "Deleted; the user as it was", body = ServiceUser),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
        (status = 403, description = "users::modify not allowed, or permissions::modify when the user is allowed more than the caller", body = ErrorMessages),
        (status = 404, description = "No such service user", body = ErrorMessages),
    ))]
pub async fn delete_service_user(
    State(state): State<AppState>,
    caller: Caller,
    NameParam(name): NameParam,
) -> Result<Json<ServiceUser>, ApiError> {
    caller.require(actions::USERS_MODIFY)?;
    let org_id = state.org.uid.clone();
    let user = state
        .write(move |tx| {
            let caller = caller.confirm(tx)?;
            caller.require(actions::USERS_MODIFY)?;
            let user = store::get_user(tx, &org_id, &name)?.ok_or_else(|| not_found(&name))?;
            caller.require_not_weaker_than(tx, &name)?;
            store::delete_user(tx, &name)?;
            Ok(user)
        })
        .await?;
    tracing::info!(name = %user.name, "service user deleted");
    Ok(Json(user))
}

/// Generates new API keys, replacing (and at once invalidating) any previous ones. Both the
/// client id and the secret are new. The body, if any (`null`), is ignored. The secret is in
/// this answer only.
#[utoipa::path(post, path = "/v2/service-user/{name}/token", tag = "service users",
    params(("name" = String, Path, description = "Service user name")),
    responses(
        (status = 200, description = "The new keys (the secret is shown only here)", body = ApiKeys),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
        (status = 403, description = "users::modify not allowed, or permissions::modify when the user is allowed more than the caller", body = ErrorMessages),
        (status = 404, description = "No such service user", body = ErrorMessages),
    ))]
pub async fn generate_token(
    State(state): State<AppState>,
    caller: Caller,
    NameParam(name): NameParam,
) -> Result<Json<ApiKeys>, ApiError> {
    caller.require(actions::USERS_MODIFY)?;
    let keys = state
        .write(move |tx| {
            let caller = caller.confirm(tx)?;
            caller.require(actions::USERS_MODIFY)?;
            if !store::user_exists(tx, &name)? {
                return Err(not_found(&name));
            }
            caller.require_not_weaker_than(tx, &name)?;
            Ok(auth::issue_keys(tx, &name)?)
        })
        .await?;
    Ok(Json(keys))
}

fn check_org_id(org_id: Option<&str>, expected: &str, problems: &mut Vec<String>) {
    if let Some(org_id) = org_id
        && !org_id.is_empty()
        && org_id != expected
    {
        problems.push(format!("orgId {org_id:?} is not the caller's organisation"));
    }
}

fn check_policies_exist(
    tx: &Transaction,
    policy_ids: &[String],
    problems: &mut Vec<String>,
) -> Result<(), ApiError> {
    for unknown in store::unknown_policies(tx, policy_ids)? {
        problems.push(format!("unknown policy: {unknown}"));
    }
    Ok(())
}

/// Removes repeated ids, keeping the first occurrence's position.
fn dedup(ids: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect()
}
