//! The policy model, in the API's JSON shape exactly (see `shared/API.md`):
//!
//! ```json
//! {"name":"order-full-access","description":"orders RW",
//!  "resources":["*","tgrn:tg::nodes:node/8e684dec-f83a-49a1-b306-74d816559453"],
//!  "conditions":{"all":{"eq":{"tg:node:tags:env":["prod"]},"ne":{}},"any":{"eq":{},"ne":{}},"none":{"eq":{},"ne":{}}},
//!  "statements":[{"effect":"allow","actions":["orders::read","orders::modify"]},
//!                {"effect":"deny","actions":["nodes::cluster"]}]}
//! ```
//!
//! Resources and conditions belong to the policy and apply to each of its statements. Reading
//! is lenient where the live API is (a missing or `null` field takes its default: description
//! `""`, resources `["*"]`, no conditions, no statements); writing always gives every field, so
//! a policy read and written again keeps its shape.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// A named set of statements; service users hold policies by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub description: String,
    /// TGRNs (`tgrn:tg::nodes:node/<uid>`, `*` wildcards allowed) or `*` for every resource.
    #[serde(
        default = "every_resource",
        deserialize_with = "null_as_every_resource"
    )]
    pub resources: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub conditions: Conditions,
    #[serde(default, deserialize_with = "null_as_default")]
    pub statements: Vec<Statement>,
}

/// One effect over a list of action patterns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub effect: Effect,
    #[serde(default, deserialize_with = "null_as_default")]
    pub actions: Vec<String>,
}

/// What a matching statement does. `noop` statements are kept but never decide anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    Allow,
    Deny,
    Noop,
}

impl Effect {
    /// `"allow"`, `"deny"` or `"noop"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "allow",
            Self::Deny => "deny",
            Self::Noop => "noop",
        }
    }

    /// The effect named `text` (lower case, as in the JSON).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "allow" => Some(Self::Allow),
            "deny" => Some(Self::Deny),
            "noop" => Some(Self::Noop),
            _ => None,
        }
    }
}

/// When a policy applies, judged on the tags of the resource a request acts on. The policy
/// applies when every test in `all` holds, at least one in `any` holds (or `any` has none), and
/// no test in `none` holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditions {
    #[serde(default, deserialize_with = "null_as_default")]
    pub all: TagTests,
    #[serde(default, deserialize_with = "null_as_default")]
    pub any: TagTests,
    #[serde(default, deserialize_with = "null_as_default")]
    pub none: TagTests,
}

/// Tag tests keyed by condition key (`tg:node:tags:env`): `eq` holds when the resource's value
/// is one of the listed values, `ne` when it is none of them (also when the tag is absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagTests {
    #[serde(default, deserialize_with = "null_as_default")]
    pub eq: BTreeMap<String, Vec<String>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub ne: BTreeMap<String, Vec<String>>,
}

impl Policy {
    /// Whether the policy covers every resource whatever its tags: resources include `*` and
    /// there are no conditions.
    pub fn is_unrestricted(&self) -> bool {
        self.resources.iter().any(|r| r == "*") && self.conditions.is_empty()
    }
}

impl Conditions {
    /// True when there is no test at all (the conditions always hold).
    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.any.is_empty() && self.none.is_empty()
    }
}

impl TagTests {
    pub fn is_empty(&self) -> bool {
        self.eq.is_empty() && self.ne.is_empty()
    }
}

/// The condition key of a node tag: `tg:node:tags:<name>`, as conditions write it.
pub fn node_tag_key(name: &str) -> String {
    format!("tg:node:tags:{name}")
}

fn every_resource() -> Vec<String> {
    vec!["*".to_string()]
}

/// The live API sometimes sends `null` where a list, map or string is expected.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn null_as_every_resource<'de, D>(deserializer: D) -> Result<Vec<String>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(Option::<Vec<String>>::deserialize(deserializer)?.unwrap_or_else(every_resource))
}

#[cfg(test)]
mod tests {
    use super::*;

    const API_EXAMPLE: &str = r#"{"name":"order-full-access","description":"orders RW",
 "resources":["*","tgrn:tg::nodes:node/8e684dec-f83a-49a1-b306-74d816559453"],
 "conditions":{"all":{"eq":{"tg:node:tags:env":["prod"]},"ne":{}},"any":{"eq":{},"ne":{}},"none":{"eq":{},"ne":{}}},
 "statements":[{"effect":"allow","actions":["orders::read","orders::modify"]},
               {"effect":"deny","actions":["nodes::cluster"]}]}"#;

    #[test]
    fn the_api_example_round_trips_to_the_same_json() {
        let policy: Policy = serde_json::from_str(API_EXAMPLE).unwrap();
        assert_eq!(policy.statements[1].effect, Effect::Deny);
        assert_eq!(
            policy.conditions.all.eq["tg:node:tags:env"],
            vec!["prod".to_string()]
        );
        let original: serde_json::Value = serde_json::from_str(API_EXAMPLE).unwrap();
        assert_eq!(serde_json::to_value(&policy).unwrap(), original);
    }

    #[test]
    fn missing_and_null_fields_take_their_defaults() {
        let policy: Policy = serde_json::from_str(r#"{"name":"p"}"#).unwrap();
        assert_eq!(policy.description, "");
        assert_eq!(policy.resources, vec!["*"]);
        assert!(policy.conditions.is_empty());
        assert!(policy.statements.is_empty());
        let nulls: Policy = serde_json::from_str(
            r#"{"name":"p","description":null,"resources":null,"conditions":null,
                "statements":[{"effect":"noop","actions":null}]}"#,
        )
        .unwrap();
        assert_eq!(nulls.resources, vec!["*"]);
        assert!(nulls.statements[0].actions.is_empty());
        let partial: Conditions = serde_json::from_str(r#"{"any":{"ne":{"k":["v"]}}}"#).unwrap();
        assert!(partial.all.is_empty() && partial.none.is_empty());
        assert!(!partial.is_empty());
    }

    #[test]
    fn written_policies_have_every_field_in_the_api_shape() {
        let policy: Policy = serde_json::from_str(r#"{"name":"p"}"#).unwrap();
        assert_eq!(
            serde_json::to_value(&policy).unwrap(),
            serde_json::json!({
                "name": "p", "description": "", "resources": ["*"],
                "conditions": {"all": {"eq": {}, "ne": {}}, "any": {"eq": {}, "ne": {}},
                               "none": {"eq": {}, "ne": {}}},
                "statements": []
            })
        );
    }

    #[test]
    fn effects_are_lower_case_words() {
        for effect in [Effect::Allow, Effect::Deny, Effect::Noop] {
            assert_eq!(Effect::parse(effect.as_str()), Some(effect));
            assert_eq!(
                serde_json::to_value(effect).unwrap(),
                serde_json::json!(effect.as_str())
            );
        }
        assert_eq!(Effect::parse("Allow"), None);
        assert!(serde_json::from_str::<Effect>("\"permit\"").is_err());
    }

    #[test]
    fn unrestricted_means_every_resource_and_no_conditions() {
        let mut policy: Policy = serde_json::from_str(r#"{"name":"p"}"#).unwrap();
        assert!(policy.is_unrestricted());
        policy.resources = vec!["tgrn:tg::nodes:node/1".into()];
        assert!(!policy.is_unrestricted());
        policy.resources = vec!["*".into()];
        policy
            .conditions
            .none
            .eq
            .insert(node_tag_key("env"), vec!["prod".into()]);
        assert!(!policy.is_unrestricted());
    }
}
