//! Decides whether a caller may perform an action, from the statements of the policies attached
//! to it. Kept free of HTTP and SQL so the rules can be unit-tested on their own.
//!
//! Rules (as Trustgrid documents them): a statement matches an action when one of its action
//! patterns matches; `*` in a pattern matches any run of characters, so `*` matches everything and
//! `users::*` matches every `users::` action. An explicit `deny` that matches wins over any
//! `allow`; `noop` statements are ignored; no matching `allow` means not allowed. The sandbox does
//! not evaluate `resources` or `conditions`: the endpoints it serves act on the whole
//! organisation, so only the actions matter.

/// A statement's effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
    Noop,
}

impl Effect {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "allow" => Some(Self::Allow),
            "deny" => Some(Self::Deny),
            "noop" => Some(Self::Noop),
            _ => None,
        }
    }
}

/// One action pattern with its effect (a policy statement with N actions gives N of these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub effect: Effect,
    pub pattern: String,
}

impl Grant {
    pub fn new(effect: Effect, pattern: impl Into<String>) -> Self {
        Self {
            effect,
            pattern: pattern.into(),
        }
    }
}

/// The outcome of an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// A matching `deny` statement.
    Denied,
    /// No matching `allow` statement.
    NotGranted,
}

/// Evaluates `grants` (from all policies attached to a caller) for one action.
pub fn decide(grants: &[Grant], action: &str) -> Decision {
    let mut allowed = false;
    for grant in grants {
        if !pattern_matches(&grant.pattern, action) {
            continue;
        }
        match grant.effect {
            Effect::Deny => return Decision::Denied,
            Effect::Allow => allowed = true,
            Effect::Noop => {}
        }
    }
    if allowed {
        Decision::Allowed
    } else {
        Decision::NotGranted
    }
}

/// Whether `pattern` matches `action`; `*` matches any run of characters (also none).
pub fn pattern_matches(pattern: &str, action: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = action.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        // No `*` at all: exact match.
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(index) => rest = &rest[index + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allow(pattern: &str) -> Grant {
        Grant::new(Effect::Allow, pattern)
    }
    fn deny(pattern: &str) -> Grant {
        Grant::new(Effect::Deny, pattern)
    }

    #[test]
    fn exact_pattern_matches_only_that_action() {
        assert!(pattern_matches("users::read", "users::read"));
        assert!(
            !pattern_matches("users::read", "users::modify"),
            "a different verb is a different action"
        );
        assert!(
            !pattern_matches("users::read", "users::read:extra"),
            "an exact pattern must not match a longer action"
        );
        assert!(!pattern_matches("users::read", "users::rea"));
    }

    #[test]
    fn wildcards_match_runs_of_characters() {
        assert!(pattern_matches("*", "users::modify"));
        assert!(pattern_matches("*", ""));
        assert!(pattern_matches("users::*", "users::read"));
        assert!(pattern_matches("users::*", "users::modify"));
        assert!(
            !pattern_matches("users::*", "permissions::read"),
            "a resource wildcard covers only its resource"
        );
        assert!(
            !pattern_matches("users::*", "users"),
            "the literal prefix must be present"
        );
        assert!(pattern_matches("*::read", "permissions::read"));
        assert!(!pattern_matches("*::read", "permissions::modify"));
        assert!(pattern_matches("audits::read:*", "audits::read:user"));
        assert!(pattern_matches("a*b*c", "axxbyyc"));
        assert!(!pattern_matches("a*b*c", "axxcyyb"));
        assert!(
            !pattern_matches("ab*ba", "aba"),
            "prefix and suffix must not overlap"
        );
    }

    #[test]
    fn no_statements_means_not_granted() {
        assert_eq!(decide(&[], "users::read"), Decision::NotGranted);
    }

    #[test]
    fn allow_grants_only_matching_actions() {
        let grants = [allow("users::read")];
        assert_eq!(decide(&grants, "users::read"), Decision::Allowed);
        assert_eq!(decide(&grants, "users::modify"), Decision::NotGranted);
    }

    #[test]
    fn explicit_deny_wins_in_any_order() {
        let allow_first = [allow("*"), deny("users::modify")];
        let deny_first = [deny("users::modify"), allow("*")];
        for grants in [&allow_first[..], &deny_first[..]] {
            assert_eq!(
                decide(grants, "users::modify"),
                Decision::Denied,
                "a matching deny must beat a matching allow regardless of order"
            );
            assert_eq!(
                decide(grants, "users::read"),
                Decision::Allowed,
                "the deny covers only users::modify"
            );
        }
    }

    #[test]
    fn wildcard_deny_beats_exact_allow() {
        let grants = [allow("permissions::modify"), deny("permissions::*")];
        assert_eq!(decide(&grants, "permissions::modify"), Decision::Denied);
    }

    #[test]
    fn noop_is_ignored() {
        let grants = [Grant::new(Effect::Noop, "*")];
        assert_eq!(decide(&grants, "users::read"), Decision::NotGranted);
        let grants = [Grant::new(Effect::Noop, "*"), allow("users::read")];
        assert_eq!(decide(&grants, "users::read"), Decision::Allowed);
    }

    #[test]
    fn effects_parse_from_lower_case_names() {
        assert_eq!(Effect::parse("allow"), Some(Effect::Allow));
        assert_eq!(Effect::parse("deny"), Some(Effect::Deny));
        assert_eq!(Effect::parse("noop"), Some(Effect::Noop));
        assert_eq!(Effect::parse("Allow"), None, "effects are lower case");
    }
}
