//! Builds the action catalog from Trustgrid's OpenAPI spec and the curated `spec/actions.json`.
//! The rules are the crate README's "How the catalog is made":
//!
//! 1. An operation requires the actions written in backticks in a sentence of its own text
//!    (summary, description, parameter and body descriptions) that says "require":
//!    "Requires `nodes::service:tg-ping` or `nodes::remote-execute` permission" gives both.
//! 2. An operation whose own text names none takes its tags' requirement: "Requires `x` to
//!    view, `y` to manage" gives `GET` `x` and every other method `y`; "Requires `x`
//!    permission" gives `GET` only (a read action says nothing about writes).
//! 3. Every action a tag description names is in the catalog, with endpoints or without.
//! 4. Names are normalised ([`tg_policy::action::normalise`]); backticked words that are not
//!    well-formed action names after that (`nodes::service:{event}`) are not actions.
//! 5. The curated file adds actions the spec does not name, endpoints whose action the spec
//!    does not state, and descriptions.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use tg_policy::{Catalog, CatalogAction, Endpoint, Source, action};
use yaml_rust2::{Yaml, YamlLoader};

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

#[derive(Deserialize)]
struct Curated {
    descriptions: BTreeMap<String, String>,
    actions: Vec<CuratedAction>,
    endpoints: Vec<CuratedEndpoint>,
}

#[derive(Deserialize)]
struct CuratedAction {
    name: String,
    description: String,
}

#[derive(Deserialize)]
struct CuratedEndpoint {
    action: String,
    method: String,
    path: String,
}

/// What the spec says about one action.
#[derive(Default)]
struct Found {
    endpoints: BTreeSet<Endpoint>,
    /// Summaries of its endpoints, for an action with one endpoint and no curated description.
    summaries: BTreeMap<Endpoint, String>,
}

/// The catalog for `spec` (OpenAPI YAML) and `curated` (`spec/actions.json`).
pub fn generate(spec: &str, curated: &str) -> Result<Catalog, String> {
    let curated: Curated =
        serde_json::from_str(curated).map_err(|e| format!("spec/actions.json: {e}"))?;
    let documents = YamlLoader::load_from_str(spec).map_err(|e| format!("the spec: {e}"))?;
    let spec = documents.first().ok_or("the spec is empty")?;

    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    let mut tag_rules: BTreeMap<&str, TagRule> = BTreeMap::new();
    for tag in spec["tags"].as_vec().into_iter().flatten() {
        let rule = tag_rule(tag["description"].as_str().unwrap_or_default());
        for name in rule.view.iter().chain(&rule.change) {
            found.entry(name.clone()).or_default();
        }
        tag_rules.insert(tag["name"].as_str().unwrap_or_default(), rule);
    }
    for (path, item) in spec["paths"].as_hash().into_iter().flatten() {
        let path = path.as_str().ok_or("a path that is not a string")?;
        for (method, operation) in item.as_hash().into_iter().flatten() {
            let Some(method) = method.as_str().filter(|m| METHODS.contains(m)) else {
                continue;
            };
            let mut actions = BTreeSet::new();
            required_actions(operation, &mut actions);
            if actions.is_empty() {
                for tag in operation["tags"].as_vec().into_iter().flatten() {
                    if let Some(rule) = tag.as_str().and_then(|name| tag_rules.get(name)) {
                        let side = if method == "get" {
                            &rule.view
                        } else {
                            &rule.change
                        };
                        actions.extend(side.iter().cloned());
                    }
                }
            }
            let endpoint = Endpoint {
                method: method.to_uppercase(),
                path: path.to_string(),
            };
            let summary = operation["summary"].as_str().unwrap_or_default().trim();
            for name in actions {
                let entry = found.entry(name).or_default();
                entry.endpoints.insert(endpoint.clone());
                entry
                    .summaries
                    .insert(endpoint.clone(), summary.to_string());
            }
        }
    }

    let mut sources: BTreeMap<String, Source> = found
        .keys()
        .map(|name| (name.clone(), Source::Spec))
        .collect();
    let mut descriptions = curated.descriptions;
    for extra in curated.actions {
        if sources
            .insert(extra.name.clone(), Source::Curated)
            .is_some()
        {
            return Err(format!(
                "{} is in the spec now: remove it from the actions of spec/actions.json",
                extra.name
            ));
        }
        found.entry(extra.name.clone()).or_default();
        descriptions.insert(extra.name, extra.description);
    }
    for extra in curated.endpoints {
        let entry = found.get_mut(&extra.action).ok_or_else(|| {
            format!(
                "spec/actions.json: endpoint for unknown action {}",
                extra.action
            )
        })?;
        entry.endpoints.insert(Endpoint {
            method: extra.method,
            path: extra.path,
        });
    }
    if let Some(stale) = descriptions.keys().find(|name| !found.contains_key(*name)) {
        return Err(format!(
            "spec/actions.json describes {stale}, which is not an action"
        ));
    }

    let mut missing = Vec::new();
    let mut actions = Vec::new();
    for (name, found) in found {
        let description = match descriptions.get(&name) {
            Some(description) => description.clone(),
            None if found.summaries.len() == 1 && found.endpoints.len() == 1 => {
                found.summaries.into_values().next().unwrap_or_default()
            }
            None => {
                missing.push(name);
                continue;
            }
        };
        actions.push(CatalogAction {
            area: action::area(&name).unwrap_or_default().to_string(),
            description: description
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
            endpoints: found.endpoints.into_iter().collect(),
            source: sources[&name],
            name,
        });
    }
    if !missing.is_empty() {
        return Err(format!(
            "add a description to spec/actions.json for {}",
            missing.join(", ")
        ));
    }
    Ok(Catalog { actions })
}

