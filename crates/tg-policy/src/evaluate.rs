//! The evaluator: may these policies do this action on this target, and which statement says so?
//!
//! Rules, the same for the sandbox and the app:
//! - A statement matches when one of its action patterns matches the action ([`crate::glob`]:
//!   `*`, `users::*`, `audits::read:*`) and its policy covers the target ([`crate::target`]).
//! - A matching `deny` wins over any matching `allow`, in any policy and in any order.
//! - `noop` statements never decide. Nothing matching means [`Outcome::NotGranted`].
//! - The deciding statement is the most specific matching one of the winning effect (most
//!   literal characters: `users::read` before `users::*` before `*`), then the one whose policy
//!   name sorts first, then the first in its policy. So the answer, deciding policy included,
//!   does not depend on the order of policies or statements.
//!
//! [`PolicySet`] indexes the action patterns once (exact names and `area::*` patterns in sorted
//! lists, other `prefix*` patterns and the rest in short lists, each with its rank precomputed),
//! so one decision costs two binary searches and a few prefix checks however many policies a
//! user holds.

use serde::Serialize;

use crate::glob;
use crate::policy::{Effect, Policy};
use crate::target::{self, Target};

/// Whether an action is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Allowed,
    /// A matching `deny` statement.
    Denied,
    /// No matching `allow` statement (and no matching `deny`).
    NotGranted,
}

/// A statement by its policy's name and its position (from 0) in the policy's `statements`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct StatementRef<'p> {
    pub policy: &'p str,
    pub statement: usize,
}

/// The answer and the statement that decided it (none for [`Outcome::NotGranted`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision<'p> {
    pub outcome: Outcome,
    pub decided_by: Option<StatementRef<'p>>,
}

impl Decision<'_> {
    pub fn is_allowed(&self) -> bool {
        self.outcome == Outcome::Allowed
    }
}

/// A decision, plus the statements about the action that did not count because their policy
/// does not cover the target (limited to other resources, or to other tags).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation<'p> {
    #[serde(flatten)]
    pub decision: Decision<'p>,
    pub elsewhere: Vec<StatementRef<'p>>,
}

/// Decides for `policies` without keeping an index; see [`PolicySet`] to decide many actions.
pub fn decide<'p>(policies: &'p [Policy], action: &str, target: &Target) -> Decision<'p> {
    PolicySet::new(policies).decide(action, target)
}

