//! One policy engine for Trustgrid's permissions, shared by the sandbox (which enforces it on
//! every request) and the app (which shows it), so the two cannot disagree. No HTTP, no UI.
//!
//! - [`catalog()`]: every action Trustgrid defines, with its area, a description and the
//!   endpoints that require it, generated from Trustgrid's OpenAPI spec.
//! - [`Policy`]: the policy model, in the API's JSON shape.
//! - [`PolicySet`]: the evaluator. [`PolicySet::decide`] answers allowed, denied or not granted
//!   for an action on a [`Target`] and names the statement that decided.
//! - [`effective_permissions`] and [`diff`]: every catalog action as a set of policies decides
//!   it, and what a change of policies gains or loses.
//! - [`builtin_policies`]: the eight built-in policies, defined once from the catalog.
//! - [`names`]: the naming rule of service users and policies.
//!
//! ```
//! use tg_policy::{Outcome, Policy, PolicySet, Target};
//!
//! let policies: Vec<Policy> = serde_json::from_str(r#"[
//!     {"name": "ops", "statements": [{"effect": "allow", "actions": ["nodes::*"]},
//!                                    {"effect": "deny", "actions": ["nodes::delete"]}]}
//! ]"#).unwrap();
//! let set = PolicySet::new(&policies);
//! let anywhere = Target::organisation();
//! assert_eq!(set.decide("nodes::read", &anywhere).outcome, Outcome::Allowed);
//! let denied = set.decide("nodes::delete", &anywhere);
//! assert_eq!(denied.outcome, Outcome::Denied);
//! assert_eq!(denied.decided_by.unwrap().policy, "ops");
//! assert_eq!(set.decide("users::read", &anywhere).outcome, Outcome::NotGranted);
//! ```

pub mod action;
mod builtin;
mod catalog;
mod effective;
mod evaluate;
pub mod glob;
pub mod names;
mod policy;
mod target;

pub use builtin::{ADMIN_POLICY, BUILTIN_PREFIX, builtin_policies, is_builtin, read_actions};
pub use catalog::{Catalog, CatalogAction, Endpoint, Source, catalog};
pub use effective::{EffectivePermission, PermissionDiff, diff, effective_permissions};
pub use evaluate::{Decision, Explanation, Outcome, PolicySet, StatementRef, decide};
pub use policy::{Conditions, Effect, Policy, Statement, TagTests, node_tag_key};
pub use target::{Target, conditions_hold, covers};
