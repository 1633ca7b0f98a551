//! The shell's start-up and its command paths without a window: the state the app builds on a
//! fresh data folder, the first connection, and key generation through to the clipboard.

use std::sync::Arc;

use service_users_desktop::{AppDirs, State, build_state};
use tg_admin::clipboard::{MemoryClipboard, Sensitivity};
use tg_admin::event_stream::EventQueue;
use tg_admin::{Preferences, PreferencesFile, api_keys};
use tg_api::{Client, ClientCredentials, Secret};

struct Started {
    state: State,
    clipboard: Arc<MemoryClipboard>,
    events: Arc<EventQueue>,
}

fn dirs(root: &std::path::Path) -> AppDirs {
    AppDirs {
        data: root.join("data"),
        config: root.join("config"),
    }
}

async fn start(root: &std::path::Path) -> Started {
    let clipboard = Arc::new(MemoryClipboard::new());
    let events = Arc::new(EventQueue::default());
    let state = build_state(dirs(root), clipboard.clone(), events.clone()).await;
    state.app.ensure_first_connection().await;
    Started {
        state,
        clipboard,
        events,
    }
}

#[tokio::test]
async fn a_first_start_connects_to_the_embedded_sandbox_with_demo_data() {
    let root = tempfile::tempdir().unwrap();
    let app = start(root.path()).await;
    let active = app
        .state
        .app
        .state
        .active_connection()
        .expect("the first start connects by itself");
    assert!(
        active.connection.embedded,
        "the first connection is the embedded sandbox"
    );
    assert!(
        !active.org.name.is_empty(),
        "the org was read from /org/mine"
    );
    let names: Vec<String> = app
        .state
        .app
        .state
        .list_service_users()
        .await
        .unwrap()
        .iter()
        .map(|u| u.name.clone())
        .collect();
    for demo in [
        "cicd",
        "tg-watch",
        "monitoring-prom",
        "backup-runner",
        "terraform-ci",
    ] {
        assert!(
            names.iter().any(|n| n == demo),
            "demo user {demo} is there: {names:?}"
        );
    }
    app.state.embedded.shutdown().await;
}

#[tokio::test]
async fn generated_keys_go_to_the_clipboard_and_work() {
    let root = tempfile::tempdir().unwrap();
    let app = start(root.path()).await;
    let handoff = api_keys::generate(&app.state.app.state, &app.state.app.handoffs, "cicd")
        .await
        .expect("keys are generated");
    let copied = app
        .clipboard
        .text()
        .expect("the secret is on the clipboard");
    assert_eq!(
        app.clipboard.last_sensitivity(),
        Some(Sensitivity::Secret),
        "the copy is marked so clipboard managers keep it out of history"
    );
    // The countdown runs on its own task: give it a moment to send its first tick.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        // What the window reads: every event since the app started.
        let batch = app
            .events
            .next_after(Some(0), std::time::Duration::from_millis(20))
            .await;
        if batch.events.iter().any(|e| e.name == "clipboard-countdown") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the countdown started and reached the window as an event"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let base_url = app
        .state
        .app
        .state
        .active_connection()
        .unwrap()
        .connection
        .base_url;
    let as_cicd = Client::builder()
        .base_url(base_url)
        .credentials(ClientCredentials {
            client_id: handoff.client_id.clone(),
            secret: Secret::new(copied.clone()),
        })
        .build()
        .unwrap();
    as_cicd
        .org()
        .mine()
        .await
        .expect("the copied secret authenticates as cicd");

    let journal = app.state.app.state.read_journal().unwrap();
    assert!(
        journal
            .iter()
            .any(|e| e.action == "generate-keys" && e.targets == ["cicd"]),
        "key generation is journalled: {journal:?}"
    );
    let journal_text = std::fs::read_to_string(root.path().join("data/activity.jsonl")).unwrap();
    assert!(
        !journal_text.contains(&copied),
        "the journal never holds the secret"
    );

    app.state.app.handoffs.close(handoff.id).unwrap();
    assert_eq!(
        app.clipboard.text(),
        None,
        "closing the keys clears the clipboard"
    );
    app.state.embedded.shutdown().await;
}

#[tokio::test]
async fn saved_settings_apply_and_an_unreachable_last_connection_falls_back() {
    let root = tempfile::tempdir().unwrap();
    PreferencesFile::new(root.path().join("config/settings.json"))
        .update(|p: &mut Preferences| {
            p.settings.clipboard_seconds = 12;
            p.last_connection = Some("removed-long-ago".into());
        })
        .unwrap();
    let app = start(root.path()).await;
    assert_eq!(app.state.app.handoffs.settings().clipboard_seconds, 12);
    let active = app
        .state
        .app
        .state
        .active_connection()
        .expect("a connection is active");
    assert!(
        active.connection.embedded,
        "a last connection that is gone falls back to the embedded sandbox"
    );
    app.state.embedded.shutdown().await;
}

#[tokio::test]
async fn a_restart_keeps_the_data_and_the_same_admin() {
    let root = tempfile::tempdir().unwrap();
    let first = start(root.path()).await;
    first
        .state
        .app
        .state
        .create_service_user(tg_api::NewServiceUser {
            name: "kept-across-restarts".into(),
            policy_ids: vec![],
            status: tg_api::ServiceUserStatus::Active,
        })
        .await
        .unwrap();
    let first_id = first
        .state
        .app
        .state
        .active_connection()
        .unwrap()
        .connection
        .client_id;
    first.state.embedded.shutdown().await;
    drop(first);

    let second = start(root.path()).await;
    let active = second.state.app.state.active_connection().unwrap();
    assert_eq!(
        active.connection.client_id, first_id,
        "the same sandbox admin"
    );
    let user = second
        .state
        .app
        .state
        .get_service_user("kept-across-restarts")
        .await;
    assert!(user.is_ok(), "data survives a restart: {user:?}");
    second.state.embedded.shutdown().await;
}
