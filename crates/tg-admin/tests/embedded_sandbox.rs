//! The way back into the embedded sandbox: after its admin was disabled through the app (the
//! connection locked out), `recover_sandbox` and `reset_sandbox` sign it in again with new keys.

use std::sync::Arc;

use tg_admin::clipboard::MemoryClipboard;
use tg_admin::{App, Connections, ErrorCode, Journal, MemoryStore, PreferencesFile};
use tg_api::{Secret, ServiceUserStatus};
use tg_sandbox::{Sandbox, SandboxConfig};

mod common;
use common::Recovery;

async fn locked_out() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new(dir.path().join("sandbox"));
    config.demo = true;
    let sandbox = Arc::new(Sandbox::start(config).await.unwrap());
    let connections = Connections::new(dir.path().join("c.json"), Arc::new(MemoryStore::new()));
    let credentials = sandbox.admin_credentials();
    connections.set_embedded(
        "Local sandbox",
        sandbox.base_url(),
        &credentials.client_id,
        Secret::new(credentials.secret),
    );
    let app = App::new(
        connections,
        Journal::new(dir.path().join("j.jsonl")),
        PreferencesFile::new(dir.path().join("s.json")),
        Arc::new(MemoryClipboard::new()),
        tokio::runtime::Handle::current(),
        Arc::new(|_, _| {}),
    )
    .with_embedded_sandbox(Arc::new(Recovery(sandbox)));
    app.ensure_first_connection().await;
    app.state
        .set_service_user_status("sandbox-admin", ServiceUserStatus::Inactive)
        .await
        .expect("the admin can disable itself");
    let error = tg_admin::AppError::from(&app.state.list_service_users().await.unwrap_err());
    assert_eq!(error.code, ErrorCode::Unauthorized, "locked out");
    (app, dir)
}

#[tokio::test]
async fn recover_sandbox_signs_the_locked_out_sandbox_in_again() {
    let (app, _dir) = locked_out().await;
    let active = app.recover_sandbox(false).await.expect("recovers");
    assert!(active.connection.embedded);
    let users = app
        .state
        .list_service_users()
        .await
        .expect("the list works again");
    let me = users.iter().find(|u| u.name == "sandbox-admin").unwrap();
    assert_eq!(me.status, ServiceUserStatus::Active);
    assert!(users.iter().any(|u| u.name == "cicd"), "other users kept");
    let journal = app.state.read_journal().unwrap();
    assert_eq!(journal[0].action, "recover-sandbox");
}

#[tokio::test]
async fn reset_sandbox_puts_the_demo_data_back() {
    let (app, _dir) = locked_out().await;
    app.recover_sandbox(false).await.unwrap();
    app.state
        .delete_service_user("cicd")
        .await
        .expect("deleted");
    app.recover_sandbox(true).await.expect("resets");
    let users = app.state.list_service_users().await.unwrap();
    assert!(users.iter().any(|u| u.name == "cicd"), "demo users back");
    assert_eq!(app.state.read_journal().unwrap()[0].action, "reset-sandbox");
}

#[tokio::test]
async fn without_an_embedded_sandbox_there_is_nothing_to_recover() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(
        Connections::new(dir.path().join("c.json"), Arc::new(MemoryStore::new())),
        Journal::new(dir.path().join("j.jsonl")),
        PreferencesFile::new(dir.path().join("s.json")),
        Arc::new(MemoryClipboard::new()),
        tokio::runtime::Handle::current(),
        Arc::new(|_, _| {}),
    );
    let error = tg_admin::AppError::from(&app.recover_sandbox(false).await.unwrap_err());
    assert_eq!(error.code, ErrorCode::InvalidInput);
}
