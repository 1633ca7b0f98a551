//! Installable packages: `cargo xtask bundle` builds them with `tauri build`.

use std::process::Command;

use crate::system::{self, Step, run};
use crate::{build_ui, ui_dir};

/// `tauri build`: the release binary, then the packages configured in `tauri.conf.json` that
/// this OS can make (on Linux the `.deb` and `.rpm`). The release binary is checked to be built
/// without Tauri's devtools, with the same configuration (CSP, capabilities) the tests use.
pub fn bundle() -> Result<(), String> {
    system::ensure_packages(system::BUILD_PACKAGES)?;
    build_ui()?;
    no_devtools()?;
    // The Tauri CLI comes from the UI's dev dependencies and finds src-tauri/ from the root.
    let cli = ui_dir().join("node_modules/.bin/tauri");
    run(Step::new(cli.as_os_str(), ["build"]))
}

/// Tauri enables the inspector in release builds only with its `devtools` feature.
fn no_devtools() -> Result<(), String> {
    let output = Command::new("cargo")
        .args([
            "tree",
            "-p",
            crate::APP_BINARY,
            "--features",
            "custom-protocol",
            "-e",
            "features",
            "-i",
            "tauri",
        ])
        .output()
        .map_err(|e| format!("could not run cargo tree: {e}"))?;
    let tree = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() || tree.is_empty() {
        return Err("could not read the app's Tauri features".into());
    }
    if tree.contains("tauri feature \"devtools\"") {
        return Err("the release build would enable Tauri's devtools".into());
    }
    println!("the release build has Tauri's devtools off");
    Ok(())
}
