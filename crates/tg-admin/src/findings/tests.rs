//! One test per rule at least, each with a user the rule must flag and one it must not.

use tg_api::{Policy, PolicyEffect, PolicyStatement, ServiceUser, ServiceUserStatus};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;

const NOW: OffsetDateTime = datetime!(2026-06-01 12:00 UTC);

fn policy(name: &str, actions: &[&str]) -> Policy {
    Policy {
        name: name.into(),
        description: String::new(),
        resources: vec!["*".into()],
        conditions: serde_json::json!({}),
        statements: vec![PolicyStatement {
            effect: PolicyEffect::Allow,
            actions: actions.iter().map(|a| (*a).to_owned()).collect(),
        }],
    }
}

fn policies() -> Vec<Policy> {
    let mut deny = policy("deny-users", &[]);
    deny.statements = vec![PolicyStatement {
        effect: PolicyEffect::Deny,
        actions: vec!["users::modify".into()],
    }];
    vec![
        policy("builtin-tg-admin", &["*"]),
        policy("builtin-tg-monitor", &["portal::access", "nodes::read"]),
        policy("access", &["users::modify"]),
        policy("perms", &["permissions::*"]),
        policy("nodes", &["nodes::*"]),
        policy("everything", &["*"]),
        deny,
    ]
}

fn user(name: &str, policies: &[&str], keys_days_ago: Option<i64>) -> ServiceUser {
    ServiceUser {
        name: name.into(),
        org_id: "o".into(),
        status: ServiceUserStatus::Active,
        policy_ids: policies.iter().map(|p| (*p).to_owned()).collect(),
        client_id: keys_days_ago.map(|_| format!("id-{name}")),
        token_created: keys_days_ago.map(|d| NOW - Duration::days(d)),
    }
}

fn inactive(mut user: ServiceUser) -> ServiceUser {
    user.status = ServiceUserStatus::Inactive;
    user
}

fn run(users: &[ServiceUser], own: Option<&str>) -> Vec<Finding> {
    let context = CheckContext {
        key_age_days: 90,
        now: NOW,
        own_client_id: own,
    };
    check(users, &policies(), context)
}

fn kinds_of(findings: &[Finding], user: &str) -> Vec<FindingKind> {
    findings
        .iter()
        .filter(|f| f.user == user)
        .map(|f| f.kind)
        .collect()
}

#[test]
fn admin_grants_are_high_and_fixed_by_detaching_the_granting_policies() {
    let users = [
        user(
            "builtin",
            &["builtin-tg-admin", "builtin-tg-monitor"],
            Some(1),
        ),
        user("star", &["everything"], Some(1)),
        user("rekeys", &["access"], Some(1)),
        user("policies", &["perms"], Some(1)),
        user("nodes-only", &["nodes"], Some(1)),
        user("denied", &["access", "deny-users"], Some(1)),
    ];
    let findings = run(&users, None);
    let admin = |name: &str| {
        findings
            .iter()
            .find(|f| f.user == name && f.kind == FindingKind::AdminGrant)
    };
    let builtin = admin("builtin").expect("builtin-tg-admin is an admin grant");
    assert_eq!(builtin.severity, Severity::High);
    assert_eq!(
        builtin.fix,
        Some(FindingFix::Detach {
            policy_ids: vec!["builtin-tg-admin".into()]
        }),
        "only the granting policy is detached; the monitor policy stays"
    );
    assert!(builtin.message.contains("builtin-tg-admin"));
    assert!(admin("star").is_some(), "`*` is an admin grant");
    assert!(
        admin("rekeys").is_some(),
        "users::modify re-keys identities"
    );
    assert!(
        admin("policies").is_some(),
        "permissions::* covers permissions::modify"
    );
    assert!(
        admin("nodes-only").is_none(),
        "nodes::* is not about identities"
    );
    assert!(
        admin("denied").is_none(),
        "a deny on users::modify wins, as tg-policy decides"
    );
    assert_eq!(findings[0].severity, Severity::High, "most urgent first");
}

