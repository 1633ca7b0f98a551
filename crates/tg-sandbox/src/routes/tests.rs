//! Handler tests for what an HTTP test cannot time: the database changing between a request's
//! authentication and its write. The handlers run directly on a prepared data directory with a
//! caller authenticated beforehand.

use std::sync::Arc;

use axum::extract::State;
use tempfile::TempDir;

use super::extract::{JsonBody, NameParam};
use super::state::AppState;
use super::{policies, service_users};
use crate::api_error::ApiError;
use crate::auth::{self, Caller};
use crate::model::{PolicyInput, PolicyStatement, ServiceUserInput};
use crate::server::{self, ADMIN_USER};
use crate::store;

struct Fixture {
    _dir: TempDir,
    state: AppState,
    admin_header: String,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let (store, org, keys) = server::prepare(dir.path(), false).unwrap();
    Fixture {
        _dir: dir,
        state: AppState {
            store: Arc::new(store),
            org: Arc::new(org),
        },
        admin_header: format!("{} {}:{}", auth::SCHEME, keys.client_id, keys.secret),
    }
}

impl Fixture {
    fn admin(&self) -> Caller {
        auth::authenticate(&self.state.store, Some(&self.admin_header)).expect("admin is valid")
    }

    fn change(&self, f: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<()>) {
        self.state.store.write(f).unwrap();
    }

    fn user_exists(&self, name: &str) -> bool {
        self.state
            .store
            .read(|c| store::user_exists(c, name))
            .unwrap()
    }
}

fn new_user(name: &str) -> JsonBody<ServiceUserInput> {
    JsonBody(ServiceUserInput {
        name: Some(name.to_string()),
        ..ServiceUserInput::default()
    })
}

#[tokio::test]
async fn a_caller_disabled_after_authentication_writes_nothing() {
    let f = fixture();
    let caller = f.admin();
    f.change(|tx| store::set_user_status(tx, ADMIN_USER, "inactive"));
    let result =
        service_users::create_service_user(State(f.state.clone()), caller, new_user("late")).await;
    assert!(
        matches!(result, Err(ApiError::Unauthorized(_))),
        "{result:?}"
    );
    assert!(!f.user_exists("late"), "nothing was written");
}

#[tokio::test]
async fn a_key_replaced_after_authentication_writes_nothing() {
    let f = fixture();
    let caller = f.admin();
    f.change(|tx| auth::issue_keys(tx, ADMIN_USER).map(drop));
    let result = service_users::generate_token(
        State(f.state.clone()),
        caller,
        NameParam(ADMIN_USER.to_string()),
    )
    .await;
    assert!(
        matches!(result, Err(ApiError::Unauthorized(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_caller_deleted_after_authentication_cannot_delete_others() {
    let f = fixture();
    f.change(|tx| store::insert_user(tx, "victim", "active"));
    let caller = f.admin();
    f.change(|tx| store::delete_user(tx, ADMIN_USER).map(drop));
    let result = service_users::delete_service_user(
        State(f.state.clone()),
        caller,
        NameParam("victim".to_string()),
    )
    .await;
    assert!(
        matches!(result, Err(ApiError::Unauthorized(_))),
        "{result:?}"
    );
    assert!(f.user_exists("victim"));
}

#[tokio::test]
async fn permissions_taken_away_after_authentication_count() {
    let f = fixture();
    let caller = f.admin();
    f.change(|tx| store::set_user_policies(tx, ADMIN_USER, &["builtin-tg-monitor".to_string()]));
    let input = PolicyInput {
        name: Some("late-policy".to_string()),
        statements: Some(vec![PolicyStatement {
            effect: "allow".to_string(),
            actions: vec!["users::read".to_string()],
        }]),
        ..PolicyInput::default()
    };
    let result = policies::create_policy(State(f.state.clone()), caller, JsonBody(input)).await;
    assert!(
        matches!(&result, Err(ApiError::Forbidden { action, .. }) if action == "permissions::modify"),
        "{result:?}"
    );
    let stored = f
        .state
        .store
        .read(|c| store::get_policy(c, "late-policy"))
        .unwrap();
    assert!(stored.is_none());
}
