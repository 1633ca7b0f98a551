//! `/v2/policy`: success and failure paths, built-in protection, and attachment rules.

use serde_json::json;

use crate::common::{assert_error, names, start};

const BUILTINS: [&str; 8] = [
    "builtin-tg-apps-user",
    "builtin-tg-monitor",
    "builtin-tg-operator",
    "builtin-tg-node-admin",
    "builtin-tg-admin",
    "builtin-tg-access-admin",
    "builtin-tg-upgrade-admin",
    "builtin-tg-provisioning-admin",
];

fn sample(name: &str) -> serde_json::Value {
    json!({
        "name": name,
        "description": "orders RW",
        "resources": ["*", "tgrn:tg::nodes:node/8e684dec-f83a-49a1-b306-74d816559453"],
        "conditions": {"all": {"eq": {"tg:node:tags:env": ["prod"]}, "ne": {}}, "any": {"eq": {}, "ne": {}}, "none": {"eq": {}, "ne": {}}},
        "statements": [
            {"effect": "allow", "actions": ["orders::read", "orders::modify"]},
            {"effect": "deny", "actions": ["nodes::cluster"]}
        ]
    })
}

#[tokio::test]
async fn the_eight_builtins_are_listed_first() {
    let t = start().await;
    let (status, list) = t.admin.get("/v2/policy").await;
    assert_eq!(status, 200);
    assert_eq!(
        names(&list),
        BUILTINS,
        "exactly the built-ins of API.md, in Trustgrid's order"
    );
    let (status, admin) = t.admin.get("/v2/policy/builtin-tg-admin").await;
    assert_eq!(status, 200);
    assert_eq!(
        admin["statements"],
        json!([{"effect": "allow", "actions": ["*"]}])
    );
}

#[tokio::test]
async fn builtins_are_tg_policys_and_use_only_catalog_actions() {
    let t = start().await;
    let (_, list) = t.admin.get("/v2/policy").await;
    let served: Vec<tg_policy::Policy> =
        serde_json::from_value(list.as_array().unwrap()[..8].to_vec().into()).unwrap();
    assert_eq!(
        served,
        tg_policy::builtin_policies(),
        "served as tg-policy defines them"
    );
    let catalog = tg_policy::catalog();
    for policy in &served {
        for action in policy.statements.iter().flat_map(|s| &s.actions) {
            let known = if action.contains('*') {
                catalog.matching(action).next().is_some()
            } else {
                catalog.get(action).is_some()
            };
            assert!(known, "{}: {action} is not a catalog action", policy.name);
        }
    }
}

#[tokio::test]
async fn conditions_are_stored_in_the_full_shape() {
    let t = start().await;
    let mut body = sample("partial-conditions");
    body["conditions"] = json!({"none": {"eq": {"tg:node:tags:env": ["prod"]}}});
    let (status, created) = t.admin.post("/v2/policy", &body).await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(
        created["conditions"],
        json!({"all": {"eq": {}, "ne": {}}, "any": {"eq": {}, "ne": {}},
               "none": {"eq": {"tg:node:tags:env": ["prod"]}, "ne": {}}})
    );
}

#[tokio::test]
async fn create_get_update_delete_round_trip() {
    let t = start().await;
    let api = &t.admin;
    let policy = sample("order-full-access");
    let (status, created) = api.post("/v2/policy", &policy).await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(
        created, policy,
        "the stored policy is exactly what was sent"
    );
    assert_eq!(
        api.get("/v2/policy/order-full-access").await,
        (200, policy.clone())
    );
    assert!(names(&api.get("/v2/policy").await.1).contains(&"order-full-access".to_string()));

    let mut changed = policy.clone();
    changed["description"] = json!("orders read only");
    changed["statements"] = json!([{"effect": "allow", "actions": ["orders::read"]}]);
    assert_eq!(
        api.put("/v2/policy/order-full-access", &changed).await,
        (200, changed.clone())
    );
    assert_eq!(api.get("/v2/policy/order-full-access").await.1, changed);

    assert_eq!(api.delete("/v2/policy/order-full-access").await.0, 200);
    assert_error(
        api.get("/v2/policy/order-full-access").await,
        404,
        "order-full-access",
    );
}