#[test]
fn no_policy_is_low_and_disables_an_active_user_or_deletes_an_inactive_one() {
    let users = [
        user("empty", &[], Some(1)),
        inactive(user("empty-off", &[], Some(1))),
        user("busy", &["nodes"], Some(1)),
    ];
    let findings = run(&users, None);
    let of = |name: &str| {
        findings
            .iter()
            .find(|f| f.user == name && f.kind == FindingKind::NoPolicy)
            .cloned()
    };
    assert_eq!(of("empty").unwrap().fix, Some(FindingFix::Disable));
    assert_eq!(of("empty-off").unwrap().fix, Some(FindingFix::Delete));
    assert!(of("busy").is_none());
}

#[test]
fn inactive_users_holding_keys_are_reported_and_active_ones_are_not() {
    let users = [
        inactive(user("off-keyed", &["nodes"], Some(3))),
        user("on-keyed", &["builtin-tg-monitor"], Some(3)),
        inactive(user("off-unkeyed", &["nodes"], None)),
    ];
    let findings = run(&users, None);
    assert!(kinds_of(&findings, "off-keyed").contains(&FindingKind::InactiveWithKeys));
    assert!(!kinds_of(&findings, "on-keyed").contains(&FindingKind::InactiveWithKeys));
    assert!(
        !kinds_of(&findings, "off-unkeyed").contains(&FindingKind::InactiveWithKeys),
        "no keys, nothing to revive"
    );
}

#[test]
fn users_never_given_keys_are_reported() {
    let findings = run(
        &[
            user("fresh", &["nodes"], None),
            user("keyed", &["perms"], Some(0)),
        ],
        None,
    );
    let fresh = kinds_of(&findings, "fresh");
    assert!(fresh.contains(&FindingKind::NeverKeyed));
    assert!(!fresh.contains(&FindingKind::OldKeys), "no keys, no age");
    assert!(!kinds_of(&findings, "keyed").contains(&FindingKind::NeverKeyed));
}

#[test]
fn keys_older_than_the_threshold_are_reported_with_their_age_and_rotated() {
    let users = [
        user("at-threshold", &["nodes"], Some(90)),
        user("past-threshold", &["perms"], Some(91)),
    ];
    let findings = run(&users, None);
    assert!(!kinds_of(&findings, "at-threshold").contains(&FindingKind::OldKeys));
    let old = findings
        .iter()
        .find(|f| f.user == "past-threshold" && f.kind == FindingKind::OldKeys)
        .expect("91 days is past a 90-day threshold");
    assert_eq!(old.fix, Some(FindingFix::Rotate));
    assert!(old.message.contains("91 days"), "{}", old.message);

    let stricter = CheckContext {
        key_age_days: 30,
        now: NOW,
        own_client_id: None,
    };
    let findings = check(&users, &policies(), stricter);
    assert!(
        kinds_of(&findings, "at-threshold").contains(&FindingKind::OldKeys),
        "the threshold comes from the settings"
    );
}

#[test]
fn users_with_the_same_policy_set_are_reported_whatever_the_order() {
    let users = [
        user("a", &["nodes", "builtin-tg-monitor"], Some(1)),
        user("b", &["builtin-tg-monitor", "nodes"], Some(1)),
        user("c", &["nodes"], Some(1)),
        user("d", &[], Some(1)),
        user("e", &[], Some(1)),
    ];
    let findings = run(&users, None);
    let shared = |name: &str| kinds_of(&findings, name).contains(&FindingKind::SharedPolicySet);
    assert!(shared("a") && shared("b"));
    assert!(!shared("c"), "a subset is not the same set");
    assert!(
        !shared("d") && !shared("e"),
        "holding nothing is the no-policy finding"
    );
    let a = findings
        .iter()
        .find(|f| f.user == "a" && f.kind == FindingKind::SharedPolicySet)
        .unwrap();
    assert!(a.message.contains(" b") && a.fix.is_none(), "{}", a.message);
}

