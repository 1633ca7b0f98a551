//! Delivery targets in the real app: a target saved from the Delivery targets page (its command
//! confirmed through the test-only answer that only the launching process can set, see
//! docs/security.md) receives newly generated keys from the new-keys panel; the secret it got on
//! its standard input authenticates against the sandbox, and the panel shows its redacted output.
//! Under `cargo xtask screenshots` it also refreshes the delivery screenshots in docs/screenshots/.

use e2e_tests::{AppSession, LaunchOptions, api_client, fake_delivery_target};

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask e2e delivery`"]
async fn generated_keys_are_delivered_to_a_saved_target() {
    // SAFETY: set before the app (and any thread that reads the environment) starts; the app
    // inherits it through tauri-driver and reads it once at start-up.
    unsafe { std::env::set_var("SERVICE_USERS_DESKTOP_TEST_CONFIRM", "allow") };
    let fake = fake_delivery_target();
    let record = tempfile::tempdir().unwrap();

    let app = AppSession::launch(LaunchOptions::default()).await;
    let admin = app.sandbox_admin().await;
    app.find("service-user-row-cicd").await;

    let command = format!(
        "{} {} --echo kv put secret/tg/{{name}} client_secret=-",
        fake.display(),
        record.path().display()
    );
    app.add_delivery_target("Vault", &command).await;
    app.find("target-Vault").await;
    app.screenshot_if_asked("delivery-targets.png").await;

    app.click("nav-service-users").await;
    app.open_detail("tg-watch").await;
    app.regenerate_keys().await;
    let client_id = app.value("handoff-client-id").await;
    app.click("deliver-keys").await;
    app.click("deliver-choice-Vault").await;
    app.click("deliver-run").await;
    app.find("delivery-results").await;
    let output = app.text("delivery-output-Vault").await;
    assert!(
        output.contains("<redacted>"),
        "the output is shown redacted: {output}"
    );
    app.screenshot_if_asked("deliver-keys.png").await;

    let secret = std::fs::read_to_string(record.path().join("stdin")).expect("the target ran");
    assert!(!output.contains(&secret));
    let argv = std::fs::read_to_string(record.path().join("argv.json")).unwrap();
    assert!(argv.contains("secret/tg/tg-watch") && !argv.contains(&secret));
    api_client(&admin.base_url, client_id.trim(), &secret)
        .org()
        .mine()
        .await
        .expect("the delivered secret authenticates against the sandbox");
    app.close().await;
}
