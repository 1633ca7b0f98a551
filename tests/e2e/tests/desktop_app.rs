//! The app as a desktop program, launched directly as a user launches it (no WebDriver): one
//! instance per user, and the command line. `#[ignore]`d: they need a display and a session bus,
//! which `cargo xtask test` provides (`APP_BINARY`, Xvfb, dbus-run-session).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use e2e_tests::env_path;
use e2e_tests::process::{Launched, desktop_env};

const LOG_FILTER: &str = "warn,startup=info";
const LIST_SHOWN: &str = "startup: list shown";
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
