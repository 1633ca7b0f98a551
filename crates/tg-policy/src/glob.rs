//! The one wildcard rule, for action patterns and resource patterns alike: `*` matches any run
//! of characters, including none, and every other character matches itself. So `*` matches
//! everything, `users::*` every `users::` action, `audits::read:*` every audit log and
//! `tgrn:tg::nodes:node/*` every node. It is the rule the sandbox has always applied, and a
//! superset of the `*` and `area::*` forms Trustgrid documents.

/// Whether `pattern` matches `text`.
pub fn matches(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let mut parts = parts.peekable();
    if parts.peek().is_none() {
        // No `*` at all: exact match.
        return rest.is_empty();
    }
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            // The last part must end the text, without overlapping what matched before.
            return rest.len() >= part.len() && rest.ends_with(part);
        }
        match rest.find(part) {
            Some(index) => rest = &rest[index + part.len()..],
            None => return false,
        }
    }
    true
}

/// How specific a pattern is: the number of characters that are not `*`. An exact action beats
/// `users::*`, which beats `*`, when the engine names the statement that decided.
pub fn specificity(pattern: &str) -> usize {
    pattern.chars().filter(|c| *c != '*').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_star_only_the_same_text_matches() {
        assert!(matches("users::read", "users::read"));
        assert!(!matches("users::read", "users::modify"));
        assert!(!matches("users::read", "users::read:extra"));
        assert!(!matches("users::read", "users::rea"));
        assert!(matches("", ""));
        assert!(!matches("", "x"));
    }

    #[test]
    fn a_star_matches_any_run_of_characters() {
        assert!(matches("*", "users::modify"));
        assert!(matches("*", ""));
        assert!(matches("users::*", "users::read"));
        assert!(
            matches("users::*", "users::"),
            "a star also matches nothing"
        );
        assert!(!matches("users::*", "permissions::read"));
        assert!(
            !matches("users::*", "users"),
            "the literal prefix must be present"
        );
        assert!(matches("*::read", "permissions::read"));
        assert!(!matches("*::read", "permissions::modify"));
        assert!(matches("audits::read:*", "audits::read:user"));
        assert!(matches("a*b*c", "axxbyyc"));
        assert!(!matches("a*b*c", "axxcyyb"));
        assert!(matches("a**c", "abc"), "two stars in a row are one");
        assert!(
            !matches("ab*ba", "aba"),
            "prefix and suffix must not overlap"
        );
        assert!(matches("tgrn:tg::nodes:node/*", "tgrn:tg::nodes:node/8e68"));
        assert!(!matches(
            "tgrn:tg::nodes:node/*",
            "tgrn:tg::nodes:cluster/x"
        ));
    }

    #[test]
    fn specificity_counts_literal_characters() {
        assert_eq!(specificity("*"), 0);
        assert!(specificity("users::read") > specificity("users::*"));
        assert!(specificity("users::*") > specificity("*"));
    }
}
