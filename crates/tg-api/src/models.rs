//! The API's JSON shapes, with serde names exactly as the API spells them. Input is tolerant
//! (unknown fields ignored, absent optional fields accepted) because the live API returns more than
//! the client needs. Every type the UI shows is exported to TypeScript, so the two cannot drift.

use serde::{Deserialize, Deserializer, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::secret::Secret;

/// The caller's organisation, from `GET /org/mine`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Org {
    pub uid: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub domain: String,
}

/// Whether a service user may call the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ServiceUserStatus {
    Active,
    Inactive,
}

/// A machine account. `client_id` and `token_created` exist only once keys were generated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ServiceUser {
    pub name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub org_id: String,
    pub status: ServiceUserStatus,
    #[serde(default, deserialize_with = "null_as_default")]
    pub policy_ids: Vec<String>,
    #[serde(default)]
    pub client_id: Option<String>,
    /// When the current keys were generated; Unix seconds on the wire.
    #[serde(default, with = "time::serde::timestamp::option")]
    #[ts(type = "number | null")]
    pub token_created: Option<OffsetDateTime>,
}

/// The body of `POST /v2/service-user`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewServiceUser {
    pub name: String,
    #[serde(default)]
    pub policy_ids: Vec<String>,
    pub status: ServiceUserStatus,
}

/// The body of `PUT /v2/service-user/{name}`: the whole object as the API documents it, without the
/// read-only key fields.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ServiceUserUpdate<'a> {
    pub name: &'a str,
    pub org_id: &'a str,
    pub status: ServiceUserStatus,
    pub policy_ids: &'a [String],
}

impl<'a> From<&'a ServiceUser> for ServiceUserUpdate<'a> {
    fn from(user: &'a ServiceUser) -> Self {
        Self {
            name: &user.name,
            org_id: &user.org_id,
            status: user.status,
            policy_ids: &user.policy_ids,
        }
    }
}

/// A new key pair from `POST /v2/service-user/{name}/token`. The only place the API ever returns a
/// secret; deliberately not `Serialize` and not exported to TypeScript.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeys {
    pub client_id: String,
    pub secret: Secret,
}

/// What a policy statement does with its actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum PolicyEffect {
    Allow,
    Deny,
    Noop,
}

/// One `effect` over a list of `resource::verb` actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PolicyStatement {
    pub effect: PolicyEffect,
    #[serde(default, deserialize_with = "null_as_default")]
    pub actions: Vec<String>,
}

/// A named set of permissions that service users reference by name in `policyIds`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Policy {
    pub name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub description: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub resources: Vec<String>,
    /// Kept as raw JSON: the app shows and round-trips conditions without interpreting them.
    #[serde(default)]
    #[ts(type = "unknown")]
    pub conditions: serde_json::Value,
    #[serde(default, deserialize_with = "null_as_default")]
    pub statements: Vec<PolicyStatement>,
}

/// The live API sometimes sends `null` where a list or string is expected.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_user_reads_the_documented_example_and_ignores_unknown_fields() {
        let json = r#"{"name":"cicd","orgId":"dddb37c1","status":"active",
            "policyIds":["builtin-tg-monitor"],"clientId":"59766250b5935818",
            "tokenCreated":1718000000,"somethingNew":true}"#;
        let user: ServiceUser = serde_json::from_str(json).unwrap();
        assert_eq!(user.policy_ids, vec!["builtin-tg-monitor".to_string()]);
        assert_eq!(user.client_id.as_deref(), Some("59766250b5935818"));
        assert_eq!(
            user.token_created.map(|t| t.unix_timestamp()),
            Some(1_718_000_000),
            "tokenCreated is Unix seconds on the wire"
        );
    }

    #[test]
    fn service_user_without_keys_or_policies_is_accepted_and_writes_nulls() {
        let json = r#"{"name":"new","orgId":"o","status":"inactive","policyIds":null}"#;
        let user: ServiceUser = serde_json::from_str(json).unwrap();
        assert!(user.policy_ids.is_empty(), "null policyIds means none");
        assert_eq!(user.client_id, None);
        let back = serde_json::to_value(&user).unwrap();
        assert_eq!(back["clientId"], serde_json::Value::Null);
        assert_eq!(
            back["tokenCreated"],
            serde_json::Value::Null,
            "the UI type says number | null, so absence must be written as null"
        );
    }

    #[test]
    fn update_body_is_the_documented_whole_object() {
        let user = ServiceUser {
            name: "cicd".into(),
            org_id: "o".into(),
            status: ServiceUserStatus::Inactive,
            policy_ids: vec!["a".into(), "b".into()],
            client_id: Some("id".into()),
            token_created: None,
        };
        let body = serde_json::to_value(ServiceUserUpdate::from(&user)).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"name":"cicd","orgId":"o","status":"inactive","policyIds":["a","b"]}),
            "a PUT sends exactly {{name, orgId, status, policyIds}}"
        );
    }

    #[test]
    fn api_keys_debug_hides_the_secret() {
        let keys: ApiKeys =
            serde_json::from_str(r#"{"clientId":"abc","secret":"723ae93acd87aa70"}"#).unwrap();
        let printed = format!("{keys:?}");
        assert!(printed.contains("abc"));
        assert!(
            !printed.contains("723ae93acd87aa70"),
            "Debug of ApiKeys must never print the secret: {printed}"
        );
    }

    #[test]
    fn policy_round_trips_the_documented_example() {
        let json = r#"{"name":"order-full-access","description":"orders RW",
            "resources":["*"],
            "conditions":{"all":{"eq":{"tg:node:tags:env":["prod"]},"ne":{}}},
            "statements":[{"effect":"allow","actions":["orders::read"]},
                          {"effect":"deny","actions":["nodes::cluster"]}]}"#;
        let policy: Policy = serde_json::from_str(json).unwrap();
        assert_eq!(policy.statements[1].effect, PolicyEffect::Deny);
        let back = serde_json::to_value(&policy).unwrap();
        assert_eq!(
            back["conditions"]["all"]["eq"]["tg:node:tags:env"][0], "prod",
            "conditions must survive a round trip untouched"
        );
    }
}
