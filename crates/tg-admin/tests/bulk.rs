//! Bulk actions on 200 users against the sandbox: per-item outcomes in input order, failures that
//! do not stop the others, progress after every item, cancellation, and re-runs that are no-ops.

mod common;

use std::sync::Mutex;

use common::SandboxFixture;
use tg_admin::ErrorCode;
use tg_admin::bulk::{self, BulkAction, BulkOptions, BulkOutcome, BulkProgress};
use tg_api::ServiceUserStatus;
use tokio_util::sync::CancellationToken;

const USERS: usize = 200;

#[tokio::test]
async fn disabling_200_users_reports_each_one_and_a_rerun_is_a_no_op() {
    let f = SandboxFixture::start().await;
    let admin = f.admin();
    let mut names = f.create_users("bulk", USERS).await;
    names.insert(57, "ghost".into());

    let progress = Mutex::new(Vec::<BulkProgress>::new());
    let report = bulk::run(
        &admin,
        BulkAction::Disable,
        &names,
        BulkOptions::default(),
        &CancellationToken::new(),
        |p| progress.lock().unwrap().push(p),
    )
    .await;

    let reported: Vec<_> = report.items.iter().map(|i| i.name.clone()).collect();
    assert_eq!(reported, names, "the report follows the input order");
    assert_eq!(report.count(|o| *o == BulkOutcome::Ok), USERS);
    match &report.items[57].outcome {
        BulkOutcome::Failed { error } => assert_eq!(
            error.code,
            ErrorCode::NotFound,
            "a name that does not exist fails on its own"
        ),
        other => panic!("ghost must fail, got {other:?}"),
    }
    let progress = progress.into_inner().unwrap();
    assert_eq!(progress.len(), names.len(), "one progress event per item");
    assert!(
        progress
            .iter()
            .enumerate()
            .all(|(i, p)| p.done as usize == i + 1 && p.total as usize == names.len()),
        "done counts up by one to the total"
    );
    let users = admin.service_users().list().await.unwrap();
    assert_eq!(
        users
            .iter()
            .filter(|u| u.name.starts_with("bulk-") && u.status == ServiceUserStatus::Inactive)
            .count(),
        USERS,
        "every existing user is now inactive"
    );
    assert!(
        users
            .iter()
            .filter(|u| u.name.starts_with("bulk-"))
            .all(|u| u.policy_ids == vec!["builtin-tg-monitor"]),
        "disabling keeps each user's policies"
    );

    let rerun = bulk::run(
        &admin,
        BulkAction::Disable,
        &names,
        BulkOptions { concurrency: 16 },
        &CancellationToken::new(),
        |_| {},
    )
    .await;
    assert_eq!(
        rerun.count(
            |o| matches!(o, BulkOutcome::Skipped { reason } if reason == "already inactive")
        ),
        USERS,
        "running the same action again changes nothing and says so"
    );
    assert_eq!(rerun.count(|o| *o == BulkOutcome::Ok), 0);
}

#[tokio::test]
async fn deleting_twice_skips_what_is_already_gone() {
    let f = SandboxFixture::start().await;
    let admin = f.admin();
    let mut names = f.create_users("del", 30).await;
    names.push("never-existed".into());

    let report = bulk::run(
        &admin,
        BulkAction::Delete,
        &names,
        BulkOptions::default(),
        &CancellationToken::new(),
        |_| {},
    )
    .await;
    assert_eq!(report.count(|o| *o == BulkOutcome::Ok), 30);
    assert_eq!(
        report.items[30].outcome,
        BulkOutcome::Skipped {
            reason: "already deleted".into()
        },
        "a user that is not there is already in the asked state"
    );
    assert!(
        admin
            .service_users()
            .list()
            .await
            .unwrap()
            .iter()
            .all(|u| !u.name.starts_with("del-")),
        "every listed user is gone"
    );

    let again = bulk::run(
        &admin,
        BulkAction::Delete,
        &names,
        BulkOptions::default(),
        &CancellationToken::new(),
        |_| {},
    )
    .await;
    assert_eq!(
        again.count(|o| matches!(o, BulkOutcome::Skipped { .. })),
        names.len(),
        "a second delete is a no-op"
    );
}

#[tokio::test]
async fn cancelling_mid_way_stops_the_rest_and_reports_exactly_what_was_done() {
    let f = SandboxFixture::start().await;
    let admin = f.admin();
    let names = f.create_users("cancel", USERS).await;
    let cancel = CancellationToken::new();

    let report = bulk::run(
        &admin,
        BulkAction::Disable,
        &names,
        BulkOptions { concurrency: 4 },
        &cancel,
        |p| {
            if p.done == 20 {
                cancel.cancel();
            }
        },
    )
    .await;

    let ok = report.count(|o| *o == BulkOutcome::Ok);
    let cancelled = report.count(|o| *o == BulkOutcome::Cancelled);
    assert!(ok >= 20, "the items done before the cancel stay done: {ok}");
    assert!(
        cancelled >= USERS - 20 - 4,
        "items not started when cancelled are not run: {cancelled} cancelled"
    );
    assert_eq!(ok + cancelled, USERS, "nothing failed or was skipped");

    let users = admin.service_users().list().await.unwrap();
    for item in &report.items {
        let user = users.iter().find(|u| u.name == item.name).unwrap();
        let expected = match item.outcome {
            BulkOutcome::Ok => ServiceUserStatus::Inactive,
            _ => ServiceUserStatus::Active,
        };
        assert_eq!(
            user.status, expected,
            "{}: the report must say exactly what happened on the server",
            item.name
        );
    }

    let resumed = bulk::run(
        &admin,
        BulkAction::Disable,
        &names,
        BulkOptions::default(),
        &CancellationToken::new(),
        |_| {},
    )
    .await;
    assert_eq!(resumed.count(|o| *o == BulkOutcome::Ok), cancelled);
    assert_eq!(
        resumed.count(|o| matches!(o, BulkOutcome::Skipped { .. })),
        ok,
        "running again finishes the cancelled ones and skips the done ones"
    );
}

#[tokio::test]
async fn a_token_cancelled_before_the_start_runs_nothing() {
    let f = SandboxFixture::start().await;
    let admin = f.admin();
    let names = f.create_users("pre", 5).await;
    let cancel = CancellationToken::new();
    cancel.cancel();
    let report = bulk::run(
        &admin,
        BulkAction::Delete,
        &names,
        BulkOptions::default(),
        &cancel,
        |_| {},
    )
    .await;
    assert_eq!(report.count(|o| *o == BulkOutcome::Cancelled), 5);
    assert_eq!(
        admin
            .service_users()
            .list()
            .await
            .unwrap()
            .iter()
            .filter(|u| u.name.starts_with("pre-"))
            .count(),
        5,
        "nothing was deleted"
    );
}
