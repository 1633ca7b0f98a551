//! The app keeps going when what it relies on breaks: an unreadable connections or settings file
//! is set aside as `.bak` and the app starts; a last connection that cannot be opened (keychain
//! locked, file gone) falls back to the sandbox; each says so once, in a notice, and nothing is
//! lost on the way. An API that goes away mid-session is a clear network error, and the same
//! session works again once it is back.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::SandboxFixture;
use tg_admin::clipboard::MemoryClipboard;
use tg_admin::connections::EMBEDDED_ID;
use tg_admin::{
    App, AppError, Connections, ErrorCode, Journal, MemoryStore, Preferences, PreferencesFile,
    SecretStore,
};
use tg_api::Secret;
use tg_sandbox::{Sandbox, SandboxConfig};

/// The app over `dir`'s files and `store`, with the fixture's sandbox as the embedded connection.
fn app(dir: &Path, store: Arc<MemoryStore>, sandbox: &SandboxFixture) -> App {
    let connections = Connections::new(dir.join("connections.json"), store);
    sandbox.embed_in(&connections);
    App::new(
        connections,
        Journal::new(dir.join("activity.jsonl")),
        PreferencesFile::new(dir.join("settings.json")),
        Arc::new(MemoryClipboard::new()),
        tokio::runtime::Handle::current(),
        Arc::new(|_, _| {}),
    )
}

fn messages(app: &App) -> Vec<String> {
    app.notices.all().into_iter().map(|n| n.message).collect()
}

#[tokio::test]
async fn unreadable_files_are_kept_as_bak_and_the_app_starts_with_defaults() {
    let sandbox = SandboxFixture::start().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("connections.json"), "{\"version\":1,\"conn").unwrap();
    std::fs::write(dir.path().join("settings.json"), [0xff, 0xfe, b'{']).unwrap();

    let app = app(dir.path(), Arc::new(MemoryStore::new()), &sandbox);
    app.ensure_first_connection().await;

    let notices = messages(&app);
    assert_eq!(notices.len(), 2, "one notice per file: {notices:?}");
    assert!(
        notices[0].contains("connections.json")
            && notices[0].contains("connections.json.bak")
            && notices[0].contains("secrets are still in the system keychain"),
        "{}",
        notices[0]
    );
    assert!(
        notices[1].contains("settings.json.bak") && notices[1].contains("default settings"),
        "{}",
        notices[1]
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("connections.json.bak")).unwrap(),
        "{\"version\":1,\"conn",
        "the unreadable file is kept byte for byte"
    );
    assert_eq!(
        std::fs::read(dir.path().join("settings.json.bak")).unwrap(),
        [0xff, 0xfe, b'{']
    );

    // The app works: the sandbox is open, the list reads, settings save.
    assert!(app.state.active_connection().unwrap().connection.embedded);
    assert_eq!(app.state.list_connections().unwrap().len(), 1);
    app.preferences
        .update(|p| p.settings.clipboard_seconds = 45)
        .unwrap();
    assert_eq!(app.preferences.load().settings.clipboard_seconds, 45);
    assert!(
        dir.path().join("settings.json.bak").exists(),
        "a later save leaves the kept copy alone"
    );
}

#[tokio::test]
async fn readable_or_missing_files_say_nothing() {
    let sandbox = SandboxFixture::start().await;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), Arc::new(MemoryStore::new()), &sandbox);
    app.ensure_first_connection().await;
    assert!(messages(&app).is_empty(), "a first start is not a problem");

    app.preferences
        .update(|p| p.last_connection = Some("removed-on-purpose".into()))
        .unwrap();
    std::fs::write(
        dir.path().join("connections.json"),
        r#"{"version":1,"connections":[]}"#,
    )
    .unwrap();
    let again = self::app(dir.path(), Arc::new(MemoryStore::new()), &sandbox);
    again.ensure_first_connection().await;
    assert!(
        messages(&again).is_empty(),
        "a connection removed from a list that is still there is no surprise: {:?}",
        messages(&again)
    );
    assert!(!dir.path().join("connections.json.bak").exists());
}

