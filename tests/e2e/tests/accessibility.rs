//! Accessibility of the real app, checked where it runs (WebKitGTK): axe-core injected into every
//! screen in light and dark (`GTK_THEME=Adwaita:dark`) fails the test on any WCAG 2.1 A/AA or
//! best-practice violation; a keyboard-only journey adds a user, opens it, generates keys, closes
//! the secret panel and bulk-disables two users with a visible focus ring on every control it
//! passes; and at 900×600 the Activity table keeps every column in view. The permission screens,
//! the key-hygiene dialogs, delivery targets and two connections compared get their own pass.

use std::path::PathBuf;
use std::time::Duration;

use e2e_tests::{AppSession, Key, LaunchOptions, StartWith, connection_keys, create_service_user};
use tg_api::ServiceUserStatus;
use tg_sandbox::{Sandbox, SandboxConfig};

/// axe-core as the UI's npm packages installed it (`npm ci` runs before the end-to-end tests).
fn axe_source() -> String {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is installed with the UI's packages ({}): {e}",
            path.display()
        )
    })
}

/// Runs axe over the whole page as it is now and fails with every violation it reports.
async fn assert_no_violations(app: &AppSession, axe: &str, screen: &str) {
    // Colours are checked as they end up: enter animations (fades, slides) are switched off, since
    // on a busy machine axe could otherwise measure a dialog still half transparent.
    app.client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             if (!document.getElementById('no-motion')) {
               const style = document.createElement('style');
               style.id = 'no-motion';
               style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }';
               document.head.append(style);
             }
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await
        .expect("switch off animations");
    app.client
        .execute(&format!("{axe}\nreturn true;"), vec![])
        .await
        .expect("axe-core loads into the page");
    let violations = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             // Behind a modal dialog the page, its h1 included, is hidden from assistive technology
             // on purpose; the dialog's own title heads what is left.
             const modal = document.querySelector('[role=dialog][aria-modal=true]') !== null;
             axe.run(document, {
               runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
               rules: { 'page-has-heading-one': { enabled: !modal } },
               resultTypes: ['violations'],
             }).then(
               (r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\\n` +
                 v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\\n/g, ' ')}`).join('\\n'))),
               (e) => done([`axe failed: ${e}`]),
             );",
            vec![],
        )
        .await
        .expect("axe runs");
    let violations: Vec<String> = serde_json::from_value(violations).expect("a list of violations");
    assert!(
        violations.is_empty(),
        "{screen}: {} accessibility violation(s):\n{}",
        violations.len(),
        violations.join("\n")
    );
}

async fn prefers_dark(app: &AppSession) -> bool {
    app.eval("return matchMedia('(prefers-color-scheme: dark)').matches")
        .await
        .as_bool()
        .unwrap_or(false)
}

/// Checks a dialog or menu that `shown` proves open, then closes it with Esc until `shown` is gone.
async fn check_then_escape(app: &AppSession, axe: &str, screen: &str, shown: &str) {
    app.find(shown).await;
    assert_no_violations(app, axe, screen).await;
    app.press(Key::Escape, false).await;
    app.wait_gone(shown).await;
}

