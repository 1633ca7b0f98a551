//! Where things are in the repository, and the one feature set every workspace-wide cargo
//! command passes. It imports nothing from the rest of xtask, so every command module can use it
//! without an import cycle.

use std::path::{Path, PathBuf};

/// The app's binary (and package) name.
pub const APP_BINARY: &str = "service-users-desktop";

/// The feature every workspace-wide cargo command passes. Keeping one feature set (and always
/// `--workspace`) means each crate is compiled once for the whole run, not once per command.
pub const WORKSPACE_FEATURES: &str = "service-users-desktop/custom-protocol";

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the root")
        .to_path_buf()
}

pub fn ui_dir() -> PathBuf {
    root().join("ui")
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

pub fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// A fresh scratch folder under the system's temporary one, named after `label` and this run.
pub fn tempfile_dir(label: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("xtask-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    Ok(dir)
}
