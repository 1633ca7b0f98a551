//! `/v2/policy`: list, get, create, update, delete. Reading needs `permissions::read`, changing
//! needs `permissions::modify`. Built-in policies (`builtin-tg-*`) cannot be created, changed or
//! deleted (422). Deleting a policy that is still attached to service users is refused with a 422
//! that lists them, rather than silently changing what those users may do. The caller is
//! confirmed again inside each write transaction (see `Caller::confirm`).

use axum::Json;
use axum::extract::State;
use tg_policy::is_builtin;

use super::bodies::{NewPolicyBody, PolicyBody};
use super::extract::{JsonBody, NameParam};
use super::state::AppState;
use crate::api_error::{ApiError, ErrorMessages};
use crate::auth::{Caller, actions};
use crate::model::{Policy, PolicyInput, check_name, complete_policy};
use crate::store;

fn not_found(name: &str) -> ApiError {
    ApiError::NotFound(format!("policy {name} not found"))
}

fn builtin_is_read_only(name: &str) -> ApiError {
    ApiError::invalid(format!(
        "{name} is a built-in policy and cannot be changed or deleted"
    ))
}

/// All policies, built-in ones first.
#[utoipa::path(get, path = "/v2/policy", tag = "policies",
    responses(
        (status = 200, description = "All policies", body = Vec<Policy>),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
        (status = 403, description = "permissions::read not allowed", body = ErrorMessages),
    ))]
pub async fn list_policies(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Policy>>, ApiError> {
    caller.require(actions::PERMISSIONS_READ)?;
    Ok(Json(state.store.read(store::list_policies)?))
}

/// One policy.
#[utoipa::path(get, path = "/v2/policy/{name}", tag = "policies",
    params(("name" = String, Path, description = "Policy name")),
    responses(
        (status = 200, description = "The policy", body = Policy),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
        (status = 403, description = "permissions::read not allowed", body = ErrorMessages),
        (status = 404, description = "No such policy", body = ErrorMessages),
    ))]
pub async fn get_policy(
    State(state): State<AppState>,
    caller: Caller,
    NameParam(name): NameParam,
) -> Result<Json<Policy>, ApiError> {
    caller.require(actions::PERMISSIONS_READ)?;
    state
        .store
        .read(|conn| store::get_policy(conn, &name)?.ok_or_else(|| not_found(&name)))
        .map(Json)
}

/// Creates a policy. Answers 200, like Trustgrid.
#[utoipa::path(post, path = "/v2/policy", tag = "policies",
    request_body = NewPolicyBody,
    responses(
        (status = 200, description = "The new policy", body = Policy),
        (status = 400, description = "Malformed JSON", body = ErrorMessages),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
        (status = 403, description = "permissions::modify not allowed", body = ErrorMessages),
        (status = 413, description = "Body too large", body = ErrorMessages),
        (status = 422, description = "Invalid or duplicate name, bad statements", body = ErrorMessages),
    ))]
pub async fn create_policy(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<PolicyInput>,
) -> Result<Json<Policy>, ApiError> {
    caller.require(actions::PERMISSIONS_MODIFY)?;
    let mut problems = Vec::new();
    let name = input.name.clone().unwrap_or_default();
    check_name("policy", &name, &mut problems);
    if is_builtin(&name) {
        problems.push("policy names starting with builtin-tg- are reserved".to_string());
    }
    let policy = complete_policy(name, input, &mut problems);
    let policy = state
        .write(move |tx| {
            let caller = caller.confirm(tx)?;
            caller.require(actions::PERMISSIONS_MODIFY)?;
            if problems.is_empty() && store::get_policy(tx, &policy.name)?.is_some() {
                problems.push(format!("a policy named {} already exists", policy.name));
            }
            if !problems.is_empty() {
                return Err(ApiError::Validation(problems));
            }
            store::save_policy(tx, &policy, false)?;
            Ok(policy)
        })
        .await?;
    Ok(Json(policy))
}

/// Replaces a policy. Renaming is not supported: a body `name` different from the path is a 422.
#[utoipa::path(put, path = "/v2/policy/{name}", tag = "policies",
    params(("name" = String, Path, description = "Policy name")),
    request_body = PolicyBody,
    responses(
        (status = 200, description = "The updated policy", body = Policy),
        (status = 400, description = "Malformed JSON", body = ErrorMessages),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
        (status = 403, description = "permissions::modify not allowed", body = ErrorMessages),
        (status = 404, description = "No such policy", body = ErrorMessages),
        (status = 413, description = "Body too large", body = ErrorMessages),
        (status = 422, description = "Built-in policy, bad statements, or a different name", body = ErrorMessages),
    ))]
pub async fn update_policy(
    State(state): State<AppState>,
    caller: Caller,
    NameParam(name): NameParam,
    JsonBody(input): JsonBody<PolicyInput>,
) -> Result<Json<Policy>, ApiError> {
    caller.require(actions::PERMISSIONS_MODIFY)?;
    let mut problems = Vec::new();
    if let Some(body_name) = &input.name
        && body_name != &name
    {
        problems.push(format!(
            "name {body_name:?} differs from {name:?} in the path: renaming is not supported"
        ));
    }
    let policy = complete_policy(name, input, &mut problems);
    let policy = state
        .write(move |tx| {
            let caller = caller.confirm(tx)?;
            caller.require(actions::PERMISSIONS_MODIFY)?;
            match store::policy_is_builtin(tx, &policy.name)? {
                None => return Err(not_found(&policy.name)),
                Some(true) => return Err(builtin_is_read_only(&policy.name)),
                Some(false) => {}
            }
            if !problems.is_empty() {
                return Err(ApiError::Validation(problems));
            }
            store::save_policy(tx, &policy, false)?;
            Ok(policy)
        })
        .await?;
    Ok(Json(policy))
}

/// Deletes a policy that no service user has attached. Answers with the policy as it was.
#[utoipa::path(delete, path = "/v2/policy/{name}", tag = "policies",
    params(("name" = String, Path, description = "Policy name")),
    responses(
        (status = 200, description = "Deleted; the policy as it was", body = Policy),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
        (status = 403, description = "permissions::modify not allowed", body = ErrorMessages),
        (status = 404, description = "No such policy", body = ErrorMessages),
        (status = 422, description = "Built-in policy, or still attached to service users", body = ErrorMessages),
    ))]
pub async fn delete_policy(
    State(state): State<AppState>,
    caller: Caller,
    NameParam(name): NameParam,
) -> Result<Json<Policy>, ApiError> {
    caller.require(actions::PERMISSIONS_MODIFY)?;
    let policy = state
        .write(move |tx| {
            let caller = caller.confirm(tx)?;
            caller.require(actions::PERMISSIONS_MODIFY)?;
            let policy = store::get_policy(tx, &name)?.ok_or_else(|| not_found(&name))?;
            if store::policy_is_builtin(tx, &name)? == Some(true) {
                return Err(builtin_is_read_only(&name));
            }
            let users = store::users_with_policy(tx, &name)?;
            if !users.is_empty() {
                return Err(ApiError::invalid(format!(
                    "policy {name} is attached to service users {}; detach it first",
                    users.join(", ")
                )));
            }
            store::delete_policy(tx, &name)?;
            Ok(policy)
        })
        .await?;
    Ok(Json(policy))
}
