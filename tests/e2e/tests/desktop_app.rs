//! The app as a desktop program, launched directly as a user launches it (no WebDriver): one
//! instance per user, and the command line. `#[ignore]`d: they need a display and a session bus,
//! which `cargo xtask test` provides (`APP_BINARY`, Xvfb, dbus-run-session).

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use e2e_tests::process::{LIST_SHOWN, Launched, desktop_env, rows_shown};
use e2e_tests::{APP_ID, Keychain, connection_keys, create_service_user, env_path, sandbox_client};
use tg_admin::{Connections, KeyringStore, NewConnection};
use tg_sandbox::{Sandbox, SandboxConfig};

const LOG_FILTER: &str = "warn,startup=info";
const SANDBOX_STARTED: &str = "startup: embedded sandbox started";
const HANDED_OVER: &str = "startup: second launch handed over";

fn launch(home: &Path, args: &[&str]) -> Launched {
    let mut command = Command::new(env_path("APP_BINARY"));
    command.args(args);
    desktop_env(&mut command, home, LOG_FILTER);
    Launched::spawn(command)
}

/// A second launch on the same profile hands over to the running app and exits, without starting
/// a second embedded sandbox on the same database; the first one comes to the front and keeps
/// running.
#[test]
#[ignore = "needs a display and a session bus: run through `cargo xtask test`"]
fn a_second_launch_hands_over_to_the_running_app() {
    let home = tempfile::tempdir().unwrap();
    let mut first = launch(home.path(), &[]);
    first.wait_for_line(LIST_SHOWN, Duration::from_secs(90));

    let mut second = launch(home.path(), &["--connection", "Local sandbox"]);
    let code = second.wait_exit(Duration::from_secs(30));
    assert_eq!(
        code,
        Some(0),
        "the second launch should exit at once; it wrote:\n{}",
        second.log()
    );
    // Read to the end of its output (the process has exited), not only the lines already in.
    assert!(
        second
            .try_wait_for_line(SANDBOX_STARTED, Duration::from_secs(5))
            .is_err(),
        "the second launch started its own sandbox:\n{}",
        second.log()
    );
    first.wait_for_line(HANDED_OVER, Duration::from_secs(10));
    assert_eq!(
        first.wait_exit(Duration::from_millis(500)),
        None,
        "the running app should keep running:\n{}",
        first.log()
    );
    first.terminate();
}

/// `--help` answers without a window; a connection that does not exist is named, with the ones
/// that do, and nothing starts.
#[test]
#[ignore = "needs a display and a session bus: run through `cargo xtask test`"]
fn the_command_line_answers_help_and_names_a_missing_connection() {
    let home = tempfile::tempdir().unwrap();
    let mut help = Command::new(env_path("APP_BINARY"));
    help.arg("--help");
    desktop_env(&mut help, home.path(), LOG_FILTER);
    let help = help.output().expect("the app starts");
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(help.status.success(), "--help failed: {help:?}");
    assert!(text.contains("--connection NAME"), "{text}");

    let mut missing = launch(home.path(), &["--connection", "No such org"]);
    let code = missing.wait_exit(Duration::from_secs(60));
    assert_eq!(code, Some(2), "{}", missing.log());
    let (_, line) = missing.wait_for_line("no connection is named", Duration::from_secs(1));
    assert!(line.contains("\"No such org\""), "{line}");
    assert!(line.contains("\"Local sandbox\""), "{line}");
    assert!(
        missing
            .try_wait_for_line(SANDBOX_STARTED, Duration::from_secs(5))
            .is_err(),
        "{}",
        missing.log()
    );
}

/// `--connection NAME` on a first launch opens that saved connection (named in another case),
/// not the embedded sandbox the app opens by default: the list it paints is the other org's.
#[test]
#[ignore = "needs a display and a session bus: run through `cargo xtask test`"]
fn a_launch_opens_the_connection_it_names() {
    let home = tempfile::tempdir().unwrap();
    let _keychain = Keychain::start(&home.path().join("data"));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let other_data = tempfile::tempdir().unwrap();
    let (other, org_users) = runtime.block_on(async {
        let other = Sandbox::start(SandboxConfig::new(other_data.path()))
            .await
            .unwrap();
        let (client_id, secret) = connection_keys(&other, "ops-admin").await;
        let api = sandbox_client(&other);
        for name in ["nightly-backup", "metrics-exporter"] {
            create_service_user(&api, name).await;
        }
        let users = api.service_users().list().await.unwrap().len();
        // Saved as the app saves a connection: the file in its config folder, the secret in the
        // keychain (the Secret Service the launch below finds on the same session bus).
        let file = home
            .path()
            .join("config")
            .join(APP_ID)
            .join("connections.json");
        Connections::new(file, Arc::new(KeyringStore::new()))
            .add(NewConnection {
                name: "Staging".into(),
                base_url: other.base_url().to_owned(),
                client_id,
                client_secret: tg_api::Secret::new(secret),
                allow_insecure_http: false,
                session_only: false,
            })
            .await
            .expect("the connection is saved");
        (other, users)
    });

    let mut app = launch(home.path(), &["--connection", "staging"]);
    let (_, line) = app.wait_for_line(LIST_SHOWN, Duration::from_secs(90));
    let log = app.log();
    app.terminate();
    let rows = rows_shown(&line).unwrap_or_else(|| panic!("no row count in {line:?}"));
    assert_eq!(
        rows, org_users,
        "the list is Staging's {org_users} users, not the embedded sandbox's demo data:\n{log}"
    );
    runtime.block_on(other.shutdown());
}
