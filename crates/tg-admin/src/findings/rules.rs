//! The rules, one function each, and [`check`], which runs them all.

use std::collections::HashMap;

use tg_api::{ServiceUser, ServiceUserStatus};
use tg_policy::{ADMIN_POLICY, PolicySet, Target};

use super::model::{CheckContext, Finding, FindingFix, FindingKind, Severity, key_age_days};

/// What this app calls, as catalog actions: `GET /org/mine`, the service-user endpoints and
/// the policy list. Anything beyond these is more than the connection's own user needs here.
pub const APP_NEEDS: [&str; 4] = [
    "orgs::read",
    "permissions::read",
    "users::modify",
    "users::read",
];

/// Grants that let a key create or re-key other identities.
const IDENTITY_GRANTS: [&str; 2] = ["permissions::modify", "users::modify"];

/// How many other names a "same policies" finding lists before saying "and N more".
const NAMED_PEERS: usize = 3;

/// Every finding over `users`, most urgent first (then by user and kind).
pub fn check(
    users: &[ServiceUser],
    policies: &[tg_api::Policy],
    context: CheckContext<'_>,
) -> Vec<Finding> {
    let policies = Policies::new(policies);
    let mut by_set: HashMap<Vec<&str>, Vec<&str>> = HashMap::new();
    for user in users.iter().filter(|u| !u.policy_ids.is_empty()) {
        by_set.entry(sorted_set(user)).or_default().push(&user.name);
    }
    let mut admin_by_set: HashMap<Vec<&str>, bool> = HashMap::new();
    let mut findings = Vec::new();
    for user in users {
        let own =
            context.own_client_id.is_some() && user.client_id.as_deref() == context.own_client_id;
        let set = sorted_set(user);
        if own {
            findings.extend(connection_over_granted(user, &policies));
        } else {
            let is_admin = *admin_by_set
                .entry(set.clone())
                .or_insert_with(|| policies.set_is_admin(&set));
            if is_admin {
                findings.push(admin_grant(user, &policies));
            }
        }
        findings.extend(no_policy(user));
        findings.extend(inactive_with_keys(user));
        findings.extend(never_keyed(user));
        findings.extend(old_keys(user, context));
        if let Some(peers) = by_set.get(&set) {
            findings.extend(shared_policy_set(user, peers));
        }
    }
    findings.sort_by(|a, b| (a.severity, &a.user, a.kind).cmp(&(b.severity, &b.user, b.kind)));
    findings
}

fn sorted_set(user: &ServiceUser) -> Vec<&str> {
    let mut set: Vec<&str> = user.policy_ids.iter().map(String::as_str).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// The org's policies in `tg-policy`'s model, by name, with per-policy answers cached.
struct Policies {
    by_name: HashMap<String, tg_policy::Policy>,
}

impl Policies {
    fn new(policies: &[tg_api::Policy]) -> Self {
        let by_name = policies
            .iter()
            .filter_map(|p| {
                // The two crates share the API's JSON shape, so the JSON is the bridge.
                let json = serde_json::to_value(p).ok()?;
                let policy: tg_policy::Policy = serde_json::from_value(json).ok()?;
                Some((p.name.clone(), policy))
            })
            .collect();
        Self { by_name }
    }

    fn set<'a>(&'a self, names: &[&str]) -> PolicySet<'a> {
        PolicySet::new(names.iter().filter_map(|n| self.by_name.get(*n)))
    }

    /// Whether the set, as a whole, holds an admin-level grant.
    fn set_is_admin(&self, names: &[&str]) -> bool {
        names.contains(&ADMIN_POLICY) || grants_identities(&self.set(names))
    }

    /// Whether one policy on its own holds an admin-level grant (what detaching removes).
    fn is_admin(&self, name: &str) -> bool {
        name == ADMIN_POLICY || grants_identities(&self.set(&[name]))
    }
}

fn grants_identities(set: &PolicySet<'_>) -> bool {
    let organisation = Target::organisation();
    let everything = set.policies().iter().any(|p| {
        p.statements
            .iter()
            .any(|s| s.effect == tg_policy::Effect::Allow && s.actions.iter().any(|a| a == "*"))
    });
    everything
        || IDENTITY_GRANTS
            .iter()
            .any(|action| set.decide(action, &organisation).is_allowed())
}

fn finding(
    user: &ServiceUser,
    kind: FindingKind,
    severity: Severity,
    message: String,
    fix: Option<FindingFix>,
) -> Finding {
    Finding {
        user: user.name.clone(),
        kind,
        severity,
        message,
        fix,
    }
}

