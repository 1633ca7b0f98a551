//! The cargo commands the other steps share: one test run over the whole workspace with one
//! feature set (nextest when installed), and the app binary built by that same command, so
//! `cargo xtask run` and `cargo xtask test` never compile each other's work again.

use std::path::PathBuf;
use std::process::Command;

use crate::system::{Step, run};
use crate::workspace::{APP_BINARY, WORKSPACE_FEATURES, target_dir};

/// Builds the debug app binary that serves `ui/dist` and returns its path. It is built by the
/// same cargo command, with the same features, as `cargo xtask test` builds it (a `cargo build`
/// would leave out the dev-dependencies' features, e.g. tokio's `test-util`, and so compile
/// tokio and everything above it a second time): after `cargo xtask test` there is nothing left
/// to compile, and the other way round.
pub fn build_app() -> Result<PathBuf, String> {
    crate::ui::build()?;
    run(cargo_test("--no-run"))?;
    Ok(target_dir().join("debug").join(APP_BINARY))
}

/// `cargo clippy -D warnings` over the workspace with the one feature set, for the host or for
/// another `target` (the Windows check).
pub fn clippy(target: Option<&str>) -> Result<(), String> {
    let mut args = vec!["clippy", "--workspace", "--all-targets"];
    if let Some(target) = target {
        args.extend(["--target", target]);
    }
    args.extend(["--features", WORKSPACE_FEATURES, "--", "-D", "warnings"]);
    run(Step::new("cargo", args))
}

fn nextest_available() -> bool {
    Command::new("cargo")
        .args(["nextest", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Which tests one run selects.
pub enum Tests<'a> {
    /// Every test that is not `#[ignore]`d.
    Regular,
    /// The regular tests whose name contains `name`.
    Matching {
        name: &'a str,
    },
    /// `#[ignore]`d tests (they need a display, a session bus or the built app): those whose name
    /// contains `name` in library targets, or every test of the integration-test target `binary`.
    Ignored {
        name: &'a str,
    },
    IgnoredBinary {
        binary: &'a str,
    },
}

/// The cargo command (nextest when installed) that runs `tests` over the whole workspace.
pub fn test_step(tests: Tests<'_>) -> Step {
    let mut args: Vec<String> = Vec::new();
    if nextest_available() {
        args.extend(
            [
                "nextest",
                "run",
                "--workspace",
                "--features",
                WORKSPACE_FEATURES,
            ]
            .map(String::from),
        );
        args.push("--no-fail-fast".into());
        match tests {
            Tests::Regular => {}
            Tests::Matching { name } => args.push(name.into()),
            Tests::Ignored { name } => {
                args.extend(["--run-ignored", "only", "-E"].map(String::from));
                args.push(format!("kind(lib) & test(/{name}/)"));
            }
            Tests::IgnoredBinary { binary } => {
                // One app at a time: tauri-driver listens on a fixed port.
                args.extend(
                    ["--run-ignored", "only", "--test-threads", "1", "-E"].map(String::from),
                );
                args.push(format!("binary({binary})"));
            }
        }
    } else {
        args.extend(["test", "--workspace", "--features", WORKSPACE_FEATURES].map(String::from));
        args.push("--no-fail-fast".into());
        match tests {
            Tests::Regular => {}
            Tests::Matching { name } => args.push(name.into()),
            Tests::Ignored { name } => {
                args.extend(["--lib", "--", "--ignored", name].map(String::from));
            }
            Tests::IgnoredBinary { binary } => {
                args.extend(
                    ["--test", binary, "--", "--ignored", "--test-threads=1"].map(String::from),
                );
            }
        }
    }
    Step::new("cargo", args)
}

/// `cargo test` over the whole workspace with the one feature set, plus `extra`.
pub fn cargo_test(extra: &str) -> Step {
    Step::new(
        "cargo",
        [
            "test",
            "--workspace",
            "--features",
            WORKSPACE_FEATURES,
            extra,
        ],
    )
}
