//! The rotation assistant in the real app: rotating `sandbox-admin` (the embedded connection's
//! own user) together with another user from the list's Actions keeps the app working (the list
//! refreshes with the new key), the old admin key is refused with 401, the sandbox keeps the new
//! admin keys, and the other user's new key verifies. A run left unfinished before the app
//! started is offered on the list page and finished from there, every user of the run listed with
//! its step meanwhile. Under `cargo xtask screenshots` it takes the rotation-result screenshot in
//! docs/screenshots/ (light) and docs/screenshots/dark/, and the unfinished-rotation and
//! rotation-progress ones.

use std::time::Duration;

use e2e_tests::{APP_ID, AppSession, LaunchOptions, api_client, fake_delivery_target};

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask e2e rotation`"]
async fn rotating_the_connections_own_user_keeps_the_app_working() {
    journey(false).await;
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask e2e rotation`"]
async fn rotating_the_connections_own_user_keeps_the_app_working_dark() {
    journey(true).await;
}

async fn journey(dark: bool) {
    let app = AppSession::launch(LaunchOptions {
        clipboard_seconds: None,
        dark,
    })
    .await;
    let old = app.sandbox_admin().await;
    old.client()
        .org()
        .mine()
        .await
        .expect("the admin key works before");
    app.find("service-user-row-sandbox-admin").await;

    app.click("row-checkbox-sandbox-admin").await;
    app.click("row-checkbox-tg-watch").await;
    app.click("actions-menu").await;
    app.click("action-rotate").await;
    let warning = app.text("rotate-warning").await;
    assert!(
        warning.contains("Each old key stops working at the regenerate step"),
        "{warning}"
    );
    let own = app.text("rotate-own").await;
    assert!(
        own.contains("sandbox-admin is the user this connection signs in with"),
        "{own}"
    );
    app.click("rotate-start").await;
    app.find("rotation-report").await;

    for user in ["sandbox-admin", "tg-watch"] {
        let entry = app
            .wait_for_text(
                &format!("rotation-{user}"),
                "report the user as rotated and verified",
                |t| t.contains("Rotated") && t.contains("New key verified"),
            )
            .await;
        assert!(!entry.contains("keychain"), "{user}: {entry}");
    }
    let own_entry = app.text("rotation-sandbox-admin").await;
    assert!(
        own_entry.contains("The connection now signs in with the new key"),
        "{own_entry}"
    );
    app.wait_for_text("rotate-summary", "count two rotated", |t| {
        t.starts_with("2 rotated")
    })
    .await;
    let shot = if dark {
        "dark/rotation-result.png"
    } else {
        "rotation-result.png"
    };
    app.screenshot_if_asked(shot).await;

    // The old admin key is refused; the sandbox keeps the new one for its next start.
    let refused = old.client().org().mine().await.unwrap_err();
    assert_eq!(refused, tg_api::Error::Unauthorized, "the old key gets 401");
    let new = app.sandbox_admin().await;
    assert_ne!(
        new.client_id, old.client_id,
        "the sandbox keeps the new admin keys"
    );
    api_client(&new.base_url, &new.client_id, &new.secret)
        .org()
        .mine()
        .await
        .expect("the sandbox's saved admin key is the new one");

    // The app keeps working with the new key: the list refreshes without an error.
    app.click("rotate-close").await;
    app.wait_gone("rotate-dialog").await;
    app.click("refresh").await;
    app.find("service-user-row-tg-watch").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !app.is_present("refresh-error").await,
        "the list refreshes with the new key"
    );
    app.open_detail("sandbox-admin").await;
    let client_id = app.value("client-id").await;
    assert_eq!(client_id, new.client_id, "the page shows the new Client ID");
    app.close().await;
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask e2e rotation`"]
async fn a_delivery_target_fed_by_a_rotation_gets_a_secret_that_authenticates() {
    // SAFETY: set before the app (and any thread that reads the environment) starts; the app
    // inherits it through tauri-driver and reads it once at start-up. Each test is its own process.
    unsafe { std::env::set_var("SERVICE_USERS_DESKTOP_TEST_CONFIRM", "allow") };
    let fake = fake_delivery_target();
    let record = tempfile::tempdir().unwrap();

    let app = AppSession::launch(LaunchOptions::default()).await;
    let admin = app.sandbox_admin().await;
    app.find("service-user-row-cicd").await;
    let command = format!(
        "{} {} kv put secret/tg/{{name}} client_secret=-",
        fake.display(),
        record.path().display()
    );
    app.add_delivery_target("Vault", &command).await;

    app.click("nav-service-users").await;
    app.open_detail("tg-watch").await;
    app.click("rotate-keys").await;
    app.click("rotate-clipboard").await;
    app.click("rotate-target-Vault").await;
    app.click("rotate-start").await;
    let entry = app
        .wait_for_text("rotation-tg-watch", "report the delivery", |t| {
            t.contains("Delivered to Vault")
        })
        .await;
    assert!(entry.contains("New key verified"), "{entry}");
    let client_id = admin
        .client()
        .service_users()
        .get("tg-watch")
        .await
        .unwrap()
        .client_id
        .expect("tg-watch has keys");
    assert!(
        entry.contains(&client_id),
        "the report names the new Client ID: {entry}"
    );

    let secret = std::fs::read_to_string(record.path().join("stdin")).expect("the target ran");
    let argv = std::fs::read_to_string(record.path().join("argv.json")).unwrap();
    assert!(argv.contains("secret/tg/tg-watch") && !argv.contains(&secret));
    api_client(&admin.base_url, &client_id, &secret)
        .org()
        .mine()
        .await
        .expect("the secret the target received authenticates against the sandbox");
    app.close().await;
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask e2e rotation`"]
async fn a_rotation_left_unfinished_before_the_start_is_offered_and_finished_user_by_user() {
    // SAFETY: as above, set before the app starts.
    unsafe { std::env::set_var("SERVICE_USERS_DESKTOP_TEST_CONFIRM", "allow") };
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data").join(APP_ID);
    std::fs::create_dir_all(&data).unwrap();
    // As the app keeps an interrupted run: names, states, the Client ID and key date before it.
    let kept = data.join("unfinished-rotations.json");
    std::fs::write(
        &kept,
        r#"{"embedded-sandbox": {"users": [
            {"name": "ci-runner", "state": "rotated"},
            {"name": "cicd", "state": "unknown", "previousClientId": "0000000000000000",
             "previousTokenCreated": 1},
            {"name": "tg-watch", "state": "notRotated"}
        ]}}"#,
    )
    .unwrap();
    let app = AppSession::launch_in(home, LaunchOptions::default()).await;
    let notice = app
        .wait_for_text("unfinished-rotation-text", "offer the kept run", |t| {
            t.contains("1 user rotated, 1 not rotated, 1 unknown")
        })
        .await;
    assert!(
        notice.starts_with("A key rotation did not finish"),
        "{notice}"
    );
    app.screenshot_if_asked("unfinished-rotation.png").await;

    // A slow delivery target keeps each user at its delivering step for a while.
    let fake = fake_delivery_target();
    let record = tempfile::tempdir().unwrap();
    let command = format!(
        "{} {} --sleep 2 kv put secret/tg/{{name}} client_secret=-",
        fake.display(),
        record.path().display()
    );
    app.add_delivery_target("Vault", &command).await;
    app.click("nav-service-users").await;
    app.click("unfinished-rotation-finish").await;
    app.click("rotate-clipboard").await;
    app.click("rotate-target-Vault").await;
    app.click("rotate-start").await;
    app.wait_for_text("rotate-progress-state-tg-watch", "deliver tg-watch", |t| {
        t == "Delivering"
    })
    .await;
    assert_eq!(app.text("rotate-progress-state-cicd").await, "Done");
    app.screenshot_if_asked("rotation-progress.png").await;

    app.wait_for_text("rotate-summary", "report both rotated", |t| {
        t.starts_with("2 rotated")
    })
    .await;
    let cicd = app.text("rotation-cicd").await;
    assert!(cicd.contains("had replaced the keys"), "{cicd}");
    app.click("rotate-close").await;
    app.wait_gone("rotate-dialog").await;
    app.wait_gone("unfinished-rotation").await;
    assert!(!kept.exists(), "a finished run is no longer kept");
    app.close().await;
}
