//! Policies as the evaluator reads them, parsed once per stored text. Every request still reads
//! its caller's policies from the database, so a change applies to the very next request; what
//! is skipped is parsing the same JSON again: a policy is parsed anew whenever its stored text
//! differs from the text parsed before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tg_policy::Policy;

/// Parsed policies by name, with the texts they were parsed from.
#[derive(Default)]
pub struct PolicyCache {
    parsed: Mutex<HashMap<String, Entry>>,
}

/// More entries than any organisation has policies; past it the cache starts again (deleted
/// and renamed policies would otherwise stay for ever).
const MAX_ENTRIES: usize = 4096;

struct Entry {
    texts: StoredTexts<String>,
    policy: Arc<Policy>,
}

/// The stored JSON columns of a policy.
#[derive(PartialEq, Eq)]
pub struct StoredTexts<T> {
    pub resources: T,
    pub conditions: T,
    pub statements: T,
}

impl PolicyCache {
    /// The policy `name` stored as `texts`, parsed now or taken from an earlier parse of the same
    /// texts.
    pub fn get(&self, name: &str, texts: StoredTexts<&str>) -> serde_json::Result<Arc<Policy>> {
        let mut parsed = self
            .parsed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(entry) = parsed.get(name)
            && entry.texts.resources == texts.resources
            && entry.texts.conditions == texts.conditions
            && entry.texts.statements == texts.statements
        {
            return Ok(entry.policy.clone());
        }
        let policy = Arc::new(Policy {
            name: name.to_string(),
            description: String::new(),
            resources: serde_json::from_str(texts.resources)?,
            conditions: serde_json::from_str(texts.conditions)?,
            statements: serde_json::from_str(texts.statements)?,
        });
        if parsed.len() >= MAX_ENTRIES {
            parsed.clear();
        }
        let texts = StoredTexts {
            resources: texts.resources.to_string(),
            conditions: texts.conditions.to_string(),
            statements: texts.statements.to_string(),
        };
        parsed.insert(
            name.to_string(),
            Entry {
                texts,
                policy: policy.clone(),
            },
        );
        Ok(policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(statements: &str) -> StoredTexts<&str> {
        StoredTexts {
            resources: r#"["*"]"#,
            conditions: "{}",
            statements,
        }
    }

    #[test]
    fn the_same_text_is_parsed_once_and_a_changed_one_again() {
        let cache = PolicyCache::default();
        let read = r#"[{"effect":"allow","actions":["users::read"]}]"#;
        let first = cache.get("p", texts(read)).unwrap();
        let again = cache.get("p", texts(read)).unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "the same text is not parsed again"
        );
        let modify = r#"[{"effect":"allow","actions":["users::modify"]}]"#;
        let changed = cache.get("p", texts(modify)).unwrap();
        assert_eq!(changed.statements[0].actions, vec!["users::modify"]);
        assert!(cache.get("p", texts("not json")).is_err());
    }
}
