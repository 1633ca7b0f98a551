//! The org as a whole, in the real app: exported as Terraform through the system's folder dialog
//! (the files hold every custom policy and service user, and no Client ID or secret), and compared
//! with a second org served by a `tg-sandbox` this test starts, with differences planted on it,
//! then copied across with a report per item. Each check is made against the files written or the
//! sandboxes' APIs, not only against what the screen says.

use e2e_tests::{
    AppSession, LaunchOptions, StartWith, choose_folder, connection_keys, sandbox_client,
};
use serde_json::json;
use tg_api::{Client, NewServiceUser, Policy, ServiceUserStatus};
use tg_sandbox::{Sandbox, SandboxConfig};

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask e2e orgs`"]
async fn the_terraform_export_holds_every_user_and_custom_policy_and_no_key() {
    let app = AppSession::launch(LaunchOptions::default()).await;
    app.find("service-user-row-cicd").await;
    let admin = app.sandbox_admin().await;
    let api = admin.client();
    // A user with fresh keys, so there is a Client ID and a secret the export must leave out.
    api.service_users()
        .create(&NewServiceUser {
            name: "e2e-terraform".into(),
            policy_ids: vec!["ci-deployer".into()],
            status: ServiceUserStatus::Active,
        })
        .await
        .expect("create the user");
    let keys = api
        .service_users()
        .generate_token("e2e-terraform")
        .await
        .unwrap();
    app.click("refresh").await;
    app.find("service-user-row-e2e-terraform").await;

    let chosen = tempfile::tempdir().unwrap();
    let folder = chosen.path().join("terraform");
    std::fs::create_dir(&folder).unwrap();
    app.click("export-terraform").await;
    choose_folder("Choose a folder for main.tf and imports.tf", &folder).await;
    let note = app
        .wait_for_text("terraform-exported", "say what was written", |t| {
            t.contains("written to terraform")
        })
        .await;

    let main_tf = std::fs::read_to_string(folder.join("main.tf")).expect("main.tf was written");
    let imports_tf =
        std::fs::read_to_string(folder.join("imports.tf")).expect("imports.tf was written");
    let exported = tg_admin::terraform::read_back(&main_tf).expect("main.tf parses as HCL");
    let users = api.service_users().list().await.unwrap();
    let custom: Vec<Policy> = api
        .policies()
        .list()
        .await
        .unwrap()
        .into_iter()
        .filter(|p| !tg_policy::is_builtin(&p.name))
        .collect();
    assert!(
        note.contains(&format!(
            "{} users and {} custom policies",
            users.len(),
            custom.len()
        )),
        "the note counts what was written: {note}"
    );
    for user in &users {
        let (status, policies) = exported
            .users
            .get(&user.name)
            .unwrap_or_else(|| panic!("main.tf holds the user {}", user.name));
        assert_eq!(policies, &user.policy_ids, "{}'s policies", user.name);
        assert!(!status.is_empty());
        assert!(
            imports_tf.contains(&format!("\"{}\"", user.name)),
            "imports.tf adopts {}",
            user.name
        );
        if let Some(client_id) = &user.client_id {
            assert!(
                !main_tf.contains(client_id) && !imports_tf.contains(client_id),
                "no Client ID is exported ({})",
                user.name
            );
        }
    }
    assert_eq!(exported.users.len(), users.len(), "one resource per user");
    let names: Vec<&String> = exported.policies.keys().collect();
    let mut expected: Vec<&String> = custom.iter().map(|p| &p.name).collect();
    expected.sort();
    assert_eq!(
        names, expected,
        "every custom policy, and no built-in, is exported"
    );
    for policy in &custom {
        assert!(imports_tf.contains(&format!("\"{}\"", policy.name)));
    }
    for secret in [keys.secret.expose_secret(), admin.secret.as_str()] {
        assert!(
            !main_tf.contains(secret) && !imports_tf.contains(secret),
            "no secret is exported"
        );
    }
    assert!(!main_tf.contains(&keys.client_id) && !main_tf.contains(&admin.client_id));
    app.screenshot_if_asked("terraform-export.png").await;
    app.close().await;
}

/// Plants the differences the comparison must show: `cicd` inactive and with another policy,
/// `ci-deployer` with other statements, a user only this side has.
async fn plant_differences(api: &Client) {
    let policy: Policy = serde_json::from_value(json!({
        "name": "ci-deployer",
        "description": "CI pipelines: read nodes only",
        "resources": ["*"],
        "statements": [{"effect": "allow", "actions": ["nodes::read"]}],
    }))
    .unwrap();
    api.policies().create(&policy).await.unwrap();
    for (name, status, policy) in [
        ("cicd", ServiceUserStatus::Inactive, "builtin-tg-monitor"),
        ("staging-only", ServiceUserStatus::Active, "ci-deployer"),
    ] {
        api.service_users()
            .create(&NewServiceUser {
                name: name.into(),
                policy_ids: vec![policy.into()],
                status,
            })
            .await
            .unwrap();
    }
}

// The second sandbox runs in this process: it must keep serving while the test waits on the
// window.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask e2e orgs`"]
async fn two_orgs_compared_show_their_differences_and_a_user_copied_across_appears() {
    let data = tempfile::tempdir().unwrap();
    let staging = Sandbox::start(SandboxConfig::new(data.path()))
        .await
        .unwrap();
    let staging_api = sandbox_client(&staging);
    let (client_id, secret) = connection_keys(&staging, "staging-admin").await;
    plant_differences(&staging_api).await;

    let app = AppSession::launch_with(
        LaunchOptions::default(),
        StartWith {
            keychain: true,
            ..StartWith::default()
        },
    )
    .await;
    app.find("service-user-row-cicd").await;
    app.add_connection("Staging", staging.base_url(), &client_id, &secret)
        .await;
    app.find("service-user-row-staging-only").await;

    // The embedded sandbox on the left (the first connection), Staging on the right.
    app.click("nav-compare-connections").await;
    app.click("compare-run").await;
    app.find("comparison").await;
    let only_left = app.text("users-only-left").await;
    for name in ["tg-watch", "monitoring-prom", "backup-runner"] {
        assert!(
            only_left.contains(name),
            "{name} only on the left: {only_left}"
        );
    }
    let only_right = app.text("users-only-right").await;
    assert!(
        only_right.contains("staging-only") && only_right.contains("staging-admin"),
        "{only_right}"
    );
    let cicd = app.text("compare-user-cicd").await;
    assert!(
        cicd.contains("active in") && cicd.contains("inactive in Staging"),
        "cicd's status differs: {cicd}"
    );
    assert!(
        cicd.contains("ci-deployer") && cicd.contains("builtin-tg-monitor"),
        "cicd's policies differ: {cicd}"
    );
    assert!(
        cicd.contains("Allowed only in"),
        "the actions one side allows and not the other: {cicd}"
    );
    let policy = app.text("compare-policy-ci-deployer").await;
    assert!(
        policy.contains("nodes::manage"),
        "the statements' diff shows what only the left allows: {policy}"
    );
    assert!(
        app.text("policies-only-left")
            .await
            .contains("service-user-auditor")
    );
    app.screenshot_if_asked("compare-connections.png").await;

    // Copy a user (and the custom policy it holds) to Staging: one line per item.
    app.click("copy-policy-service-user-auditor").await;
    app.click("copy-user-monitoring-prom").await;
    app.click("copy-user-tg-watch").await;
    app.click("copy-across-start-right").await;
    app.click("copy-across-confirm").await;
    let report = app
        .wait_for_text("copy-report-right", "report each item", |t| {
            t.contains("tg-watch")
        })
        .await;
    for name in ["service-user-auditor", "monitoring-prom", "tg-watch"] {
        assert!(
            report.contains(&format!("{name}: copied")),
            "{name} is reported copied: {report}"
        );
    }
    app.screenshot_if_asked("copy-across.png").await;

    let copied = staging_api
        .service_users()
        .get("monitoring-prom")
        .await
        .expect("the user now exists on the other side");
    assert_eq!(
        copied.policy_ids,
        vec!["builtin-tg-monitor", "service-user-auditor"]
    );
    assert_eq!(copied.client_id, None, "keys are never copied");
    let watch = staging_api.service_users().get("tg-watch").await.unwrap();
    assert_eq!(watch.status, ServiceUserStatus::Active);
    staging_api
        .policies()
        .get("service-user-auditor")
        .await
        .expect("the policy was copied first");

    // And the other way: a user only Staging has, into the embedded sandbox.
    app.click("copy-user-staging-only").await;
    app.click("copy-across-start-left").await;
    app.click("copy-across-confirm").await;
    app.wait_for_text("copy-report-left", "report the item", |t| {
        t.contains("staging-only: copied")
    })
    .await;
    let embedded = app.sandbox_admin().await.client();
    let arrived = embedded
        .service_users()
        .get("staging-only")
        .await
        .expect("the user now exists on the left");
    assert_eq!(arrived.status, ServiceUserStatus::Active);
    assert_eq!(arrived.client_id, None);
    app.close().await;
    staging.shutdown().await;
}
