//! Comparing two orgs (staging and prod, say) before a promotion: service users on one side only,
//! same-named users whose status or policies differ, custom policies on one side only or whose
//! content differs (a readable line diff), and, through `tg-policy`, the actions a same-named
//! user is allowed on one side and not the other. `markdown` renders a comparison for export;
//! `copy` copies chosen users and policies across (never keys).
//!
//! Built-in policies are the same in every org, so only custom policies are compared; the
//! actions a user may take are decided over the organisation as a whole (`Target::organisation`).

mod copy;
mod markdown;
mod model;

use std::collections::{BTreeMap, BTreeSet};

use tg_api::{Policy, ServiceUser};
use tg_policy::{PolicySet, Target};

pub use copy::{CopyRun, copy};
pub use markdown::to_markdown;
pub use model::{Comparison, DiffLine, DiffSide, PolicyDifference, Side, UserDifference};

/// Compares `left` with `right`.
pub fn compare(left: &Side<'_>, right: &Side<'_>) -> Comparison {
    let left_users: BTreeMap<&str, &ServiceUser> =
        left.users.iter().map(|u| (u.name.as_str(), u)).collect();
    let right_users: BTreeMap<&str, &ServiceUser> =
        right.users.iter().map(|u| (u.name.as_str(), u)).collect();
    let custom = |side: &Side<'_>| -> BTreeMap<String, Policy> {
        side.policies
            .iter()
            .filter(|p| !tg_policy::is_builtin(&p.name))
            .map(|p| (p.name.clone(), p.clone()))
            .collect()
    };
    let (left_custom, right_custom) = (custom(left), custom(right));
    let left_set = evaluable(left.policies);
    let right_set = evaluable(right.policies);

    let mut comparison = Comparison {
        left: left.name.to_owned(),
        right: right.name.to_owned(),
        users_only_left: only_in(&left_users, &right_users),
        users_only_right: only_in(&right_users, &left_users),
        policies_only_left: only_in(&left_custom, &right_custom),
        policies_only_right: only_in(&right_custom, &left_custom),
        ..Comparison::default()
    };
    for (name, l) in &left_users {
        let Some(r) = right_users.get(name) else {
            continue;
        };
        let (actions_only_left, actions_only_right) = actions_apart(l, &left_set, r, &right_set);
        let status = (l.status != r.status).then(|| (status_text(l), status_text(r)));
        let difference = UserDifference {
            name: (*name).to_owned(),
            status,
            policies_only_left: apart(&l.policy_ids, &r.policy_ids),
            policies_only_right: apart(&r.policy_ids, &l.policy_ids),
            actions_only_left,
            actions_only_right,
        };
        let differs = difference.status.is_some()
            || !difference.policies_only_left.is_empty()
            || !difference.policies_only_right.is_empty()
            || !difference.actions_only_left.is_empty()
            || !difference.actions_only_right.is_empty();
        if differs {
            comparison.users.push(difference);
        }
    }
    for (name, l) in &left_custom {
        let Some(r) = right_custom.get(name) else {
            continue;
        };
        let lines = line_diff(&readable(l), &readable(r));
        if lines.iter().any(|line| line.side != DiffSide::Same) {
            comparison.policies.push(PolicyDifference {
                name: name.clone(),
                lines,
            });
        }
    }
    comparison
}

fn only_in<V, W>(
    this: &BTreeMap<impl Ord + AsRef<str>, V>,
    other: &BTreeMap<impl Ord + AsRef<str>, W>,
) -> Vec<String> {
    let other: BTreeSet<&str> = other.keys().map(AsRef::as_ref).collect();
    this.keys()
        .map(AsRef::as_ref)
        .filter(|k| !other.contains(k))
        .map(str::to_owned)
        .collect()
}

fn apart(this: &[String], other: &[String]) -> Vec<String> {
    this.iter()
        .filter(|p| !other.contains(p))
        .cloned()
        .collect()
}

fn status_text(user: &ServiceUser) -> String {
    serde_json::to_value(user.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The org's policies in the evaluator's model (same wire shape), built-ins included.
fn evaluable(policies: &[Policy]) -> Vec<tg_policy::Policy> {
    policies
        .iter()
        .filter_map(|p| {
            serde_json::to_value(p)
                .ok()
                .and_then(|v| serde_json::from_value(v).ok())
        })
        .collect()
}

/// The actions `left` may take on its side and `right` may not on its side, and the reverse.
fn actions_apart(
    left: &ServiceUser,
    left_policies: &[tg_policy::Policy],
    right: &ServiceUser,
    right_policies: &[tg_policy::Policy],
) -> (Vec<String>, Vec<String>) {
    let held = |user: &ServiceUser, policies: &'_ [tg_policy::Policy]| -> Vec<tg_policy::Policy> {
        policies
            .iter()
            .filter(|p| user.policy_ids.contains(&p.name))
            .cloned()
            .collect()
    };
    let (l, r) = (held(left, left_policies), held(right, right_policies));
    let diff = tg_policy::diff(
        tg_policy::catalog(),
        &PolicySet::new(&l),
        &PolicySet::new(&r),
        &Target::organisation(),
    );
    // `lost` is allowed before (left) and not after (right).
    (
        diff.lost.into_iter().map(str::to_owned).collect(),
        diff.gained.into_iter().map(str::to_owned).collect(),
    )
}

/// A policy as lines a person reads: description, resources, statements, conditions.
fn readable(policy: &Policy) -> Vec<String> {
    let mut lines = vec![format!("description: {}", policy.description)];
    lines.extend(policy.resources.iter().map(|r| format!("resource: {r}")));
    for statement in &policy.statements {
        let effect = serde_json::to_value(statement.effect)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        lines.extend(statement.actions.iter().map(|a| format!("{effect}: {a}")));
    }
    for group in ["all", "any", "none"] {
        for operator in ["eq", "ne"] {
            if let Some(pairs) = policy.conditions[group][operator].as_object() {
                for (key, values) in pairs {
                    lines.push(format!("condition {group} {operator}: {key} = {values}"));
                }
            }
        }
    }
    lines
}

/// A line diff of `left` against `right` (similar's Myers diff).
fn line_diff(left: &[String], right: &[String]) -> Vec<DiffLine> {
    let left: Vec<&str> = left.iter().map(String::as_str).collect();
    let right: Vec<&str> = right.iter().map(String::as_str).collect();
    similar::capture_diff_slices(similar::Algorithm::Myers, &left, &right)
        .iter()
        .flat_map(|op| op.iter_changes(&left, &right))
        .map(|change| DiffLine {
            side: match change.tag() {
                similar::ChangeTag::Equal => DiffSide::Same,
                similar::ChangeTag::Delete => DiffSide::Left,
                similar::ChangeTag::Insert => DiffSide::Right,
            },
            text: change.value().to_owned(),
        })
        .collect()
}
