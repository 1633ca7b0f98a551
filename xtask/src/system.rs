//! Running commands and installing what they need. Every step is echoed before it runs so a CI
//! log reads as a script, and a failing step names itself.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian packages needed to compile the app: WebKitGTK and its headers, and D-Bus for the
/// keychain (Secret Service).
pub const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libdbus-1-dev",
];

/// Debian packages the tests use: a virtual display, a session bus, WebKit's WebDriver, a real
/// Secret Service (gnome-keyring), and tools to read the clipboard and take screenshots.
pub const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "dbus-daemon",
    "at-spi2-core",
    "webkit2gtk-driver",
    "gnome-keyring",
    "xclip",
    "xdotool",
    "imagemagick",
];

pub struct Step {
    program: OsString,
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
}

impl Step {
    pub fn new<I, A>(program: impl AsRef<OsStr>, args: I) -> Self
    where
        I: IntoIterator<Item = A>,
        A: AsRef<OsStr>,
    {
        Self {
            program: program.as_ref().to_owned(),
            args: args.into_iter().map(|a| a.as_ref().to_owned()).collect(),
            envs: Vec::new(),
        }
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.envs
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// The same command run through `program` (e.g. `xvfb-run -a <command>`).
    pub fn wrapped_in<I, A>(self, program: impl AsRef<OsStr>, args: I) -> Self
    where
        I: IntoIterator<Item = A>,
        A: AsRef<OsStr>,
    {
        let mut all: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        all.push(self.program);
        all.extend(self.args);
        Self {
            program: program.as_ref().to_owned(),
            args: all,
            envs: self.envs,
        }
    }

    /// The command as a line for `bash -c`, each word single-quoted.
    pub fn shell_words(&self) -> String {
        std::iter::once(&self.program)
            .chain(&self.args)
            .map(|w| format!("'{}'", w.to_string_lossy().replace('\'', "'\\''")))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn describe(&self) -> String {
        let mut words = vec![self.program.to_string_lossy().into_owned()];
        words.extend(self.args.iter().map(|a| a.to_string_lossy().into_owned()));
        words.join(" ")
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        for (key, value) in &self.envs {
            command.env(key, value);
        }
        command
    }
}

pub fn run(step: Step) -> Result<(), String> {
    run_at(None, step)
}

pub fn run_in(dir: &Path, step: Step) -> Result<(), String> {
    run_at(Some(dir), step)
}

fn run_at(dir: Option<&Path>, step: Step) -> Result<(), String> {
    let description = step.describe();
    println!("\n==> {description}");
    let mut command = step.command();
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let status = command
        .status()
        .map_err(|e| format!("could not start `{description}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{description}` failed ({status})"))
    }
}

fn is_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

/// Installs the missing Debian packages with apt (through sudo when not root). On other systems
/// it says what to install instead of guessing.
pub fn ensure_packages(packages: &[&str]) -> Result<(), String> {
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    if !Path::new("/usr/bin/apt-get").exists() {
        println!(
            "note: not a Debian/Ubuntu system; install the equivalents of: {}",
            packages.join(" ")
        );
        return Ok(());
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !is_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let apt = |args: Vec<&str>| {
        let step = if as_root {
            Step::new("apt-get", args)
        } else {
            Step::new("sudo", std::iter::once("apt-get").chain(args))
        };
        step.env("DEBIAN_FRONTEND", "noninteractive")
    };
    run(apt(vec!["update", "-qq"]))?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(&missing);
    run(apt(install))
}

/// Names of files that differ between two folders (missing on either side or different bytes).
pub fn compare_dirs(expected: &Path, actual: &Path) -> Result<Vec<String>, String> {
    let expected_files = list_files(expected)?;
    let actual_files = list_files(actual)?;
    let mut differences = Vec::new();
    for name in &expected_files {
        let a = std::fs::read(expected.join(name)).map_err(|e| e.to_string())?;
        match std::fs::read(actual.join(name)) {
            Ok(b) if a == b => {}
            Ok(_) => differences.push(format!("{} differs", name.display())),
            Err(_) => differences.push(format!("{} is missing", name.display())),
        }
    }
    for name in actual_files.iter().filter(|n| !expected_files.contains(n)) {
        differences.push(format!("{} is not generated by any type", name.display()));
    }
    Ok(differences)
}

fn list_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(format!("could not read {}: {e}", dir.display())),
    };
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.path().is_file() {
            files.push(PathBuf::from(entry.file_name()));
        }
    }
    files.sort();
    Ok(files)
}

/// The trimmed standard output of a command, or nothing when it cannot run (for the benchmarks' notes).
pub fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}
