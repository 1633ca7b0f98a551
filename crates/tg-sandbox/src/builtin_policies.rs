//! The eight built-in policies every Trustgrid organisation has. Trustgrid does not publish their
//! action lists, so the sandbox defines plausible ones here, in one place; the crate README
//! repeats them. They are written to the database at every start (so a newer sandbox updates
//! them) and cannot be changed or deleted through the API.
//!
//! | policy | actions |
//! |---|---|
//! | `builtin-tg-apps-user` | `portal::access`, `domains::read` |
//! | `builtin-tg-monitor` | every read action ([`READ_ACTIONS`]) and `portal::access` |
//! | `builtin-tg-operator` | monitor + `alarms::modify`, `nodes::manage`, `nodes::tag`, `nodes::cluster`, `node-exec::modify`, `node-vpn::modify`, `orders::comment`, `virtual-networks::modify` |
//! | `builtin-tg-node-admin` | monitor + `nodes::*`, `node-exec::*`, `node-vpn::*`, `certificates::modify`, `observability::modify`, `repositories::modify`, `virtual-networks::modify` |
//! | `builtin-tg-admin` | `*` (everything) |
//! | `builtin-tg-access-admin` | monitor + `users::modify`, `permissions::modify`, `groups::modify`, `identity-providers::modify` |
//! | `builtin-tg-upgrade-admin` | monitor + `nodes::upgrade`, `repositories::modify` |
//! | `builtin-tg-provisioning-admin` | monitor + `orders::*`, `nodes::configure:network`, `nodes::configure:gateway` |

use crate::model::{Policy, PolicyStatement};

/// Prefix reserved for built-in policy names.
pub const BUILTIN_PREFIX: &str = "builtin-tg-";

/// The policy the sandbox's own admin user holds.
pub const ADMIN_POLICY: &str = "builtin-tg-admin";

/// Every read action named in Trustgrid's spec and docs.
pub const READ_ACTIONS: &[&str] = &[
    "alarms::read",
    "alerts::read",
    "audits::read:user",
    "audits::read:config",
    "audits::read:node",
    "audits::read:flows",
    "certificates::read",
    "domains::read",
    "events::read",
    "groups::read",
    "identity-providers::read",
    "node-exec::read",
    "node-vpn::read",
    "nodes::read",
    "observability::read",
    "orders::read",
    "orgs::read",
    "permissions::read",
    "repositories::read",
    "users::read",
    "virtual-networks::read",
];

/// `(name, description, actions beyond the read actions, includes the read actions)`,
/// ordered from least to most access as Trustgrid lists them.
const DEFINITIONS: &[(&str, &str, &[&str], bool)] = &[
    (
        "builtin-tg-apps-user",
        "Access to applications through the portal",
        &["portal::access", "domains::read"],
        false,
    ),
    (
        "builtin-tg-monitor",
        "Read-only access to everything",
        &["portal::access"],
        true,
    ),
    (
        "builtin-tg-operator",
        "Monitor, plus day-to-day node operations",
        &[
            "portal::access",
            "alarms::modify",
            "nodes::manage",
            "nodes::tag",
            "nodes::cluster",
            "node-exec::modify",
            "node-vpn::modify",
            "orders::comment",
            "virtual-networks::modify",
        ],
        true,
    ),
    (
        "builtin-tg-node-admin",
        "Monitor, plus full control of nodes",
        &[
            "portal::access",
            "nodes::*",
            "node-exec::*",
            "node-vpn::*",
            "certificates::modify",
            "observability::modify",
            "repositories::modify",
            "virtual-networks::modify",
        ],
        true,
    ),
    ("builtin-tg-admin", "Full access", &["*"], false),
    (
        "builtin-tg-access-admin",
        "Monitor, plus management of users, service users and policies",
        &[
            "portal::access",
            "users::modify",
            "permissions::modify",
            "groups::modify",
            "identity-providers::modify",
        ],
        true,
    ),
    (
        "builtin-tg-upgrade-admin",
        "Monitor, plus node upgrades",
        &["portal::access", "nodes::upgrade", "repositories::modify"],
        true,
    ),
    (
        "builtin-tg-provisioning-admin",
        "Monitor, plus hardware orders and initial node configuration",
        &[
            "portal::access",
            "orders::*",
            "nodes::configure:network",
            "nodes::configure:gateway",
        ],
        true,
    ),
];

/// The built-in policies, in Trustgrid's order.
pub fn builtin_policies() -> Vec<Policy> {
    DEFINITIONS
        .iter()
        .map(|(name, description, extra, with_reads)| {
            let mut actions: Vec<String> = Vec::new();
            if *with_reads {
                actions.extend(READ_ACTIONS.iter().map(|a| a.to_string()));
            }
            actions.extend(extra.iter().map(|a| a.to_string()));
            Policy {
                name: name.to_string(),
                description: description.to_string(),
                resources: vec!["*".to_string()],
                conditions: crate::model::empty_conditions(),
                statements: vec![PolicyStatement {
                    effect: "allow".to_string(),
                    actions,
                }],
            }
        })
        .collect()
}

pub fn is_builtin(name: &str) -> bool {
    name.starts_with(BUILTIN_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy_eval::{Decision, Effect, Grant, decide};

    fn grants(name: &str) -> Vec<Grant> {
        let policy = builtin_policies()
            .into_iter()
            .find(|p| p.name == name)
            .expect("built-in exists");
        policy
            .statements
            .iter()
            .flat_map(|s| {
                let effect = Effect::parse(&s.effect).expect("valid effect");
                s.actions.iter().map(move |a| Grant::new(effect, a.clone()))
            })
            .collect()
    }

    #[test]
    fn there_are_eight_builtins_with_the_documented_names() {
        let names: Vec<String> = builtin_policies().into_iter().map(|p| p.name).collect();
        assert_eq!(names.len(), 8, "API.md lists eight built-in policies");
        assert!(names.iter().all(|n| is_builtin(n)));
        assert!(names.contains(&ADMIN_POLICY.to_string()));
    }

    #[test]
    fn monitor_reads_but_does_not_modify() {
        let monitor = grants("builtin-tg-monitor");
        for action in ["users::read", "permissions::read", "orgs::read"] {
            assert_eq!(decide(&monitor, action), Decision::Allowed, "{action}");
        }
        for action in ["users::modify", "permissions::modify"] {
            assert_eq!(decide(&monitor, action), Decision::NotGranted, "{action}");
        }
    }

    #[test]
    fn admin_can_do_everything_and_access_admin_manages_users() {
        let admin = grants(ADMIN_POLICY);
        let access = grants("builtin-tg-access-admin");
        for action in [
            "users::modify",
            "permissions::modify",
            "nodes::delete",
            "anything::else",
        ] {
            assert_eq!(decide(&admin, action), Decision::Allowed, "{action}");
        }
        assert_eq!(decide(&access, "users::modify"), Decision::Allowed);
        assert_eq!(decide(&access, "permissions::modify"), Decision::Allowed);
        assert_eq!(decide(&access, "nodes::delete"), Decision::NotGranted);
    }

    #[test]
    fn apps_user_cannot_read_service_users() {
        assert_eq!(
            decide(&grants("builtin-tg-apps-user"), "users::read"),
            Decision::NotGranted
        );
    }
}
