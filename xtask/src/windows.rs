//! The Windows build checked from Linux: clippy for `x86_64-pc-windows-gnu` over the workspace,
//! so the `cfg(windows)` code (arboard's clipboard-history exclusions, keyring's Credential
//! Manager, the owner-only ACL of the files the app writes, the console for `--help`) cannot rot
//! without a Windows machine. The Rust standard library for the target comes from rustup and the
//! C parts (ring, the bundled SQLite) compile with Debian's mingw-w64. Nothing is linked: linking
//! and running need Windows (the CI workflow's Windows job does that).

use std::process::Command;
use std::time::Instant;

use crate::system::{Step, ensure_packages, run};

pub const TARGET: &str = "x86_64-pc-windows-gnu";

/// `cargo clippy -D warnings` for Windows, installing the target and mingw-w64 when missing.
/// Only from Linux: on Windows the regular clippy run covers it, and macOS has no mingw here.
pub fn clippy() -> Result<(), String> {
    if !cfg!(target_os = "linux") {
        println!("skipped the Windows clippy run (it runs from Linux hosts)");
        return Ok(());
    }
    ensure_target()?;
    ensure_packages(&["gcc-mingw-w64-x86-64"])?;
    let started = Instant::now();
    crate::cargo::clippy(Some(TARGET))?;
    println!(
        "clippy for {TARGET} took {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn ensure_target() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup is needed to add the {TARGET} target: {e}"))?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|t| t.trim() == TARGET)
    {
        return Ok(());
    }
    run(Step::new("rustup", ["target", "add", TARGET]))
}
