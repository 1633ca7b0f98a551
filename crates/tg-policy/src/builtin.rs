//! The eight built-in policies every Trustgrid organisation has. Trustgrid does not publish
//! their action lists, so they are defined here, once, from the catalog: the sandbox serves
//! them, and the app and the benchmarks use the same lists. "Read actions" are every catalog
//! action whose verb is `read` (`users::read`, `audits::read:user`, ...).
//!
//! | policy | actions |
//! |---|---|
//! | `builtin-tg-apps-user` | `portal::access`, `domains::read` |
//! | `builtin-tg-monitor` | read actions, `portal::access` |
//! | `builtin-tg-operator` | monitor + `alarms::modify`, `nodes::manage`, `nodes::tag`, `nodes::cluster`, `node-exec::modify`, `node-vpn::modify`, `orders::comment`, `virtual-networks::modify` |
//! | `builtin-tg-node-admin` | monitor + `nodes::*`, `node-exec::*`, `node-vpn::*`, `certificates::modify`, `observability::modify`, `repositories::modify`, `virtual-networks::modify` |
//! | `builtin-tg-admin` | `*` (everything) |
//! | `builtin-tg-access-admin` | monitor + `users::modify`, `permissions::modify`, `groups::modify`, `identity-providers::modify` |
//! | `builtin-tg-upgrade-admin` | monitor + `nodes::upgrade`, `upgrade-manager::modify`, `repositories::modify` |
//! | `builtin-tg-provisioning-admin` | monitor + `orders::*`, `nodes::configure:network`, `nodes::configure:gateway` |

use crate::catalog::catalog;
use crate::policy::{Conditions, Effect, Policy, Statement};

/// Prefix reserved for built-in policy names.
pub const BUILTIN_PREFIX: &str = "builtin-tg-";

/// The built-in policy that allows everything.
pub const ADMIN_POLICY: &str = "builtin-tg-admin";

/// `(name, description, actions beyond the read actions, includes the read actions)`, from
/// least to most access as Trustgrid lists them.
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
    (ADMIN_POLICY, "Full access", &["*"], false),
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
        &[
            "portal::access",
            "nodes::upgrade",
            "upgrade-manager::modify",
            "repositories::modify",
        ],
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

/// Every catalog action whose verb is `read` (with or without a `:detail`).
pub fn read_actions() -> impl Iterator<Item = &'static str> {
    catalog().actions.iter().filter_map(|action| {
        let verb = action.name.split_once("::")?.1;
        (verb == "read" || verb.starts_with("read:")).then_some(action.name.as_str())
    })
}

/// The built-in policies, in Trustgrid's order: each one `allow` statement on every resource.
pub fn builtin_policies() -> Vec<Policy> {
    DEFINITIONS
        .iter()
        .map(|(name, description, extra, with_reads)| {
            let mut actions: Vec<String> = Vec::new();
            if *with_reads {
                actions.extend(read_actions().map(str::to_string));
            }
            actions.extend(extra.iter().map(|a| a.to_string()));
            Policy {
                name: name.to_string(),
                description: description.to_string(),
                resources: vec!["*".to_string()],
                conditions: Conditions::default(),
                statements: vec![Statement {
                    effect: Effect::Allow,
                    actions,
                }],
            }
        })
        .collect()
}

/// Whether `name` is reserved for a built-in policy.
pub fn is_builtin(name: &str) -> bool {
    name.starts_with(BUILTIN_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::PolicySet;
    use crate::target::Target;

    fn allows(policy: &str, action: &str) -> bool {
        let policies = builtin_policies();
        let policy = policies
            .iter()
            .find(|p| p.name == policy)
            .expect("a built-in");
        PolicySet::new([policy])
            .decide(action, &Target::organisation())
            .is_allowed()
    }

    #[test]
    fn there_are_eight_builtins_with_the_documented_names() {
        let names: Vec<String> = builtin_policies().into_iter().map(|p| p.name).collect();
        assert_eq!(names.len(), 8, "API.md lists eight built-in policies");
        assert!(names.iter().all(|n| is_builtin(n)));
        assert!(names.contains(&ADMIN_POLICY.to_string()));
    }

    #[test]
    fn builtins_use_only_catalog_actions() {
        for policy in builtin_policies() {
            for action in policy.statements.iter().flat_map(|s| &s.actions) {
                if action.contains('*') {
                    assert!(
                        catalog().matching(action).next().is_some(),
                        "{}: {action} matches no catalog action",
                        policy.name
                    );
                } else {
                    assert!(
                        catalog().get(action).is_some(),
                        "{}: {action} is not a catalog action",
                        policy.name
                    );
                }
            }
        }
    }

    #[test]
    fn read_actions_are_the_catalogs_reads() {
        let reads: Vec<&str> = read_actions().collect();
        for expected in ["users::read", "permissions::read", "audits::read:flows"] {
            assert!(reads.contains(&expected), "{expected}");
        }
        assert!(!reads.contains(&"users::modify"));
    }

    #[test]
    fn monitor_reads_but_does_not_modify() {
        for action in ["users::read", "permissions::read", "orgs::read"] {
            assert!(allows("builtin-tg-monitor", action), "{action}");
        }
        for action in ["users::modify", "permissions::modify"] {
            assert!(!allows("builtin-tg-monitor", action), "{action}");
        }
    }

    #[test]
    fn admin_can_do_everything_and_access_admin_manages_users() {
        for action in [
            "users::modify",
            "permissions::modify",
            "nodes::delete",
            "anything::else",
        ] {
            assert!(allows(ADMIN_POLICY, action), "{action}");
        }
        assert!(allows("builtin-tg-access-admin", "users::modify"));
        assert!(allows("builtin-tg-access-admin", "permissions::modify"));
        assert!(!allows("builtin-tg-access-admin", "nodes::delete"));
        assert!(!allows("builtin-tg-apps-user", "users::read"));
    }
}
