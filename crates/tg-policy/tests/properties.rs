//! Properties of the evaluator over random policy sets: deny always wins, adding an allow never
//! removes an action, the order of policies and statements does not matter, and the indexed
//! evaluator agrees with a plain reading of the rules.

use proptest::prelude::*;
use tg_policy::{
    Effect, Outcome, Policy, PolicySet, Statement, Target, covers, glob, node_tag_key,
};

const ACTIONS: &[&str] = &[
    "users::read",
    "users::modify",
    "nodes::read",
    "nodes::delete",
    "nodes::configure:network",
    "audits::read:user",
];

/// Wildcard patterns; policies also hold the exact [`ACTIONS`] and one unknown action.
const WILDCARDS: &[&str] = &[
    "*",
    "users::*",
    "nodes::*",
    "*::read",
    "nodes::configure:*",
    "audits::*:user",
    "other::thing",
];

fn pattern() -> impl Strategy<Value = &'static str> {
    let patterns: Vec<&'static str> = ACTIONS.iter().chain(WILDCARDS).copied().collect();
    prop::sample::select(patterns)
}

fn effect() -> impl Strategy<Value = Effect> {
    prop_oneof![Just(Effect::Allow), Just(Effect::Deny), Just(Effect::Noop)]
}

fn statement() -> impl Strategy<Value = Statement> {
    (effect(), prop::collection::vec(pattern(), 1..4)).prop_map(|(effect, actions)| Statement {
        effect,
        actions: actions.into_iter().map(str::to_string).collect(),
    })
}

/// Resources and conditions, from "everything" to one node with tag conditions.
fn scope() -> impl Strategy<Value = serde_json::Value> {
    let env = node_tag_key("env");
    prop_oneof![
        Just(serde_json::json!({"resources": ["*"]})),
        Just(serde_json::json!({"resources": ["tgrn:tg::nodes:node/1"]})),
        Just(serde_json::json!({"resources": ["tgrn:tg::nodes:*"]})),
        Just(
            serde_json::json!({"resources": ["*"], "conditions": {"all": {"eq": {env.clone(): ["prod"]}}}})
        ),
        Just(
            serde_json::json!({"resources": ["*"], "conditions": {"none": {"eq": {env.clone(): ["prod"]}}}})
        ),
        Just(
            serde_json::json!({"resources": ["*"], "conditions": {"any": {"ne": {env: ["dev"]}}}})
        ),
    ]
}

fn policy(name: String) -> impl Strategy<Value = Policy> {
    (scope(), prop::collection::vec(statement(), 0..5)).prop_map(move |(mut scope, statements)| {
        scope["name"] = name.clone().into();
        let mut policy: Policy = serde_json::from_value(scope).expect("a valid scope");
        policy.statements = statements;
        policy
    })
}

fn policies() -> impl Strategy<Value = Vec<Policy>> {
    (0usize..5).prop_flat_map(|count| {
        (0..count)
            .map(|index| policy(format!("policy-{index}")))
            .collect::<Vec<_>>()
    })
}

fn target() -> impl Strategy<Value = Target> {
    let env = node_tag_key("env");
    prop_oneof![
        Just(Target::organisation()),
        Just(Target::resource("tgrn:tg::nodes:node/1").with_tag(&env, "prod")),
        Just(Target::resource("tgrn:tg::nodes:node/2").with_tag(&env, "dev")),
        Just(Target::resource("tgrn:tg::nodes:node/3")),
    ]
}

fn action() -> impl Strategy<Value = &'static str> {
    prop::sample::select(ACTIONS)
}

/// The rules read plainly: every statement of every covering policy, no index.
fn reference(policies: &[Policy], action: &str, target: &Target) -> Outcome {
    let mut outcome = Outcome::NotGranted;
    for policy in policies.iter().filter(|p| covers(p, target)) {
        for statement in &policy.statements {
            if statement.actions.iter().any(|p| glob::matches(p, action)) {
                match statement.effect {
                    Effect::Deny => return Outcome::Denied,
                    Effect::Allow => outcome = Outcome::Allowed,
                    Effect::Noop => {}
                }
            }
        }
    }
    outcome
}

