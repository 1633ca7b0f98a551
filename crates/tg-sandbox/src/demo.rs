//! Demo data for `--demo`, added once when the organisation is created, so the app has a
//! realistic list to show: active and inactive users, keys of different ages, users without
//! keys, and two custom policies. The demo users' secrets are thrown away (only hashes are
//! stored), so their keys exist but nobody can use them.

use rusqlite::Transaction;

use crate::auth;
use crate::model::{Policy, PolicyStatement, STATUS_ACTIVE, STATUS_INACTIVE};
use crate::store;

const DAY: i64 = 24 * 60 * 60;

/// `(name, status, policies, key age in days or None for no keys)`.
const USERS: &[(&str, &str, &[&str], Option<i64>)] = &[
    ("cicd", STATUS_ACTIVE, &["ci-deployer"], Some(3)),
    ("tg-watch", STATUS_ACTIVE, &["builtin-tg-monitor"], Some(21)),
    (
        "monitoring-prom",
        STATUS_ACTIVE,
        &["builtin-tg-monitor", "service-user-auditor"],
        Some(200),
    ),
    (
        "backup-runner",
        STATUS_INACTIVE,
        &["builtin-tg-operator"],
        Some(410),
    ),
    (
        "terraform-ci",
        STATUS_ACTIVE,
        &["builtin-tg-access-admin"],
        None,
    ),
    ("legacy-importer", STATUS_INACTIVE, &[], None),
    (
        "node-upgrader",
        STATUS_ACTIVE,
        &["builtin-tg-upgrade-admin"],
        Some(45),
    ),
];

fn policies() -> Vec<Policy> {
    let statement = |effect: &str, actions: &[&str]| PolicyStatement {
        effect: effect.to_string(),
        actions: actions.iter().map(|a| a.to_string()).collect(),
    };
    vec![
        Policy {
            name: "ci-deployer".to_string(),
            description: "CI pipelines: manage nodes and virtual networks, never delete nodes"
                .to_string(),
            resources: vec!["*".to_string()],
            conditions: serde_json::json!({
                "all": {"eq": {"tg:node:tags:env": ["staging"]}, "ne": {}},
                "any": {"eq": {}, "ne": {}},
                "none": {"eq": {}, "ne": {}}
            }),
            statements: vec![
                statement(
                    "allow",
                    &[
                        "nodes::read",
                        "nodes::manage",
                        "nodes::configure:network",
                        "virtual-networks::*",
                    ],
                ),
                statement("deny", &["nodes::delete"]),
            ],
        },
        Policy {
            name: "service-user-auditor".to_string(),
            description: "Read service users and policies, change nothing".to_string(),
            resources: vec!["*".to_string()],
            conditions: crate::model::empty_conditions(),
            statements: vec![
                statement(
                    "allow",
                    &["users::read", "permissions::read", "audits::read:*"],
                ),
                statement("deny", &["users::modify", "permissions::modify"]),
            ],
        },
    ]
}

/// Adds the demo policies and users.
pub fn populate(tx: &Transaction) -> rusqlite::Result<()> {
    for policy in policies() {
        store::save_policy(tx, &policy, false)?;
    }
    let now = store::unix_now();
    for (name, status, policy_ids, key_age_days) in USERS {
        store::insert_user(tx, name, status)?;
        let ids: Vec<String> = policy_ids.iter().map(|p| p.to_string()).collect();
        store::set_user_policies(tx, name, &ids)?;
        if let Some(days) = key_age_days {
            let (client_id, secret) = auth::generate_keys();
            // Spread the times within the day so the list does not look generated.
            let created = now - days * DAY - (client_id.len() as i64 * 997 * days) % DAY;
            store::set_key(tx, name, &client_id, &auth::hash_secret(&secret), created)?;
        }
    }
    Ok(())
}
