//! The shell's entry points end to end against the sandbox: connect, change users, run a bulk
//! action, and find every change in the activity journal without a secret in it.

mod common;

use std::sync::Arc;

use common::SandboxFixture;
use tg_admin::{
    AppError, AppState, BulkAction, BulkOutcome, Connections, ErrorCode, Journal, JournalOutcome,
    MemoryStore, NewConnection,
};
use tg_api::{NewServiceUser, Secret, ServiceUserStatus};

struct Fixture {
    sandbox: SandboxFixture,
    state: AppState,
    journal_path: std::path::PathBuf,
}

async fn connected() -> Fixture {
    let sandbox = SandboxFixture::start().await;
    let journal_path = sandbox.dir.path().join("data/journal.jsonl");
    let state = AppState::new(
        Connections::new(
            sandbox.dir.path().join("config/connections.json"),
            Arc::new(MemoryStore::new()),
        ),
        Journal::new(&journal_path),
    );
    let active = state
        .add_connection(sandbox.new_connection("Local"))
        .await
        .unwrap();
    assert_eq!(state.active_connection(), Some(active));
    Fixture {
        sandbox,
        state,
        journal_path,
    }
}

#[tokio::test]
async fn nothing_runs_without_an_active_connection() {
    let sandbox = SandboxFixture::start().await;
    let state = AppState::new(
        Connections::new(
            sandbox.dir.path().join("c.json"),
            Arc::new(MemoryStore::new()),
        ),
        Journal::new(sandbox.dir.path().join("j.jsonl")),
    );
    assert_eq!(state.active_connection(), None);
    let error = AppError::from(state.list_service_users().await.unwrap_err());
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn every_change_is_journaled_and_no_secret_is_written() {
    let f = connected().await;
    let state = &f.state;
    state
        .create_service_user(NewServiceUser {
            name: "cicd".into(),
            policy_ids: vec!["builtin-tg-monitor".into()],
            status: ServiceUserStatus::Active,
        })
        .await
        .unwrap();
    state
        .set_service_user_status("cicd", ServiceUserStatus::Inactive)
        .await
        .unwrap();
    state
        .set_service_user_status("cicd", ServiceUserStatus::Inactive)
        .await
        .unwrap();
    state
        .attach_policy("cicd", "builtin-tg-operator")
        .await
        .unwrap();
    state
        .detach_policy("cicd", "no-such-policy-attached")
        .await
        .unwrap();
    let failed = state.attach_policy("ghost", "builtin-tg-operator").await;
    assert!(failed.is_err());
    let report = state
        .run_bulk_action(
            BulkAction::Enable,
            vec!["cicd".into(), "ghost".into()],
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(report.items[0].outcome, BulkOutcome::Ok);

    let entries = state.read_journal().unwrap();
    let actions: Vec<_> = entries
        .iter()
        .map(|e| (e.action.as_str(), e.outcome))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("bulk-enable", JournalOutcome::Partial),
            ("attach-policy builtin-tg-operator", JournalOutcome::Failed),
            ("attach-policy builtin-tg-operator", JournalOutcome::Ok),
            ("disable", JournalOutcome::Ok),
            ("create with builtin-tg-monitor", JournalOutcome::Ok),
            ("add-connection", JournalOutcome::Ok),
        ],
        "changes are journaled newest first; no-ops (already inactive, detaching an absent \
         policy) are not changes"
    );
    assert!(entries.iter().all(|e| e.connection == "Local"));
    assert_eq!(entries[0].targets, vec!["cicd", "ghost"]);
    assert!(
        entries[1].error.as_deref().unwrap_or("").contains("404"),
        "a failed change keeps its error message: {:?}",
        entries[1].error
    );

    let text = std::fs::read_to_string(&f.journal_path).unwrap();
    let secret = &f.sandbox.sandbox.admin_credentials().secret;
    assert!(
        !text.contains(secret.as_str()),
        "the journal never holds a secret"
    );
}

#[tokio::test]
async fn removing_the_active_connection_deactivates_it() {
    let f = connected().await;
    let id = f.state.active_connection().unwrap().connection.id;
    f.state.remove_connection(&id).unwrap();
    assert_eq!(f.state.active_connection(), None);
    assert_eq!(
        f.state.read_journal().unwrap()[0].action,
        "remove-connection",
        "removing a connection is recorded"
    );
    assert!(f.state.list_connections().unwrap().is_empty());
}

#[tokio::test]
async fn a_failed_switch_keeps_the_current_connection() {
    let f = connected().await;
    let before = f.state.active_connection();
    let error = AppError::from(f.state.switch_connection("no-such-id").await.unwrap_err());
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(f.state.active_connection(), before);
}

