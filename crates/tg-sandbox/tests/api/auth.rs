//! Authentication (401) and authorization (403) matrix.

use serde_json::json;

use crate::common::{Api, assert_error, start};

#[tokio::test]
async fn every_kind_of_bad_credential_is_401() {
    let t = start().await;
    let admin = &t.admin;
    let (client_id, secret) = {
        let c = t.sandbox.admin_credentials();
        (c.client_id.clone(), c.secret.clone())
    };
    let headers = [
        None,
        Some(String::new()),
        Some(format!("{client_id}:{secret}")),
        Some(format!("Bearer {client_id}:{secret}")),
        Some(format!("trustgrid-token {client_id}{secret}")),
        Some(format!("trustgrid-token {client_id}:")),
        Some(format!("trustgrid-token 0000000000000000:{secret}")),
        Some(format!(
            "trustgrid-token {client_id}:00000000000000000000000000000000"
        )),
        Some(format!("trustgrid-token {client_id}:{}", &secret[..31])),
    ];
    for header in headers {
        let api = admin.with_header(header.as_deref());
        let (status, body) = api.get("/org/mine").await;
        assert_eq!(status, 401, "header {header:?} must be rejected: {body}");
        let messages = crate::common::messages(&body);
        assert!(
            messages.iter().all(|m| !m.contains(&secret)),
            "a 401 must not echo the secret: {messages:?}"
        );
    }
    assert_eq!(
        admin.get("/org/mine").await.0,
        200,
        "the real credentials work"
    );
}

#[tokio::test]
async fn replaced_disabled_and_deleted_keys_stop_working_at_once() {
    let t = start().await;
    let admin = &t.admin;
    let old = admin
        .user_with_policies("worker", &["builtin-tg-monitor"])
        .await;
    assert_eq!(old.get("/v2/service-user").await.0, 200);

    let (client_id, secret) = admin.new_keys("worker").await;
    assert_error(old.get("/v2/service-user").await, 401, "invalid");
    let current = admin.with_keys(&client_id, &secret);
    assert_eq!(
        current.get("/v2/service-user").await.0,
        200,
        "the new keys work"
    );

    let disable = json!({"name": "worker", "status": "inactive"});
    assert_eq!(admin.put("/v2/service-user/worker", &disable).await.0, 200);
    assert_error(current.get("/org/mine").await, 401, "invalid");

    let enable = json!({"name": "worker", "status": "active"});
    assert_eq!(admin.put("/v2/service-user/worker", &enable).await.0, 200);
    assert_eq!(
        current.get("/org/mine").await.0,
        200,
        "re-enabling restores access"
    );

    assert_eq!(admin.delete("/v2/service-user/worker").await.0, 200);
    assert_error(current.get("/org/mine").await, 401, "invalid");
}

#[tokio::test]
async fn a_secret_only_works_with_its_own_client_id() {
    let t = start().await;
    let admin = &t.admin;
    admin
        .post("/v2/service-user", &json!({"name": "other"}))
        .await;
    let (_, other_secret) = admin.new_keys("other").await;
    // The admin's client id with another user's secret.
    let mixed = admin.with_keys(&t.sandbox.admin_credentials().client_id, &other_secret);
    assert_eq!(
        mixed.get("/org/mine").await.0,
        401,
        "a secret only works with its own client id"
    );
}

#[tokio::test]
async fn monitor_reads_but_cannot_modify() {
    let t = start().await;
    let monitor = t
        .admin
        .user_with_policies("watcher", &["builtin-tg-monitor"])
        .await;
    assert_eq!(monitor.get("/v2/service-user").await.0, 200);
    assert_eq!(monitor.get("/v2/service-user/watcher").await.0, 200);
    assert_eq!(monitor.get("/v2/policy").await.0, 200);
    assert_eq!(monitor.get("/v2/policy/builtin-tg-admin").await.0, 200);
    assert_error(
        monitor
            .post("/v2/service-user", &json!({"name": "x"}))
            .await,
        403,
        "users::modify",
    );
    assert_error(
        monitor
            .put(
                "/v2/service-user/watcher",
                &json!({"name": "watcher", "status": "inactive"}),
            )
            .await,
        403,
        "users::modify",
    );
    assert_error(
        monitor.delete("/v2/service-user/watcher").await,
        403,
        "users::modify",
    );
    assert_error(
        monitor
            .post("/v2/service-user/watcher/token", &json!(null))
            .await,
        403,
        "users::modify",
    );
    assert_error(
        monitor
            .post("/v2/policy", &json!({"name": "p", "statements": []}))
            .await,
        403,
        "permissions::modify",
    );
    assert_error(
        monitor.delete("/v2/policy/x").await,
        403,
        "permissions::modify",
    );
    let (_, me) = t.admin.get("/v2/service-user/watcher").await;
    assert_eq!(me["status"], "active", "a 403 changes nothing");
}