/// Actions a tag description requires for reading (`view`) and for changing (`change`).
#[derive(Default)]
struct TagRule {
    view: BTreeSet<String>,
    change: BTreeSet<String>,
}

fn tag_rule(description: &str) -> TagRule {
    let mut rule = TagRule::default();
    for sentence in requirement_sentences(description) {
        for (name, after) in backticked_actions(sentence) {
            let purpose = after.trim_start();
            if purpose.starts_with("to ") && !purpose.starts_with("to view") {
                rule.change.insert(name);
            } else {
                rule.view.insert(name);
            }
        }
    }
    // An action named outside a "Requires" sentence (the Audit tag lists its four logs in
    // parentheses) is still an action.
    for (name, _) in backticked_actions(description) {
        if !rule.change.contains(&name) {
            rule.view.insert(name);
        }
    }
    rule
}

/// Collects the actions required by the texts of `node`, an operation or part of one.
fn required_actions(node: &Yaml, actions: &mut BTreeSet<String>) {
    match node {
        Yaml::String(text) => {
            for sentence in requirement_sentences(text) {
                actions.extend(
                    backticked_actions(sentence)
                        .into_iter()
                        .map(|(name, _)| name),
                );
            }
        }
        Yaml::Array(items) => items
            .iter()
            .for_each(|item| required_actions(item, actions)),
        Yaml::Hash(map) => {
            for (key, value) in map {
                if !matches!(key.as_str(), Some("example" | "examples")) {
                    required_actions(value, actions);
                }
            }
        }
        _ => {}
    }
}

/// The sentences of `text` that say "require", each from that word to the sentence's end.
fn requirement_sentences(text: &str) -> Vec<&str> {
    let lower = text.to_lowercase();
    let mut sentences = Vec::new();
    let mut from = 0;
    while let Some(offset) = lower.get(from..).and_then(|rest| rest.find("require")) {
        let start = from + offset;
        let rest = &text[start..];
        let end = rest
            .char_indices()
            .find(|(i, c)| {
                (*c == '.' && rest[i + 1..].chars().next().is_none_or(char::is_whitespace))
                    || rest[*i..].starts_with("\n\n")
            })
            .map_or(rest.len(), |(i, _)| i);
        sentences.push(&rest[..end]);
        from = start + end.max(1);
    }
    sentences
}

