//! What the permission screens show: every catalog action as a set of policies decides it
//! ("effective permissions"), and which actions a change of policies gains or loses (the
//! what-if mode, and comparing two service users).

use serde::Serialize;

use crate::catalog::Catalog;
use crate::evaluate::{Explanation, PolicySet};
use crate::target::Target;

/// One catalog action, decided for a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectivePermission<'c, 'p> {
    pub action: &'c str,
    pub area: &'c str,
    pub description: &'c str,
    #[serde(flatten)]
    pub explanation: Explanation<'p>,
}

/// Every action of `catalog`, in catalog order, as `set` decides it for `target`.
pub fn effective_permissions<'c, 'p>(
    catalog: &'c Catalog,
    set: &PolicySet<'p>,
    target: &Target,
) -> Vec<EffectivePermission<'c, 'p>> {
    catalog
        .actions
        .iter()
        .map(|action| EffectivePermission {
            action: &action.name,
            area: &action.area,
            description: &action.description,
            explanation: set.explain(&action.name, target),
        })
        .collect()
}

/// The catalog actions allowed after a change that were not before (`gained`), and those
/// allowed before that are not after (`lost`), each in catalog order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PermissionDiff<'c> {
    pub gained: Vec<&'c str>,
    pub lost: Vec<&'c str>,
}

impl PermissionDiff<'_> {
    pub fn is_empty(&self) -> bool {
        self.gained.is_empty() && self.lost.is_empty()
    }
}

/// Compares what `before` and `after` allow on `target`, over every action of `catalog`.
pub fn diff<'c>(
    catalog: &'c Catalog,
    before: &PolicySet<'_>,
    after: &PolicySet<'_>,
    target: &Target,
) -> PermissionDiff<'c> {
    let mut changes = PermissionDiff::default();
    for action in &catalog.actions {
        let was = before.decide(&action.name, target).is_allowed();
        let is = after.decide(&action.name, target).is_allowed();
        match (was, is) {
            (false, true) => changes.gained.push(&action.name),
            (true, false) => changes.lost.push(&action.name),
            _ => {}
        }
    }
    changes
}
