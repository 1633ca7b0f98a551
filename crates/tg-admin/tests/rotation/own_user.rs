//! Rotating the connection's own user: the app keeps working, the sandbox keeps the new admin
//! keys, and a keychain that refuses the new secret loses nothing.

use super::*;

#[tokio::test]
async fn rotating_the_embedded_connections_own_user_keeps_the_app_working() {
    let fixture = SandboxFixture::start().await;
    let before = fixture.sandbox.admin_credentials();
    let app = fixture.app("Local sandbox").await;
    let host = host(fixture.dir.path());
    let report = rotation::rotate(
        &app,
        &host,
        vec!["sandbox-admin".into()],
        RotationDelivery {
            clipboard: true,
            ..RotationDelivery::default()
        },
        &no_progress(),
    )
    .await
    .unwrap();
    let user = &report.users[0];
    assert_eq!(user.state, RotationState::Rotated, "{user:#?}");
    assert!(user.own_connection);
    let own = user.own_key.as_ref().unwrap();
    assert!(own.stored && own.switched, "{own:?}");
    assert_eq!(user.verified, Some(true));
    assert!(
        user.handoff.as_ref().is_some_and(|h| h.copied),
        "a run of one copies at once"
    );

    // The app keeps working with the new key, and the old one is refused.
    app.state.list_service_users().await.unwrap();
    let active = app.state.active_connection().unwrap();
    assert_eq!(Some(&active.connection.client_id), user.client_id.as_ref());
    assert_eq!(
        client(
            fixture.sandbox.base_url(),
            &before.client_id,
            &before.secret
        )
        .org()
        .mine()
        .await
        .unwrap_err(),
        Error::Unauthorized
    );
}

#[tokio::test]
async fn the_embedded_sandbox_keeps_the_rotated_admin_keys_for_its_next_start() {
    let fixture = SandboxFixture::start().await;
    let root = fixture.dir.path();
    let connections = Connections::new(root.join("c.json"), Arc::new(MemoryStore::new()));
    fixture.embed_in(&connections);
    let app = App::new(
        connections,
        Journal::new(root.join("j.jsonl")),
        PreferencesFile::new(root.join("s.json")),
        Arc::new(MemoryClipboard::new()),
        tokio::runtime::Handle::current(),
        Arc::new(|_, _| {}),
    )
    .with_embedded_sandbox(Arc::new(common::Recovery(fixture.sandbox.clone())));
    app.ensure_first_connection().await;
    let report = rotate_sandbox_admin(&app, root).await;
    let user = &report.users[0];
    assert!(user.own_key.as_ref().unwrap().error.is_none(), "{user:#?}");
    let kept = fixture.sandbox.admin_credentials();
    assert_eq!(Some(&kept.client_id), user.client_id.as_ref());
    let file = std::fs::read_to_string(fixture.sandbox.credentials_path()).unwrap();
    assert!(
        file.contains(&kept.secret),
        "the credentials file holds the new secret"
    );
    client(fixture.sandbox.base_url(), &kept.client_id, &kept.secret)
        .org()
        .mine()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_failing_keychain_shows_the_own_users_new_keys_and_the_app_keeps_working() {
    let fixture = SandboxFixture::start().await;
    let root = fixture.dir.path();
    let store = Arc::new(MemoryStore::new());
    let clipboard = Arc::new(MemoryClipboard::new());
    let app = App::new(
        Connections::new(root.join("c.json"), store.clone()),
        Journal::new(root.join("j.jsonl")),
        PreferencesFile::new(root.join("s.json")),
        clipboard.clone(),
        tokio::runtime::Handle::current(),
        Arc::new(|_, _| {}),
    );
    app.state
        .add_connection(fixture.new_connection("Staging"))
        .await
        .unwrap();
    store.set_unavailable(true);
    let report = rotate_sandbox_admin(&app, root).await;
    let user = &report.users[0];
    assert_eq!(user.state, RotationState::Rotated);
    let own = user.own_key.as_ref().unwrap();
    assert!(!own.stored, "{own:?}");
    assert!(
        own.switched,
        "the app signs in with the new key all the same: {own:?}"
    );
    assert!(
        own.error.as_deref().unwrap().contains("keychain"),
        "{own:?}"
    );
    let handoff = user.handoff.as_ref().expect("the keys are shown");
    assert!(handoff.copied, "shown once with the countdown");
    let secret = app.handoffs.reveal(handoff.id).unwrap();
    assert_eq!(clipboard.text().as_deref(), Some(secret.expose_secret()));
    app.state.list_service_users().await.unwrap();
    assert_eq!(user.verified, Some(true));
}

/// Rotates `sandbox-admin` (the embedded sandbox's own user) with no delivery chosen.
async fn rotate_sandbox_admin(app: &App, root: &Path) -> RotationReport {
    rotation::rotate(
        app,
        &host(root),
        vec!["sandbox-admin".into()],
        RotationDelivery::default(),
        &no_progress(),
    )
    .await
    .unwrap()
}