/// Every screen the app has, each checked by axe.
async fn check_every_screen(dark: bool) {
    let app = AppSession::launch(LaunchOptions {
        clipboard_seconds: Some(60),
        dark,
    })
    .await;
    let axe = axe_source();
    app.find("service-user-row-cicd").await;
    assert_eq!(
        prefers_dark(&app).await,
        dark,
        "the page sees the theme the test asked for"
    );

    assert_no_violations(&app, &axe, "the list").await;

    app.click("connection-switcher").await;
    check_then_escape(&app, &axe, "the connection menu", "add-connection").await;

    app.click("row-checkbox-tg-watch").await;
    app.click("row-checkbox-backup-runner").await;
    app.click("actions-menu").await;
    app.find("action-enable").await;
    assert_no_violations(&app, &axe, "the Actions menu").await;
    app.click("action-disable").await;
    app.find("confirm-button").await;
    assert_no_violations(&app, &axe, "the Disable question").await;
    app.click("confirm-button").await;
    app.find("bulk-summary").await;
    assert_no_violations(&app, &axe, "the bulk report").await;
    app.click("close-bulk").await;

    app.click("add-service-user").await;
    app.type_into("new-user-name", "not a name!").await;
    app.find_css(".field-error").await;
    check_then_escape(
        &app,
        &axe,
        "the Add Service User dialog with errors",
        "add-service-user-dialog",
    )
    .await;

    app.open_detail("cicd").await;
    assert_no_violations(&app, &axe, "the detail page").await;
    app.click("attach-policy").await;
    check_then_escape(
        &app,
        &axe,
        "the Attach Policies dialog",
        "attach-policy-dialog",
    )
    .await;

    app.click("generate-keys").await;
    app.find("regenerate-confirm").await;
    assert_no_violations(&app, &axe, "the Regenerate question").await;
    app.click("regenerate-confirm").await;
    app.find("countdown-text").await;
    assert_no_violations(&app, &axe, "the secret panel").await;
    app.click("close-secret-panel").await;
    app.find("close-warning").await;
    assert_no_violations(&app, &axe, "the secret panel's closing warning").await;
    app.click("confirm-close").await;
    app.wait_gone("secret-panel").await;

    app.click("open-settings").await;
    check_then_escape(&app, &axe, "the Settings dialog", "settings-dialog").await;

    app.click("nav-activity").await;
    app.find("journal").await;
    assert_no_violations(&app, &axe, "the Activity page").await;
    app.close().await;
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn every_screen_passes_axe_in_the_light_theme() {
    check_every_screen(false).await;
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn every_screen_passes_axe_in_the_dark_theme() {
    check_every_screen(true).await;
}

/// The permission screens, the key-hygiene dialogs (the rotation assistant's question and report
/// among them), and the screens that reach past one org (delivery targets, two connections
/// compared, copying across), each checked by axe. A second sandbox, added as a connection, gives
/// the comparison something to show.
async fn check_more_screens(dark: bool) {
    let data = tempfile::tempdir().unwrap();
    let other = Sandbox::start(SandboxConfig::new(data.path()))
        .await
        .unwrap();
    let (client_id, secret) = connection_keys(&other, "a11y-admin").await;
    let app = AppSession::launch_with(
        LaunchOptions {
            clipboard_seconds: None,
            dark,
        },
        StartWith {
            keychain: true,
            ..StartWith::default()
        },
    )
    .await;
    let axe = axe_source();
    app.find("service-user-row-cicd").await;

    app.click("row-checkbox-tg-watch").await;
    app.click("actions-menu").await;
    app.click("action-rotate").await;
    app.find("rotate-warning").await;
    assert_no_violations(&app, &axe, "the rotation question").await;
    app.click("rotate-start").await;
    app.wait_for_text("rotate-summary", "count one rotated", |t| {
        t.starts_with("1 rotated")
    })
    .await;
    assert_no_violations(&app, &axe, "the rotation report").await;
    app.click("rotate-close").await;
    app.wait_gone("rotate-dialog").await;

    app.click("open-findings").await;
    app.find("findings-list").await;
    check_then_escape(&app, &axe, "the Findings panel", "findings-panel").await;
    app.click("import-users").await;
    app.type_into(
        "import-text",
        "name,policies,status\nok-user,builtin-tg-monitor,active\nBad Name!,,active",
    )
    .await;
    app.click("check-import").await;
    app.find("import-preview").await;
    check_then_escape(&app, &axe, "the import preview", "import-dialog").await;

    app.click("nav-policies").await;
    app.find("policy-row-builtin-tg-admin").await;
    assert_no_violations(&app, &axe, "the Policies list").await;
    app.eval("location.hash = '#/policies/ci-deployer'; return true;")
        .await;
    app.find("statement-1").await;
    assert_no_violations(&app, &axe, "a policy page").await;
    app.click("edit-policy").await;
    app.find("policy-json").await;
    assert_no_violations(&app, &axe, "the policy editor").await;

    app.eval("location.hash = '#/service-users/cicd'; return true;")
        .await;
    app.find("effective-list").await;
    app.click("what-if-toggle").await;
    app.find("what-if").await;
    assert_no_violations(&app, &axe, "Effective Permissions with what-if").await;

    app.click("nav-simulator").await;
    app.select("sim-user", "cicd").await;
    app.type_into("sim-action", "nodes::delete").await;
    app.click("sim-run").await;
    app.find("sim-result").await;
    assert_no_violations(&app, &axe, "the simulator's answer").await;

    app.eval("location.hash = '#/compare/cicd'; return true;")
        .await;
    app.select("compare-second", "tg-watch").await;
    app.click("compare-run").await;
    app.find("compare-result").await;
    assert_no_violations(&app, &axe, "two service users compared").await;

    app.click("nav-delivery-targets").await;
    app.find("add-delivery-target").await;
    assert_no_violations(&app, &axe, "the Delivery targets page").await;
    app.click("add-delivery-target").await;
    check_then_escape(
        &app,
        &axe,
        "the delivery target dialog",
        "delivery-target-dialog",
    )
    .await;

    app.add_connection("Other", other.base_url(), &client_id, &secret)
        .await;
    app.click("nav-compare-connections").await;
    app.click("compare-run").await;
    app.find("comparison").await;
    app.click("copy-user-tg-watch").await;
    assert_no_violations(&app, &axe, "two connections compared").await;
    app.click("copy-across-start-right").await;
    app.find("copy-across-confirm").await;
    assert_no_violations(&app, &axe, "the copy-across question").await;
    app.press(Key::Escape, false).await;
    app.wait_gone("copy-across-confirm").await;
    app.close().await;
    other.shutdown().await;
}

// A second sandbox runs in this process: it must keep serving while the test waits on the window.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn the_permission_and_org_screens_pass_axe_in_the_light_theme() {
    check_more_screens(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn the_permission_and_org_screens_pass_axe_in_the_dark_theme() {
    check_more_screens(true).await;
}

/// Waits until the focus is on a page heading with this text (focus moves there after a navigation).
async fn expect_heading_focused(app: &AppSession, text: &str) {
    for _ in 0..50 {
        if let Some(focused) = app.focused().await
            && focused.id == "h1"
            && focused.text == text
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "after the navigation the heading “{text}” should have the focus, not {:?}",
        app.focused().await
    );
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn an_administrator_does_everything_with_the_keyboard_alone() {
    let app = AppSession::launch(LaunchOptions {
        clipboard_seconds: Some(60),
        dark: false,
    })
    .await;
    app.find("service-user-row-cicd").await;
    let api = app.sandbox_admin().await.client();
    create_service_user(&api, "kb-bulk-a").await;
    create_service_user(&api, "kb-bulk-b").await;

    // Add a user with an initial policy.
    app.tab_to("add-service-user", false).await;
    app.press(Key::Enter, false).await;
    app.find("add-service-user-dialog").await;
    assert_eq!(
        app.focused().await.map(|f| f.id).as_deref(),
        Some("new-user-name"),
        "the dialog starts in the name field"
    );
    app.type_keys("kb-robot").await;
    app.tab_to("policy-option-builtin-tg-monitor", false).await;
    app.press(Key::Space, false).await;
    app.tab_to("submit", false).await;
    app.press(Key::Enter, false).await;

    // The new user's page opens, with the focus on its heading.
    app.find("generate-keys").await;
    expect_heading_focused(&app, "kb-robot").await;
    let created = api
        .service_users()
        .get("kb-robot")
        .await
        .expect("the user exists");
    assert_eq!(created.policy_ids, vec!["builtin-tg-monitor".to_string()]);

    // Generate keys, then close the secret panel (Esc asks first).
    app.tab_to("generate-keys", false).await;
    app.press(Key::Enter, false).await;
    app.find("countdown-text").await;
    app.press(Key::Escape, false).await;
    app.find("close-warning").await;
    app.tab_to("confirm-close", false).await;
    app.press(Key::Enter, false).await;
    app.wait_gone("secret-panel").await;
    let keyed = api.service_users().get("kb-robot").await.unwrap();
    assert!(keyed.client_id.is_some(), "the user has keys now");

    // Back to the list, refresh it, and disable the two users made meanwhile.
    app.tab_to("nav-service-users", true).await;
    app.press(Key::Enter, false).await;
    expect_heading_focused(&app, "Service Users").await;
    app.tab_to("refresh", false).await;
    app.press(Key::Enter, false).await;
    app.find("service-user-row-kb-bulk-b").await;
    app.tab_to("row-checkbox-kb-bulk-a", false).await;
    app.press(Key::Space, false).await;
    app.tab_to("row-checkbox-kb-bulk-b", false).await;
    app.press(Key::Space, false).await;
    app.wait_for_text("selection-count", "count two selected users", |t| {
        t.starts_with("2 selected")
    })
    .await;
    app.tab_to("actions-menu", true).await;
    app.press(Key::Enter, false).await;
    app.find("action-enable").await;
    // Arrow keys move within the menu: Enable, then Disable….
    app.press(Key::Down, false).await;
    assert_eq!(
        app.focused().await.map(|f| f.id).as_deref(),
        Some("action-disable"),
        "the arrow key moves to the next action"
    );
    app.press(Key::Enter, false).await;
    app.find("confirm-button").await;
    app.tab_to("confirm-button", false).await;
    app.press(Key::Enter, false).await;
    app.find("bulk-summary").await;
    app.press(Key::Enter, false).await;
    app.wait_gone("bulk-dialog").await;

    for name in ["kb-bulk-a", "kb-bulk-b"] {
        let user = api.service_users().get(name).await.unwrap();
        assert_eq!(
            user.status,
            ServiceUserStatus::Inactive,
            "{name} is disabled in the API"
        );
    }
    app.close().await;
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn the_activity_table_fits_a_900_by_600_window() {
    let app = AppSession::launch(LaunchOptions::default()).await;
    app.find("service-user-row-cicd").await;
    let api = app.sandbox_admin().await.client();
    // A journal entry with many long targets, the widest kind there is.
    let names: Vec<String> = (0..12)
        .map(|i| format!("a-rather-long-service-user-name-{i:02}"))
        .collect();
    for name in &names {
        create_service_user(&api, name).await;
    }
    app.client
        .set_window_size(900, 600)
        .await
        .expect("resize the window");
    app.click("refresh").await;
    app.find("select-all").await;
    app.type_into("search", "a-rather-long").await;
    // Only the rows in view are in the page: the footer says the search kept all twelve.
    app.wait_for_text("row-count", "count the twelve long names", |t| {
        t.starts_with("Showing 12 of")
    })
    .await;
    app.click("select-all").await;
    app.click("actions-menu").await;
    app.click("action-disable").await;
    app.click("confirm-button").await;
    app.find("bulk-summary").await;
    app.click("close-bulk").await;
    app.click("nav-activity").await;
    app.find("journal").await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let layout = app
        .eval(
            "const table = document.querySelector('[data-testid=\"journal\"]');
             const header = (name) => [...table.querySelectorAll('th')].find((th) => th.textContent.trim() === name);
             const inView = (el) => { const r = el.getBoundingClientRect(); return r.right <= innerWidth && r.left >= 0; };
             const targets = table.querySelector('tbody td.cell-targets');
             return {
               width: innerWidth,
               pageScrolls: document.documentElement.scrollWidth > innerWidth,
               outcome: inView(header('Outcome')),
               error: inView(header('Error')),
               truncated: targets.scrollWidth > targets.clientWidth,
               fullText: targets.getAttribute('title') || '',
             };",
        )
        .await;
    assert_eq!(layout["width"], 900, "the window is 900 px wide: {layout}");
    assert_eq!(
        layout["pageScrolls"], false,
        "the window does not scroll sideways: {layout}"
    );
    assert_eq!(
        layout["outcome"], true,
        "the Outcome column is in view: {layout}"
    );
    assert_eq!(
        layout["error"], true,
        "the Error column is in view: {layout}"
    );
    assert_eq!(
        layout["truncated"], true,
        "long targets are cut short: {layout}"
    );
    assert!(
        layout["fullText"]
            .as_str()
            .unwrap_or_default()
            .contains("a-rather-long-service-user-name-11"),
        "the full text is one hover away: {layout}"
    );
    app.close().await;
}
