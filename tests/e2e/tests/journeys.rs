//! What an administrator does with the app, end to end: the real binary, its embedded sandbox, the
//! X11 clipboard. Each check that matters is made against the API or the clipboard itself, not
//! only against what the screen says.

use std::time::{Duration, Instant};

use e2e_tests::{
    AppSession, LaunchOptions, api_client, clipboard_targets, clipboard_text,
    copy_from_another_app, create_service_user, files_containing, save_as,
};
use tg_api::{Client, Error, ServiceUserStatus};

const DEMO_USERS: &[&str] = &[
    "cicd",
    "tg-watch",
    "monitoring-prom",
    "backup-runner",
    "terraform-ci",
];
/// The shortest clipboard countdown the settings allow, so the tests wait as little as possible.
const COUNTDOWN_SECONDS: u32 = 10;

/// Creates an active user with keys through the API, as another administrator would.
async fn user_with_keys(admin: &Client, name: &str) -> (String, String) {
    create_service_user(admin, name).await;
    let keys = admin
        .service_users()
        .generate_token(name)
        .await
        .expect("generate keys");
    (keys.client_id, keys.secret.expose_secret().to_string())
}

fn seconds_in(text: &str) -> Option<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .and_then(|s| s.parse().ok())
}

/// Waits until the clipboard no longer holds `secret` (the countdown has ended).
async fn wait_for_clipboard_without(secret: &str) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(u64::from(COUNTDOWN_SECONDS) + 10);
    loop {
        let current = clipboard_text();
        if current.as_deref() != Some(secret) {
            return current;
        }
        assert!(
            Instant::now() < deadline,
            "the clipboard should be cleared once the {COUNTDOWN_SECONDS} s countdown ends"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn an_administrator_manages_service_users_end_to_end() {
    let app = AppSession::launch(LaunchOptions {
        clipboard_seconds: Some(COUNTDOWN_SECONDS),
        ..LaunchOptions::default()
    })
    .await;

    // A newcomer sees the embedded sandbox's demo users at once.
    for name in DEMO_USERS {
        app.find(&format!("service-user-row-{name}")).await;
    }
    let admin = app.sandbox_admin().await;
    let admin_api = admin.client();

    // Create a user with an initial policy.
    app.click("add-service-user").await;
    app.type_into("new-user-name", "e2e-robot").await;
    app.click("policy-option-builtin-tg-monitor").await;
    app.click("submit").await;
    // The app opens the new user's page.
    app.find("generate-keys").await;
    let created = admin_api
        .service_users()
        .get("e2e-robot")
        .await
        .expect("the user exists in the API");
    assert_eq!(
        created.policy_ids,
        vec!["builtin-tg-monitor".to_string()],
        "the chosen policy is attached"
    );

    // Generate keys: the secret goes straight to the clipboard, marked as a password.
    app.click("generate-keys").await;
    app.find("secret-panel").await;
    let client_id = app.value("handoff-client-id").await;
    assert!(
        !client_id.trim().is_empty(),
        "the panel shows the new Client ID"
    );
    let secret = clipboard_text().expect("the secret is on the clipboard right after generating");
    assert!(
        clipboard_targets().contains("x-kde-passwordManagerHint"),
        "clipboard managers are told to keep the secret out of history"
    );
    let as_robot = api_client(&admin.base_url, client_id.trim(), &secret);
    as_robot
        .org()
        .mine()
        .await
        .expect("the copied credentials authenticate against the sandbox");

    // Revealing shows the same secret.
    app.click("reveal-secret").await;
    let shown = app
        .wait_for_text("secret-value", "reveal the secret", |t| {
            !t.contains('•') && !t.trim().is_empty()
        })
        .await;
    assert_eq!(
        shown.trim(),
        secret,
        "the revealed secret is the copied one"
    );

    // The countdown is visible and ticking.
    let first = app
        .wait_for_text("countdown-text", "show a countdown", |t| {
            seconds_in(t).is_some()
        })
        .await;
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let later = app.text("countdown-text").await;
    assert!(
        seconds_in(&later) < seconds_in(&first),
        "the countdown ticks down: {first:?} then {later:?}"
    );

    // When the countdown ends, the clipboard no longer holds the secret.
    let after = wait_for_clipboard_without(&secret).await;
    assert_ne!(after.as_deref(), Some(secret.as_str()));

    app.click("close-secret-panel").await;
    app.click("confirm-close").await;
    app.wait_gone("secret-panel").await;

    // Disable two users in bulk: their keys stop working.
    let (a_id, a_secret) = user_with_keys(&admin_api, "e2e-bulk-a").await;
    let (b_id, b_secret) = user_with_keys(&admin_api, "e2e-bulk-b").await;
    api_client(&admin.base_url, &a_id, &a_secret)
        .org()
        .mine()
        .await
        .expect("active keys work before");
    app.click("nav-service-users").await;
    app.click("refresh").await;
    app.click("row-checkbox-e2e-bulk-a").await;
    app.click("row-checkbox-e2e-bulk-b").await;
    app.click("actions-menu").await;
    app.click("action-disable").await;
    // Disabling revokes API access at once, so it asks first.
    app.click("confirm-button").await;
    let summary = app
        .wait_for_text("bulk-summary", "report the bulk result", |t| {
            !t.trim().is_empty()
        })
        .await;
    assert!(
        !summary.to_lowercase().contains("failed:"),
        "no user failed: {summary}"
    );
    for (id, secret) in [(&a_id, &a_secret), (&b_id, &b_secret)] {
        let result = api_client(&admin.base_url, id, secret).org().mine().await;
        assert!(
            matches!(result, Err(Error::Unauthorized)),
            "a disabled user's keys are refused at once, got {result:?}"
        );
    }
    for name in ["e2e-bulk-a", "e2e-bulk-b"] {
        let user = admin_api.service_users().get(name).await.unwrap();
        assert_eq!(
            user.status,
            ServiceUserStatus::Inactive,
            "{name} is inactive in the API"
        );
    }

    // Delete one user.
    app.click("close-bulk").await;
    app.find_css("[data-testid=\"row-checkbox-e2e-bulk-a\"]")
        .await;
    for name in ["e2e-bulk-a", "e2e-bulk-b"] {
        let checkbox = app.find(&format!("row-checkbox-{name}")).await;
        if checkbox.is_selected().await.unwrap_or(false) {
            checkbox.click().await.unwrap();
        }
    }
    app.click("row-checkbox-e2e-bulk-a").await;
    app.click("actions-menu").await;
    app.click("action-delete").await;
    app.click("confirm-button").await;
    app.wait_gone("service-user-row-e2e-bulk-a").await;
    let deleted = admin_api.service_users().get("e2e-bulk-a").await;
    assert!(
        matches!(deleted, Err(Error::NotFound)),
        "the user is gone from the API, got {deleted:?}"
    );
    app.find("service-user-row-e2e-bulk-b").await;

    // Nothing the app wrote holds the secret. (The home is kept until the search is done; the
    // journal naming the new user shows the search reads what the app wrote.)
    let home = app.close().await;
    assert!(
        !files_containing(home.path(), "e2e-robot").is_empty(),
        "the search reads the app's files"
    );
    let leaks = files_containing(home.path(), &secret);
    assert!(
        leaks.is_empty(),
        "the one-time secret must not be written anywhere: {leaks:?}"
    );
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn text_copied_during_the_countdown_survives_it() {
    let app = AppSession::launch(LaunchOptions {
        clipboard_seconds: Some(COUNTDOWN_SECONDS),
        ..LaunchOptions::default()
    })
    .await;
    app.find("service-user-row-tg-watch").await;
    app.open_detail("tg-watch").await;
    // tg-watch already has keys: regenerating asks first.
    app.regenerate_keys().await;
    let secret = clipboard_text().expect("the secret is on the clipboard");

    copy_from_another_app("something the administrator copied later");
    let after = wait_for_clipboard_without(&secret).await;
    tokio::time::sleep(Duration::from_secs(u64::from(COUNTDOWN_SECONDS) + 2)).await;
    assert_eq!(
        clipboard_text().as_deref(),
        Some("something the administrator copied later"),
        "the countdown must never wipe what the user copied since (saw {after:?} first)"
    );
    app.close().await;
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn keys_are_saved_where_the_user_chooses_readable_only_by_them() {
    let app = AppSession::launch(LaunchOptions {
        clipboard_seconds: Some(60),
        ..LaunchOptions::default()
    })
    .await;
    app.find("service-user-row-tg-watch").await;
    app.open_detail("tg-watch").await;
    app.regenerate_keys().await;
    let client_id = app.value("handoff-client-id").await;
    let secret = clipboard_text().expect("the secret is on the clipboard");

    let chosen = tempfile::tempdir().unwrap();
    let target = chosen.path().join("tg-watch.env");
    // .env is the default format.
    app.click("save-secret").await;
    save_as("Save the service user's keys", &target).await;

    app.wait_for_text("saved-path", "name the saved file", |t| {
        t.contains("Saved to tg-watch.env")
    })
    .await;
    let content = std::fs::read_to_string(&target).expect("the file was written where chosen");
    assert_eq!(
        content,
        format!("TG_CLIENT_ID={client_id}\nTG_CLIENT_SECRET={secret}\n"),
        "the .env file holds exactly the new keys"
    );
    // Unix modes; on Windows tg-admin's private_file gives the file an owner-only ACL instead.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "only the owner may read the keys, got {mode:o}"
        );
    }

    // Saved: closing asks nothing more.
    app.click("close-secret-panel").await;
    app.wait_gone("secret-panel").await;

    // The activity journal exports through the same native dialog, and never holds the secret.
    let export = chosen.path().join("activity.jsonl");
    app.click("nav-activity").await;
    app.click("export-journal").await;
    save_as("Export the activity journal", &export).await;
    app.wait_for_text("exported-path", "name the exported file", |t| {
        t.contains("activity.jsonl")
    })
    .await;
    let journal = std::fs::read_to_string(&export).expect("the journal was exported");
    assert!(
        journal.contains("\"generate-keys\"") && journal.contains("tg-watch"),
        "the export holds the key generation: {journal}"
    );
    assert!(
        !journal.contains(&secret),
        "the exported journal never holds the secret"
    );
    app.close().await;
}