fn admin_grant(user: &ServiceUser, policies: &Policies) -> Finding {
    let granting: Vec<String> = user
        .policy_ids
        .iter()
        .filter(|p| policies.is_admin(p))
        .cloned()
        .collect();
    let through = if granting.is_empty() {
        "its policies together".to_owned()
    } else {
        granting.join(", ")
    };
    finding(
        user,
        FindingKind::AdminGrant,
        Severity::High,
        format!(
            "{} holds an admin-level grant through {through}: its key can create or re-key \
             other identities. Give it only the policies its integration needs.",
            user.name
        ),
        (!granting.is_empty()).then_some(FindingFix::Detach {
            policy_ids: granting,
        }),
    )
}

fn connection_over_granted(user: &ServiceUser, policies: &Policies) -> Option<Finding> {
    let names: Vec<&str> = user.policy_ids.iter().map(String::as_str).collect();
    let set = policies.set(&names);
    let organisation = Target::organisation();
    let extra: Vec<&str> = tg_policy::catalog()
        .actions
        .iter()
        .map(|a| a.name.as_str())
        .filter(|a| !APP_NEEDS.contains(a) && set.decide(a, &organisation).is_allowed())
        .collect();
    if extra.is_empty() {
        return None;
    }
    let examples = extra.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    Some(finding(
        user,
        FindingKind::ConnectionOverGranted,
        Severity::Medium,
        format!(
            "{} is the service user this connection signs in with and may do {} more actions \
             than this app needs (such as {examples}). The app needs only {}.",
            user.name,
            extra.len(),
            APP_NEEDS.join(", ")
        ),
        None,
    ))
}

fn no_policy(user: &ServiceUser) -> Option<Finding> {
    if !user.policy_ids.is_empty() {
        return None;
    }
    let (message, fix) = match user.status {
        ServiceUserStatus::Active => (
            "holds no policy: it can authenticate but do nothing, so it is likely forgotten. \
             Disable it, or attach what it needs.",
            FindingFix::Disable,
        ),
        ServiceUserStatus::Inactive => (
            "holds no policy and is disabled: nothing uses it. Delete it if it is not needed.",
            FindingFix::Delete,
        ),
    };
    Some(finding(
        user,
        FindingKind::NoPolicy,
        Severity::Low,
        format!("{} {message}", user.name),
        Some(fix),
    ))
}

fn inactive_with_keys(user: &ServiceUser) -> Option<Finding> {
    if user.status != ServiceUserStatus::Inactive || user.client_id.is_none() {
        return None;
    }
    Some(finding(
        user,
        FindingKind::InactiveWithKeys,
        Severity::Low,
        format!(
            "{} is disabled but still holds keys: enabling it again revives them. Delete it if \
             it is no longer used.",
            user.name
        ),
        Some(FindingFix::Delete),
    ))
}

fn never_keyed(user: &ServiceUser) -> Option<Finding> {
    if user.client_id.is_some() || user.token_created.is_some() {
        return None;
    }
    Some(finding(
        user,
        FindingKind::NeverKeyed,
        Severity::Low,
        format!(
            "{} was never given keys, so nothing can be using it. Delete it if it is not needed.",
            user.name
        ),
        Some(FindingFix::Delete),
    ))
}

fn old_keys(user: &ServiceUser, context: CheckContext<'_>) -> Option<Finding> {
    let age = key_age_days(user, context.now)?;
    if age <= i64::from(context.key_age_days) {
        return None;
    }
    Some(finding(
        user,
        FindingKind::OldKeys,
        Severity::Medium,
        format!(
            "{}'s keys are {age} days old, older than the {} days set in Settings. Rotate them.",
            user.name, context.key_age_days
        ),
        Some(FindingFix::Rotate),
    ))
}

fn shared_policy_set(user: &ServiceUser, holders: &[&str]) -> Option<Finding> {
    if holders.len() < 2 {
        return None;
    }
    // Only the first few names are needed: no list of every peer per user.
    let named = holders
        .iter()
        .copied()
        .filter(|n| *n != user.name)
        .take(NAMED_PEERS)
        .collect::<Vec<_>>()
        .join(", ");
    let more = match (holders.len() - 1).saturating_sub(NAMED_PEERS) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    Some(finding(
        user,
        FindingKind::SharedPolicySet,
        Severity::Low,
        format!(
            "{} holds exactly the same policies as {named}{more}: one identity may be shared by \
             several integrations. Give each integration its own service user.",
            user.name
        ),
        None,
    ))
}
