//! End-to-end runs of the real app: the WebDriver journeys in `tests/e2e` and the screenshots in
//! `docs/screenshots/`. Both need the built app, tauri-driver, and a throwaway desktop session
//! (`dbus-run-session` around `xvfb-run`) so nothing they start outlives them.

use std::path::{Path, PathBuf};

use crate::cargo::{Tests, build_app, test_step};
use crate::system::{Step, run};
use crate::workspace::root;

const TAURI_DRIVER_VERSION: &str = "2.1.0";

fn tauri_driver() -> Result<PathBuf, String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let binary = home.join("bin").join("tauri-driver");
    if !binary.exists() {
        run(Step::new(
            "cargo",
            [
                "install",
                "tauri-driver",
                "--locked",
                "--version",
                TAURI_DRIVER_VERSION,
            ],
        ))?;
    }
    Ok(binary)
}

/// Runs the `#[ignore]`d tests of `test_binary` against the app binary `app` in a throwaway
/// desktop session (session bus, virtual display), with tauri-driver at hand.
pub fn in_desktop_session_with(
    test_binary: &str,
    app: &Path,
    extra_env: &[(&str, &Path)],
) -> Result<(), String> {
    let driver = tauri_driver()?;
    let step = test_step(Tests::IgnoredBinary {
        binary: test_binary,
    })
    .wrapped_in(
        "dbus-run-session",
        ["--", "xvfb-run", "-a", "-s", "-screen 0 1280x800x24"],
    )
    .env("APP_BINARY", app)
    .env("TAURI_DRIVER", &driver)
    .env("NO_AT_BRIDGE", "1");
    let step = extra_env
        .iter()
        .fold(step, |step, (key, value)| step.env(key, value));
    run(step)
}

/// The journeys, the hardening tests, the permission screens, delivery targets, the org-wide
/// exports and comparison, key hygiene and rotation, the accessibility checks and the app as a
/// desktop program (one instance, the command line), after `cargo xtask test` has built the UI
/// (and installed its npm packages, axe-core among them).
pub fn run_suite() -> Result<(), String> {
    const SUITE: &[&str] = &[
        "journeys",
        "hardening",
        "policies",
        "delivery",
        "orgs",
        "hygiene",
        "rotation",
        "accessibility",
        "desktop_app",
    ];
    let app = build_app()?;
    SUITE
        .iter()
        .try_for_each(|name| in_desktop_session_with(name, &app, &[]))
}

/// Runs the list benchmark in the real app and returns the Markdown section it wrote.
pub fn list_benchmark() -> Result<String, String> {
    app_benchmark("list_performance")
}

/// Runs the Effective Permissions benchmark in the real app and returns its Markdown section.
pub fn permissions_benchmark() -> Result<String, String> {
    app_benchmark("permissions_performance")
}

/// Runs one benchmark test file in the real app and returns the Markdown section it wrote.
fn app_benchmark(test_binary: &str) -> Result<String, String> {
    crate::system::ensure_packages(crate::system::BUILD_PACKAGES)?;
    crate::system::ensure_packages(crate::system::TEST_PACKAGES)?;
    let section = std::env::temp_dir().join(format!("{test_binary}-{}.md", std::process::id()));
    in_desktop_session_with(
        test_binary,
        &build_app()?,
        &[("BENCH_SECTION_FILE", &section)],
    )?;
    let text = std::fs::read_to_string(&section)
        .map_err(|e| format!("the {test_binary} benchmark wrote no result ({e})"))?;
    let _ = std::fs::remove_file(&section);
    Ok(text)
}

/// `cargo xtask e2e [NAME...]`: only the end-to-end tests (all of them, or the test files named),
/// for working on the UI without the whole `cargo xtask test`.
pub fn run_binaries(names: &[String]) -> Result<(), String> {
    crate::system::ensure_packages(crate::system::BUILD_PACKAGES)?;
    crate::system::ensure_packages(crate::system::TEST_PACKAGES)?;
    if names.is_empty() {
        return run_suite();
    }
    let app = build_app()?;
    names
        .iter()
        .try_for_each(|name| in_desktop_session_with(name, &app, &[]))
}

pub fn screenshots() -> Result<(), String> {
    crate::system::ensure_packages(crate::system::BUILD_PACKAGES)?;
    crate::system::ensure_packages(crate::system::TEST_PACKAGES)?;
    // Besides the two screenshot files, these journeys photograph their screens on the way when
    // SCREENSHOT_DIR is set (only here, so a test run leaves docs/ alone): the permission screens,
    // the comparison, the delivery targets and the rotation result.
    const PHOTOGRAPHING: &[&str] = &[
        "screenshots",
        "first_hour",
        "policies",
        "orgs",
        "delivery",
        "rotation",
    ];
    let app = build_app()?;
    let folder = root().join("docs/screenshots");
    PHOTOGRAPHING
        .iter()
        .try_for_each(|name| in_desktop_session_with(name, &app, &[("SCREENSHOT_DIR", &folder)]))
}
