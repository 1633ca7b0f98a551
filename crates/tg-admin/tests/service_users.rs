//! Read-modify-write changes against the sandbox: each one re-reads the user right before its PUT,
//! so fields and policies changed by someone else in between are kept.

mod common;

use common::SandboxFixture;
use tg_admin::{AppError, ErrorCode, service_users};
use tg_api::{NewServiceUser, ServiceUserStatus};

async fn with_user(policies: &[&str]) -> SandboxFixture {
    let f = SandboxFixture::start().await;
    service_users::create(
        &f.admin(),
        &NewServiceUser {
            name: "cicd".into(),
            policy_ids: policies.iter().map(|p| p.to_string()).collect(),
            status: ServiceUserStatus::Active,
        },
    )
    .await
    .unwrap();
    f
}

#[tokio::test]
async fn create_keeps_the_initial_policies() {
    let f = with_user(&["builtin-tg-monitor", "builtin-tg-operator"]).await;
    let user = f.admin().service_users().get("cicd").await.unwrap();
    assert_eq!(
        user.policy_ids,
        vec!["builtin-tg-monitor", "builtin-tg-operator"]
    );
}

#[tokio::test]
async fn disabling_keeps_policies_and_keys() {
    let f = with_user(&["builtin-tg-monitor", "builtin-tg-operator"]).await;
    let admin = f.admin();
    let keys = admin.service_users().generate_token("cicd").await.unwrap();

    let change = service_users::set_status(&admin, "cicd", ServiceUserStatus::Inactive)
        .await
        .unwrap();
    assert!(change.changed);
    let stored = admin.service_users().get("cicd").await.unwrap();
    assert_eq!(stored.status, ServiceUserStatus::Inactive);
    assert_eq!(
        stored.policy_ids,
        vec!["builtin-tg-monitor", "builtin-tg-operator"],
        "changing the status must not drop policies"
    );
    assert_eq!(
        stored.client_id.as_deref(),
        Some(keys.client_id.as_str()),
        "changing the status must not drop the keys"
    );

    let again = service_users::set_status(&admin, "cicd", ServiceUserStatus::Inactive)
        .await
        .unwrap();
    assert!(!again.changed, "a user already inactive needs no PUT");
}

#[tokio::test]
async fn a_change_made_elsewhere_after_our_last_read_is_kept() {
    let f = with_user(&["builtin-tg-monitor"]).await;
    let admin = f.admin();
    let stale_view = admin.service_users().get("cicd").await.unwrap();

    // Someone else attaches a policy after the UI loaded the user.
    let mut theirs = admin.service_users().get("cicd").await.unwrap();
    theirs.policy_ids.push("builtin-tg-node-admin".into());
    admin.service_users().update(&theirs).await.unwrap();

    service_users::set_status(&admin, &stale_view.name, ServiceUserStatus::Inactive)
        .await
        .unwrap();
    let stored = admin.service_users().get("cicd").await.unwrap();
    assert_eq!(
        stored.policy_ids,
        vec!["builtin-tg-monitor", "builtin-tg-node-admin"],
        "the user is re-read just before the PUT, so the other change survives"
    );
}

#[tokio::test]
async fn attach_and_detach_keep_the_other_policies() {
    let f = with_user(&["builtin-tg-monitor", "builtin-tg-operator"]).await;
    let admin = f.admin();

    let attached = service_users::attach_policy(&admin, "cicd", "builtin-tg-admin")
        .await
        .unwrap();
    assert!(attached.changed);
    assert_eq!(
        attached.user.policy_ids,
        vec![
            "builtin-tg-monitor",
            "builtin-tg-operator",
            "builtin-tg-admin"
        ]
    );
    let twice = service_users::attach_policy(&admin, "cicd", "builtin-tg-admin")
        .await
        .unwrap();
    assert!(!twice.changed, "attaching an attached policy is a no-op");

    // Padded the way a pasted id arrives; attach trims it, so detach must too.
    let detached = service_users::detach_policy(&admin, "cicd", " builtin-tg-operator\n")
        .await
        .unwrap();
    assert_eq!(
        admin.service_users().get("cicd").await.unwrap().policy_ids,
        vec!["builtin-tg-monitor", "builtin-tg-admin"],
        "detaching removes exactly one policy"
    );
    assert!(detached.changed);
    assert_eq!(
        admin.service_users().get("cicd").await.unwrap().status,
        ServiceUserStatus::Active,
        "policy changes keep the status"
    );
}

#[tokio::test]
async fn attaching_an_unknown_policy_is_a_validation_error_and_changes_nothing() {
    let f = with_user(&["builtin-tg-monitor"]).await;
    let admin = f.admin();
    let error = AppError::from(
        service_users::attach_policy(&admin, "cicd", "no-such-policy")
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::Validation);
    assert!(!error.details.is_empty(), "the server's reasons are kept");
    assert_eq!(
        admin.service_users().get("cicd").await.unwrap().policy_ids,
        vec!["builtin-tg-monitor"]
    );
}

#[tokio::test]
async fn changing_a_missing_user_is_not_found() {
    let f = SandboxFixture::start().await;
    let error = AppError::from(
        service_users::set_status(&f.admin(), "ghost", ServiceUserStatus::Active)
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn delete_removes_the_user() {
    let f = with_user(&[]).await;
    service_users::delete(&f.admin(), "cicd").await.unwrap();
    let error = AppError::from(service_users::delete(&f.admin(), "cicd").await.unwrap_err());
    assert_eq!(error.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn a_status_change_told_not_to_proceed_writes_nothing() {
    let f = with_user(&["builtin-tg-monitor"]).await;
    let admin = f.admin();
    let stopped =
        service_users::set_status_if(&admin, "cicd", ServiceUserStatus::Inactive, || false)
            .await
            .unwrap();
    assert!(!stopped.changed);
    assert_eq!(
        stopped.user.status,
        ServiceUserStatus::Active,
        "the user comes back as read, so a caller can tell a stop from an already-done change"
    );
    assert_eq!(
        admin.service_users().get("cicd").await.unwrap().status,
        ServiceUserStatus::Active,
        "nothing is written once `proceed` says no"
    );
}
