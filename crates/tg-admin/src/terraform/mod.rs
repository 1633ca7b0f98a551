//! The connected org as Terraform for Trustgrid's provider (`trustgrid/tg`): `main.tf` with one
//! `tg_serviceuser` per service user and one `tg_policy` per custom policy, and `imports.tf` with
//! an `import` block per resource, so `terraform plan` adopts what exists instead of recreating it.
//!
//! - Built-in policies (`builtin-tg-…`) exist in every org: they are referenced by name, never
//!   exported. A user's custom policies are referenced through the exported resource
//!   (`tg_policy.deploy.name`) so Terraform orders them.
//! - Never a secret or a Client ID: the provider's read-only `secret` and `client_id` stay out.
//! - Resource names are the objects' names made safe for Terraform (lower case, `_` for anything
//!   but letters and digits, a letter first) and unique per resource type (`_2`, `_3` on clashes).
//! - The import ID is the object's name: the provider documents no import syntax, and the API
//!   addresses both resources by name. `imports.tf` says so in its header.
//!
//! The HCL is written by `hcl-rs`, which quotes and escapes every string (including `${`).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use hcl::expr::{Expression, Traversal, Variable};
use hcl::{Attribute, Block, Body, Identifier, ObjectKey};
use serde::Serialize;
use tg_api::{Policy, ServiceUser};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::private_file;

/// The two files of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerraformFiles {
    pub main_tf: String,
    pub imports_tf: String,
}

/// What an export wrote, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TerraformExport {
    /// The folder holding `main.tf` and `imports.tf`.
    pub folder: String,
    pub service_users: u32,
    pub policies: u32,
}

const MAIN_HEADER: &str = "# Service users and custom policies of the Trustgrid org \"{org}\", for the\n\
# trustgrid/tg provider. Built-in policies are referenced by name and not managed here.\n\
# No Client ID or secret is written: generate keys after apply, or keep the existing ones.\n\n";

const IMPORTS_HEADER: &str = "# Adopts the existing objects instead of creating them again (Terraform 1.5+).\n\
# The import ID is assumed to be the object's name: the provider documents no import\n\
# syntax, and the Trustgrid API addresses service users and policies by name.\n\n";

/// Renders the export of `org`'s `users` and `policies` (built-ins among them are skipped).
pub fn render(org: &str, users: &[ServiceUser], policies: &[Policy]) -> Result<TerraformFiles> {
    let custom: Vec<&Policy> = policies
        .iter()
        .filter(|p| !tg_policy::is_builtin(&p.name))
        .collect();
    let policy_names = unique_names(custom.iter().map(|p| p.name.as_str()));
    let user_names = unique_names(users.iter().map(|u| u.name.as_str()));

    let mut main = Body::builder().add_block(
        Block::builder("terraform")
            .add_block(
                Block::builder("required_providers")
                    .add_attribute(Attribute::new(
                        "tg",
                        Expression::from_iter([(
                            ObjectKey::Identifier(Identifier::new("source").expect("identifier")),
                            Expression::from("trustgrid/tg"),
                        )]),
                    ))
                    .build(),
            )
            .build(),
    );
    let mut imports = Body::builder();
    for policy in &custom {
        let resource = &policy_names[policy.name.as_str()];
        main = main.add_block(policy_block(policy, resource)?);
        imports = imports.add_block(import_block("tg_policy", resource, &policy.name));
    }
    for user in users {
        let resource = &user_names[user.name.as_str()];
        main = main.add_block(user_block(user, resource, &policy_names));
        imports = imports.add_block(import_block("tg_serviceuser", resource, &user.name));
    }
    let encode = |body: &Body| {
        use hcl::format::{Format, Formatter};
        let mut formatter = Formatter::builder()
            .compact_arrays(true)
            .compact_objects(true)
            .build_vec();
        body.format(&mut formatter)
            .map_err(|e| Error::InvalidInput(e.to_string()))?;
        let text = String::from_utf8(formatter.into_inner()).expect("HCL is UTF-8");
        Ok::<_, Error>(align_equals(&text))
    };
    Ok(TerraformFiles {
        main_tf: MAIN_HEADER.replace("{org}", &org.replace('\n', " ")) + &encode(&main.build())?,
        imports_tf: IMPORTS_HEADER.to_owned() + &encode(&imports.build())?,
    })
}

/// Writes `files` into `folder` (created if missing), refusing to overwrite an export already
/// there: choose another folder, nothing is lost.
pub fn write(folder: &Path, files: &TerraformFiles) -> Result<()> {
    std::fs::create_dir_all(folder).map_err(|e| Error::storage("create", folder, e))?;
    for name in ["main.tf", "imports.tf"] {
        if folder.join(name).exists() {
            return Err(Error::InvalidInput(format!(
                "{} already holds a {name}; choose an empty folder.",
                folder.display()
            )));
        }
    }
    for (name, text) in [
        ("main.tf", &files.main_tf),
        ("imports.tf", &files.imports_tf),
    ] {
        let path = folder.join(name);
        private_file::write(&path, text.as_bytes())
            .map_err(|e| Error::storage("write", &path, e))?;
    }
    Ok(())
}

