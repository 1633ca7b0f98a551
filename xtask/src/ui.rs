//! The UI's build. The app crate embeds `ui/dist` at compile time, so a rebuilt `dist` means a
//! recompiled app: the UI is rebuilt only when one of its sources is newer than the last build,
//! and a second `cargo xtask run` goes straight to the window.

use std::path::Path;
use std::time::SystemTime;

use crate::system::{Step, run_in};
use crate::workspace::{modified, ui_dir};

/// What `npm run build` reads (besides `node_modules`, covered by the lock file).
const SOURCES: &[&str] = &[
    "src",
    "public",
    "index.html",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "vite.config.ts",
];

/// `npm ci` when `node_modules` is missing or older than the lock file.
pub fn ensure_packages() -> Result<(), String> {
    let ui = ui_dir();
    let installed = ui.join("node_modules/.package-lock.json");
    let lock = ui.join("package-lock.json");
    let fresh = match (modified(&installed), modified(&lock)) {
        (Some(installed), Some(lock)) => installed >= lock,
        _ => false,
    };
    if !fresh {
        run_in(&ui, Step::new("npm", ["ci", "--no-audit", "--no-fund"]))?;
    }
    Ok(())
}

/// Type-checks and bundles the UI into `ui/dist` (`tsc --noEmit && vite build`), unless the
/// last build is newer than every source. `dist/index.html` is written last by Vite, so it only
/// exists, and is only new, after a whole successful build.
pub fn build() -> Result<(), String> {
    ensure_packages()?;
    let ui = ui_dir();
    let built = modified(&ui.join("dist/index.html"));
    let newest_source = SOURCES.iter().filter_map(|s| newest(&ui.join(s))).max();
    match (built, newest_source) {
        (Some(built), Some(source)) if built > source => {
            println!("\n==> ui/dist is up to date with ui/src (skipped npm run build)");
            Ok(())
        }
        _ => run_in(&ui, Step::new("npm", ["run", "build"])),
    }
}

/// The latest modification time of a file, or of any file under a folder.
fn newest(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .flatten()
        .filter_map(|entry| newest(&entry.path()))
        .max()
}
