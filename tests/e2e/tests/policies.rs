//! The permission screens end to end, in the real app over its embedded sandbox: write a custom
//! policy in the editor, attach it, see the new actions in Effective Permissions, confirm them
//! with the simulator, and check with the user's own key that the sandbox really allows (200)
//! and refuses (403) what the screens said. Screenshots of the four screens are saved when
//! `SCREENSHOT_DIR` is set (`cargo xtask screenshots` runs this file too).

use e2e_tests::{AppSession, LaunchOptions, api_client};
use tg_api::{Error, NewServiceUser, ServiceUserStatus};

const USER: &str = "e2e-auditor";
const POLICY: &str = "e2e-user-reader";

async fn verdict(app: &AppSession, action: &str, verdict: &str) {
    app.find_css(&format!(
        "[data-testid=\"effective-{action}\"][data-verdict=\"{verdict}\"]"
    ))
    .await;
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn a_custom_policy_written_in_the_editor_is_what_the_sandbox_enforces() {
    let app = AppSession::launch(LaunchOptions::default()).await;
    app.find("service-user-row-cicd").await;
    let admin = app.sandbox_admin().await;
    let admin_api = admin.client();

    // A user with keys and no policy: the sandbox refuses it everything.
    admin_api
        .service_users()
        .create(&NewServiceUser {
            name: USER.into(),
            policy_ids: vec![],
            status: ServiceUserStatus::Active,
        })
        .await
        .expect("create the user");
    let keys = admin_api
        .service_users()
        .generate_token(USER)
        .await
        .expect("keys for the user");
    let as_user = api_client(
        &admin.base_url,
        &keys.client_id,
        keys.secret.expose_secret(),
    );
    assert!(matches!(
        as_user.service_users().list().await,
        Err(Error::Forbidden)
    ));

    // The Policies list, then a new policy: allow users::read, deny permissions::read.
    app.click("nav-policies").await;
    app.find("policy-row-builtin-tg-admin").await;
    app.screenshot_if_asked("policies.png").await;
    app.click("new-policy").await;
    app.type_into("policy-name", POLICY).await;
    app.type_into("policy-description", "Reads service users, never policies")
        .await;
    app.type_into("permission-search", "users::read").await;
    app.click("allow-users::read").await;
    app.type_into("permission-search", "permissions::read")
        .await;
    app.click("deny-permissions::read").await;
    // The JSON pane (CodeMirror) follows the tree.
    let json = app
        .eval("return document.querySelector('[data-testid=\"policy-json\"]').textContent")
        .await;
    let json = json.as_str().unwrap_or_default();
    assert!(
        json.contains("\"users::read\"") && json.contains("\"deny\""),
        "the Policy JSON shows the tree's choices: {json}"
    );
    app.screenshot_if_asked("policy-editor.png").await;
    app.click("save-policy").await;
    app.find("statement-1").await;
    let saved = admin_api
        .policies()
        .get(POLICY)
        .await
        .expect("the policy exists");
    assert_eq!(saved.statements.len(), 2);

    // Attach it on the user's page; Effective Permissions shows the change.
    app.eval(&format!(
        "location.hash = '#/service-users/{USER}'; return true;"
    ))
    .await;
    app.find("attach-policy").await;
    verdict(&app, "users::read", "notGranted").await;
    app.click("attach-policy").await;
    app.click(&format!("policy-option-{POLICY}")).await;
    app.click("submit").await;
    app.find(&format!("attached-policy-{POLICY}")).await;
    verdict(&app, "users::read", "allowed").await;
    verdict(&app, "permissions::read", "denied").await;
    let from = app.text("effective-users::read").await;
    assert!(
        from.contains(&format!("from {POLICY}")),
        "names the deciding policy: {from}"
    );
    app.eval(
        "document.querySelector('[data-testid=\"effective-permissions\"]').scrollIntoView(); return true;",
    )
    .await;
    app.screenshot_if_asked("effective-permissions.png").await;

    // The simulator gives the same answer.
    app.click("nav-simulator").await;
    app.select("sim-user", USER).await;
    app.type_into("sim-action", "permissions::read").await;
    app.click("sim-run").await;
    app.find_css("[data-testid=\"sim-result\"][data-verdict=\"denied\"]")
        .await;
    app.type_into("sim-action", "users::read").await;
    app.click("sim-run").await;
    app.find_css("[data-testid=\"sim-result\"][data-verdict=\"allowed\"]")
        .await;
    app.screenshot_if_asked("simulator.png").await;

    // And so does the sandbox, for the user's own key.
    as_user
        .service_users()
        .list()
        .await
        .expect("users::read is allowed: 200");
    assert!(
        matches!(as_user.policies().list().await, Err(Error::Forbidden)),
        "permissions::read is denied: 403"
    );
    app.close().await;
}