#[tokio::test]
async fn org_mine_needs_only_authentication() {
    let t = start().await;
    let nobody = t.admin.user_with_policies("nobody", &[]).await;
    assert_eq!(
        nobody.get("/org/mine").await.0,
        200,
        "documented: any authenticated caller"
    );
    assert_error(nobody.get("/v2/service-user").await, 403, "users::read");
    assert_error(nobody.get("/v2/policy").await, 403, "permissions::read");
    let apps = t
        .admin
        .user_with_policies("apps", &["builtin-tg-apps-user"])
        .await;
    assert_error(apps.get("/v2/service-user/apps").await, 403, "users::read");
}

#[tokio::test]
async fn an_explicit_deny_wins_over_any_allow() {
    let t = start().await;
    let admin = &t.admin;
    admin
        .policy(
            "no-user-changes",
            json!([{"effect": "deny", "actions": ["users::modify"]}]),
        )
        .await;
    admin
        .policy(
            "all-but-deletes",
            json!([{"effect": "allow", "actions": ["*"]}, {"effect": "deny", "actions": ["permissions::*"]}]),
        )
        .await;
    let restricted = admin
        .user_with_policies("restricted", &["builtin-tg-admin", "no-user-changes"])
        .await;
    assert_eq!(restricted.get("/v2/service-user").await.0, 200);
    assert_error(
        restricted
            .post("/v2/service-user", &json!({"name": "x"}))
            .await,
        403,
        "users::modify",
    );
    let partial = admin
        .user_with_policies("partial", &["all-but-deletes"])
        .await;
    assert_eq!(
        partial
            .post("/v2/service-user", &json!({"name": "made-by-partial"}))
            .await
            .0,
        200
    );
    assert_error(partial.get("/v2/policy").await, 403, "permissions::read");
}

#[tokio::test]
async fn resource_wildcards_cover_only_their_resource() {
    let t = start().await;
    let admin = &t.admin;
    admin
        .policy(
            "users-all",
            json!([{"effect": "allow", "actions": ["users::*"]}]),
        )
        .await;
    let users = admin.user_with_policies("user-admin", &["users-all"]).await;
    assert_eq!(users.get("/v2/service-user").await.0, 200);
    assert_eq!(
        users
            .post("/v2/service-user", &json!({"name": "made"}))
            .await
            .0,
        200
    );
    assert_error(users.get("/v2/policy").await, 403, "permissions::read");
}

#[tokio::test]
async fn policies_limited_to_resources_or_tags_grant_nothing_on_the_organisation() {
    // The sandbox's endpoints act on the organisation, which is no TGRN and has no tags, so
    // tg-policy (the engine the app shows) decides these policies grant nothing here.
    let t = start().await;
    let admin = &t.admin;
    let limited = |name: &str, extra: serde_json::Value| {
        let mut body = json!({"name": name, "statements": [
            {"effect": "allow", "actions": ["users::read"]}
        ]});
        for (key, value) in extra.as_object().unwrap() {
            body[key] = value.clone();
        }
        body
    };
    for body in [
        limited("one-node", json!({"resources": ["tgrn:tg::nodes:node/1"]})),
        limited(
            "prod-only",
            json!({"conditions": {"all": {"eq": {"tg:node:tags:env": ["prod"]}}}}),
        ),
        limited(
            "not-prod",
            json!({"conditions": {"none": {"eq": {"tg:node:tags:env": ["prod"]}}}}),
        ),
    ] {
        let (status, created) = admin.post("/v2/policy", &body).await;
        assert_eq!(status, 200, "{created}");
    }
    let node_only = admin.user_with_policies("node-only", &["one-node"]).await;
    assert_error(node_only.get("/v2/service-user").await, 403, "users::read");
    let prod_only = admin.user_with_policies("prod-only", &["prod-only"]).await;
    assert_error(prod_only.get("/v2/service-user").await, 403, "users::read");
    let not_prod = admin.user_with_policies("not-prod", &["not-prod"]).await;
    assert_eq!(
        not_prod.get("/v2/service-user").await.0,
        200,
        "the organisation has no env tag, so \"none is prod\" holds"
    );
}

