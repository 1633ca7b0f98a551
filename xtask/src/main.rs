//! `cargo xtask <command>`: the project's few entry points, in Rust so they work the same on every
//! OS and need nothing but cargo. Each command installs what it needs on a fresh Debian/Ubuntu
//! machine (apt, npm, pinned tools from crates.io and PyPI) before it runs, so a new clone works
//! with one command.

mod bench;
mod cargo;
mod deny;
mod e2e;
mod fuzz;
mod imports;
mod package;
mod python;
mod release_bench;
mod system;
mod ui;
mod windows;
mod workspace;

use std::process::{Command, ExitCode};

use cargo::{Tests, build_app, cargo_test, test_step};
use system::{Step, run, run_in};
use workspace::{root, tempfile_dir, ui_dir};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run_app(),
        Some("test") => test(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("imports") => imports::report_all(&root()),
        Some("catalog") => write_catalog(),
        Some("bundle") => package::bundle(),
        Some("verify-package") => package::verify_package(),
        Some("screenshots") => e2e::screenshots(),
        Some("contract") => regenerate(),
        Some("e2e") => e2e::run_binaries(&args[1..]),
        Some("deny") => deny::check(),
        Some("fuzz") => fuzz::run_all(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n\
                 run          build the UI and launch the app on the embedded sandbox\n\
                 test         install what the tests need, then UI lint, fmt, clippy, bindings, unit,\n\
                 \x20            integration, UI and end-to-end tests (--quick skips end-to-end)\n\
                 bench        run the benchmarks and write BENCHMARKS.md (--only rust|list|permissions|release\n\
                 \x20            runs one group; --save-baseline records the release numbers as\n\
                 \x20            the \"before\" of later runs; `bench list`: only the list\n\
                 \x20            benchmark, printed; `bench permissions`: only the Effective\n\
                 \x20            Permissions benchmark, its section replaced in BENCHMARKS.md;\n\
                 \x20            likewise `bench findings` or another Rust benchmark's name)\n\
                 imports      list import cycles between the files of each crate\n\
                 catalog      regenerate crates/tg-policy/catalog.json from the OpenAPI spec\n\
                 bundle       build installable packages (tauri build)\n\
                 verify-package  install the .deb here with apt, start it under Xvfb, check\n\
                 \x20            its list shows, remove it, check nothing is left in /usr\n\
                 screenshots  run the real app under Xvfb and refresh docs/screenshots/\n\
                 contract     regenerate the UI's types and client and the shell's permissions\n\
                 \x20            from Rust (commit the result)\n\
                 e2e [NAME]   build the UI and run only the end-to-end tests (or the test files NAME)\n\
                 deny         check the dependency policy (deny.toml) with cargo-deny\n\
                 fuzz         schemathesis against the sandbox's OpenAPI description and the\n\
                 \x20            property tests at 20,000 cases (slow; not part of test)\n\
                 \x20            [--seed N] [--examples N per operation]"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_app() -> Result<(), String> {
    system::ensure_packages(system::BUILD_PACKAGES)?;
    let binary = build_app()?;
    let status = Command::new(&binary)
        .status()
        .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the app exited with {status}"))
    }
}

fn test(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    system::ensure_packages(system::BUILD_PACKAGES)?;
    system::ensure_packages(system::TEST_PACKAGES)?;
    // The app crate embeds ui/dist at compile time, so the UI is built before anything compiles
    // it. The build type-checks the UI too (`tsc --noEmit && vite build`).
    ui::build()?;
    // Biome: the UI's formatting, import order and lint rules (`npm run format` fixes most).
    run_in(&ui_dir(), Step::new("npm", ["run", "lint"]))?;

    run(Step::new("cargo", ["fmt", "--all", "--check"]))?;
    imports::check(&root(), imports::ACYCLIC_CRATES)?;
    deny::check()?;
    check_generated()?;
    cargo::clippy(None)?;
    windows::clippy()?;
    run_rust_tests()?;
    run_desktop_integration_tests()?;

    run_in(&ui_dir(), Step::new("npm", ["test"]))?;

    if quick {
        println!("skipped the end-to-end tests (--quick)");
    } else {
        e2e::run_suite()?;
    }
    println!("xtask test: all checks passed");
    Ok(())
}

/// Unit and integration tests of every crate (the end-to-end crate runs later, under Xvfb).
fn run_rust_tests() -> Result<(), String> {
    run(test_step(Tests::Regular))?;
    // Doc tests are not run by nextest.
    run(cargo_test("--doc"))
}

/// The tests that need a real desktop session: the OS keychain (Secret Service through
/// gnome-keyring) and the X11 clipboard. They are `#[ignore]`d in the plain run.
fn run_desktop_integration_tests() -> Result<(), String> {
    if !cfg!(target_os = "linux") {
        println!("skipped the Secret Service and X11 clipboard tests (Linux only)");
        return Ok(());
    }
    // A throwaway HOME keeps the test keyring apart from the developer's; rustup and cargo must
    // still find their own folders under the real one.
    let real_home = std::env::var("HOME").map_err(|_| "HOME is not set")?;
    let home = tempfile_dir("keyring-home")?;
    let keyring_tests = test_step(Tests::Ignored { name: "keyring" }).shell_words();
    let script = format!(
        "export RUSTUP_HOME=\"${{RUSTUP_HOME:-{real_home}/.rustup}}\" \
                CARGO_HOME=\"${{CARGO_HOME:-{real_home}/.cargo}}\" HOME='{home}'; \
         eval \"$(printf pw | gnome-keyring-daemon --unlock --components=secrets)\" >/dev/null; \
         {keyring_tests}",
        home = home.display()
    );
    run(Step::new("dbus-run-session", ["--", "bash", "-c", &script]))?;
    run(test_step(Tests::Ignored { name: "arboard" }).wrapped_in("xvfb-run", ["-a"]))
}

/// The step that writes every file generated from Rust: the UI's types (ts-rs) and the contract
/// (the UI's client in `ui/src/bindings/contract.ts`, the shell's permission set).
fn export_generated() -> Step {
    test_step(Tests::Matching {
        name: "export_bindings",
    })
}

/// `cargo xtask contract`: rewrites the generated files in place, to commit after a change to a
/// type or to the contract table.
fn regenerate() -> Result<(), String> {
    run(export_generated())?;
    println!("regenerated ui/src/bindings and src-tauri/permissions/app-commands.toml");
    Ok(())
}

/// Rust is the source of the UI's types, its client and the shell's permissions: regenerate them
/// into scratch folders and compare with the committed files, so a stale or hand-edited one fails
/// the build.
fn check_generated() -> Result<(), String> {
    let bindings = tempfile_dir("bindings")?;
    let permissions = tempfile_dir("permissions")?;
    let _ = std::fs::remove_dir_all(&bindings);
    run(export_generated()
        .env("TS_RS_EXPORT_DIR", bindings.as_os_str())
        .env("CONTRACT_PERMISSIONS_DIR", permissions.as_os_str()))?;
    let mut differences = system::compare_dirs(&bindings, &ui_dir().join("src/bindings"))?;
    let set = "app-commands.toml";
    let committed = std::fs::read(root().join("src-tauri/permissions").join(set));
    if std::fs::read(permissions.join(set)).ok() != committed.ok() {
        differences.push(format!("src-tauri/permissions/{set} differs"));
    }
    let _ = std::fs::remove_dir_all(&bindings);
    let _ = std::fs::remove_dir_all(&permissions);
    if differences.is_empty() {
        println!("the generated bindings, contract and permissions are up to date");
        Ok(())
    } else {
        Err(format!(
            "generated files are stale ({}). Regenerate with `cargo xtask contract` and commit.",
            differences.join(", ")
        ))
    }
}

/// Regenerates tg-policy's action catalog: the test that checks it is current writes it instead
/// when asked to (the generator lives beside the catalog, in tg-policy's tests).
fn write_catalog() -> Result<(), String> {
    run(Step::new(
        "cargo",
        [
            "test",
            "-p",
            "tg-policy",
            "--test",
            "catalog",
            "--",
            "--exact",
            "checked_in_catalog_is_current",
            "--nocapture",
        ],
    )
    .env("TG_POLICY_WRITE_CATALOG", "1"))
}
