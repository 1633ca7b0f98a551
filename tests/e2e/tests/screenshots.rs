//! Screenshots of the real app for docs/screenshots/ (`cargo xtask screenshots`), in the light
//! theme and, under docs/screenshots/dark/, the dark one. Each step waits for the screen it
//! photographs, so a screenshot of a broken screen fails instead of being saved.

use std::path::PathBuf;
use std::time::Duration;

use e2e_tests::{AppSession, Key, LaunchOptions};

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask screenshots`"]
async fn screenshots_light() {
    screenshots(false).await;
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask screenshots`"]
async fn screenshots_dark() {
    screenshots(true).await;
}

async fn screenshots(dark: bool) {
    let mut dir = PathBuf::from(std::env::var_os("SCREENSHOT_DIR").expect("SCREENSHOT_DIR is set"));
    if dark {
        dir.push("dark");
    }
    std::fs::create_dir_all(&dir).unwrap();
    let app = AppSession::launch(LaunchOptions {
        clipboard_seconds: None,
        dark,
    })
    .await;
    let settle = || tokio::time::sleep(Duration::from_millis(700));

    app.find("service-user-row-cicd").await;
    settle().await;
    app.screenshot(&dir.join("list.png")).await;

    app.click("add-service-user").await;
    app.type_into("new-user-name", "build runner").await;
    settle().await;
    app.screenshot(&dir.join("add-dialog.png")).await;
    app.type_into("new-user-name", "build-runner").await;
    app.click("policy-option-builtin-tg-monitor").await;
    app.click("submit").await;
    app.find("generate-keys").await;
    app.click("nav-service-users").await;

    app.click("row-checkbox-tg-watch").await;
    app.click("row-checkbox-backup-runner").await;
    app.click("actions-menu").await;
    app.click("action-disable").await;
    // Disabling revokes API access at once, so it asks first.
    app.click("confirm-button").await;
    app.find("bulk-summary").await;
    settle().await;
    app.screenshot(&dir.join("bulk-result.png")).await;
    app.click("close-bulk").await;

    // Plain http:// to another machine is refused before anything is sent, and asks first.
    app.click("connection-switcher").await;
    app.click("add-connection").await;
    app.type_into("connection-name", "Lab").await;
    app.type_into("connection-url", "http://10.0.0.9:8080")
        .await;
    app.type_into("connection-client-id", "lab-client").await;
    app.type_into("connection-secret", "typed-for-the-screenshot")
        .await;
    app.click("submit").await;
    app.find("insecure-confirmation").await;
    settle().await;
    app.screenshot(&dir.join("connection-insecure.png")).await;
    app.press(Key::Escape, false).await;
    app.wait_gone("connection-dialog").await;

    app.click("open-settings").await;
    app.find("reset-demo-data").await;
    settle().await;
    app.screenshot(&dir.join("settings.png")).await;
    app.press(Key::Escape, false).await;
    app.wait_gone("settings-dialog").await;

    app.open_detail("cicd").await;
    settle().await;
    app.screenshot(&dir.join("detail.png")).await;

    // cicd already has keys: regenerating asks first.
    app.regenerate_keys().await;
    settle().await;
    app.screenshot(&dir.join("secret-countdown.png")).await;
    app.close().await;
}
