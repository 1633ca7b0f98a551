//! The patterns in the sandbox's OpenAPI description say exactly what the sandbox accepts
//! (proptest; `cargo xtask fuzz` runs these with far more cases): a name, an action pattern or a
//! resource matches its pattern if and only if the sandbox's own rule takes it. A client or a
//! fuzzer that follows the description then sends what is accepted, and nothing the
//! description calls invalid gets through.

use std::collections::HashMap;
use std::sync::LazyLock;

use proptest::prelude::*;
use regex::Regex;

static DOCUMENT: LazyLock<serde_json::Value> =
    LazyLock::new(|| serde_json::from_str(&tg_sandbox::openapi_json()).unwrap());

static PATTERNS: LazyLock<HashMap<&'static str, Regex>> = LazyLock::new(|| {
    ["PolicyName", "ActionPattern", "Resource"]
        .into_iter()
        .map(|schema| {
            let text = DOCUMENT["components"]["schemas"][schema]["pattern"]
                .as_str()
                .unwrap_or_else(|| panic!("{schema} has a pattern in the description"));
            (schema, Regex::new(text).unwrap())
        })
        .collect()
});

/// The `pattern` of a schema in the description's components.
fn pattern(schema: &str) -> &'static Regex {
    &PATTERNS[schema]
}

#[test]
fn every_name_in_a_body_has_the_same_pattern() {
    let expected = pattern("PolicyName").as_str();
    for body in [
        "NewServiceUserBody",
        "ServiceUserBody",
        "NewPolicyBody",
        "PolicyBody",
    ] {
        assert_eq!(
            DOCUMENT["components"]["schemas"][body]["properties"]["name"]["pattern"], expected,
            "{body}"
        );
    }
}

proptest! {
    #[test]
    fn the_name_pattern_is_the_naming_rule(
        name in prop_oneof!["[A-Za-z0-9._ /é-]{0,70}", "[a-z-]{60,70}", any::<String>()]
    ) {
        let valid = tg_policy::names::name_problems("service user", &name).is_empty();
        prop_assert_eq!(pattern("PolicyName").is_match(&name), valid, "{:?}", name);
    }

    #[test]
    fn the_action_pattern_is_the_action_rule(action in "[a-z0-9:*A -]{0,12}") {
        let valid = tg_policy::action::check_pattern(&action).is_ok();
        prop_assert_eq!(pattern("ActionPattern").is_match(&action), valid, "{:?}", action);
    }

    #[test]
    fn the_resource_pattern_is_the_resource_rule(resource in "[*tgrn: a\n/]{0,10}") {
        let valid = resource == "*" || resource.starts_with("tgrn:");
        prop_assert_eq!(pattern("Resource").is_match(&resource), valid, "{:?}", resource);
    }
}
