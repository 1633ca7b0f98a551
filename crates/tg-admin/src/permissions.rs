//! What the permission screens show, decided by `tg-policy` only (the engine the sandbox enforces
//! with): the action catalog, a service user's effective permissions, what attaching or detaching
//! policies would change, the simulator's answer and the comparison of two users. Pure functions
//! over policies already read; `state` reads them from the API.
//!
//! The API's policy type (`tg_api::Policy`) and the engine's (`tg_policy::Policy`) write the same
//! JSON, so one becomes the other through it: conditions the engine cannot read are reported
//! rather than guessed.

use serde::{Deserialize, Serialize};
use tg_policy::{Catalog, Outcome, PolicySet, Target};
use ts_rs::TS;

use crate::error::{Error, Result};

/// One action of the catalog, for the permission tree and the effective permissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CatalogEntry {
    /// `area::verb`.
    pub name: String,
    /// The part before `::`; screens group actions by it.
    pub area: String,
    pub description: String,
    /// The endpoints that require the action, as `GET /v2/node`.
    pub endpoints: Vec<String>,
}

/// How an action is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Verdict {
    Allowed,
    /// A matching `deny` statement.
    Denied,
    /// No statement allows it.
    NotGranted,
}

/// A statement by its policy and its position (from 0) in the policy's statements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatementAt {
    pub policy: String,
    pub statement: u32,
}

/// One catalog action as a set of policies decides it on the whole organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EffectivePermission {
    pub action: String,
    pub area: String,
    pub description: String,
    pub verdict: Verdict,
    /// The statement that decided; none when not granted.
    pub decided_by: Option<StatementAt>,
    /// Statements about the action limited to some resources or tags ("on some nodes only").
    pub elsewhere: Vec<StatementAt>,
}

/// The actions a change of policies gains and loses, in catalog order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PermissionChange {
    pub gained: Vec<String>,
    pub lost: Vec<String>,
}

/// A node tag for the simulator: `name` is the tag's name (`env`) or a full condition key
/// (`tg:node:tags:env`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SimulatedTag {
    pub name: String,
    pub value: String,
}

/// The simulator's question: whose policies (a service user's, or a set of policy names), which
/// action, and optionally on which resource with which tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Simulation {
    /// A service user whose policies to use; when absent, `policyIds` are used.
    #[ts(optional)]
    pub service_user: Option<String>,
    #[serde(default)]
    pub policy_ids: Vec<String>,
    pub action: String,
    /// A TGRN; when absent, the organisation itself.
    #[ts(optional)]
    pub resource: Option<String>,
    #[serde(default)]
    pub tags: Vec<SimulatedTag>,
}

/// The simulator's answer: the verdict and the statement that decided it, quoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SimulationResult {
    pub verdict: Verdict,
    pub decided_by: Option<StatementAt>,
    /// The deciding statement's effect and action patterns.
    pub statement: Option<tg_api::PolicyStatement>,
    pub elsewhere: Vec<StatementAt>,
    /// The policies that were evaluated (a user's unknown policy names are left out).
    pub policies: Vec<String>,
}

/// Two service users side by side: the actions only one of them is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserComparison {
    pub only_first: Vec<String>,
    pub only_second: Vec<String>,
    /// How many catalog actions both are allowed.
    pub both: u32,
}

/// The catalog for the UI.
pub fn catalog_entries(catalog: &Catalog) -> Vec<CatalogEntry> {
    catalog
        .actions
        .iter()
        .map(|action| CatalogEntry {
            name: action.name.clone(),
            area: action.area.clone(),
            description: action.description.clone(),
            endpoints: action
                .endpoints
                .iter()
                .map(|e| format!("{} {}", e.method, e.path))
                .collect(),
        })
        .collect()
}

/// The API's policies in the engine's model. A policy the engine cannot read (conditions of
/// another shape) is an error naming it, never silently dropped.
pub fn engine_policies(policies: &[tg_api::Policy]) -> Result<Vec<tg_policy::Policy>> {
    policies
        .iter()
        .map(|policy| {
            let json = serde_json::to_value(policy)
                .map_err(|e| Error::InvalidInput(format!("policy {}: {e}", policy.name)))?;
            serde_json::from_value(json).map_err(|e| {
                Error::InvalidInput(format!("policy {} cannot be evaluated: {e}", policy.name))
            })
        })
        .collect()
}

