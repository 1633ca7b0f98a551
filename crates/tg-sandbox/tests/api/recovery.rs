//! The way back from a locked-out admin: the owner of a running sandbox re-issues the admin's
//! keys, or resets the demo data, while the server keeps serving.

use serde_json::json;

use crate::common::{Api, names, start, start_in};

#[tokio::test]
async fn recover_admin_undoes_a_disabled_and_stripped_admin_with_new_keys() {
    let t = start().await;
    let old = t.sandbox.admin_credentials();
    t.admin
        .post(
            "/v2/service-user",
            &json!({"name": "keeper", "status": "active"}),
        )
        .await;
    let (status, body) = t
        .admin
        .put(
            "/v2/service-user/sandbox-admin",
            &json!({"name": "sandbox-admin", "status": "inactive", "policyIds": []}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(t.admin.get("/org/mine").await.0, 401, "locked out");

    let new = t.sandbox.recover_admin().await.expect("recovers");
    assert_ne!(new.client_id, old.client_id, "new keys");
    assert_eq!(
        t.sandbox.admin_credentials(),
        new,
        "the sandbox hands out the new keys"
    );
    let admin = Api::new(t.sandbox.base_url()).with_keys(&new.client_id, &new.secret);
    let (status, me) = admin.get("/v2/service-user/sandbox-admin").await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["status"], "active");
    assert_eq!(me["policyIds"], json!(["builtin-tg-admin"]));
    assert_eq!(
        admin.get("/v2/service-user/keeper").await.0,
        200,
        "other users are left alone"
    );
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(t.sandbox.credentials_path()).unwrap())
            .unwrap();
    assert_eq!(
        file["clientId"],
        json!(new.client_id),
        "the file has the new keys"
    );
}

#[tokio::test]
async fn recover_admin_replaces_keys_re_issued_through_the_api() {
    let t = start().await;
    let (client_id, _) = t.admin.new_keys("sandbox-admin").await;
    assert_eq!(
        t.admin.get("/org/mine").await.0,
        401,
        "the app's keys were replaced"
    );
    let new = t.sandbox.recover_admin().await.expect("recovers");
    assert_ne!(
        new.client_id, client_id,
        "the keys someone else holds stop working"
    );
    let admin = Api::new(t.sandbox.base_url()).with_keys(&new.client_id, &new.secret);
    assert_eq!(admin.get("/org/mine").await.0, 200);
}

#[tokio::test]
async fn reset_demo_data_puts_the_demo_back_and_drops_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    let t = start_in(dir, true).await;
    let (_, before) = t.admin.get("/v2/service-user").await;
    t.admin
        .post(
            "/v2/service-user",
            &json!({"name": "added", "status": "active"}),
        )
        .await;
    t.admin
        .policy(
            "custom",
            json!([{"effect": "allow", "actions": ["users::read"]}]),
        )
        .await;
    assert_eq!(t.admin.delete("/v2/service-user/cicd").await.0, 200);
    t.admin
        .put(
            "/v2/service-user/sandbox-admin",
            &json!({"name": "sandbox-admin", "status": "inactive", "policyIds": []}),
        )
        .await;

    let new = t.sandbox.reset_demo_data().await.expect("resets");
    let admin = Api::new(t.sandbox.base_url()).with_keys(&new.client_id, &new.secret);
    let (status, after) = admin.get("/v2/service-user").await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(
        names(&after),
        names(&before),
        "the demo users, and only them"
    );
    assert_eq!(
        admin.get("/v2/policy/custom").await.0,
        404,
        "custom policies gone"
    );
    assert_eq!(
        admin.get("/v2/policy/ci-deployer").await.0,
        200,
        "demo policies back"
    );
}
