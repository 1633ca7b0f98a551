//! The request bodies as the OpenAPI description states them: every syntax rule the handlers
//! enforce (name pattern and length, required fields, enums, action and resource patterns), so a
//! client or a fuzzer that follows the description sends what the sandbox accepts. The handlers
//! themselves read bodies with every field optional (`crate::model`) to answer a readable 422;
//! what a schema cannot say (a name already taken, a built-in policy, unknown policy ids, a
//! body name that differs from the path) is a 422 too, described on each operation.
//!
//! The patterns are checked against the rules they describe by the tests at the bottom.

use std::collections::BTreeMap;

use utoipa::ToSchema;

/// `active` or `inactive`.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum Status {
    Active,
    Inactive,
}

/// Body of `POST /v2/service-user`.
#[derive(ToSchema)]
#[schema(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct NewServiceUserBody {
    /// Letters, digits and hyphens, 1 to 64 characters; unique in the organisation.
    #[schema(pattern = r"^[A-Za-z0-9-]{1,64}$")]
    name: String,
    /// Empty, or the caller's organisation (`uid` of `/org/mine`).
    org_id: Option<String>,
    /// Default `active`.
    status: Option<Status>,
    /// Names of existing policies; default none.
    policy_ids: Option<Vec<PolicyName>>,
}

/// Body of `PUT /v2/service-user/{name}`: fields left out keep their value.
#[derive(ToSchema)]
#[schema(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct ServiceUserBody {
    /// The name in the path (renaming is not supported).
    #[schema(pattern = r"^[A-Za-z0-9-]{1,64}$")]
    name: Option<String>,
    /// Empty, or the caller's organisation.
    org_id: Option<String>,
    status: Option<Status>,
    /// Names of existing policies.
    policy_ids: Option<Vec<PolicyName>>,
}

/// A policy's name: letters, digits and hyphens, 1 to 64 characters.
#[derive(ToSchema)]
#[schema(pattern = r"^[A-Za-z0-9-]{1,64}$")]
#[allow(dead_code)]
pub struct PolicyName(String);

/// `allow`, `deny` or `noop`.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum Effect {
    Allow,
    Deny,
    Noop,
}

/// `*`, or `area::verb[:detail]` of lower-case letters, digits, hyphens, colons and `*`.
#[derive(ToSchema)]
#[schema(pattern = r"^(\*|:?([a-z0-9*-]+:)*[a-z0-9*-]+::[a-z0-9:*-]+)$")]
#[allow(dead_code)]
pub struct ActionPattern(String);

/// `*`, or a TGRN (`tgrn:tg::nodes:node/<uid>`, `*` wildcards allowed).
#[derive(ToSchema)]
#[schema(pattern = r"^(\*|tgrn:[\s\S]*)$")]
#[allow(dead_code)]
pub struct Resource(String);

/// One effect over at least one action pattern.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct StatementBody {
    effect: Effect,
    #[schema(min_items = 1)]
    actions: Vec<ActionPattern>,
}

/// Tag tests keyed by condition key (`tg:node:tags:env`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TagTestsBody {
    eq: Option<BTreeMap<String, Vec<String>>>,
    ne: Option<BTreeMap<String, Vec<String>>>,
}

/// Conditions on the resource's tags; each group may be left out.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ConditionsBody {
    all: Option<TagTestsBody>,
    any: Option<TagTestsBody>,
    none: Option<TagTestsBody>,
}

/// Body of `POST /v2/policy`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewPolicyBody {
    /// Letters, digits and hyphens, 1 to 64 characters, not starting with `builtin-tg-`; unique.
    #[schema(pattern = r"^[A-Za-z0-9-]{1,64}$")]
    name: String,
    /// Default empty.
    description: Option<String>,
    /// Default `["*"]`.
    resources: Option<Vec<Resource>>,
    conditions: Option<ConditionsBody>,
    statements: Vec<StatementBody>,
}

/// Body of `PUT /v2/policy/{name}` (the whole policy; renaming is not supported).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PolicyBody {
    /// The name in the path.
    #[schema(pattern = r"^[A-Za-z0-9-]{1,64}$")]
    name: Option<String>,
    description: Option<String>,
    resources: Option<Vec<Resource>>,
    conditions: Option<ConditionsBody>,
    statements: Vec<StatementBody>,
}