#[tokio::test]
async fn a_missing_connections_file_is_named_when_the_last_connection_was_in_it() {
    let sandbox = SandboxFixture::start().await;
    let dir = tempfile::tempdir().unwrap();
    PreferencesFile::new(dir.path().join("settings.json"))
        .save(&Preferences {
            last_connection: Some("0b7c-prod".into()),
            ..Preferences::default()
        })
        .unwrap();
    let app = app(dir.path(), Arc::new(MemoryStore::new()), &sandbox);
    app.ensure_first_connection().await;
    let notices = messages(&app);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("connections.json) is missing")
            && notices[0].contains("The local sandbox is open instead."),
        "{}",
        notices[0]
    );
    assert!(app.state.active_connection().unwrap().connection.embedded);
}

#[tokio::test]
async fn a_locked_keychain_at_start_opens_the_sandbox_says_why_and_loses_nothing() {
    let sandbox = SandboxFixture::start().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let first = app(dir.path(), store.clone(), &sandbox);
    let saved = first
        .state
        .add_connection(sandbox.new_connection("Production"))
        .await
        .unwrap();
    first.remember_connection(&saved.connection.id);
    let saved_file = std::fs::read(dir.path().join("connections.json")).unwrap();

    store.set_unavailable(true);
    let app = app(dir.path(), store.clone(), &sandbox);
    app.ensure_first_connection().await;

    let notices = messages(&app);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("\"Production\" used last time could not be opened")
            && notices[0].contains("system keychain is unavailable")
            && notices[0].contains("The local sandbox is open instead."),
        "{}",
        notices[0]
    );
    assert!(app.state.active_connection().unwrap().connection.embedded);
    assert_eq!(
        std::fs::read(dir.path().join("connections.json")).unwrap(),
        saved_file,
        "the saved connection is untouched"
    );
    assert_eq!(
        app.preferences.load().last_connection.as_deref(),
        Some(saved.connection.id.as_str()),
        "the next start tries it again"
    );

    store.set_unavailable(false);
    assert!(store.get(&saved.connection.id).unwrap().is_some());
    let back = app
        .state
        .switch_connection(&saved.connection.id)
        .await
        .expect("once the keychain opens, the connection works with its kept secret");
    assert_eq!(back.connection.name, "Production");
}

#[tokio::test]
async fn an_api_that_goes_away_mid_session_is_a_clear_error_and_works_again_when_back() {
    let data = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxConfig::new(data.path()))
        .await
        .unwrap();
    let address = sandbox.local_addr();
    let dir = tempfile::tempdir().unwrap();
    let connections = Connections::new(
        dir.path().join("connections.json"),
        Arc::new(MemoryStore::new()),
    );
    let admin = sandbox.admin_credentials();
    connections.set_embedded(
        "Local sandbox",
        sandbox.base_url(),
        &admin.client_id,
        Secret::new(admin.secret.clone()),
    );
    let state = tg_admin::AppState::new(connections, Journal::new(dir.path().join("j.jsonl")));
    state.switch_connection(EMBEDDED_ID).await.unwrap();
    assert!(state.list_service_users().await.is_ok());

    sandbox.shutdown().await;
    let error = AppError::from(state.list_service_users().await.unwrap_err());
    assert_eq!(error.code, ErrorCode::Network, "{error:?}");
    assert!(
        error.message.contains(&address.to_string()),
        "the message says which API could not be reached: {}",
        error.message
    );
    assert!(
        state.active_connection().is_some(),
        "a lost API does not close the connection"
    );

    let mut config = SandboxConfig::new(data.path());
    config.listen = address;
    let back = Sandbox::start(config).await.unwrap();
    let users = state
        .list_service_users()
        .await
        .expect("the same session works again once the API is back");
    assert!(users.iter().any(|u| u.name == tg_sandbox::ADMIN_USER));
    back.shutdown().await;
}