/// The policies a caller holds, indexed for deciding many actions.
#[derive(Debug, Clone)]
pub struct PolicySet<'p> {
    policies: Vec<&'p Policy>,
    /// Per policy: covers every target, so the target need not be looked at.
    unrestricted: Vec<bool>,
    /// Patterns without `*`, sorted by pattern.
    exact: Vec<(&'p str, Rule)>,
    /// `area::*` patterns by area with its `::` (`users::`), sorted.
    areas: Vec<(&'p str, Rule)>,
    /// Other patterns with one `*`, at the end, without it (`audits::read:`, `` for `*`).
    prefixes: Vec<(&'p str, Rule)>,
    /// Every other pattern.
    patterns: Vec<(&'p str, Rule)>,
}

/// One action pattern of one statement.
#[derive(Debug, Clone, Copy)]
struct Rule {
    policy: u32,
    statement: u32,
    deny: bool,
    /// Lower decides first: less specific patterns, later policy names and later statements
    /// give higher ranks (see the module docs).
    rank: u64,
}

impl<'p> PolicySet<'p> {
    pub fn new(policies: impl IntoIterator<Item = &'p Policy>) -> Self {
        let policies: Vec<&'p Policy> = policies.into_iter().collect();
        // Each policy's place in name order, for ranking without comparing strings later.
        let mut by_name: Vec<usize> = (0..policies.len()).collect();
        by_name.sort_by_key(|index| &policies[*index].name);
        let mut name_order = vec![0u64; policies.len()];
        for (order, index) in by_name.into_iter().enumerate() {
            name_order[index] = order as u64;
        }
        let mut set = Self {
            unrestricted: policies.iter().map(|p| p.is_unrestricted()).collect(),
            policies: policies.clone(),
            exact: Vec::new(),
            areas: Vec::new(),
            prefixes: Vec::new(),
            patterns: Vec::new(),
        };
        for (policy_index, policy) in policies.into_iter().enumerate() {
            for (statement_index, statement) in policy.statements.iter().enumerate() {
                if statement.effect == Effect::Noop {
                    continue;
                }
                for pattern in &statement.actions {
                    let vagueness =
                        u64::from(u16::MAX).saturating_sub(glob::specificity(pattern) as u64);
                    let rule = Rule {
                        policy: policy_index as u32,
                        statement: statement_index as u32,
                        deny: statement.effect == Effect::Deny,
                        rank: vagueness << 48
                            | name_order[policy_index] << 24
                            | (statement_index as u64 & 0xff_ffff),
                    };
                    set.add(pattern, rule);
                }
            }
        }
        set.exact.sort_unstable_by_key(|(pattern, _)| *pattern);
        set.areas.sort_unstable_by_key(|(area, _)| *area);
        set
    }

    fn add(&mut self, pattern: &'p str, rule: Rule) {
        match pattern.find('*') {
            None => self.exact.push((pattern, rule)),
            Some(star) if star == pattern.len() - 1 => {
                let prefix = &pattern[..star];
                let is_area = prefix
                    .strip_suffix("::")
                    .is_some_and(|area| !area.is_empty() && !area.contains(':'));
                if is_area {
                    self.areas.push((prefix, rule));
                } else {
                    self.prefixes.push((prefix, rule));
                }
            }
            Some(_) => self.patterns.push((pattern, rule)),
        }
    }

    /// The policies in the set, in the order given.
    pub fn policies(&self) -> &[&'p Policy] {
        &self.policies
    }

    /// Whether `action` is allowed on `target`, and the statement that decided.
    pub fn decide(&self, action: &str, target: &Target) -> Decision<'p> {
        let mut allow: Option<Rule> = None;
        let mut deny: Option<Rule> = None;
        self.for_each_match(action, |rule| {
            if !self.covers(rule.policy, target) {
                return;
            }
            let best = if rule.deny { &mut deny } else { &mut allow };
            if best.is_none_or(|current| rule.rank < current.rank) {
                *best = Some(rule);
            }
        });
        match (deny, allow) {
            (Some(rule), _) => self.decision(Outcome::Denied, Some(rule)),
            (None, Some(rule)) => self.decision(Outcome::Allowed, Some(rule)),
            (None, None) => self.decision(Outcome::NotGranted, None),
        }
    }

    /// [`Self::decide`], plus the statements about `action` whose policy does not cover
    /// `target`, sorted by policy name and position.
    pub fn explain(&self, action: &str, target: &Target) -> Explanation<'p> {
        let mut elsewhere = Vec::new();
        self.for_each_match(action, |rule| {
            if !self.covers(rule.policy, target) {
                elsewhere.push(self.statement(rule));
            }
        });
        elsewhere.sort_by(|a, b| (a.policy, a.statement).cmp(&(b.policy, b.statement)));
        elsewhere.dedup();
        Explanation {
            decision: self.decide(action, target),
            elsewhere,
        }
    }

    fn for_each_match(&self, action: &str, mut visit: impl FnMut(Rule)) {
        for_each_equal(&self.exact, action, &mut visit);
        if let Some((area, _)) = action.split_once("::") {
            // The action's area with its `::`, as `area::*` patterns are filed.
            for_each_equal(&self.areas, &action[..area.len() + 2], &mut visit);
        }
        for (prefix, rule) in &self.prefixes {
            if action.starts_with(prefix) {
                visit(*rule);
            }
        }
        for (pattern, rule) in &self.patterns {
            if glob::matches(pattern, action) {
                visit(*rule);
            }
        }
    }

    fn covers(&self, policy: u32, target: &Target) -> bool {
        let index = policy as usize;
        self.unrestricted[index] || target::covers(self.policies[index], target)
    }

    fn statement(&self, rule: Rule) -> StatementRef<'p> {
        StatementRef {
            policy: &self.policies[rule.policy as usize].name,
            statement: rule.statement as usize,
        }
    }

    fn decision(&self, outcome: Outcome, rule: Option<Rule>) -> Decision<'p> {
        Decision {
            outcome,
            decided_by: rule.map(|rule| self.statement(rule)),
        }
    }
}

/// Visits the rules filed under `key` in `sorted`.
fn for_each_equal(sorted: &[(&str, Rule)], key: &str, visit: &mut impl FnMut(Rule)) {
    let start = sorted.partition_point(|(filed, _)| *filed < key);
    for (filed, rule) in &sorted[start..] {
        if *filed != key {
            break;
        }
        visit(*rule);
    }
}