/// `policies` with the policies and the statements of each in another order.
fn reordered(policies: Vec<Policy>) -> impl Strategy<Value = Vec<Policy>> {
    policies
        .into_iter()
        .map(|policy| {
            Just(policy.statements.clone())
                .prop_shuffle()
                .prop_map(move |statements| Policy {
                    statements,
                    ..policy.clone()
                })
        })
        .collect::<Vec<_>>()
        .prop_shuffle()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        // Failures print their minimal case; nothing is written next to the sources.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_index_agrees_with_the_plain_rules(
        policies in policies(), action in action(), target in target()
    ) {
        let decision = PolicySet::new(&policies).decide(action, &target);
        prop_assert_eq!(decision.outcome, reference(&policies, action, &target));
        prop_assert_eq!(decision.decided_by.is_some(), decision.outcome != Outcome::NotGranted);
    }

    #[test]
    fn a_deny_always_wins(
        mut policies in policies(), action in action(), target in target(),
        position in any::<prop::sample::Index>(),
    ) {
        let deny = Policy {
            name: "deny".into(),
            description: String::new(),
            resources: vec!["*".into()],
            conditions: Default::default(),
            statements: vec![Statement { effect: Effect::Deny, actions: vec![action.into()] }],
        };
        let at = position.index(policies.len() + 1);
        policies.insert(at, deny);
        let decision = PolicySet::new(&policies).decide(action, &target);
        prop_assert_eq!(decision.outcome, Outcome::Denied);
        // The deciding statement is the added one or another deny as specific.
        let deciding = decision.decided_by.unwrap();
        let statement = &policies.iter().find(|p| p.name == deciding.policy).unwrap()
            .statements[deciding.statement];
        prop_assert_eq!(statement.effect, Effect::Deny);
    }

    #[test]
    fn adding_an_allow_never_removes_an_action(
        policies in policies(), target in target(),
        allow in prop::collection::vec(pattern(), 1..3),
        into in any::<prop::sample::Index>(),
    ) {
        let before = PolicySet::new(&policies);
        let allowed_before: Vec<bool> =
            ACTIONS.iter().map(|a| before.decide(a, &target).is_allowed()).collect();
        let statement = Statement {
            effect: Effect::Allow,
            actions: allow.into_iter().map(str::to_string).collect(),
        };
        // Into an existing policy, or as a policy of its own.
        let mut changed = policies.clone();
        let at = into.index(changed.len() + 1);
        if at < changed.len() {
            changed[at].statements.push(statement);
        } else {
            changed.push(Policy {
                name: "extra".into(),
                description: String::new(),
                resources: vec!["*".into()],
                conditions: Default::default(),
                statements: vec![statement],
            });
        }
        let after = PolicySet::new(&changed);
        for (action, was) in ACTIONS.iter().zip(allowed_before) {
            let is = after.decide(action, &target).is_allowed();
            prop_assert!(!was || is, "{} was allowed and is not after adding an allow", action);
        }
    }

    #[test]
    fn order_of_policies_and_statements_does_not_matter(
        (policies, shuffled) in policies().prop_flat_map(|p| (Just(p.clone()), reordered(p))),
        target in target(),
    ) {
        let original = PolicySet::new(&policies);
        let reordered = PolicySet::new(&shuffled);
        for action in ACTIONS {
            let a = original.decide(action, &target);
            let b = reordered.decide(action, &target);
            prop_assert_eq!(a.outcome, b.outcome, "{}", action);
            prop_assert_eq!(
                a.decided_by.map(|s| s.policy),
                b.decided_by.map(|s| s.policy),
                "the deciding policy of {}", action
            );
        }
    }
}
