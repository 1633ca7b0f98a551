//! Comparing two orgs, each a sandbox started in-process with planted differences: through the
//! contract's dispatcher (two saved connections), every difference is reported, the actions a
//! same-named user gains or loses come from tg-policy, and the Markdown export says it all.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use common::{SandboxFixture, SaveInto};
use serde_json::{Value, json};
use tg_admin::contract::{Host, dispatch};
use tg_api::{NewServiceUser, Policy, PolicyEffect, PolicyStatement, ServiceUserStatus};

fn policy(name: &str, actions: &[&str]) -> Policy {
    Policy {
        name: name.into(),
        description: "deploys".into(),
        resources: vec!["*".into()],
        conditions: json!({"all": {"eq": {}, "ne": {}}, "any": {"eq": {}, "ne": {}}, "none": {"eq": {}, "ne": {}}}),
        statements: vec![PolicyStatement {
            effect: PolicyEffect::Allow,
            actions: actions.iter().map(|a| a.to_string()).collect(),
        }],
    }
}

async fn plant(
    fixture: &SandboxFixture,
    users: &[(&str, ServiceUserStatus, &[&str])],
    policies: &[Policy],
) {
    let admin = fixture.admin();
    for p in policies {
        admin.policies().create(p).await.unwrap();
    }
    for (name, status, policy_ids) in users {
        admin
            .service_users()
            .create(&NewServiceUser {
                name: (*name).into(),
                policy_ids: policy_ids.iter().map(|p| p.to_string()).collect(),
                status: *status,
            })
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_orgs_compare_with_every_planted_difference() {
    let (staging, prod) = (SandboxFixture::start().await, SandboxFixture::start().await);
    use ServiceUserStatus::{Active, Inactive};
    plant(
        &staging,
        &[
            ("only-staging", Active, &[]),
            ("deployer", Active, &["deploy"]),
            ("same", Active, &["builtin-tg-monitor"]),
        ],
        &[
            policy("deploy", &["nodes::read", "nodes::manage"]),
            policy("staging-extra", &["nodes::read"]),
        ],
    )
    .await;
    plant(
        &prod,
        &[
            ("only-prod", Active, &[]),
            ("deployer", Inactive, &["deploy", "builtin-tg-monitor"]),
            ("same", Active, &["builtin-tg-monitor"]),
        ],
        &[policy("deploy", &["nodes::read"])],
    )
    .await;

    let app = staging.app("Staging").await;
    let exports = tempfile::tempdir().unwrap();
    let host: Arc<dyn Host> = Arc::new(SaveInto(exports.path().to_path_buf()));
    let prod_admin = prod.sandbox.admin_credentials();
    let added = dispatch(&app, &host, "add_connection", &json!({"input": {
        "name": "Prod", "baseUrl": prod.sandbox.base_url(), "clientId": prod_admin.client_id, "clientSecret": prod_admin.secret,
    }}))
    .await
    .unwrap();
    let (left, right) = ("embedded", added["connection"]["id"].clone());
    let embedded_id = dispatch(&app, &host, "list_connections", &json!({}))
        .await
        .unwrap()[0]["id"]
        .clone();
    assert_ne!(embedded_id, Value::Null, "{left}");

    let comparison = dispatch(
        &app,
        &host,
        "compare_connections",
        &json!({"leftId": embedded_id, "rightId": right}),
    )
    .await
    .unwrap();
    assert_eq!(comparison["left"], "Staging");
    assert_eq!(comparison["right"], "Prod");
    assert!(
        comparison["usersOnlyLeft"]
            .as_array()
            .unwrap()
            .contains(&json!("only-staging"))
    );
    assert!(
        comparison["usersOnlyRight"]
            .as_array()
            .unwrap()
            .contains(&json!("only-prod"))
    );
    assert_eq!(comparison["policiesOnlyLeft"], json!(["staging-extra"]));
    assert_eq!(comparison["policiesOnlyRight"], json!([]));
    let users = comparison["users"].as_array().unwrap();
    assert!(
        users.iter().all(|u| u["name"] != "same"),
        "same users are left out"
    );
    let deployer = users
        .iter()
        .find(|u| u["name"] == "deployer")
        .expect("deployer differs");
    assert_eq!(deployer["status"], json!(["active", "inactive"]));
    assert_eq!(deployer["policiesOnlyRight"], json!(["builtin-tg-monitor"]));
    let only_left: Vec<&str> = deployer["actionsOnlyLeft"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(
        only_left.contains(&"nodes::manage"),
        "deploy grants nodes::manage in staging only: {only_left:?}"
    );
    assert!(
        !deployer["actionsOnlyRight"].as_array().unwrap().is_empty(),
        "the monitor policy adds reads in prod"
    );
    let policy = comparison["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "deploy")
        .expect("deploy differs");
    assert!(
        policy["lines"]
            .as_array()
            .unwrap()
            .contains(&json!({"side": "left", "text": "allow: nodes::manage"}))
    );

    let path = dispatch(
        &app,
        &host,
        "export_comparison",
        &json!({"leftId": embedded_id, "rightId": right, "format": "markdown"}),
    )
    .await
    .unwrap();
    let markdown = std::fs::read_to_string(path.as_str().unwrap()).unwrap();
    assert!(markdown.starts_with("# Staging compared with Prod"));
    assert!(markdown.contains("- Status: active in Staging, inactive in Prod"));
    assert!(markdown.contains("- allow: nodes::manage"));
    assert!(markdown.contains("## Service users only in Prod\n\n- only-prod"));
    let path = dispatch(
        &app,
        &host,
        "export_comparison",
        &json!({"leftId": embedded_id, "rightId": right, "format": "json"}),
    )
    .await
    .unwrap();
    let exported: Value =
        serde_json::from_str(&std::fs::read_to_string(path.as_str().unwrap()).unwrap()).unwrap();
    assert_eq!(exported, comparison, "the JSON export is the comparison");

    // Copy one user and its custom policy across: staging-extra is new there, deploy exists.
    let admin_api = staging.admin();
    admin_api
        .service_users()
        .create(&NewServiceUser {
            name: "promoted".into(),
            policy_ids: vec!["staging-extra".into()],
            status: Active,
        })
        .await
        .unwrap();
    let report = dispatch(&app, &host, "copy_across", &json!({
        "fromId": embedded_id, "toId": right, "users": ["promoted", "same"], "policies": ["staging-extra", "deploy", "builtin-tg-monitor"],
    }))
    .await
    .unwrap();
    assert_eq!(report["target"], "Prod");
    assert_eq!(
        outcomes(&report, "policies"),
        [
            "staging-extra:ok",
            "deploy:skipped",
            "builtin-tg-monitor:skipped"
        ]
    );
    assert_eq!(outcomes(&report, "users"), ["promoted:ok", "same:skipped"]);
    let copied = prod
        .admin()
        .service_users()
        .get("promoted")
        .await
        .expect("the user appears on the other side");
    assert_eq!(copied.policy_ids, ["staging-extra"]);
    assert_eq!(copied.client_id, None, "keys are never copied");
    let again = dispatch(
        &app,
        &host,
        "compare_connections",
        &json!({"leftId": embedded_id, "rightId": right}),
    )
    .await
    .unwrap();
    assert!(
        !again["usersOnlyLeft"]
            .as_array()
            .unwrap()
            .contains(&json!("promoted"))
    );
    assert_eq!(again["policiesOnlyLeft"], json!([]));
}

/// Copies from the right-hand connection to the left one, cancelled after its second item (a
/// user pressing Cancel), then again to finish: progress counts policies and users together,
/// what had not started is reported cancelled and not created, and the second run skips what the
/// first one copied.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copying_goes_either_way_with_progress_and_stops_when_cancelled() {
    let (staging, prod) = (SandboxFixture::start().await, SandboxFixture::start().await);
    let users: Vec<String> = (1..=4).map(|i| format!("prod-{i}")).collect();
    let planted: Vec<(&str, ServiceUserStatus, &[&str])> = users
        .iter()
        .map(|name| {
            let policies: &[&str] = &["prod-reader"];
            (name.as_str(), ServiceUserStatus::Active, policies)
        })
        .collect();
    plant(&prod, &planted, &[policy("prod-reader", &["nodes::read"])]).await;

    let progress = Arc::new(Mutex::new(Vec::<Value>::new()));
    let app_slot: Arc<OnceLock<Weak<tg_admin::App>>> = Arc::new(OnceLock::new());
    let armed = Arc::new(AtomicBool::new(true));
    let sink: tg_admin::contract::EventSink = {
        let (progress, app_slot, armed) = (progress.clone(), app_slot.clone(), armed.clone());
        Arc::new(move |name, payload| {
            if name != "bulk-progress" {
                return;
            }
            let mut seen = progress.lock().unwrap();
            seen.push(payload);
            // Cancel (on the first run only) once the policy and the first user are done.
            if seen.len() == 2 && armed.swap(false, Ordering::SeqCst) {
                let app = app_slot
                    .get()
                    .and_then(Weak::upgrade)
                    .expect("the app runs");
                app.state.cancel_bulk_action();
            }
        })
    };
    let app = staging.app_with_events("Staging", sink).await;
    let _ = app_slot.set(Arc::downgrade(&app));
    // One at a time, so "the second item" is always the same one.
    app.state.set_bulk_concurrency(1);
    let host: Arc<dyn Host> = Arc::new(SaveInto(std::env::temp_dir()));
    let prod_admin = prod.sandbox.admin_credentials();
    let added = dispatch(&app, &host, "add_connection", &json!({"input": {
        "name": "Prod", "baseUrl": prod.sandbox.base_url(), "clientId": prod_admin.client_id, "clientSecret": prod_admin.secret,
    }}))
    .await
    .unwrap();
    let prod_id = added["connection"]["id"].clone();
    let staging_id = dispatch(&app, &host, "list_connections", &json!({}))
        .await
        .unwrap()[0]["id"]
        .clone();
    let comparison = dispatch(
        &app,
        &host,
        "compare_connections",
        &json!({"leftId": staging_id, "rightId": prod_id}),
    )
    .await
    .unwrap();
    assert_eq!(comparison["usersOnlyRight"], json!(users));

    // Right to left: from Prod into Staging.
    let copy =
        json!({"fromId": prod_id, "toId": staging_id, "users": users, "policies": ["prod-reader"]});
    let report = dispatch(&app, &host, "copy_across", &copy).await.unwrap();
    assert_eq!(report["target"], "Staging");
    assert_eq!(outcomes(&report, "policies"), ["prod-reader:ok"]);
    assert_eq!(
        outcomes(&report, "users"),
        [
            "prod-1:ok",
            "prod-2:cancelled",
            "prod-3:cancelled",
            "prod-4:cancelled"
        ]
    );
    let seen: Vec<(u64, u64)> = progress
        .lock()
        .unwrap()
        .iter()
        .map(|p| (p["done"].as_u64().unwrap(), p["total"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)],
        "one count over both kinds"
    );
    let staging_api = staging.admin();
    let copied = staging_api.service_users().get("prod-1").await.unwrap();
    assert_eq!(copied.policy_ids, ["prod-reader"]);
    assert_eq!(copied.client_id, None, "keys are never copied");
    assert!(
        matches!(
            staging_api.service_users().get("prod-2").await,
            Err(tg_api::Error::NotFound)
        ),
        "a cancelled item is not created"
    );
    let journal = dispatch(&app, &host, "read_journal", &json!({}))
        .await
        .unwrap();
    let entry = journal
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "copy-from Prod")
        .expect("the copy is journaled")
        .clone();
    assert_eq!(entry["outcome"], "partial", "{entry}");

    // Again, to finish: what was copied is skipped, the rest arrives.
    progress.lock().unwrap().clear();
    let report = dispatch(&app, &host, "copy_across", &copy).await.unwrap();
    let users_after: Vec<&str> = report["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["outcome"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(report["policies"][0]["outcome"]["kind"], "skipped");
    assert_eq!(users_after[0], "skipped");
    for name in &users[1..] {
        staging_api
            .service_users()
            .get(name)
            .await
            .unwrap_or_else(|e| panic!("{name} was copied on the second run: {e}"));
    }
}

/// Each item of a copy report's `key` list as `name:outcome` (`promoted:ok`).
fn outcomes(report: &serde_json::Value, key: &str) -> Vec<String> {
    report[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{}:{}",
                i["name"].as_str().unwrap(),
                i["outcome"]["kind"].as_str().unwrap()
            )
        })
        .collect()
}
