//! The JSON shapes of the API, with Trustgrid's field names, and the validation of request
//! bodies. Request bodies are read with every field optional so that a missing or wrong field
//! becomes a readable 422 message instead of a generic decoding error.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// The caller's organisation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Org {
    pub uid: String,
    pub name: String,
    pub domain: String,
}

/// A service user as the API returns it. `clientId` and `tokenCreated` are null until keys exist.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceUser {
    pub name: String,
    pub org_id: String,
    #[schema(example = "active")]
    pub status: String,
    pub policy_ids: Vec<String>,
    pub client_id: Option<String>,
    /// Unix seconds.
    pub token_created: Option<i64>,
}

/// Body of `POST /v2/service-user` and `PUT /v2/service-user/{name}` as the handlers read it,
/// every field optional so a missing one is a readable 422 (the description is in
/// `routes::bodies`). Unknown fields (such as `clientId`) are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceUserInput {
    pub name: Option<String>,
    /// Ignored unless non-empty, then it must be the caller's organisation.
    pub org_id: Option<String>,
    /// `active` (default on create) or `inactive`.
    pub status: Option<String>,
    /// Policy names; default on create: none.
    pub policy_ids: Option<Vec<String>>,
}

/// The one-time answer of `POST /v2/service-user/{name}/token`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeys {
    pub client_id: String,
    pub secret: String,
}

impl std::fmt::Debug for ApiKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKeys")
            .field("client_id", &self.client_id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// A policy statement.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PolicyStatement {
    /// `allow`, `deny` or `noop`.
    pub effect: String,
    pub actions: Vec<String>,
}

/// A policy. Its name is its id (`policyIds` of a service user hold policy names).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Policy {
    pub name: String,
    pub description: String,
    pub resources: Vec<String>,
    /// `all`, `any` and `none`, each with `eq` and `ne` maps from a tag key to values.
    #[schema(value_type = Object)]
    pub conditions: Value,
    pub statements: Vec<PolicyStatement>,
}

/// Body of `POST /v2/policy` and `PUT /v2/policy/{name}` as the handlers read it (the
/// description is in `routes::bodies`).
#[derive(Debug, Default, Deserialize)]
pub struct PolicyInput {
    pub name: Option<String>,
    /// Default: empty.
    pub description: Option<String>,
    /// Default: `["*"]`.
    pub resources: Option<Vec<String>>,
    /// Default: empty `all`/`any`/`none` groups.
    pub conditions: Option<Value>,
    pub statements: Option<Vec<PolicyStatement>>,
}

/// Answer of `GET /healthz`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The conditions of a policy that has none, in the full shape the API answers with.
pub fn empty_conditions() -> Value {
    conditions_json(&tg_policy::Conditions::default())
}

fn conditions_json(conditions: &tg_policy::Conditions) -> Value {
    serde_json::to_value(conditions).unwrap_or_else(|_| Value::Object(Default::default()))
}

/// A policy as tg-policy defines it (the built-ins), in the API's shape.
impl From<tg_policy::Policy> for Policy {
    fn from(policy: tg_policy::Policy) -> Self {
        Self {
            conditions: conditions_json(&policy.conditions),
            name: policy.name,
            description: policy.description,
            resources: policy.resources,
            statements: policy
                .statements
                .into_iter()
                .map(|statement| PolicyStatement {
                    effect: statement.effect.as_str().to_string(),
                    actions: statement.actions,
                })
                .collect(),
        }
    }
}

/// Whether every group of `conditions` (`all`, `any`, `none`) and every test in it (`eq`, `ne`)
/// is an object or null. serde would also read a struct from an array (`"none": [null, null]`),
/// which no client means.
fn conditions_are_objects(conditions: &serde_json::Map<String, Value>) -> bool {
    let object_or_null = |value: &Value| matches!(value, Value::Object(_) | Value::Null);
    ["all", "any", "none"]
        .iter()
        .filter_map(|group| conditions.get(*group))
        .all(|group| match group {
            Value::Null => true,
            Value::Object(tests) => ["eq", "ne"]
                .iter()
                .filter_map(|test| tests.get(*test))
                .all(object_or_null),
            _ => false,
        })
}

pub const STATUS_ACTIVE: &str = "active";
pub const STATUS_INACTIVE: &str = "inactive";
/// Checks a service user or policy name against Trustgrid's rule (`tg_policy::names`); pushes
/// one message per broken rule.
pub fn check_name(kind: &str, name: &str, problems: &mut Vec<String>) {
    problems.extend(tg_policy::names::name_problems(kind, name));
}

pub fn check_status(status: &str, problems: &mut Vec<String>) {
    if status != STATUS_ACTIVE && status != STATUS_INACTIVE {
        problems.push("status must be \"active\" or \"inactive\"".to_string());
    }
}

