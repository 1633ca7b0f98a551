//! Every client call against the real sandbox over HTTP on 127.0.0.1:0, and the mapping of each
//! kind of refusal (401, 403, 404, 422, 413) to its structured error.

use std::time::Duration;

use tg_api::{
    Client, ClientCredentials, Error, NewServiceUser, Policy, PolicyEffect, PolicyStatement,
    RetryPolicy, Secret, ServiceUserStatus,
};
use tg_sandbox::{RunningSandbox, Sandbox, SandboxConfig};

struct Fixture {
    sandbox: RunningSandbox,
    _dir: tempfile::TempDir,
}

impl Fixture {
    async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let sandbox = Sandbox::start(SandboxConfig::new(dir.path()))
            .await
            .unwrap();
        Fixture { sandbox, _dir: dir }
    }

    fn admin(&self) -> Client {
        let admin = self.sandbox.admin_credentials();
        client(self.sandbox.base_url(), &admin.client_id, &admin.secret)
    }
}

fn client(base_url: &str, client_id: &str, secret: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .credentials(ClientCredentials {
            client_id: client_id.into(),
            secret: Secret::new(secret),
        })
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

fn new_user(name: &str, policies: &[&str]) -> NewServiceUser {
    NewServiceUser {
        name: name.into(),
        policy_ids: policies.iter().map(|p| p.to_string()).collect(),
        status: ServiceUserStatus::Active,
    }
}

#[tokio::test]
async fn org_mine_returns_the_sandbox_org() {
    let fixture = Fixture::start().await;
    let org = fixture.admin().org().mine().await.unwrap();
    assert!(!org.uid.is_empty(), "the org has an id");
    assert!(
        !org.name.is_empty(),
        "the org has a name for the connection header"
    );
}

#[tokio::test]
async fn service_user_lifecycle() {
    let fixture = Fixture::start().await;
    let admin = fixture.admin();
    let users = admin.service_users();

    let created = users
        .create(&new_user("cicd", &["builtin-tg-monitor"]))
        .await
        .unwrap();
    assert_eq!(created.name, "cicd");
    assert_eq!(created.policy_ids, vec!["builtin-tg-monitor"]);
    assert_eq!(created.client_id, None, "no keys before the token call");

    let listed = users.list().await.unwrap();
    assert!(
        listed.iter().any(|u| u.name == "cicd"),
        "the new user is listed: {listed:?}"
    );

    let mut fetched = users.get("cicd").await.unwrap();
    assert_eq!(fetched, created, "GET returns what POST created");

    fetched.status = ServiceUserStatus::Inactive;
    fetched.policy_ids.push("builtin-tg-operator".into());
    let updated = users.update(&fetched).await.unwrap();
    assert_eq!(updated.status, ServiceUserStatus::Inactive);
    assert_eq!(
        users.get("cicd").await.unwrap().policy_ids,
        vec!["builtin-tg-monitor", "builtin-tg-operator"],
        "the PUT of the whole object keeps the first policy and adds the second"
    );

    users.delete("cicd").await.unwrap();
    assert_eq!(users.get("cicd").await.unwrap_err(), Error::NotFound);
}

#[tokio::test]
async fn generated_keys_work_and_regenerating_revokes_the_old_secret() {
    let fixture = Fixture::start().await;
    let admin = fixture.admin();
    admin
        .service_users()
        .create(&new_user("reader", &["builtin-tg-monitor"]))
        .await
        .unwrap();

    let first = admin
        .service_users()
        .generate_token("reader")
        .await
        .unwrap();
    assert_eq!(
        first.client_id.len(),
        16,
        "client ids are 16 hex characters"
    );
    let as_reader = client(
        fixture.sandbox.base_url(),
        &first.client_id,
        first.secret.expose_secret(),
    );
    as_reader
        .org()
        .mine()
        .await
        .expect("fresh keys authenticate");
    let user = admin.service_users().get("reader").await.unwrap();
    assert_eq!(user.client_id.as_deref(), Some(first.client_id.as_str()));
    assert!(
        user.token_created.is_some(),
        "tokenCreated is set once keys exist"
    );

    let second = admin
        .service_users()
        .generate_token("reader")
        .await
        .unwrap();
    assert_ne!(first.secret, second.secret);
    assert_eq!(
        as_reader.org().mine().await.unwrap_err(),
        Error::Unauthorized,
        "regenerating invalidates the previous secret at once"
    );
}

#[tokio::test]
async fn wrong_credentials_are_unauthorized() {
    let fixture = Fixture::start().await;
    let admin = fixture.sandbox.admin_credentials();
    let wrong = client(
        fixture.sandbox.base_url(),
        &admin.client_id,
        "0000000000000000",
    );
    assert_eq!(wrong.org().mine().await.unwrap_err(), Error::Unauthorized);
    assert_eq!(
        wrong.service_users().list().await.unwrap_err(),
        Error::Unauthorized
    );
}

#[tokio::test]
async fn missing_permission_is_forbidden() {
    let fixture = Fixture::start().await;
    let admin = fixture.admin();
    admin
        .service_users()
        .create(&new_user("monitor", &["builtin-tg-monitor"]))
        .await
        .unwrap();
    let keys = admin
        .service_users()
        .generate_token("monitor")
        .await
        .unwrap();
    let monitor = client(
        fixture.sandbox.base_url(),
        &keys.client_id,
        keys.secret.expose_secret(),
    );
    monitor
        .service_users()
        .list()
        .await
        .expect("monitor may read users");
    assert_eq!(
        monitor
            .service_users()
            .create(&new_user("x", &[]))
            .await
            .unwrap_err(),
        Error::Forbidden,
        "monitor lacks users::modify"
    );
}

#[tokio::test]
async fn unknown_names_are_not_found() {
    let fixture = Fixture::start().await;
    let users = fixture.admin();
    assert_eq!(
        users.service_users().get("nobody").await.unwrap_err(),
        Error::NotFound
    );
    assert_eq!(
        users.service_users().delete("nobody").await.unwrap_err(),
        Error::NotFound
    );
    assert_eq!(
        users
            .service_users()
            .generate_token("nobody")
            .await
            .unwrap_err(),
        Error::NotFound
    );
    assert_eq!(
        users.service_users().get("a b?c#d").await.unwrap_err(),
        Error::NotFound,
        "an encoded name stays one path segment and reaches the get handler"
    );
    assert_eq!(
        users.service_users().get("a/b").await.unwrap_err(),
        Error::InvalidName("a/b".into()),
        "a slash may be read as a separator on the way even encoded: refused before sending"
    );
    assert_eq!(
        users.policies().get("nothing").await.unwrap_err(),
        Error::NotFound
    );
}

#[tokio::test]
async fn invalid_input_is_validation_with_the_server_messages() {
    let fixture = Fixture::start().await;
    let users = fixture.admin();
    let Error::Validation(messages) = users
        .service_users()
        .create(&new_user("bad name!", &[]))
        .await
        .unwrap_err()
    else {
        panic!("a bad name is a 422");
    };
    assert!(
        messages
            .iter()
            .any(|m| m.contains("letters, digits and hyphens")),
        "the server's own message reaches the caller: {messages:?}"
    );

    users
        .service_users()
        .create(&new_user("ok", &[]))
        .await
        .unwrap();
    let mut user = users.service_users().get("ok").await.unwrap();
    user.policy_ids.push("no-such-policy".into());
    assert!(
        matches!(
            users.service_users().update(&user).await.unwrap_err(),
            Error::Validation(m) if !m.is_empty()
        ),
        "attaching an unknown policy is a 422"
    );
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let fixture = Fixture::start().await;
    let policy = Policy {
        name: "huge".into(),
        description: "x".repeat(2 * 1024 * 1024),
        resources: vec!["*".into()],
        conditions: serde_json::Value::Null,
        statements: vec![],
    };
    let error = fixture
        .admin()
        .policies()
        .create(&policy)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Api { status: 413, .. }),
        "a body over the server's limit is a 413, got {error:?}"
    );
}