fn policy_block(policy: &Policy, resource: &str) -> Result<Block> {
    let mut block = Block::builder("resource")
        .add_label("tg_policy")
        .add_label(resource)
        .add_attribute(("name", policy.name.as_str()));
    if !policy.description.is_empty() {
        block = block.add_attribute(("description", policy.description.as_str()));
    }
    block = block.add_attribute(("resources", strings(&policy.resources)));
    for statement in &policy.statements {
        let effect = serde_json::to_value(statement.effect).expect("effect serializes");
        block = block.add_block(
            Block::builder("statement")
                .add_attribute(("actions", strings(&statement.actions)))
                .add_attribute(("effect", effect.as_str().unwrap_or_default()))
                .build(),
        );
    }
    if let Some(conditions) = conditions_block(&policy.conditions)? {
        block = block.add_block(conditions);
    }
    Ok(block.build())
}

/// The API's `{"all": {"eq": {"key": ["value"]}, "ne": {}}, ...}` as the provider's blocks,
/// leaving out empty parts; `None` when nothing is set.
fn conditions_block(conditions: &serde_json::Value) -> Result<Option<Block>> {
    let mut outer = Block::builder("conditions");
    let mut any = false;
    for group in ["all", "any", "none"] {
        let mut inner = Block::builder(group);
        let mut group_set = false;
        for operator in ["eq", "ne"] {
            let Some(pairs) = conditions[group][operator].as_object() else {
                continue;
            };
            for (key, values) in pairs {
                let values: Vec<String> = serde_json::from_value(values.clone()).map_err(|_| {
                    Error::InvalidInput(format!("condition {key} does not hold a list of strings"))
                })?;
                inner = inner.add_block(
                    Block::builder(operator)
                        .add_attribute(("key", key.as_str()))
                        .add_attribute(("values", strings(&values)))
                        .build(),
                );
                group_set = true;
            }
        }
        if group_set {
            outer = outer.add_block(inner.build());
            any = true;
        }
    }
    Ok(any.then(|| outer.build()))
}

fn user_block(user: &ServiceUser, resource: &str, policies: &HashMap<&str, String>) -> Block {
    let policy_ids: Vec<Expression> = user
        .policy_ids
        .iter()
        .map(|id| match policies.get(id.as_str()) {
            Some(policy) => Traversal::builder(Variable::unchecked("tg_policy"))
                .attr(policy.as_str())
                .attr("name")
                .build()
                .into(),
            None => Expression::from(id.as_str()),
        })
        .collect();
    let status = serde_json::to_value(user.status).expect("status serializes");
    Block::builder("resource")
        .add_label("tg_serviceuser")
        .add_label(resource)
        .add_attribute(("name", user.name.as_str()))
        .add_attribute(("status", status.as_str().unwrap_or_default()))
        .add_attribute(("policy_ids", Expression::Array(policy_ids)))
        .build()
}

fn import_block(kind: &str, resource: &str, id: &str) -> Block {
    let to = Traversal::builder(Variable::unchecked(kind))
        .attr(resource)
        .build();
    Block::builder("import")
        .add_attribute(("to", Expression::from(to)))
        .add_attribute(("id", id))
        .build()
}

/// Aligns the `=` of consecutive attribute lines at the same indent, as `terraform fmt` does
/// (every attribute is on one line: arrays and objects are written compact).
fn align_equals(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // (indent, key, rest after "= ") of an attribute line.
    let attribute = |line: &str| {
        let indent = line.len() - line.trim_start().len();
        let (key, rest) = line.trim_start().split_once(" = ")?;
        let is_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        is_key.then(|| (indent, key.to_owned(), rest.to_owned()))
    };
    let mut out = String::with_capacity(text.len() + 64);
    let mut i = 0;
    while i < lines.len() {
        let Some((indent, _, _)) = attribute(lines[i]) else {
            out.push_str(lines[i]);
            out.push('\n');
            i += 1;
            continue;
        };
        let mut run = Vec::new();
        while let Some(parsed) = lines
            .get(i)
            .and_then(|l| attribute(l))
            .filter(|p| p.0 == indent)
        {
            run.push(parsed);
            i += 1;
        }
        let width = run.iter().map(|(_, key, _)| key.len()).max().unwrap_or(0);
        for (indent, key, rest) in run {
            out.push_str(&format!("{:indent$}{key:width$} = {rest}\n", ""));
        }
    }
    out
}

fn strings(values: &[String]) -> Expression {
    Expression::Array(
        values
            .iter()
            .map(|v| Expression::from(v.as_str()))
            .collect(),
    )
}

/// A safe, unique Terraform resource name for each object name.
fn unique_names<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<&'a str, String> {
    let mut taken = HashSet::new();
    let mut out = HashMap::new();
    for name in names {
        let base = safe_name(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while !taken.insert(candidate.clone()) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        out.insert(name, candidate);
    }
    out
}

fn safe_name(name: &str) -> String {
    let mut safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !safe.starts_with(|c: char| c.is_ascii_lowercase()) {
        safe.insert_str(0, "r_");
    }
    safe
}

mod parse;

pub use parse::{ReadBack, read_back};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names_are_safe_and_unique() {
        let names = unique_names(["deploy-ci", "deploy_ci", "9lives", "Deploy.CI"].into_iter());
        assert_eq!(names["deploy-ci"], "deploy_ci");
        assert_eq!(names["deploy_ci"], "deploy_ci_2");
        assert_eq!(names["9lives"], "r_9lives");
        assert_eq!(names["Deploy.CI"], "deploy_ci_3");
    }
}