/// Each `` `action` `` in `text` that is a well-formed action name once normalised, with the
/// text that follows it.
fn backticked_actions(text: &str) -> Vec<(String, &str)> {
    let mut found = Vec::new();
    let mut parts = text.split('`');
    parts.next(); // before the first backtick
    while let (Some(quoted), after) = (parts.next(), parts.next()) {
        let name = action::normalise(quoted);
        if quoted.contains("::") && !name.contains('*') && action::check_pattern(&name).is_ok() {
            found.push((name, after.unwrap_or_default()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_CURATION: &str = r#"{"descriptions": {}, "actions": [], "endpoints": []}"#;

    fn spec(tags: &str, paths: &str) -> String {
        format!("openapi: 3.0.0\ntags:\n{tags}\npaths:\n{paths}")
    }

    fn endpoints(catalog: &Catalog, name: &str) -> Vec<String> {
        let action = catalog
            .actions
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        action
            .endpoints
            .iter()
            .map(|e| format!("{} {}", e.method, e.path))
            .collect()
    }

    #[test]
    fn an_operation_requires_what_its_text_says_and_either_action_will_do() {
        let yaml = spec(
            "  []",
            "  /node/{id}/trigger/ping:
    post:
      summary: Ping a host from the node
      description: |-
        Sends an event.

        Requires `nodes::service:tg-ping` or `node::remote-execute` permission.
  /node/{id}:
    put:
      summary: Change a node
      description: Requires `nodes::manage` permission.
      requestBody:
        content:
          application/json:
            schema:
              properties:
                cluster:
                  description: Cluster FQDN - requires `nodes::cluster` permission to modify.
",
        );
        let catalog = generate(&yaml, NO_CURATION).unwrap();
        let names: Vec<&str> = catalog.actions.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "nodes::cluster",
                "nodes::manage",
                "nodes::remote-execute",
                "nodes::service:tg-ping"
            ]
        );
        assert_eq!(
            endpoints(&catalog, "nodes::remote-execute"),
            vec!["POST /node/{id}/trigger/ping"]
        );
        assert_eq!(
            endpoints(&catalog, "nodes::cluster"),
            vec!["PUT /node/{id}"]
        );
        let ping = &catalog.actions[3];
        assert_eq!(
            ping.description, "Ping a host from the node",
            "the one endpoint's summary"
        );
        assert_eq!(ping.source, Source::Spec);
    }

    #[test]
    fn tags_give_reads_to_get_and_changes_to_the_other_methods() {
        let yaml = spec(
            "  - name: DNS
    description: Zones. Requires `virtual-networks::read` to view, `virtual-networks::modify` to manage.
  - name: Cluster
    description: Clusters. Requires `nodes::read` permission.
  - name: Audit
    description: Logs (`audits::read:user`) and (`audits::read:node`).",
            "  /dns:
    get:
      tags: [DNS]
    post:
      tags: [DNS]
  /cluster:
    get:
      tags: [Cluster]
    put:
      tags: [Cluster]
    delete:
      description: Requires `nodes::delete` permission.
      tags: [Cluster]
",
        );
        let described = r#"{"descriptions": {"virtual-networks::read": "r",
            "virtual-networks::modify": "m", "nodes::read": "r", "nodes::delete": "d",
            "audits::read:user": "u", "audits::read:node": "n"}, "actions": [], "endpoints": []}"#;
        let catalog = generate(&yaml, described).unwrap();
        assert_eq!(
            endpoints(&catalog, "virtual-networks::read"),
            vec!["GET /dns"]
        );
        assert_eq!(
            endpoints(&catalog, "virtual-networks::modify"),
            vec!["POST /dns"]
        );
        assert_eq!(
            endpoints(&catalog, "nodes::read"),
            vec!["GET /cluster"],
            "a read action from the tag says nothing about PUT"
        );
        assert_eq!(
            endpoints(&catalog, "nodes::delete"),
            vec!["DELETE /cluster"],
            "an operation's own requirement replaces its tag's"
        );
        assert!(endpoints(&catalog, "audits::read:user").is_empty());
        assert!(endpoints(&catalog, "audits::read:node").is_empty());
    }

    #[test]
    fn curated_actions_endpoints_and_descriptions_are_merged_and_checked() {
        let yaml = spec(
            "  []",
            "  /a:
    get:
      description: Requires `users::read` permission.
    post:
      description: Requires `users::read` permission.
",
        );
        let curated = r#"{
            "descriptions": {"users::read": "Read users"},
            "actions": [{"name": "users::modify", "description": "Change users"}],
            "endpoints": [{"action": "users::modify", "method": "PUT", "path": "/a"}]
        }"#;
        let catalog = generate(&yaml, curated).unwrap();
        assert_eq!(catalog.actions[0].name, "users::modify");
        assert_eq!(catalog.actions[0].source, Source::Curated);
        assert_eq!(endpoints(&catalog, "users::modify"), vec!["PUT /a"]);
        assert_eq!(catalog.actions[1].description, "Read users");

        let undescribed = generate(&yaml, NO_CURATION).unwrap_err();
        assert!(undescribed.contains("users::read"), "{undescribed}");
        let duplicate = r#"{"descriptions": {"users::read": "x"},
            "actions": [{"name": "users::read", "description": "x"}], "endpoints": []}"#;
        assert!(
            generate(&yaml, duplicate)
                .unwrap_err()
                .contains("in the spec now")
        );
        let stale = r#"{"descriptions": {"users::read": "x", "gone::away": "y"},
            "actions": [], "endpoints": []}"#;
        assert!(generate(&yaml, stale).unwrap_err().contains("gone::away"));
    }

    #[test]
    fn examples_and_non_actions_are_not_requirements() {
        let yaml = spec(
            "  []",
            "  /p:
    post:
      summary: Create a policy
      description: |-
        Requires `permissions::modify` permission.

        Action names must match the exact identifier, e.g. `nodes::configure:apigw`.

        All services require either `nodes::remote-execute` or `nodes::service:{event}`.
      requestBody:
        content:
          application/json:
            example:
              note: requires `orders::read`
",
        );
        let catalog = generate(&yaml, NO_CURATION).unwrap();
        let names: Vec<&str> = catalog.actions.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, vec!["nodes::remote-execute", "permissions::modify"]);
    }
}
