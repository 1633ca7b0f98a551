//! Action names (`area::verb`, optionally `area::verb:detail`) and action patterns (the same
//! with `*` wildcards), as Trustgrid writes them in policies.
//!
//! Trustgrid's spec is not consistent in how it writes some actions in prose: it has
//! `node::configure::connectors` beside `nodes::configure:network`. [`normalise`] turns such
//! spellings into the canonical form the catalog uses: the area `node` is `nodes` (every other
//! node action, and the API's own example `nodes::configure:apigw`, use the plural), and only
//! the first `::` separates area and verb, later ones are written `:`. Policies are compared as
//! written: the evaluator does not normalise, because the API matches exact identifiers.

/// The part before `::` (`users` for `users::read`), or `None` when there is no `::`.
pub fn area(action: &str) -> Option<&str> {
    action.split_once("::").map(|(area, _)| area)
}

/// The canonical spelling of an action as Trustgrid's spec writes it (see the module docs):
/// `node::configure::connectors` → `nodes::configure:connectors`.
pub fn normalise(action: &str) -> String {
    let Some((area, verb)) = action.trim().split_once("::") else {
        return action.trim().to_string();
    };
    let area = if area == "node" { "nodes" } else { area };
    format!("{area}::{}", verb.replace("::", ":"))
}

/// Checks an action pattern as a policy may hold it: `*`, or `area::verb[:detail]` made of
/// lower-case letters, digits, hyphens, colons and `*`. The message says what is wrong.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "-:*".contains(c);
    let well_formed = pattern == "*"
        || pattern.split_once("::").is_some_and(|(area, verb)| {
            !area.is_empty()
                && !verb.is_empty()
                && area.chars().all(allowed)
                && verb.chars().all(allowed)
        });
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "action {pattern:?} must be \"*\" or look like \"resource::verb\""
        ))
    }
}

/// Whether the action pattern `pattern` covers `action` (see [`crate::glob`]).
pub fn pattern_matches(pattern: &str, action: &str) -> bool {
    crate::glob::matches(pattern, action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_area_is_the_part_before_the_double_colon() {
        assert_eq!(area("users::read"), Some("users"));
        assert_eq!(area("audits::read:user"), Some("audits"));
        assert_eq!(area("nodes::configure:network"), Some("nodes"));
        assert_eq!(area("*"), None);
    }

    #[test]
    fn spec_spellings_normalise_to_one_form() {
        for (written, canonical) in [
            ("node::configure::connectors", "nodes::configure:connectors"),
            ("node::configure::services", "nodes::configure:services"),
            ("nodes::configure::services", "nodes::configure:services"),
            ("node::configure::apigw", "nodes::configure:apigw"),
            ("node::configure:network", "nodes::configure:network"),
            ("nodes::configure:network", "nodes::configure:network"),
            ("node-exec::read", "node-exec::read"),
            ("node-vpn::modify", "node-vpn::modify"),
            (" users::read ", "users::read"),
        ] {
            assert_eq!(normalise(written), canonical, "{written}");
        }
        assert_eq!(
            normalise(&normalise("node::configure::apigw")),
            "nodes::configure:apigw",
            "normalising is idempotent"
        );
    }

    #[test]
    fn patterns_must_be_a_star_or_area_and_verb() {
        for good in [
            "*",
            "users::read",
            "users::*",
            "audits::read:user",
            "*::read",
        ] {
            assert_eq!(check_pattern(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "users",
            "users::",
            "::read",
            "Users::Read",
            "users read",
        ] {
            assert!(check_pattern(bad).is_err(), "{bad:?}");
        }
    }
}