#[tokio::test]
async fn cancel_stops_a_running_bulk_action() {
    let f = connected().await;
    let names = f.sandbox.create_users("c", 100).await;
    let state = &f.state;
    let report = state
        .run_bulk_action(BulkAction::Disable, names, |p| {
            if p.done == 10 {
                state.cancel_bulk_action();
            }
        })
        .await
        .unwrap();
    assert!(
        report.count(|o| *o == BulkOutcome::Cancelled) > 50,
        "cancel_bulk_action reaches the running action"
    );
    assert_eq!(
        state.read_journal().unwrap()[0].outcome,
        JournalOutcome::Partial
    );
}

/// Tauri runs async commands as spawned tasks, so every entry point's future must be `Send` for
/// any lifetime of the state it borrows; spawning them here fails to compile otherwise.
#[tokio::test]
async fn every_entry_point_can_run_as_a_spawned_task() {
    let dir = tempfile::tempdir().unwrap();
    let state = Arc::new(AppState::new(
        Connections::new(dir.path().join("c.json"), Arc::new(MemoryStore::new())),
        Journal::new(dir.path().join("j.jsonl")),
    ));
    let bulk = tokio::spawn({
        let state = state.clone();
        async move {
            state
                .run_bulk_action(BulkAction::Delete, vec!["a".into()], |_| {})
                .await
        }
    });
    let status = tokio::spawn({
        let state = state.clone();
        async move {
            state
                .set_service_user_status("a", ServiceUserStatus::Active)
                .await
        }
    });
    let switch = tokio::spawn({
        let state = state.clone();
        async move { state.switch_connection("x").await }
    });
    for error in [
        bulk.await.unwrap().unwrap_err(),
        status.await.unwrap().unwrap_err(),
    ] {
        assert_eq!(
            AppError::from(error).code,
            ErrorCode::InvalidInput,
            "without a connection nothing is sent"
        );
    }
    assert_eq!(
        AppError::from(switch.await.unwrap().unwrap_err()).code,
        ErrorCode::NotFound
    );
}

/// Generating keys takes a request; if the user switches connection meanwhile, the journal must
/// still name the connection the keys were generated on.
#[tokio::test]
async fn generated_keys_are_journaled_on_the_connection_they_were_made_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut slow_config = tg_sandbox::SandboxConfig::new(dir.path().join("slow"));
    slow_config.latency = std::time::Duration::from_millis(600);
    let slow = tg_sandbox::Sandbox::start(slow_config).await.unwrap();
    let fast = SandboxFixture::start().await;
    let state = AppState::new(
        Connections::new(dir.path().join("c.json"), Arc::new(MemoryStore::new())),
        Journal::new(dir.path().join("j.jsonl")),
    );
    let connect = |name: &str, sandbox: &tg_sandbox::RunningSandbox| NewConnection {
        name: name.into(),
        base_url: sandbox.base_url().into(),
        client_id: sandbox.admin_credentials().client_id.clone(),
        client_secret: Secret::new(sandbox.admin_credentials().secret.clone()),
        allow_insecure_http: false,
        session_only: false,
    };
    let other = state
        .add_connection(connect("Other", &fast.sandbox))
        .await
        .unwrap();
    state.add_connection(connect("Slow", &slow)).await.unwrap();
    state
        .create_service_user(NewServiceUser {
            name: "cicd".into(),
            policy_ids: vec![],
            status: ServiceUserStatus::Active,
        })
        .await
        .unwrap();
    let handoffs = tg_admin::secret_handoff::SecretHandoffs::new(
        Arc::new(tg_admin::clipboard::MemoryClipboard::new()),
        tokio::runtime::Handle::current(),
        |_| {},
    );

    let (generated, switched) = tokio::join!(
        tg_admin::api_keys::generate(&state, &handoffs, "cicd"),
        async {
            // Well inside the slow sandbox's 600 ms; the other one answers at once.
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            state.switch_connection(&other.connection.id).await
        }
    );
    switched.unwrap();
    generated.unwrap();

    let entry = state.read_journal().unwrap().remove(0);
    assert_eq!(entry.action, "generate-keys");
    assert_eq!(
        entry.connection, "Slow",
        "the keys were generated on the connection active when the call started, not on the \
         one switched to while it ran"
    );
    slow.shutdown().await;
}

#[tokio::test]
async fn removing_with_the_keychain_unavailable_still_removes_and_deactivates() {
    let sandbox = SandboxFixture::start().await;
    let store = Arc::new(MemoryStore::new());
    let state = AppState::new(
        Connections::new(sandbox.dir.path().join("c.json"), store.clone()),
        Journal::new(sandbox.dir.path().join("j.jsonl")),
    );
    let active = state
        .add_connection(sandbox.new_connection("Local"))
        .await
        .unwrap();
    store.set_unavailable(true);

    let error = AppError::from(state.remove_connection(&active.connection.id).unwrap_err());

    assert_eq!(error.code, ErrorCode::KeychainUnavailable);
    assert_eq!(
        state.active_connection(),
        None,
        "a removed connection cannot stay active"
    );
    assert!(state.list_connections().unwrap().is_empty());
    assert_eq!(
        state.read_journal().unwrap()[0].action,
        "remove-connection",
        "the removal happened, so it is journaled"
    );
}
