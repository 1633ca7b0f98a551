//! The naming rule Trustgrid applies to service users and policies (API.md: letters, digits and
//! hyphens, unique in the org; at most 64 characters as the sandbox bounds it). One definition,
//! here beside the policy model both sides share: the sandbox enforces it, the app checks it
//! before it asks, and the UI receives it through the generated contract instead of typing it
//! again.

/// Longest accepted name, in characters.
pub const NAME_MAX_LEN: usize = 64;

/// The characters a name may hold, as a regular-expression character class body.
pub const NAME_CHARACTER_CLASS: &str = "A-Za-z0-9-";

/// The same, in words, for messages.
pub const NAME_CHARACTERS_IN_WORDS: &str = "letters, digits and hyphens";

/// Whether `c` may appear in a name.
pub fn is_name_character(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// Every rule `name` breaks, as messages that start with `kind` (e.g. "service user"); empty when
/// the name is valid. The messages never quote the name.
pub fn name_problems(kind: &str, name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if name.is_empty() || name.chars().count() > NAME_MAX_LEN {
        problems.push(format!(
            "{kind} name must be 1 to {NAME_MAX_LEN} characters long"
        ));
    }
    if !name.chars().all(is_name_character) {
        problems.push(format!(
            "{kind} name must contain only {NAME_CHARACTERS_IN_WORDS}"
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_digits_and_hyphens_up_to_64() {
        assert!(name_problems("service user", "ci-Deploy-01").is_empty());
        assert!(name_problems("policy", &"a".repeat(NAME_MAX_LEN)).is_empty());
        assert_eq!(
            name_problems("policy", &"a".repeat(NAME_MAX_LEN + 1)).len(),
            1
        );
        assert_eq!(name_problems("policy", "").len(), 1);
        assert_eq!(
            name_problems("service user", "has space"),
            vec!["service user name must contain only letters, digits and hyphens"]
        );
        for dots in [".", "..", "a/b"] {
            assert!(
                !name_problems("service user", dots).is_empty(),
                "{dots:?} would not be a single safe path segment"
            );
        }
    }
}
