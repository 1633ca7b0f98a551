//! The rules the UI checks as the user types, so it can say what is wrong before asking: taken
//! from where Rust enforces them and sent to the UI inside the generated contract.

use serde::Serialize;
use ts_rs::TS;

use crate::preferences::{CLIPBOARD_SECONDS_DEFAULT, CLIPBOARD_SECONDS_MAX, CLIPBOARD_SECONDS_MIN};

/// Every rule the UI needs.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Rules {
    /// Service-user (and policy) names.
    pub name: NameRule,
    /// The clipboard countdown setting, in seconds.
    pub clipboard_seconds: Bounds,
}

/// What a name may look like.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NameRule {
    pub max_length: u32,
    /// A regular-expression character class body, e.g. `A-Za-z0-9-`.
    pub character_class: &'static str,
    /// The allowed characters in words, for messages.
    pub characters_in_words: &'static str,
}

/// An inclusive range with its default.
#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct Bounds {
    pub min: u32,
    pub max: u32,
    pub default: u32,
}

impl Rules {
    pub fn current() -> Self {
        Self {
            name: NameRule {
                max_length: tg_policy::names::NAME_MAX_LEN as u32,
                character_class: tg_policy::names::NAME_CHARACTER_CLASS,
                characters_in_words: tg_policy::names::NAME_CHARACTERS_IN_WORDS,
            },
            clipboard_seconds: Bounds {
                min: CLIPBOARD_SECONDS_MIN,
                max: CLIPBOARD_SECONDS_MAX,
                default: CLIPBOARD_SECONDS_DEFAULT,
            },
        }
    }
}