#[test]
fn many_holders_of_one_set_are_named_briefly() {
    let users: Vec<ServiceUser> = (0..50)
        .map(|i| user(&format!("w{i:02}"), &["nodes"], Some(1)))
        .collect();
    let findings = run(&users, None);
    let first = findings
        .iter()
        .find(|f| f.user == "w00" && f.kind == FindingKind::SharedPolicySet)
        .unwrap();
    assert!(
        first.message.contains("w01, w02, w03 and 46 more"),
        "{}",
        first.message
    );
}

#[test]
fn the_connections_own_user_is_judged_against_what_the_app_needs() {
    let mut own = user("sandbox-admin", &["builtin-tg-admin"], Some(1));
    own.client_id = Some("own-id".into());
    let mut lean = user("lean", &["access", "read-all"], Some(1));
    lean.client_id = Some("lean-id".into());
    let mut all = policies();
    all.push(policy(
        "read-all",
        &["orgs::read", "users::read", "permissions::read"],
    ));
    let context = |own_client_id| CheckContext {
        key_age_days: 90,
        now: NOW,
        own_client_id,
    };

    let findings = check(&[own.clone(), lean.clone()], &all, context(Some("own-id")));
    let own_kinds = kinds_of(&findings, "sandbox-admin");
    assert!(own_kinds.contains(&FindingKind::ConnectionOverGranted));
    assert!(
        !own_kinds.contains(&FindingKind::AdminGrant),
        "the app's own user needs users::modify; the over-grant finding says what is too much"
    );
    let finding = findings
        .iter()
        .find(|f| f.kind == FindingKind::ConnectionOverGranted)
        .unwrap();
    assert!(
        finding.message.contains("orgs::read"),
        "{}",
        finding.message
    );

    let findings = check(&[own, lean], &all, context(Some("lean-id")));
    assert!(
        !kinds_of(&findings, "lean").contains(&FindingKind::ConnectionOverGranted),
        "exactly what the app needs is not too much"
    );
    assert!(kinds_of(&findings, "sandbox-admin").contains(&FindingKind::AdminGrant));
}

#[test]
fn accepted_findings_are_left_out_and_listed_apart() {
    let users = [user("empty", &[], Some(200))];
    let findings = run(&users, None);
    assert_eq!(
        kinds_of(&findings, "empty"),
        vec![FindingKind::OldKeys, FindingKind::NoPolicy],
        "medium before low"
    );
    let accepted =
        AcceptedFinding::new("conn", "empty", FindingKind::OldKeys, "  rotated by vault ").unwrap();
    assert_eq!(accepted.reason, "rotated by vault");
    let (kept, matched) = without_accepted(findings, &[accepted]);
    assert_eq!(kinds_of(&kept, "empty"), vec![FindingKind::NoPolicy]);
    assert_eq!(matched.len(), 1);
    assert!(AcceptedFinding::new("conn", "empty", FindingKind::NoPolicy, "  ").is_err());
}

#[test]
fn accepting_again_replaces_and_unaccepting_removes_only_that_one() {
    let a = |user: &str, reason: &str| {
        AcceptedFinding::new("conn", user, FindingKind::OldKeys, reason).unwrap()
    };
    let all = accepted::with(vec![a("x", "first"), a("y", "other")], a("x", "second"));
    assert_eq!(all.len(), 2);
    assert_eq!(all.iter().find(|f| f.user == "x").unwrap().reason, "second");
    let mut all = all;
    assert!(accepted::without(
        &mut all,
        "conn",
        "x",
        FindingKind::OldKeys
    ));
    assert!(!accepted::without(
        &mut all,
        "other-conn",
        "y",
        FindingKind::OldKeys
    ));
    assert_eq!(all.len(), 1);
    assert_eq!(accepted::for_connection(&all, "conn").count(), 1);
    assert_eq!(accepted::for_connection(&all, "elsewhere").count(), 0);
}