/// The policies named in `ids`, in that order; names no policy has are skipped (the server
/// refuses them, and an effective-permission screen must still show the rest).
pub fn held<'p>(all: &'p [tg_policy::Policy], ids: &[String]) -> Vec<&'p tg_policy::Policy> {
    ids.iter()
        .filter_map(|id| all.iter().find(|p| &p.name == id))
        .collect()
}

/// Every catalog action as `policies` decide it on the organisation.
pub fn effective(catalog: &Catalog, policies: &[&tg_policy::Policy]) -> Vec<EffectivePermission> {
    let set = PolicySet::new(policies.iter().copied());
    tg_policy::effective_permissions(catalog, &set, &Target::organisation())
        .into_iter()
        .map(|row| EffectivePermission {
            action: row.action.to_owned(),
            area: row.area.to_owned(),
            description: row.description.to_owned(),
            verdict: verdict(row.explanation.decision.outcome),
            decided_by: row.explanation.decision.decided_by.map(statement_at),
            elsewhere: row
                .explanation
                .elsewhere
                .into_iter()
                .map(statement_at)
                .collect(),
        })
        .collect()
}

/// What going from `before` to `after` gains and loses on the organisation.
pub fn change(
    catalog: &Catalog,
    before: &[&tg_policy::Policy],
    after: &[&tg_policy::Policy],
) -> PermissionChange {
    let before = PolicySet::new(before.iter().copied());
    let after = PolicySet::new(after.iter().copied());
    let diff = tg_policy::diff(catalog, &before, &after, &Target::organisation());
    PermissionChange {
        gained: diff.gained.into_iter().map(str::to_owned).collect(),
        lost: diff.lost.into_iter().map(str::to_owned).collect(),
    }
}

/// The policy names a user would hold after attaching `attach` and detaching `detach`.
pub fn after_change(held: &[String], attach: &[String], detach: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = held
        .iter()
        .filter(|id| !detach.contains(id))
        .cloned()
        .collect();
    for id in attach {
        if !ids.contains(id) && !detach.contains(id) {
            ids.push(id.clone());
        }
    }
    ids
}

/// Two users' allowed actions compared.
pub fn compare(
    catalog: &Catalog,
    first: &[&tg_policy::Policy],
    second: &[&tg_policy::Policy],
) -> UserComparison {
    let changes = change(catalog, first, second);
    let first_set = PolicySet::new(first.iter().copied());
    let both = catalog
        .actions
        .iter()
        .filter(|a| {
            first_set
                .decide(&a.name, &Target::organisation())
                .is_allowed()
        })
        .count()
        - changes.lost.len();
    UserComparison {
        only_first: changes.lost,
        only_second: changes.gained,
        both: both as u32,
    }
}

/// The simulator: decides `simulation.action` for `policies` on its target.
pub fn simulate(
    policies: &[&tg_policy::Policy],
    simulation: &Simulation,
) -> Result<SimulationResult> {
    let action = simulation.action.trim();
    if action.is_empty() {
        return Err(Error::InvalidInput("Choose an action to simulate.".into()));
    }
    if action.contains('*') {
        return Err(Error::InvalidInput(
            "Simulate one action, not a pattern with *.".into(),
        ));
    }
    let target = target(simulation)?;
    let set = PolicySet::new(policies.iter().copied());
    let explanation = set.explain(action, &target);
    let decided_by = explanation.decision.decided_by;
    let statement = decided_by.and_then(|at| {
        let policy = policies.iter().find(|p| p.name == at.policy)?;
        let statement = policy.statements.get(at.statement)?;
        serde_json::from_value(serde_json::to_value(statement).ok()?).ok()
    });
    Ok(SimulationResult {
        verdict: verdict(explanation.decision.outcome),
        decided_by: decided_by.map(statement_at),
        statement,
        elsewhere: explanation
            .elsewhere
            .into_iter()
            .map(statement_at)
            .collect(),
        policies: policies.iter().map(|p| p.name.clone()).collect(),
    })
}

fn target(simulation: &Simulation) -> Result<Target> {
    let resource = simulation
        .resource
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let Some(resource) = resource else {
        if simulation.tags.is_empty() {
            return Ok(Target::organisation());
        }
        return Err(Error::InvalidInput(
            "Tags belong to a resource: enter the resource's TGRN too.".into(),
        ));
    };
    if !resource.starts_with("tgrn:") {
        return Err(Error::InvalidInput(
            "The resource must be a TGRN (tgrn:tg::service:type/id).".into(),
        ));
    }
    let mut target = Target::resource(resource);
    for tag in &simulation.tags {
        let name = tag.name.trim();
        if name.is_empty() {
            continue;
        }
        let key = if name.contains(':') {
            name.to_owned()
        } else {
            tg_policy::node_tag_key(name)
        };
        target = target.with_tag(key, tag.value.trim());
    }
    Ok(target)
}