#[tokio::test]
async fn create_fills_defaults() {
    let t = start().await;
    let (status, created) = t
        .admin
        .post(
            "/v2/policy",
            &json!({"name": "minimal", "statements": [{"effect": "noop", "actions": ["*"]}]}),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["resources"], json!(["*"]));
    assert_eq!(created["description"], "");
    assert!(created["conditions"].is_object());
}

#[tokio::test]
async fn invalid_policies_are_rejected_and_not_stored() {
    let t = start().await;
    let api = &t.admin;
    api.post("/v2/policy", &sample("existing")).await;
    let with = |field: &str, value: serde_json::Value| {
        let mut body = sample("new-policy");
        body[field] = value;
        body
    };
    let cases = [
        (sample("existing"), "already exists"),
        (sample("bad name"), "letters, digits and hyphens"),
        (sample("builtin-tg-mine"), "reserved"),
        (
            with(
                "statements",
                json!([{"effect": "permit", "actions": ["a::b"]}]),
            ),
            "effect",
        ),
        (
            with(
                "statements",
                json!([{"effect": "allow", "actions": ["not an action"]}]),
            ),
            "action",
        ),
        (
            with("statements", json!([{"effect": "allow", "actions": []}])),
            "at least one action",
        ),
        (with("resources", json!(["nodes"])), "resource"),
        (with("conditions", json!("all")), "conditions"),
        (
            with(
                "conditions",
                json!({"all": {"eq": {"tg:node:tags:env": "prod"}}}),
            ),
            "a list of values",
        ),
        (json!({"name": "no-statements"}), "statements is required"),
    ];
    for (body, needle) in cases {
        assert_error(api.post("/v2/policy", &body).await, 422, needle);
    }
    assert_eq!(
        names(&api.get("/v2/policy").await.1).len(),
        9,
        "only the built-ins and 'existing'"
    );
}

#[tokio::test]
async fn builtins_cannot_be_changed_or_deleted() {
    let t = start().await;
    let api = &t.admin;
    let (_, monitor) = api.get("/v2/policy/builtin-tg-monitor").await;
    let mut changed = monitor.clone();
    changed["statements"] = json!([{"effect": "allow", "actions": ["*"]}]);
    assert_error(
        api.put("/v2/policy/builtin-tg-monitor", &changed).await,
        422,
        "built-in",
    );
    assert_error(
        api.delete("/v2/policy/builtin-tg-monitor").await,
        422,
        "built-in",
    );
    assert_eq!(api.get("/v2/policy/builtin-tg-monitor").await.1, monitor);
}

#[tokio::test]
async fn update_failures() {
    let t = start().await;
    let api = &t.admin;
    assert_error(
        api.put("/v2/policy/ghost", &sample("ghost")).await,
        404,
        "ghost",
    );
    api.post("/v2/policy", &sample("real")).await;
    assert_error(
        api.put("/v2/policy/real", &sample("renamed")).await,
        422,
        "renaming",
    );
    let mut bad = sample("real");
    bad["statements"] = json!([{"effect": "maybe", "actions": ["a::b"]}]);
    assert_error(api.put("/v2/policy/real", &bad).await, 422, "effect");
    assert_eq!(
        api.get("/v2/policy/real").await.1,
        sample("real"),
        "rejected updates change nothing"
    );
}

#[tokio::test]
async fn attached_policies_cannot_be_deleted_until_detached() {
    let t = start().await;
    let api = &t.admin;
    api.post("/v2/policy", &sample("shared")).await;
    api.post(
        "/v2/service-user",
        &json!({"name": "alpha", "policyIds": ["shared"]}),
    )
    .await;
    api.post(
        "/v2/service-user",
        &json!({"name": "beta", "policyIds": ["shared"]}),
    )
    .await;

    let (status, body) = api.delete("/v2/policy/shared").await;
    assert_eq!(status, 422, "{body}");
    let message = body[0].as_str().unwrap();
    assert!(
        message.contains("alpha") && message.contains("beta"),
        "lists the users: {message}"
    );
    assert_eq!(api.get("/v2/policy/shared").await.0, 200, "still there");

    for name in ["alpha", "beta"] {
        let body = json!({"name": name, "status": "active", "policyIds": []});
        assert_eq!(
            api.put(&format!("/v2/service-user/{name}"), &body).await.0,
            200
        );
    }
    assert_eq!(api.delete("/v2/policy/shared").await.0, 200);
    assert_error(api.delete("/v2/policy/shared").await, 404, "shared");
}
