//! `GET /org/mine`. Any authenticated caller may read its own organisation, whatever its
//! policies: clients call it to check credentials when connecting, and a monitoring-only key must
//! be able to connect. (Trustgrid's `orgs::read` is therefore not required.)

use axum::Json;
use axum::extract::State;

use super::state::AppState;
use crate::api_error::ErrorMessages;
use crate::auth::Caller;
use crate::model::Org;

/// The caller's organisation.
#[utoipa::path(get, path = "/org/mine", tag = "org",
    responses(
        (status = 200, description = "The caller's organisation", body = Org),
        (status = 401, description = "Missing or invalid credentials", body = ErrorMessages),
    ))]
pub async fn get_org(State(state): State<AppState>, _caller: Caller) -> Json<Org> {
    Json(state.org.as_ref().clone())
}