fn verdict(outcome: Outcome) -> Verdict {
    match outcome {
        Outcome::Allowed => Verdict::Allowed,
        Outcome::Denied => Verdict::Denied,
        Outcome::NotGranted => Verdict::NotGranted,
    }
}

fn statement_at(at: tg_policy::StatementRef<'_>) -> StatementAt {
    StatementAt {
        policy: at.policy.to_owned(),
        statement: at.statement as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(json: serde_json::Value) -> tg_policy::Policy {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn effective_rows_name_the_deciding_policy_and_deny_wins() {
        let ops = policy(serde_json::json!({"name": "ops", "statements": [
            {"effect": "allow", "actions": ["nodes::*"]},
            {"effect": "deny", "actions": ["nodes::delete"]}]}));
        let rows = effective(tg_policy::catalog(), &[&ops]);
        assert_eq!(rows.len(), tg_policy::catalog().actions.len());
        let row = |name: &str| rows.iter().find(|r| r.action == name).unwrap();
        assert_eq!(row("nodes::read").verdict, Verdict::Allowed);
        assert_eq!(
            row("nodes::read").decided_by.as_ref().unwrap().policy,
            "ops"
        );
        assert_eq!(row("nodes::delete").verdict, Verdict::Denied);
        assert_eq!(
            row("nodes::delete").decided_by.as_ref().unwrap().statement,
            1
        );
        assert_eq!(row("users::read").verdict, Verdict::NotGranted);
        assert!(row("users::read").decided_by.is_none());
    }

    #[test]
    fn what_if_and_compare_use_the_same_diff() {
        let reader = policy(serde_json::json!({"name": "r", "statements": [
            {"effect": "allow", "actions": ["users::read", "nodes::read"]}]}));
        let users = policy(serde_json::json!({"name": "u", "statements": [
            {"effect": "allow", "actions": ["users::*"]}]}));
        let change = change(tg_policy::catalog(), &[&reader], &[&users]);
        assert_eq!(change.gained, vec!["users::modify"]);
        assert_eq!(change.lost, vec!["nodes::read"]);
        let comparison = compare(tg_policy::catalog(), &[&reader], &[&users]);
        assert_eq!(comparison.only_first, vec!["nodes::read"]);
        assert_eq!(comparison.only_second, vec!["users::modify"]);
        assert_eq!(comparison.both, 1);
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            after_change(&ids(&["a", "b"]), &ids(&["c", "a"]), &ids(&["b"])),
            ids(&["a", "c"])
        );
    }

    #[test]
    fn the_simulator_quotes_the_statement_and_reads_tags_on_resources() {
        let prod = policy(
            serde_json::json!({"name": "prod", "resources": ["tgrn:tg::nodes:node/*"],
            "conditions": {"all": {"eq": {"tg:node:tags:env": ["prod"]}}},
            "statements": [{"effect": "allow", "actions": ["nodes::read"]}]}),
        );
        let ask = |resource: Option<&str>, tags: Vec<SimulatedTag>| Simulation {
            service_user: None,
            policy_ids: vec![],
            action: "nodes::read".into(),
            resource: resource.map(str::to_owned),
            tags,
        };
        let tag = |v: &str| SimulatedTag {
            name: "env".into(),
            value: v.into(),
        };
        let on_prod = simulate(
            &[&prod],
            &ask(Some("tgrn:tg::nodes:node/a"), vec![tag("prod")]),
        );
        let on_prod = on_prod.unwrap();
        assert_eq!(on_prod.verdict, Verdict::Allowed);
        assert_eq!(on_prod.statement.unwrap().actions, vec!["nodes::read"]);
        let on_dev = simulate(
            &[&prod],
            &ask(Some("tgrn:tg::nodes:node/a"), vec![tag("dev")]),
        );
        assert_eq!(on_dev.unwrap().verdict, Verdict::NotGranted);
        let org = simulate(&[&prod], &ask(None, vec![])).unwrap();
        assert_eq!(org.verdict, Verdict::NotGranted);
        assert_eq!(org.elsewhere.len(), 1, "allowed on some resources only");
        assert!(simulate(&[&prod], &ask(Some("node-a"), vec![])).is_err());
        assert!(simulate(&[&prod], &ask(None, vec![tag("prod")])).is_err());
    }
}
