//! The credential report, through the contract's dispatcher on an in-process sandbox: it says
//! what the org holds when it is saved, even when the list page read the users a moment before
//! and keys were made outside the app since.

mod common;

use std::sync::Arc;

use common::{SandboxFixture, SaveInto};
use serde_json::json;
use tg_admin::contract::{Host, dispatch};

#[tokio::test]
async fn the_credential_report_holds_keys_made_outside_the_app_right_after_a_refresh() {
    let fixture = SandboxFixture::start().await;
    let app = fixture.app("Sandbox").await;
    let name = fixture.create_users("reported", 1).await.remove(0);
    let folder = tempfile::tempdir().unwrap();
    let host: Arc<dyn Host> = Arc::new(SaveInto(folder.path().to_path_buf()));

    // The list page reads the users (and keeps them a moment for the findings that follow).
    dispatch(&app, &host, "list_service_users", &json!({}))
        .await
        .unwrap();
    let keys = fixture
        .admin()
        .service_users()
        .generate_token(&name)
        .await
        .unwrap();

    let saved = dispatch(
        &app,
        &host,
        "export_credential_report",
        &json!({"format": "csv"}),
    )
    .await
    .unwrap();
    let path = saved.as_str().expect("the report was saved");
    let report = std::fs::read_to_string(path).unwrap();
    assert!(
        report.contains(&keys.client_id),
        "the report holds the Client ID made a moment ago:\n{report}"
    );
    assert!(
        !report.contains(keys.secret.expose_secret()),
        "and never a secret"
    );
}