#[tokio::test]
async fn changing_policy_ids_also_needs_permissions_modify() {
    let t = start().await;
    let admin = &t.admin;
    admin
        .policy(
            "users-all",
            json!([{"effect": "allow", "actions": ["users::*"]}]),
        )
        .await;
    // A target allowed no more than the caller, so only policy changes need more.
    admin
        .policy(
            "read-users",
            json!([{"effect": "allow", "actions": ["users::read"]}]),
        )
        .await;
    let users = admin.user_with_policies("user-admin", &["users-all"]).await;
    admin
        .post(
            "/v2/service-user",
            &json!({"name": "target", "policyIds": ["read-users"]}),
        )
        .await;

    let status_only = json!({"name": "target", "status": "inactive", "policyIds": ["read-users"]});
    assert_eq!(
        users.put("/v2/service-user/target", &status_only).await.0,
        200,
        "no policy change"
    );
    let attach = json!({"name": "target", "status": "active", "policyIds": ["read-users", "builtin-tg-admin"]});
    assert_error(
        users.put("/v2/service-user/target", &attach).await,
        403,
        "permissions::modify",
    );
    let unknown = json!({"name": "target", "policyIds": ["read-users", "no-such-policy"]});
    assert_error(
        users.put("/v2/service-user/target", &unknown).await,
        403,
        "permissions::modify",
    );
    let (_, target) = admin.get("/v2/service-user/target").await;
    assert_eq!(
        target["status"], "inactive",
        "the refused PUT changed nothing, not even status"
    );
    assert_eq!(target["policyIds"], json!(["read-users"]));
    assert_error(
        users
            .post(
                "/v2/service-user",
                &json!({"name": "y", "policyIds": ["builtin-tg-admin"]}),
            )
            .await,
        403,
        "permissions::modify",
    );
    let access_admin = admin
        .user_with_policies("access", &["builtin-tg-access-admin"])
        .await;
    assert_eq!(
        access_admin.put("/v2/service-user/target", &attach).await.0,
        200
    );
}

#[tokio::test]
async fn users_modify_alone_cannot_take_over_a_stronger_user() {
    let t = start().await;
    let admin = &t.admin;
    admin
        .policy(
            "key-manager",
            json!([{"effect": "allow", "actions": ["users::read", "users::modify"]}]),
        )
        .await;
    let keyman = admin.user_with_policies("keyman", &["key-manager"]).await;
    let weak = admin.user_with_policies("weak", &["key-manager"]).await;
    let strong = admin
        .user_with_policies("strong", &["builtin-tg-monitor"])
        .await;

    // Re-keying the sandbox admin would hand keyman `*`.
    assert_error(
        keyman
            .raw(
                reqwest::Method::POST,
                "/v2/service-user/sandbox-admin/token",
                None,
            )
            .await,
        403,
        "needs permissions::modify to change sandbox-admin",
    );
    assert_eq!(
        admin.get("/v2/service-user").await.0,
        200,
        "the admin key still works"
    );
    for (method, path, body) in [
        (reqwest::Method::POST, "/v2/service-user/strong/token", None),
        (reqwest::Method::DELETE, "/v2/service-user/strong", None),
        (
            reqwest::Method::PUT,
            "/v2/service-user/strong",
            Some(json!({"status": "inactive"})),
        ),
    ] {
        let body = body.map(|b| serde_json::to_vec(&b).unwrap());
        assert_error(
            keyman.raw(method.clone(), path, body).await,
            403,
            "which is allowed",
        );
    }
    assert_eq!(strong.get("/org/mine").await.0, 200, "strong is untouched");
    assert_eq!(
        admin.get("/v2/service-user/strong").await.1["status"],
        "active"
    );

    // Users allowed no more than keyman, keyman itself included, stay within reach.
    assert_eq!(
        keyman
            .raw(reqwest::Method::POST, "/v2/service-user/weak/token", None)
            .await
            .0,
        200
    );
    assert_eq!(
        weak.get("/org/mine").await.0,
        401,
        "weak's old key was replaced"
    );
    assert_eq!(
        keyman
            .raw(reqwest::Method::POST, "/v2/service-user/keyman/token", None)
            .await
            .0,
        200
    );

    // With permissions::modify as well, a caller may act on anyone (it could grant itself
    // anything anyway).
    let access_admin = admin
        .user_with_policies("access", &["builtin-tg-access-admin"])
        .await;
    assert_eq!(
        access_admin
            .raw(reqwest::Method::POST, "/v2/service-user/strong/token", None)
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn policy_changes_apply_to_the_next_request() {
    let t = start().await;
    let admin = &t.admin;
    admin
        .policy(
            "switch",
            json!([{"effect": "allow", "actions": ["users::read"]}]),
        )
        .await;
    let user: Api = admin.user_with_policies("switched", &["switch"]).await;
    assert_eq!(user.get("/v2/service-user").await.0, 200);
    let deny =
        json!({"name": "switch", "statements": [{"effect": "deny", "actions": ["users::read"]}]});
    assert_eq!(admin.put("/v2/policy/switch", &deny).await.0, 200);
    assert_eq!(
        user.get("/v2/service-user").await.0,
        403,
        "no stale authorization cache"
    );
}

#[tokio::test]
async fn authentication_comes_before_body_parsing() {
    let t = start().await;
    let anonymous = t.admin.with_header(None);
    let (status, body) = anonymous
        .raw(
            reqwest::Method::POST,
            "/v2/service-user",
            Some(b"{oops".to_vec()),
        )
        .await;
    assert_eq!(
        status, 401,
        "an anonymous caller learns nothing about the body: {body}"
    );
    let monitor = t
        .admin
        .user_with_policies("watcher", &["builtin-tg-monitor"])
        .await;
    let (status, _) = monitor
        .post("/v2/policy", &json!({"name": "bad name", "statements": []}))
        .await;
    assert_eq!(status, 403, "authorization is checked before validation");
}
