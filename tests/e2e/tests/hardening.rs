//! The real app when someone or something works against it: a script that tries to take the
//! window elsewhere, an API that goes away mid-session, broken files at start, and a connection
//! secret that must never reach a file, the log or the webview's storage.

use std::time::Duration;

use e2e_tests::{AppSession, LaunchOptions, StartWith, connection_keys, files_containing};
use serde_json::json;
use tg_sandbox::{Sandbox, SandboxConfig};

fn plain() -> LaunchOptions {
    LaunchOptions::default()
}

/// Where the screens these journeys pass through are saved, to look at after a run.
fn shot(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join("e2e-hardening");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Scheme and host of what the window shows. (The app's own `tauri://localhost` is an opaque
/// origin, which never compares equal, so `Url::origin` cannot be used.)
async fn shown_origin(app: &AppSession) -> (String, Option<String>) {
    let url = app.client.current_url().await.unwrap();
    (url.scheme().to_owned(), url.host_str().map(str::to_owned))
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn the_window_never_leaves_the_app() {
    let app = AppSession::launch(plain()).await;
    app.find("service-user-row-cicd").await;
    let home = shown_origin(&app).await;
    // A real server on this machine that would answer: the embedded sandbox.
    let elsewhere = format!("{}/healthz", app.sandbox_admin().await.base_url);

    app.client
        .execute(
            "window.location.href = arguments[0];",
            vec![json!(elsewhere)],
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        shown_origin(&app).await,
        home,
        "a script cannot take the window to {elsewhere}"
    );
    app.find("service-user-row-cicd").await;

    let opened = app
        .client
        .execute(
            "const w = window.open(arguments[0]); return w === null;",
            vec![json!(elsewhere)],
        )
        .await
        .unwrap();
    app.client
        .execute(
            "const a = document.createElement('a'); a.href = arguments[0]; a.target = '_blank'; \
             document.body.appendChild(a); a.click(); a.remove();",
            vec![json!(elsewhere)],
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(opened, json!(true), "window.open gets no window");
    assert_eq!(
        app.client.windows().await.unwrap().len(),
        1,
        "no new window was opened"
    );
    assert_eq!(shown_origin(&app).await, home);
    app.close().await;
}

// The sandbox the app connects to runs in this process: it must keep serving while the test
// waits on the window.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn a_connection_outlives_its_api_going_away_and_its_secret_is_never_written() {
    let data = tempfile::tempdir().unwrap();
    let remote = Sandbox::start(SandboxConfig::new(data.path()))
        .await
        .unwrap();
    let address = remote.local_addr();
    let base_url = remote.base_url().to_owned();
    let (client_id, secret) = connection_keys(&remote, "e2e-remote").await;

    let app = AppSession::launch_with(
        plain(),
        StartWith {
            keychain: true,
            ..StartWith::default()
        },
    )
    .await;
    app.find("service-user-row-cicd").await;

    // Add the connection through the UI, as an administrator would.
    app.click("connection-switcher").await;
    app.click("add-connection").await;
    app.type_into("connection-name", "Remote").await;
    app.type_into("connection-url", &base_url).await;
    app.type_into("connection-client-id", &client_id).await;
    app.type_into("connection-secret", &secret).await;
    app.click("submit").await;
    app.find("service-user-row-e2e-remote").await;

    // The API goes away: one clear banner, and what was loaded stays.
    remote.shutdown().await;
    app.click("refresh").await;
    let banner = app
        .wait_for_text("unreachable-banner", "name the lost API", |t| {
            t.contains("cannot be reached")
        })
        .await;
    assert!(banner.contains(&base_url), "{banner}");
    app.find("service-user-row-e2e-remote").await;
    assert!(
        !app.is_present("refresh-error").await,
        "the banner is the one notice: the list does not say it again"
    );
    app.screenshot(&shot("unreachable-banner.png")).await;

    // It comes back on the same address: Retry recovers, with the secret from the keychain.
    let mut config = SandboxConfig::new(data.path());
    config.listen = address;
    let back = Sandbox::start(config).await.unwrap();
    app.click("retry-connection").await;
    app.wait_gone("unreachable-banner").await;
    app.find("service-user-row-e2e-remote").await;

    let home = app.close().await;
    back.shutdown().await;
    assert!(
        files_containing(home.path(), &client_id)
            .iter()
            .any(|f| f.ends_with("connections.json")),
        "the search reads the app's config files (the Client ID is saved there)"
    );
    let leaks = files_containing(home.path(), &secret);
    assert!(
        leaks.is_empty(),
        "the connection's secret must be in no file the app wrote, its log or the webview's \
         storage: {leaks:?}"
    );
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask test`"]
async fn broken_files_at_start_are_kept_as_bak_and_the_app_starts() {
    let connections = b"{\"version\":1,\"connections\":[{\"id\":".to_vec();
    let settings = b"clipboardSeconds = 30".to_vec();
    let app = AppSession::launch_with(
        plain(),
        StartWith {
            config_files: vec![
                ("connections.json", connections.clone()),
                ("settings.json", settings.clone()),
            ],
            ..StartWith::default()
        },
    )
    .await;
    app.find("service-user-row-cicd").await;
    app.find("startup-notice").await;
    let notices = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=\"startup-notice\"]"))
        .await
        .unwrap();
    assert_eq!(notices.len(), 2, "one notice per file");
    let first = notices[0].text().await.unwrap();
    assert!(
        first.contains("connections.json.bak"),
        "the notice says where the file was kept: {first}"
    );
    app.screenshot(&shot("startup-notices.png")).await;
    let config = app.config_dir();
    assert_eq!(
        std::fs::read(config.join("connections.json.bak")).unwrap(),
        connections
    );
    assert_eq!(
        std::fs::read(config.join("settings.json.bak")).unwrap(),
        settings
    );
    app.close().await;
}