#[tokio::test]
async fn policy_lifecycle() {
    let fixture = Fixture::start().await;
    let admin = fixture.admin();
    let policies = admin.policies();
    let builtins = policies.list().await.unwrap();
    assert!(
        builtins.iter().any(|p| p.name == "builtin-tg-monitor"),
        "built-in policies are listed"
    );

    let mut policy = Policy {
        name: "orders-rw".into(),
        description: "orders RW".into(),
        resources: vec!["*".into()],
        conditions: serde_json::json!({"all":{"eq":{"tg:node:tags:env":["prod"]},"ne":{}}}),
        statements: vec![PolicyStatement {
            effect: PolicyEffect::Allow,
            actions: vec!["orders::read".into()],
        }],
    };
    policies.create(&policy).await.unwrap();
    assert_eq!(
        policies.get("orders-rw").await.unwrap().statements,
        policy.statements
    );

    policy.description = "changed".into();
    policy.statements.push(PolicyStatement {
        effect: PolicyEffect::Deny,
        actions: vec!["nodes::cluster".into()],
    });
    policies.update(&policy).await.unwrap();
    let stored = policies.get("orders-rw").await.unwrap();
    assert_eq!(stored.description, "changed");
    assert_eq!(
        stored.statements.len(),
        2,
        "the update replaced the statements"
    );

    policies.delete("orders-rw").await.unwrap();
    assert_eq!(
        policies.get("orders-rw").await.unwrap_err(),
        Error::NotFound
    );
}
