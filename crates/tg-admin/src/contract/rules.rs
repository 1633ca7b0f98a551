//! The rules the UI checks as the user types, so it can say what is wrong before asking: taken
//! from where Rust enforces them and sent to the UI inside the generated contract.

use serde::Serialize;
use ts_rs::TS;

use crate::delivery::{DELIVERY_TIMEOUT_DEFAULT, DELIVERY_TIMEOUT_MAX};
use crate::preferences::{
    BULK_CONCURRENCY_DEFAULT, BULK_CONCURRENCY_MAX, BULK_CONCURRENCY_MIN,
    CLIPBOARD_SECONDS_DEFAULT, CLIPBOARD_SECONDS_MAX, CLIPBOARD_SECONDS_MIN, KEY_AGE_DAYS_DEFAULT,
    KEY_AGE_DAYS_MAX, KEY_AGE_DAYS_MIN,
};

/// Every rule the UI needs.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Rules {
    /// Service-user (and policy) names.
    pub name: NameRule,
    /// The clipboard countdown setting, in seconds.
    pub clipboard_seconds: Bounds,
    /// A delivery target's timeout, in seconds.
    pub delivery_timeout_seconds: Bounds,
    /// The key-age threshold setting, in days.
    pub key_age_days: Bounds,
    /// The bulk concurrency setting, in requests at once.
    pub bulk_concurrency: Bounds,
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
            delivery_timeout_seconds: Bounds {
                min: 1,
                max: DELIVERY_TIMEOUT_MAX,
                default: DELIVERY_TIMEOUT_DEFAULT,
            },
            key_age_days: Bounds {
                min: KEY_AGE_DAYS_MIN,
                max: KEY_AGE_DAYS_MAX,
                default: KEY_AGE_DAYS_DEFAULT,
            },
            bulk_concurrency: Bounds {
                min: BULK_CONCURRENCY_MIN,
                max: BULK_CONCURRENCY_MAX,
                default: BULK_CONCURRENCY_DEFAULT,
            },
        }
    }
}
