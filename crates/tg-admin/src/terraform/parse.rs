//! Reading an export back into the objects it describes, so tests (and anyone checking an export)
//! can compare it with what the org holds.

use std::collections::{BTreeMap, HashMap};

use hcl::expr::{Expression, TraversalOperator};
use hcl::{Block, Body};
use serde_json::{Map, Value, json};

use crate::error::{Error, Result};

/// The objects `main.tf` describes: users by name (status and policy names) and policies by name
/// (in the API's JSON shape, empty parts left out).
#[derive(Debug, Default, PartialEq)]
pub struct ReadBack {
    pub users: BTreeMap<String, (String, Vec<String>)>,
    pub policies: BTreeMap<String, Value>,
}

/// Parses `main_tf` and collects its `tg_serviceuser` and `tg_policy` resources.
pub fn read_back(main_tf: &str) -> Result<ReadBack> {
    let body: Body = hcl::parse(main_tf).map_err(|e| Error::InvalidInput(e.to_string()))?;
    let resources: Vec<&Block> = body
        .blocks()
        .filter(|b| b.identifier() == "resource")
        .collect();
    let label = |b: &Block, i: usize| {
        b.labels()
            .get(i)
            .map(|l| l.as_str().to_owned())
            .unwrap_or_default()
    };
    let mut out = ReadBack::default();
    let mut policy_by_resource = HashMap::new();
    for block in resources.iter().filter(|b| label(b, 0) == "tg_policy") {
        let policy = policy_json(block.body())?;
        let name = policy["name"].as_str().unwrap_or_default().to_owned();
        policy_by_resource.insert(label(block, 1), name.clone());
        out.policies.insert(name, policy);
    }
    for block in resources.iter().filter(|b| label(b, 0) == "tg_serviceuser") {
        let attr = |key: &str| {
            block
                .body()
                .attributes()
                .find(|a| a.key() == key)
                .map(|a| a.expr().clone())
        };
        let name = string(attr("name"))?;
        let status = string(attr("status"))?;
        let Some(Expression::Array(ids)) = attr("policy_ids") else {
            return Err(bad("policy_ids is not a list"));
        };
        let policies = ids
            .into_iter()
            .map(|id| match id {
                Expression::String(name) => Ok(name),
                Expression::Traversal(traversal) => {
                    let resource = match traversal.operators.first() {
                        Some(TraversalOperator::GetAttr(resource)) => resource.to_string(),
                        _ => return Err(bad("unexpected reference")),
                    };
                    policy_by_resource
                        .get(&resource)
                        .cloned()
                        .ok_or_else(|| bad("dangling policy reference"))
                }
                _ => Err(bad("unexpected policy id")),
            })
            .collect::<Result<Vec<_>>>()?;
        out.users.insert(name, (status, policies));
    }
    Ok(out)
}

fn policy_json(body: &Body) -> Result<Value> {
    let attr = |key: &str| {
        body.attributes()
            .find(|a| a.key() == key)
            .map(|a| a.expr().clone())
    };
    let mut policy = json!({
        "name": string(attr("name"))?,
        "description": attr("description").map(|d| string(Some(d))).transpose()?.unwrap_or_default(),
        "resources": strings(attr("resources"))?,
    });
    let mut statements = Vec::new();
    for statement in body.blocks().filter(|b| b.identifier() == "statement") {
        let attr = |key: &str| {
            statement
                .body()
                .attributes()
                .find(|a| a.key() == key)
                .map(|a| a.expr().clone())
        };
        statements
            .push(json!({"effect": string(attr("effect"))?, "actions": strings(attr("actions"))?}));
    }
    policy["statements"] = Value::Array(statements);
    let mut conditions = Map::new();
    for outer in body.blocks().filter(|b| b.identifier() == "conditions") {
        for group in outer.body().blocks() {
            let entry = conditions
                .entry(group.identifier().to_owned())
                .or_insert_with(|| json!({}));
            for pair in group.body().blocks() {
                let attr = |key: &str| {
                    pair.body()
                        .attributes()
                        .find(|a| a.key() == key)
                        .map(|a| a.expr().clone())
                };
                let key = string(attr("key"))?;
                entry
                    .as_object_mut()
                    .expect("an object")
                    .entry(pair.identifier().to_owned())
                    .or_insert_with(|| json!({}))[key] = Value::from(strings(attr("values"))?);
            }
        }
    }
    policy["conditions"] = Value::Object(conditions);
    Ok(policy)
}

fn string(expression: Option<Expression>) -> Result<String> {
    match expression {
        Some(Expression::String(text)) => Ok(text),
        _ => Err(bad("expected a string")),
    }
}

fn strings(expression: Option<Expression>) -> Result<Vec<String>> {
    match expression {
        Some(Expression::Array(items)) => items.into_iter().map(|i| string(Some(i))).collect(),
        _ => Err(bad("expected a list of strings")),
    }
}

fn bad(what: &str) -> Error {
    Error::InvalidInput(format!("not an export of this app: {what}"))
}
