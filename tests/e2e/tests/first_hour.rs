//! Screenshots of what a new administrator meets in the first hour, in the light theme and, under
//! docs/screenshots/dark/, the dark one (`cargo xtask screenshots`): the sandbox's badge and strip
//! with the first-start hint, the keyboard focus ring, a real connection used for this session
//! only when no keychain is available, and the banner (Edit, Dismiss) when that connection's
//! credentials stop working. Each step waits for the screen it photographs.

use e2e_tests::{AppSession, LaunchOptions, connection_keys, sandbox_client, screenshot_dir};
use tg_sandbox::{Sandbox, SandboxConfig};

// The second sandbox runs in this process: it must keep serving while the test waits on the
// window.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask screenshots`"]
async fn first_hour_screens_light() {
    first_hour_screens(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask screenshots`"]
async fn first_hour_screens_dark() {
    first_hour_screens(true).await;
}

async fn first_hour_screens(dark: bool) {
    let dir = screenshot_dir(dark);
    let data = tempfile::tempdir().unwrap();
    let remote = Sandbox::start(SandboxConfig::new(data.path()))
        .await
        .unwrap();
    let (client_id, secret) = connection_keys(&remote, "ops-admin").await;
    // No keychain: a real connection can then only be used for this session.
    let app = AppSession::launch(LaunchOptions {
        clipboard_seconds: None,
        dark,
    })
    .await;

    // A fresh profile on the embedded sandbox: its badge, its strip and the first-start hint.
    app.find("service-user-row-cicd").await;
    app.find("sandbox-hint").await;
    app.find("environment-badge").await;
    app.screenshot(&dir.join("first-start.png")).await;

    // The keyboard focus ring on a button.
    app.tab_to("add-service-user", false).await;
    app.screenshot(&dir.join("focus-ring.png")).await;

    // A real connection without a keychain: offered for this session only.
    app.click("connection-switcher").await;
    app.click("add-connection").await;
    app.type_into("connection-name", "Operations").await;
    app.type_into("connection-url", remote.base_url()).await;
    app.type_into("connection-client-id", &client_id).await;
    app.type_into("connection-secret", &secret).await;
    app.click("submit").await;
    app.find("session-only-offer").await;
    app.screenshot(&dir.join("session-only-offer.png")).await;
    app.click("use-for-session").await;
    app.wait_gone("connection-dialog").await;
    app.find("service-user-row-ops-admin").await;
    app.screenshot(&dir.join("real-connection.png")).await;

    // Its key is regenerated elsewhere: the banner says so, with Edit and Dismiss.
    sandbox_client(&remote)
        .service_users()
        .generate_token("ops-admin")
        .await
        .unwrap();
    app.click("refresh").await;
    app.find("unauthorized-banner").await;
    app.find("fix-credentials").await;
    app.screenshot(&dir.join("credentials-banner.png")).await;
    app.click("dismiss-unauthorized").await;
    app.wait_gone("unauthorized-banner").await;
    app.close().await;
    remote.shutdown().await;
}