/// Checks the policy fields other than the name and returns the full policy with defaults.
pub fn complete_policy(name: String, input: PolicyInput, problems: &mut Vec<String>) -> Policy {
    let resources = input.resources.unwrap_or_else(|| vec!["*".to_string()]);
    for resource in &resources {
        if resource != "*" && !resource.starts_with("tgrn:") {
            problems.push(format!(
                "resource {resource:?} must be \"*\" or a TGRN (tgrn:tg::service:type/id)"
            ));
        }
    }
    // Stored in the full shape the evaluator reads, so what is shown is what is enforced.
    let conditions = match input.conditions {
        None | Some(Value::Null) => empty_conditions(),
        Some(Value::Object(map)) if !conditions_are_objects(&map) => {
            problems.push(
                "conditions must hold all, any and none, each an object with eq and ne maps \
                 from a tag key to a list of values"
                    .to_string(),
            );
            Value::Null
        }
        Some(Value::Object(map)) => {
            match serde_json::from_value::<tg_policy::Conditions>(Value::Object(map)) {
                Ok(conditions) => conditions_json(&conditions),
                Err(error) => {
                    problems.push(format!(
                        "conditions must hold all, any and none, each with eq and ne maps from a \
                         tag key to a list of values: {error}"
                    ));
                    Value::Null
                }
            }
        }
        Some(_) => {
            problems.push("conditions must be a JSON object".to_string());
            Value::Null
        }
    };
    let statements = match input.statements {
        Some(statements) => statements,
        None => {
            problems.push("statements is required".to_string());
            Vec::new()
        }
    };
    for statement in &statements {
        if tg_policy::Effect::parse(&statement.effect).is_none() {
            problems.push(format!(
                "statement effect {:?} must be \"allow\", \"deny\" or \"noop\"",
                statement.effect
            ));
        }
        if statement.actions.is_empty() {
            problems.push("every statement needs at least one action".to_string());
        }
        for action in &statement.actions {
            if let Err(problem) = tg_policy::action::check_pattern(action) {
                problems.push(problem);
            }
        }
    }
    Policy {
        name,
        description: input.description.unwrap_or_default(),
        resources,
        conditions,
        statements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of(check: impl FnOnce(&mut Vec<String>)) -> Vec<String> {
        let mut problems = Vec::new();
        check(&mut problems);
        problems
    }

    #[test]
    fn names_allow_letters_digits_hyphens_up_to_64() {
        assert!(problems_of(|p| check_name("service user", "ci-Deploy-01", p)).is_empty());
        assert!(problems_of(|p| check_name("policy", &"a".repeat(64), p)).is_empty());
        assert_eq!(
            problems_of(|p| check_name("policy", &"a".repeat(65), p)).len(),
            1
        );
        assert_eq!(problems_of(|p| check_name("policy", "", p)).len(), 1);
        let bad = problems_of(|p| check_name("service user", "has space", p));
        assert_eq!(
            bad,
            vec!["service user name must contain only letters, digits and hyphens"]
        );
        assert_eq!(problems_of(|p| check_name("x", "a_b", p)).len(), 1);
        assert_eq!(problems_of(|p| check_name("x", "é", p)).len(), 1);
    }

    #[test]
    fn policy_defaults_and_effect_checks() {
        let mut problems = Vec::new();
        let policy = complete_policy(
            "p".into(),
            PolicyInput {
                statements: Some(vec![PolicyStatement {
                    effect: "allow".into(),
                    actions: vec!["users::read".into()],
                }]),
                ..PolicyInput::default()
            },
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(policy.resources, vec!["*"]);
        assert_eq!(policy.conditions, empty_conditions());

        let mut problems = Vec::new();
        complete_policy(
            "p".into(),
            PolicyInput {
                statements: Some(vec![PolicyStatement {
                    effect: "permit".into(),
                    actions: vec![],
                }]),
                conditions: Some(serde_json::json!([1])),
                ..PolicyInput::default()
            },
            &mut problems,
        );
        assert_eq!(
            problems.len(),
            3,
            "bad effect, empty actions and non-object conditions: {problems:?}"
        );
    }

    /// Found by `cargo xtask fuzz`: serde reads a struct from an array too, so a group given as
    /// `[null, null]` was stored as an empty group instead of being refused.
    #[test]
    fn condition_groups_given_as_arrays_are_refused() {
        for conditions in [
            serde_json::json!({"none": [null, null]}),
            serde_json::json!({"all": {"eq": [["k", ["v"]]]}}),
            serde_json::json!({"any": "x"}),
        ] {
            let mut problems = Vec::new();
            complete_policy(
                "p".into(),
                PolicyInput {
                    conditions: Some(conditions.clone()),
                    statements: Some(Vec::new()),
                    ..PolicyInput::default()
                },
                &mut problems,
            );
            assert_eq!(problems.len(), 1, "{conditions}: {problems:?}");
        }
        let mut problems = Vec::new();
        complete_policy(
            "p".into(),
            PolicyInput {
                conditions: Some(serde_json::json!({"all": null, "any": {"eq": null, "ne": {}}})),
                statements: Some(Vec::new()),
                ..PolicyInput::default()
            },
            &mut problems,
        );
        assert!(
            problems.is_empty(),
            "null groups and tests are empty ones: {problems:?}"
        );
    }
}
