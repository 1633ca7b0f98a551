//! Installable packages: `cargo xtask bundle` builds them with `tauri build`, and
//! `cargo xtask verify-package` takes the `.deb` through what an administrator does with it:
//! install it with apt, start the installed app, see the list, remove it, and find nothing of it
//! left in `/usr`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::system::{self, Step, run};
use crate::ui;
use crate::workspace::{APP_BINARY, root, target_dir, ui_dir};

/// The installed program, and the names the package may leave behind.
const INSTALLED_BINARY: &str = "/usr/bin/service-users-desktop";
const DESKTOP_ID: &str = "io.trustgrid.service-users-desktop";
/// Tools the check uses besides the test packages: the desktop entry validator.
const CHECK_PACKAGES: &[&str] = &["desktop-file-utils"];

/// `tauri build`: the release binary, then the packages configured in `tauri.conf.json` that
/// this OS can make (on Linux the `.deb` and `.rpm`). The release binary is checked to be built
/// without Tauri's devtools, with the same configuration (CSP, capabilities) the tests use.
pub fn bundle() -> Result<(), String> {
    system::ensure_packages(system::BUILD_PACKAGES)?;
    ui::build()?;
    no_devtools()?;
    // The Tauri CLI comes from the UI's dev dependencies and finds src-tauri/ from the root.
    let cli = ui_dir().join("node_modules/.bin/tauri");
    run(Step::new(cli.as_os_str(), ["build"]))?;
    if Path::new("/usr/bin/dpkg-deb").exists() {
        recompress_deb()?;
    }
    Ok(())
}

/// Rewrites the `.deb` with its files compressed by xz at dpkg's default level, as Debian's own
/// packages are. tauri-bundler 2 writes them with gzip and has no setting for it (the `.rpm` has
/// one, set in `tauri.conf.json`); the files, control fields and checksums stay as tauri-bundler
/// made them. Why xz at this level, measured against gzip, zstd and xz -9: docs/package-size.md.
fn recompress_deb() -> Result<(), String> {
    let deb = newest_package("deb")?;
    let tree = target_dir().join("release/bundle/deb-unpacked");
    let _ = std::fs::remove_dir_all(&tree);
    run(Step::new(
        "dpkg-deb",
        [
            OsStr::new("--raw-extract"),
            deb.as_os_str(),
            tree.as_os_str(),
        ],
    ))?;
    run(Step::new(
        "dpkg-deb",
        [
            OsStr::new("--root-owner-group"),
            OsStr::new("-Zxz"),
            OsStr::new("-z6"),
            OsStr::new("--build"),
            tree.as_os_str(),
            deb.as_os_str(),
        ],
    ))?;
    let _ = std::fs::remove_dir_all(&tree);
    Ok(())
}

