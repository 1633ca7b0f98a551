//! The org as Terraform: the export of the demo org (plus a policy with awkward text) parses back
//! to the same users and custom policies, references built-ins by name without exporting them,
//! imports every resource, holds no Client ID or secret, and is formatted as `terraform fmt`
//! wants when a terraform binary is on PATH.

mod common;

use std::collections::BTreeMap;

use common::SandboxFixture;
use serde_json::{Value, json};
use tg_admin::terraform::{read_back, render, write};
use tg_api::{Policy, PolicyEffect, PolicyStatement};
use tg_sandbox::{Sandbox, SandboxConfig};

/// A policy as the export should say it: the API's JSON with empty condition parts left out.
fn expected_policy(policy: &Policy) -> Value {
    let mut conditions = serde_json::Map::new();
    for group in ["all", "any", "none"] {
        for operator in ["eq", "ne"] {
            if let Some(pairs) = policy.conditions[group][operator]
                .as_object()
                .filter(|p| !p.is_empty())
            {
                conditions.entry(group).or_insert_with(|| json!({}))[operator] =
                    Value::Object(pairs.clone());
            }
        }
    }
    json!({
        "name": policy.name,
        "description": policy.description,
        "resources": policy.resources,
        "statements": policy.statements.iter().map(|s| json!({"effect": s.effect, "actions": s.actions})).collect::<Vec<_>>(),
        "conditions": conditions,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_org_exports_and_parses_back_to_the_same_objects() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new(dir.path().join("sandbox"));
    config.demo = true;
    let fixture = SandboxFixture {
        sandbox: std::sync::Arc::new(Sandbox::start(config).await.unwrap()),
        dir,
    };
    let admin = fixture.admin();
    admin
        .policies()
        .create(&Policy {
            name: "9-quotes".into(),
            description: "says \"hi\", costs ${price} and %{ if x }\nnext line".into(),
            resources: vec!["tgrn:tg::nodes:node/abc".into()],
            conditions: json!({"all": {"eq": {}, "ne": {}}, "any": {"eq": {}, "ne": {"tg:node:tags:env": ["dev", "test"]}}, "none": {"eq": {}, "ne": {}}}),
            statements: vec![PolicyStatement { effect: PolicyEffect::Allow, actions: vec!["nodes::read".into()] }],
        })
        .await
        .unwrap();
    let users = admin.service_users().list().await.unwrap();
    let policies = admin.policies().list().await.unwrap();
    let files = render("Acme", &users, &policies).unwrap();

    let back = read_back(&files.main_tf).unwrap();
    let custom: Vec<&Policy> = policies
        .iter()
        .filter(|p| !tg_policy::is_builtin(&p.name))
        .collect();
    assert!(custom.len() >= 3, "the demo org has custom policies");
    let expected: BTreeMap<String, Value> = custom
        .iter()
        .map(|p| (p.name.clone(), expected_policy(p)))
        .collect();
    assert_eq!(
        back.policies, expected,
        "every custom policy, and no built-in"
    );
    let expected_users: BTreeMap<String, (String, Vec<String>)> = users
        .iter()
        .map(|u| {
            (
                u.name.clone(),
                (
                    serde_json::to_value(u.status)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    u.policy_ids.clone(),
                ),
            )
        })
        .collect();
    assert_eq!(
        back.users, expected_users,
        "every user with its status and policies"
    );
    assert!(
        files.main_tf.contains("tg_policy.ci_deployer.name"),
        "custom policies by reference"
    );
    assert!(
        files.main_tf.contains("\"builtin-tg-monitor\""),
        "built-ins by name"
    );

    for user in users.iter().filter(|u| u.client_id.is_some()) {
        let client_id = user.client_id.as_deref().unwrap();
        assert!(!files.main_tf.contains(client_id) && !files.imports_tf.contains(client_id));
    }
    assert!(
        !files.main_tf.contains("secret") || !files.main_tf.contains("secret ="),
        "no secret attribute"
    );

    let imports: hcl::Body = hcl::parse(&files.imports_tf).unwrap();
    assert_eq!(
        imports
            .blocks()
            .filter(|b| b.identifier() == "import")
            .count(),
        users.len() + custom.len()
    );
    assert!(files.imports_tf.contains("id = \"ci-deployer\""));

    // TERRAFORM_EXPORT_KEEP=<folder> keeps a copy to read.
    let folder = std::env::var_os("TERRAFORM_EXPORT_KEEP")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| fixture.dir.path().join("export"));
    write(&folder, &files).unwrap();
    assert!(
        write(&folder, &files).is_err(),
        "an existing export is never overwritten"
    );
    match std::process::Command::new("terraform")
        .arg("fmt")
        .arg("-check")
        .arg("-diff")
        .current_dir(&folder)
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "terraform fmt -check: {}",
            String::from_utf8_lossy(&out.stdout)
        ),
        Err(_) => eprintln!("no terraform binary on PATH: skipping `terraform fmt -check`"),
    }
}
