//! The evaluator's rules on small examples, and the effective-permissions and diff helpers.

use tg_policy::{
    Catalog, Decision, Outcome, Policy, PolicySet, StatementRef, Target, catalog, decide, diff,
    effective_permissions, node_tag_key,
};

fn policy(name: &str, json: serde_json::Value) -> Policy {
    let mut object = json;
    object["name"] = name.into();
    serde_json::from_value(object).expect("a valid policy")
}

fn statements(name: &str, statements: serde_json::Value) -> Policy {
    policy(name, serde_json::json!({ "statements": statements }))
}

fn by(policy: &str, statement: usize) -> Option<StatementRef<'_>> {
    Some(StatementRef { policy, statement })
}

const ORG: fn() -> Target = Target::organisation;

#[test]
fn no_policy_grants_nothing() {
    let decision = decide(&[], "users::read", &ORG());
    assert_eq!(
        decision,
        Decision {
            outcome: Outcome::NotGranted,
            decided_by: None
        }
    );
}

#[test]
fn an_allow_grants_only_the_actions_it_matches() {
    let policies = [statements(
        "reader",
        serde_json::json!([{"effect": "allow", "actions": ["users::read"]}]),
    )];
    let allowed = decide(&policies, "users::read", &ORG());
    assert_eq!(allowed.outcome, Outcome::Allowed);
    assert_eq!(allowed.decided_by, by("reader", 0));
    assert_eq!(
        decide(&policies, "users::modify", &ORG()).outcome,
        Outcome::NotGranted
    );
}

#[test]
fn wildcards_cover_everything_an_area_or_a_pattern() {
    let policies = [statements(
        "wide",
        serde_json::json!([
            {"effect": "allow", "actions": ["nodes::*", "*::read", "audits::read:*"]}
        ]),
    )];
    let set = PolicySet::new(&policies);
    for action in [
        "nodes::delete",
        "nodes::configure:network",
        "users::read",
        "audits::read:flows",
    ] {
        assert!(set.decide(action, &ORG()).is_allowed(), "{action}");
    }
    for action in ["users::modify", "node-exec::modify", "audits::write"] {
        assert!(!set.decide(action, &ORG()).is_allowed(), "{action}");
    }
    let everything = [statements(
        "admin",
        serde_json::json!([{"effect": "allow", "actions": ["*"]}]),
    )];
    assert!(decide(&everything, "anything::at-all", &ORG()).is_allowed());
}

#[test]
fn an_explicit_deny_wins_in_any_policy_and_any_order() {
    let admin = statements(
        "admin",
        serde_json::json!([{"effect": "allow", "actions": ["*"]}]),
    );
    let no_delete = statements(
        "no-delete",
        serde_json::json!([{"effect": "deny", "actions": ["nodes::delete"]}]),
    );
    for policies in [
        vec![admin.clone(), no_delete.clone()],
        vec![no_delete.clone(), admin.clone()],
    ] {
        let denied = decide(&policies, "nodes::delete", &ORG());
        assert_eq!(denied.outcome, Outcome::Denied);
        assert_eq!(denied.decided_by, by("no-delete", 0));
        assert!(decide(&policies, "nodes::read", &ORG()).is_allowed());
    }
    let wildcard_deny = [statements(
        "p",
        serde_json::json!([
            {"effect": "allow", "actions": ["permissions::modify"]},
            {"effect": "deny", "actions": ["permissions::*"]}
        ]),
    )];
    let decision = decide(&wildcard_deny, "permissions::modify", &ORG());
    assert_eq!(decision.outcome, Outcome::Denied);
    assert_eq!(decision.decided_by, by("p", 1));
}

#[test]
fn noop_statements_never_decide() {
    let policies = [statements(
        "quiet",
        serde_json::json!([{"effect": "noop", "actions": ["*"]}]),
    )];
    assert_eq!(
        decide(&policies, "users::read", &ORG()).outcome,
        Outcome::NotGranted
    );
}

#[test]
fn the_most_specific_statement_decides_then_the_first_policy_name() {
    let policies = [
        statements(
            "zz-admin",
            serde_json::json!([{"effect": "allow", "actions": ["*"]}]),
        ),
        statements(
            "b-monitor",
            serde_json::json!([{"effect": "allow", "actions": ["users::read"]}]),
        ),
        statements(
            "a-monitor",
            serde_json::json!([
                {"effect": "allow", "actions": ["users::*"]},
                {"effect": "allow", "actions": ["users::read"]}
            ]),
        ),
    ];
    let decision = decide(&policies, "users::read", &ORG());
    assert_eq!(decision.decided_by, by("a-monitor", 1));
    assert_eq!(
        decide(&policies, "users::modify", &ORG()).decided_by,
        by("a-monitor", 0)
    );
    assert_eq!(
        decide(&policies, "nodes::read", &ORG()).decided_by,
        by("zz-admin", 0)
    );
}