/// Tauri enables the inspector in release builds only with its `devtools` feature.
fn no_devtools() -> Result<(), String> {
    let output = Command::new("cargo")
        .args([
            "tree",
            "-p",
            APP_BINARY,
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

/// The newest `.{kind}` package `tauri build` left in the release bundle folder.
pub(crate) fn newest_package(kind: &str) -> Result<PathBuf, String> {
    let dir = target_dir().join("release/bundle").join(kind);
    std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == kind))
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .ok_or(format!("no .{kind} in {}", dir.display()))
}

fn output(program: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("could not run {program}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `apt-get` as root (directly, or through sudo).
fn apt(args: &[&str]) -> Step {
    let root_user = output("id", &["-u"]).is_ok_and(|id| id.trim() == "0");
    let step = if root_user {
        Step::new("apt-get", args)
    } else {
        Step::new("sudo", std::iter::once(&"apt-get").chain(args))
    };
    step.env("DEBIAN_FRONTEND", "noninteractive")
}

/// `cargo xtask verify-package`: builds the packages, then installs the `.deb` on this machine,
/// starts the installed app under Xvfb until its list is painted, takes a screenshot
/// (`target/verify-package/installed.png`), removes the package and checks that nothing of it is
/// left in `/usr`. Debian/Ubuntu only; it needs root (or sudo) for apt.
pub fn verify_package() -> Result<(), String> {
    if !Path::new("/usr/bin/dpkg").exists() {
        return Err("verify-package needs a Debian or Ubuntu system (dpkg and apt)".into());
    }
    system::ensure_packages(system::TEST_PACKAGES)?;
    system::ensure_packages(CHECK_PACKAGES)?;
    bundle()?;
    let deb = newest_package("deb")?;
    let deb = deb.to_string_lossy().into_owned();
    let package = output("dpkg-deb", &["-f", &deb, "Package"])?
        .trim()
        .to_string();
    check_metadata(&deb)?;

    if output("dpkg-query", &["-W", &package]).is_ok() {
        return Err(format!(
            "{package} is already installed here; remove it first (apt-get remove {package})"
        ));
    }
    run(apt(&[
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        &deb,
    ]))?;
    let result = check_installed(&package);
    run(apt(&["remove", "--purge", "-y", "-qq", &package]))?;
    result?;
    check_removed(&package)?;
    println!("verify-package: {deb} installs, starts, shows the list and removes cleanly");
    Ok(())
}

/// The control fields and file names an administrator and the desktop see.
fn check_metadata(deb: &str) -> Result<(), String> {
    let field = |name: &str| output("dpkg-deb", &["-f", deb, name]).map(|v| v.trim().to_string());
    let mut problems = Vec::new();
    let maintainer = field("Maintainer")?;
    if !(maintainer.contains('<') && maintainer.contains('@')) {
        problems.push(format!(
            "Maintainer is not \"Name <email>\": {maintainer:?}"
        ));
    }
    let description = field("Description")?;
    if description.contains("(none)") || description.lines().count() < 3 {
        problems.push(format!("Description has no long text: {description:?}"));
    }
    for name in ["Homepage", "Section", "Depends"] {
        if field(name)?.is_empty() {
            problems.push(format!("{name} is missing"));
        }
    }
    let files = output("dpkg-deb", &["-c", deb])?;
    let desktop = format!("usr/share/applications/{DESKTOP_ID}.desktop");
    if !files.contains(&desktop) {
        problems.push(format!("{desktop} is missing"));
    }
    for line in files.lines() {
        let path = line
            .split_whitespace()
            .skip(5)
            .collect::<Vec<_>>()
            .join(" ");
        if path.contains(' ') {
            problems.push(format!("a file name with a space: {path}"));
        }
    }
    if !files.contains("/copyright") {
        problems.push("no copyright file under /usr/share/doc".into());
    }
    if problems.is_empty() {
        println!("the package's metadata is complete");
        Ok(())
    } else {
        Err(format!("package metadata: {}", problems.join("; ")))
    }
}

/// Validates the installed desktop entry and starts the installed binary on a throwaway
/// profile until the list is painted.
fn check_installed(package: &str) -> Result<(), String> {
    run(Step::new(
        "desktop-file-validate",
        [format!("/usr/share/applications/{DESKTOP_ID}.desktop")],
    ))?;
    let out = target_dir().join("verify-package");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let home = out.join("home");
    let log = out.join("app.log");
    let shot = out.join("installed.png");
    // Waits for the UI's start-up mark (the list's rows are painted), at most 60 s.
    let script = format!(
        "export HOME='{home}' XDG_CONFIG_HOME='{home}/config' XDG_DATA_HOME='{home}/data' \
                XDG_CACHE_HOME='{home}/cache' RUST_LOG=warn,startup=info NO_COLOR=1 NO_AT_BRIDGE=1; \
         {INSTALLED_BINARY} 2>'{log}' & app=$!; \
         for i in $(seq 600); do grep -q 'startup: list shown' '{log}' && break; \
             kill -0 $app 2>/dev/null || break; sleep 0.1; done; \
         sleep 1; import -window root '{shot}'; kill $app; wait $app; \
         grep 'startup: list shown' '{log}'",
        home = home.display(),
        log = log.display(),
        shot = shot.display(),
    );
    let shown = run(Step::new(
        "dbus-run-session",
        [
            "--",
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1280x800x24",
            "bash",
            "-c",
            &script,
        ],
    ));
    if shown.is_err() {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        return Err(format!(
            "the installed {package} did not show its list; its log:\n{text}"
        ));
    }
    println!(
        "the installed app showed its list (screenshot: {})",
        shot.display()
    );
    Ok(())
}

/// After `apt-get remove --purge`: no file of the package in `/usr`, and no stray file named
/// after it.
fn check_removed(package: &str) -> Result<(), String> {
    if output("dpkg-query", &["-W", "-f=${Status}", package])
        .is_ok_and(|s| s.contains("installed") && !s.contains("not-installed"))
    {
        return Err(format!("{package} is still installed"));
    }
    let found = output(
        "find",
        &[
            "/usr",
            "(",
            "-iname",
            "*service-users*",
            "-o",
            "-iname",
            &format!("{DESKTOP_ID}*"),
            "-o",
            "-iname",
            &format!("*{package}*"),
            ")",
            "-print",
        ],
    )?;
    let left: Vec<&str> = found
        .lines()
        // Not ours: this repository's own files when it is checked out under /usr.
        .filter(|p| !Path::new(p).starts_with(root()))
        .collect();
    if left.is_empty() {
        println!("nothing of {package} is left in /usr");
        Ok(())
    } else {
        Err(format!("left in /usr after removal: {}", left.join(", ")))
    }
}
