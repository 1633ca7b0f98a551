//! What a request acts on, and whether a policy's resources and conditions cover it.
//!
//! A request acts either on one resource, named by its TGRN and carrying tags, or on the
//! organisation as a whole (service users, policies, organisation settings), which has no TGRN
//! and no tags. A policy covers a resource when one of its resource patterns matches the TGRN
//! (`*` wildcards as in [`crate::glob`]); it covers the organisation only when its resources
//! include `*`. An empty resource list covers nothing. Conditions are then judged on the
//! target's tags, as [`crate::Conditions`] describes; the organisation has no tags, so `eq`
//! tests fail and `ne` tests hold there.

use std::collections::BTreeMap;

use crate::glob;
use crate::policy::{Conditions, Policy, TagTests};

/// The resource a request acts on, or the organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    /// The TGRN acted on; `None` for the organisation itself.
    pub resource: Option<String>,
    /// The target's tags by condition key (`tg:node:tags:env` → `prod`).
    pub tags: BTreeMap<String, String>,
}

impl Target {
    /// The organisation as a whole: what the service-user and policy endpoints act on.
    pub fn organisation() -> Self {
        Self::default()
    }

    /// One resource, by TGRN (`tgrn:tg::nodes:node/<uid>`).
    pub fn resource(tgrn: impl Into<String>) -> Self {
        Self {
            resource: Some(tgrn.into()),
            tags: BTreeMap::new(),
        }
    }

    /// Adds a tag by condition key; see [`crate::node_tag_key`] for node tags.
    pub fn with_tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }
}

/// Whether `policy`'s resources and conditions cover `target`.
pub fn covers(policy: &Policy, target: &Target) -> bool {
    let resource_covered = match &target.resource {
        None => policy.resources.iter().any(|r| r == "*"),
        Some(tgrn) => policy
            .resources
            .iter()
            .any(|pattern| glob::matches(pattern, tgrn)),
    };
    resource_covered && conditions_hold(&policy.conditions, &target.tags)
}

/// Whether `conditions` hold for a target with `tags`.
pub fn conditions_hold(conditions: &Conditions, tags: &BTreeMap<String, String>) -> bool {
    let mut all = tests(&conditions.all, tags);
    let mut any = tests(&conditions.any, tags).peekable();
    let mut none = tests(&conditions.none, tags);
    all.all(|held| held) && (any.peek().is_none() || any.any(|held| held)) && !none.any(|held| held)
}

/// The outcome of each test in `tests`, `eq` tests first.
fn tests<'a>(
    tests: &'a TagTests,
    tags: &'a BTreeMap<String, String>,
) -> impl Iterator<Item = bool> + 'a {
    let is_one_of = |key: &String, values: &Vec<String>| {
        tags.get(key)
            .is_some_and(|value| values.iter().any(|v| v == value))
    };
    let eq = tests.eq.iter().map(move |(k, v)| is_one_of(k, v));
    let ne = tests.ne.iter().map(move |(k, v)| !is_one_of(k, v));
    eq.chain(ne)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::node_tag_key;

    fn policy(json: serde_json::Value) -> Policy {
        let mut object = json;
        object["name"] = "p".into();
        serde_json::from_value(object).unwrap()
    }

    fn env(value: &str) -> Target {
        Target::resource("tgrn:tg::nodes:node/1").with_tag(node_tag_key("env"), value)
    }

    #[test]
    fn a_star_covers_the_organisation_and_every_resource() {
        let everything = policy(serde_json::json!({"resources": ["*"]}));
        assert!(covers(&everything, &Target::organisation()));
        assert!(covers(
            &everything,
            &Target::resource("tgrn:tg::nodes:node/1")
        ));
    }

    #[test]
    fn listed_resources_cover_only_themselves_and_never_the_organisation() {
        let one_node = policy(serde_json::json!({
            "resources": ["tgrn:tg::nodes:node/1", "tgrn:tg::nodes:cluster/*"]
        }));
        assert!(covers(
            &one_node,
            &Target::resource("tgrn:tg::nodes:node/1")
        ));
        assert!(!covers(
            &one_node,
            &Target::resource("tgrn:tg::nodes:node/2")
        ));
        assert!(covers(
            &one_node,
            &Target::resource("tgrn:tg::nodes:cluster/c.example")
        ));
        assert!(!covers(&one_node, &Target::organisation()));
        let nothing = policy(serde_json::json!({"resources": []}));
        assert!(!covers(&nothing, &Target::organisation()));
        assert!(!covers(
            &nothing,
            &Target::resource("tgrn:tg::nodes:node/1")
        ));
    }

    #[test]
    fn all_needs_every_test() {
        let prod_not_aws = policy(serde_json::json!({"conditions": {"all": {
            "eq": {"tg:node:tags:env": ["prod", "production"]},
            "ne": {"tg:node:tags:cloud": ["aws"]}
        }}}));
        assert!(covers(&prod_not_aws, &env("prod")));
        assert!(covers(&prod_not_aws, &env("production")));
        assert!(!covers(&prod_not_aws, &env("staging")));
        assert!(!covers(
            &prod_not_aws,
            &env("prod").with_tag(node_tag_key("cloud"), "aws")
        ));
        assert!(
            !covers(&prod_not_aws, &Target::organisation()),
            "without tags an eq test fails"
        );
    }

    #[test]
    fn any_needs_one_test_or_none_at_all() {
        let prod_or_eu = policy(serde_json::json!({"conditions": {"any": {
            "eq": {"tg:node:tags:env": ["prod"], "tg:node:tags:region": ["eu"]}
        }}}));
        assert!(covers(&prod_or_eu, &env("prod")));
        assert!(covers(
            &prod_or_eu,
            &env("dev").with_tag(node_tag_key("region"), "eu")
        ));
        assert!(!covers(&prod_or_eu, &env("dev")));
        let empty_any = policy(serde_json::json!({"conditions": {"any": {"eq": {}, "ne": {}}}}));
        assert!(
            covers(&empty_any, &env("dev")),
            "an empty any does not block"
        );
    }

    #[test]
    fn none_forbids_every_test() {
        let not_prod = policy(serde_json::json!({"conditions": {"none": {
            "eq": {"tg:node:tags:env": ["prod"]}
        }}}));
        assert!(!covers(&not_prod, &env("prod")));
        assert!(covers(&not_prod, &env("dev")));
        assert!(
            covers(&not_prod, &Target::organisation()),
            "no tag is not prod"
        );
        let tagged_somehow = policy(serde_json::json!({"conditions": {"none": {
            "ne": {"tg:node:tags:env": ["prod"]}
        }}}));
        assert!(covers(&tagged_somehow, &env("prod")));
        assert!(!covers(&tagged_somehow, &env("dev")));
    }
}