#[test]
fn resources_limit_where_a_policy_applies() {
    let node = "tgrn:tg::nodes:node/8e684dec";
    let policies = [policy(
        "one-node",
        serde_json::json!({
            "resources": [node],
            "statements": [{"effect": "allow", "actions": ["nodes::manage"]}]
        }),
    )];
    let set = PolicySet::new(&policies);
    assert!(
        set.decide("nodes::manage", &Target::resource(node))
            .is_allowed()
    );
    assert!(
        !set.decide(
            "nodes::manage",
            &Target::resource("tgrn:tg::nodes:node/other")
        )
        .is_allowed()
    );
    let at_org = set.explain("nodes::manage", &ORG());
    assert_eq!(at_org.decision.outcome, Outcome::NotGranted);
    assert_eq!(
        at_org.elsewhere,
        vec![StatementRef {
            policy: "one-node",
            statement: 0
        }],
        "the statement exists but covers other targets"
    );
}

#[test]
fn conditions_decide_on_the_targets_tags() {
    let env = node_tag_key("env");
    let policies = [
        statements(
            "nodes",
            serde_json::json!([{"effect": "allow", "actions": ["nodes::*"]}]),
        ),
        policy(
            "protect-prod",
            serde_json::json!({
                "conditions": {"all": {"eq": {env.clone(): ["prod"]}}},
                "statements": [{"effect": "deny", "actions": ["nodes::delete"]}]
            }),
        ),
    ];
    let set = PolicySet::new(&policies);
    let prod = Target::resource("tgrn:tg::nodes:node/1").with_tag(&env, "prod");
    let dev = Target::resource("tgrn:tg::nodes:node/2").with_tag(&env, "dev");
    assert_eq!(set.decide("nodes::delete", &prod).outcome, Outcome::Denied);
    assert_eq!(set.decide("nodes::delete", &dev).outcome, Outcome::Allowed);
    assert_eq!(
        set.decide("nodes::delete", &ORG()).outcome,
        Outcome::Allowed,
        "the organisation has no env tag, so the deny does not apply there"
    );
}

#[test]
fn decisions_serialise_for_the_app() {
    let policies = [statements(
        "p",
        serde_json::json!([{"effect": "deny", "actions": ["users::modify"]}]),
    )];
    let explanation = PolicySet::new(&policies).explain("users::modify", &ORG());
    assert_eq!(
        serde_json::to_value(&explanation).unwrap(),
        serde_json::json!({
            "outcome": "denied",
            "decidedBy": {"policy": "p", "statement": 0},
            "elsewhere": []
        })
    );
}

fn small_catalog() -> Catalog {
    serde_json::from_value(serde_json::json!({"actions": [
        {"name": "nodes::delete", "area": "nodes", "description": "Delete nodes", "endpoints": [], "source": "spec"},
        {"name": "nodes::read", "area": "nodes", "description": "Read nodes", "endpoints": [], "source": "spec"},
        {"name": "users::modify", "area": "users", "description": "Change users", "endpoints": [], "source": "curated"},
        {"name": "users::read", "area": "users", "description": "Read users", "endpoints": [], "source": "spec"}
    ]}))
    .unwrap()
}

#[test]
fn effective_permissions_list_every_catalog_action_with_its_decision() {
    let small = small_catalog();
    let policies = [
        statements(
            "node-admin",
            serde_json::json!([
                {"effect": "allow", "actions": ["nodes::*"]},
                {"effect": "deny", "actions": ["nodes::delete"]}
            ]),
        ),
        statements(
            "monitor",
            serde_json::json!([{"effect": "allow", "actions": ["*::read"]}]),
        ),
    ];
    let set = PolicySet::new(&policies);
    let effective = effective_permissions(&small, &set, &ORG());
    let summary: Vec<(&str, Outcome, Option<&str>)> = effective
        .iter()
        .map(|p| {
            (
                p.action,
                p.explanation.decision.outcome,
                p.explanation.decision.decided_by.map(|s| s.policy),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("nodes::delete", Outcome::Denied, Some("node-admin")),
            // `nodes::*` has more literal characters than `*::read`.
            ("nodes::read", Outcome::Allowed, Some("node-admin")),
            ("users::modify", Outcome::NotGranted, None),
            ("users::read", Outcome::Allowed, Some("monitor")),
        ]
    );
    assert_eq!(effective[0].area, "nodes");
    assert_eq!(effective[0].description, "Delete nodes");
    let full = effective_permissions(catalog(), &set, &ORG());
    assert_eq!(full.len(), catalog().actions.len());
}

#[test]
fn diff_names_the_actions_gained_and_lost() {
    let small = small_catalog();
    let monitor = statements(
        "monitor",
        serde_json::json!([{"effect": "allow", "actions": ["*::read"]}]),
    );
    let user_admin = statements(
        "user-admin",
        serde_json::json!([{"effect": "allow", "actions": ["users::*"]}]),
    );
    let before = [monitor.clone()];
    let after = [user_admin.clone()];
    let changes = diff(
        &small,
        &PolicySet::new(&before),
        &PolicySet::new(&after),
        &ORG(),
    );
    assert_eq!(changes.gained, vec!["users::modify"]);
    assert_eq!(changes.lost, vec!["nodes::read"]);
    let same = diff(
        &small,
        &PolicySet::new(&before),
        &PolicySet::new(&before),
        &ORG(),
    );
    assert!(same.is_empty());
    let both = [monitor, user_admin];
    let added = diff(
        &small,
        &PolicySet::new(&before),
        &PolicySet::new(&both),
        &ORG(),
    );
    assert_eq!(added.gained, vec!["users::modify"]);
    assert!(
        added.lost.is_empty(),
        "attaching a policy loses nothing here"
    );
}
