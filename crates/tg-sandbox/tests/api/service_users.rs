//! `/v2/service-user`: success and failure paths of every operation.

use reqwest::Method;
use serde_json::json;

use crate::common::{assert_error, names, start};

#[tokio::test]
async fn create_get_list_update_delete_round_trip() {
    let t = start().await;
    let api = &t.admin;
    let (_, org) = api.get("/org/mine").await;

    let (status, created) = api
        .post(
            "/v2/service-user",
            &json!({"name": "cicd", "orgId": "", "policyIds": ["builtin-tg-monitor"], "status": "active"}),
        )
        .await;
    assert_eq!(status, 200, "create answers 200 like Trustgrid: {created}");
    assert_eq!(created["name"], "cicd");
    assert_eq!(
        created["orgId"], org["uid"],
        "users belong to the caller's org"
    );
    assert_eq!(created["policyIds"], json!(["builtin-tg-monitor"]));
    assert_eq!(
        created["clientId"],
        json!(null),
        "no keys before the token call"
    );
    assert_eq!(created["tokenCreated"], json!(null));

    let (status, fetched) = api.get("/v2/service-user/cicd").await;
    assert_eq!(
        (status, &fetched),
        (200, &created),
        "GET returns what create returned"
    );

    let (status, list) = api.get("/v2/service-user").await;
    assert_eq!(status, 200);
    assert_eq!(
        names(&list),
        vec!["cicd", "sandbox-admin"],
        "a plain array of all users"
    );

    let mut update = created.clone();
    update["status"] = json!("inactive");
    update["policyIds"] = json!(["builtin-tg-monitor", "builtin-tg-operator"]);
    let (status, updated) = api.put("/v2/service-user/cicd", &update).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["status"], "inactive");
    assert_eq!(
        updated["policyIds"],
        json!(["builtin-tg-monitor", "builtin-tg-operator"])
    );
    assert_eq!(
        api.get("/v2/service-user/cicd").await.1,
        updated,
        "the update is stored"
    );

    let (status, deleted) = api.delete("/v2/service-user/cicd").await;
    assert_eq!(status, 200, "delete answers 200: {deleted}");
    assert_error(api.get("/v2/service-user/cicd").await, 404, "cicd");
    assert_eq!(
        names(&api.get("/v2/service-user").await.1),
        vec!["sandbox-admin"]
    );
}

#[tokio::test]
async fn create_applies_defaults_and_ignores_unknown_fields() {
    let t = start().await;
    let (status, created) = t
        .admin
        .post("/v2/service-user", &json!({"name": "Build-01", "extra": 1}))
        .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["status"], "active", "status defaults to active");
    assert_eq!(created["policyIds"], json!([]));
}

#[tokio::test]
async fn create_rejects_invalid_input_and_changes_nothing() {
    let t = start().await;
    let api = &t.admin;
    api.post("/v2/service-user", &json!({"name": "taken"}))
        .await;
    let cases = [
        (json!({"name": "has space"}), "letters, digits and hyphens"),
        (
            json!({"name": "under_score"}),
            "letters, digits and hyphens",
        ),
        (json!({"name": "a".repeat(65)}), "1 to 64"),
        (json!({"name": ""}), "1 to 64"),
        (json!({}), "1 to 64"),
        (json!({"name": "taken"}), "already exists"),
        (json!({"name": "ok-name", "status": "paused"}), "status"),
        (
            json!({"name": "ok-name", "policyIds": ["no-such-policy"]}),
            "unknown policy: no-such-policy",
        ),
        (
            json!({"name": "ok-name", "policyIds": "builtin-tg-admin"}),
            "invalid request body",
        ),
        (json!({"name": "ok-name", "orgId": "another-org"}), "orgId"),
    ];
    for (body, needle) in cases {
        assert_error(api.post("/v2/service-user", &body).await, 422, needle);
    }
    assert_eq!(
        names(&api.get("/v2/service-user").await.1),
        vec!["sandbox-admin", "taken"],
        "rejected creates must not leave users behind"
    );
    let (_, taken) = api.get("/v2/service-user/taken").await;
    assert_eq!(
        taken["status"], "active",
        "a duplicate create must not touch the existing user"
    );
}

