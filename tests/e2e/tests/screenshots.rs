//! Screenshots of the real app for docs/screenshots/ (`cargo xtask screenshots`), in the light
//! theme and, under docs/screenshots/dark/, the dark one. Each step waits for the screen it
//! photographs, so a screenshot of a broken screen fails instead of being saved.

use e2e_tests::{AppSession, Key, LaunchOptions, screenshot_dir};

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
    let dir = screenshot_dir(dark);
    let app = AppSession::launch(LaunchOptions {
        clipboard_seconds: None,
        dark,
    })
    .await;

    app.find("service-user-row-cicd").await;
    app.screenshot(&dir.join("list.png")).await;

    app.click("add-service-user").await;
    app.type_into("new-user-name", "build runner").await;
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
    app.screenshot(&dir.join("bulk-result.png")).await;
    app.click("close-bulk").await;

    // Key hygiene: a bar of the key-age chart filters the list; the findings with their fixes;
    // an import's preview with its per-row check.
    app.click("key-age-90-365").await;
    app.find_css("[data-testid=\"key-age-90-365\"][aria-pressed=\"true\"]")
        .await;
    app.wait_gone("service-user-row-cicd").await;
    app.screenshot(&dir.join("key-age-chart.png")).await;
    app.click("key-age-90-365").await;
    app.find("service-user-row-cicd").await;

    app.click("open-findings").await;
    app.find("findings-list").await;
    app.screenshot(&dir.join("findings.png")).await;
    app.press(Key::Escape, false).await;
    app.wait_gone("findings-panel").await;

    app.click("import-users").await;
    app.type_into(
        "import-text",
        "name,policies,status\nci-staging,ci-deployer,active\nBad Name!,builtin-tg-monitor,active\n\
         metrics-reader,builtin-tg-monitor,active\ntg-watch,builtin-tg-monitor,active\n\
         old-backup,no-such-policy,inactive",
    )
    .await;
    app.click("check-import").await;
    app.find("import-preview").await;
    app.screenshot(&dir.join("import-preview.png")).await;
    app.press(Key::Escape, false).await;
    app.wait_gone("import-dialog").await;

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
    app.screenshot(&dir.join("connection-insecure.png")).await;
    app.press(Key::Escape, false).await;
    app.wait_gone("connection-dialog").await;

    app.click("open-settings").await;
    app.find("reset-demo-data").await;
    app.screenshot(&dir.join("settings.png")).await;
    app.press(Key::Escape, false).await;
    app.wait_gone("settings-dialog").await;

    if dark {
        // The permission screens in the dark theme; the light ones come from the policies
        // journey, which photographs them on its way.
        app.click("nav-policies").await;
        app.find("policy-row-builtin-tg-admin").await;
        app.screenshot(&dir.join("policies.png")).await;
        app.eval("location.hash = '#/policies/ci-deployer/edit'; return true;")
            .await;
        app.find("policy-json").await;
        app.screenshot(&dir.join("policy-editor.png")).await;
        app.eval("location.hash = '#/service-users/cicd'; return true;")
            .await;
        app.find("effective-list").await;
        app.eval(
            "document.querySelector('[data-testid=\"effective-permissions\"]').scrollIntoView(); return true;",
        )
        .await;
        app.screenshot(&dir.join("effective-permissions.png")).await;
        app.click("nav-simulator").await;
        app.select("sim-user", "cicd").await;
        app.type_into("sim-action", "nodes::delete").await;
        app.click("sim-run").await;
        app.find("sim-result").await;
        app.screenshot(&dir.join("simulator.png")).await;
        app.click("nav-service-users").await;
        app.find("service-user-row-cicd").await;
    }

    app.open_detail("cicd").await;
    app.screenshot(&dir.join("detail.png")).await;

    // cicd already has keys: regenerating asks first.
    app.regenerate_keys().await;
    app.screenshot(&dir.join("secret-countdown.png")).await;
    app.close().await;
}