#[tokio::test]
async fn a_64_character_name_is_accepted() {
    let t = start().await;
    let name = "a".repeat(64);
    let (status, body) = t
        .admin
        .post("/v2/service-user", &json!({"name": name}))
        .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn update_failures_leave_the_user_unchanged() {
    let t = start().await;
    let api = &t.admin;
    let (_, user) = api
        .post(
            "/v2/service-user",
            &json!({"name": "worker", "policyIds": ["builtin-tg-monitor"]}),
        )
        .await;

    assert_error(
        api.put(
            "/v2/service-user/ghost",
            &json!({"name": "ghost", "status": "active"}),
        )
        .await,
        404,
        "ghost",
    );
    let renamed = json!({"name": "worker2", "status": "inactive", "policyIds": []});
    assert_error(
        api.put("/v2/service-user/worker", &renamed).await,
        422,
        "renaming",
    );
    let bad_status = json!({"name": "worker", "status": "disabled", "policyIds": []});
    assert_error(
        api.put("/v2/service-user/worker", &bad_status).await,
        422,
        "status",
    );
    let bad_policy = json!({"name": "worker", "status": "inactive", "policyIds": ["nope"]});
    assert_error(
        api.put("/v2/service-user/worker", &bad_policy).await,
        422,
        "unknown policy: nope",
    );
    assert_error(
        api.raw(
            Method::PUT,
            "/v2/service-user/worker",
            Some(b"{\"name\":".to_vec()),
        )
        .await,
        400,
        "malformed JSON",
    );
    assert_eq!(
        api.get("/v2/service-user/worker").await.1,
        user,
        "rejected updates must change nothing"
    );
}

#[tokio::test]
async fn update_ignores_read_only_fields_and_keeps_omitted_ones() {
    let t = start().await;
    let api = &t.admin;
    api.post(
        "/v2/service-user",
        &json!({"name": "worker", "policyIds": ["builtin-tg-monitor"]}),
    )
    .await;
    let (client_id, _) = api.new_keys("worker").await;
    let (status, updated) = api
        .put(
            "/v2/service-user/worker",
            &json!({"name": "worker", "status": "inactive", "clientId": "ffffffffffffffff", "tokenCreated": 1}),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        updated["clientId"], client_id,
        "clientId cannot be set through PUT"
    );
    assert_ne!(updated["tokenCreated"], 1);
    assert_eq!(
        updated["policyIds"],
        json!(["builtin-tg-monitor"]),
        "omitted policyIds stay"
    );
    assert_eq!(updated["status"], "inactive");
}

#[tokio::test]
async fn delete_tolerates_a_body_and_404s_unknown_users() {
    let t = start().await;
    let api = &t.admin;
    let (_, user) = api
        .post("/v2/service-user", &json!({"name": "doomed"}))
        .await;
    let (status, _) = api
        .send(Method::DELETE, "/v2/service-user/doomed", Some(&user))
        .await;
    assert_eq!(
        status, 200,
        "the Terraform provider sends the object as a DELETE body"
    );
    assert_error(api.delete("/v2/service-user/doomed").await, 404, "doomed");
}

#[tokio::test]
async fn token_call_issues_keys_that_work_and_are_never_shown_again() {
    let t = start().await;
    let api = &t.admin;
    api.post(
        "/v2/service-user",
        &json!({"name": "reader", "policyIds": ["builtin-tg-monitor"]}),
    )
    .await;
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;

    for body in [None, Some(b"null".to_vec())] {
        let (status, keys) = api
            .raw(Method::POST, "/v2/service-user/reader/token", body)
            .await;
        assert_eq!(
            status, 200,
            "no body and a null body are both accepted: {keys}"
        );
        let client_id = keys["clientId"].as_str().unwrap();
        let secret = keys["secret"].as_str().unwrap();
        assert_eq!(client_id.len(), 16, "client ids are 16 hex characters");
        assert_eq!(secret.len(), 32, "secrets are 32 hex characters");
        assert!(
            client_id
                .chars()
                .chain(secret.chars())
                .all(|c| c.is_ascii_hexdigit())
        );

        let reader = api.with_keys(client_id, secret);
        assert_eq!(
            reader.get("/v2/service-user/reader").await.0,
            200,
            "new keys work at once"
        );

        let (_, shown) = api.get("/v2/service-user/reader").await;
        assert_eq!(shown["clientId"], client_id);
        let created = shown["tokenCreated"]
            .as_i64()
            .expect("tokenCreated is Unix seconds");
        assert!(
            (before..=before + 60).contains(&created),
            "tokenCreated {created} is now"
        );
        let listing = api.get("/v2/service-user").await.1.to_string();
        assert!(
            !listing.contains(secret),
            "GET must never return the secret"
        );
        assert!(
            !shown.to_string().contains(secret),
            "GET must never return the secret"
        );
    }
    assert_error(
        api.raw(Method::POST, "/v2/service-user/ghost/token", None)
            .await,
        404,
        "ghost",
    );
}
