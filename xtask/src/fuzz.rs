//! `cargo xtask fuzz`: schemathesis (from PyPI, pinned, installed by the command) against a fresh
//! tg-sandbox's own `/openapi.json`, then the property tests with many more cases than the
//! regular run. Too slow for CI, so it is not part of `cargo xtask test`.
//!
//! What must hold, or the command fails: at least [`MIN_REQUESTS`] generated requests, no answer
//! of 500 or more, the sandbox still running at the end, every answer conforming to the
//! description (schemathesis' checks), and no rejected request changing the data (the hooks in
//! `tests/fuzz/sandbox_hooks.py` compare every table of the database before and after).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::python;
use crate::system::{Step, run, run_in};
use crate::workspace::{root, target_dir, tempfile_dir};

const SCHEMATHESIS: &str = "schemathesis==4.32.5";
const MIN_REQUESTS: u64 = 2_000;
/// Generated cases per operation and phase; 13 operations make well over 2,000 requests.
const DEFAULT_EXAMPLES: &str = "200";
/// Cases per property test (the regular run uses proptest's 256).
const PROPTEST_CASES: &str = "20000";

pub fn run_all(args: &[String]) -> Result<(), String> {
    let option = |name: &str, default: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map_or_else(|| default.to_owned(), String::clone)
    };
    let seed = option("--seed", "1");
    let examples = option("--examples", DEFAULT_EXAMPLES);
    let st = python::program("st");
    python::ensure(&[SCHEMATHESIS], || {
        Command::new(&st)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })?;
    run(Step::new("cargo", ["build", "-p", "tg-sandbox"]))?;

    let data = tempfile_dir("fuzz")?;
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let mut sandbox = Sandbox::start(&data)?;
    let result = fuzz(
        &sandbox.base_url,
        &data,
        &seed,
        &examples,
        &mut sandbox.child,
    );
    sandbox.stop();
    let figures = result?;
    println!("{figures}");

    run(Step::new(
        "cargo",
        [
            "test",
            "-p",
            "tg-api",
            "-p",
            "tg-policy",
            "-p",
            "tg-admin",
            "-p",
            "tg-sandbox",
            "--test",
            "properties",
        ],
    )
    .env("PROPTEST_CASES", PROPTEST_CASES))?;
    println!("xtask fuzz: all checks passed ({figures}; property tests at {PROPTEST_CASES} cases)");
    Ok(())
}

/// The sandbox binary on a fresh data folder, with demo data, on a free loopback port.
struct Sandbox {
    child: Child,
    base_url: String,
}

impl Sandbox {
    fn start(data: &Path) -> Result<Self, String> {
        let binary = target_dir().join("debug").join("tg-sandbox");
        let log = std::fs::File::create(data.join("sandbox.log")).map_err(|e| e.to_string())?;
        let mut child = Command::new(&binary)
            .args(["--listen", "127.0.0.1:0", "--demo", "--data-dir"])
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let mut first = String::new();
        BufReader::new(child.stdout.take().ok_or("no stdout")?)
            .read_line(&mut first)
            .map_err(|e| e.to_string())?;
        let base_url = first
            .trim()
            .strip_prefix("tg-sandbox listening on ")
            .ok_or_else(|| format!("unexpected first line from the sandbox: {first:?}"))?
            .to_owned();
        Ok(Self { child, base_url })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs schemathesis and checks its figures; returns them as a sentence.
fn fuzz(
    base_url: &str,
    data: &Path,
    seed: &str,
    examples: &str,
    sandbox: &mut Child,
) -> Result<String, String> {
    let fuzz_dir = root().join("tests").join("fuzz");
    let prepared = Command::new(python::program("python"))
        .arg(fuzz_dir.join("prepare.py"))
        .arg(data)
        .output()
        .map_err(|e| e.to_string())?;
    if !prepared.status.success() {
        return Err(format!(
            "could not give the fuzzer its identity: {}",
            String::from_utf8_lossy(&prepared.stderr)
        ));
    }
    let authorization = String::from_utf8_lossy(&prepared.stdout).trim().to_owned();
    let stats = data.join("fuzz-stats.json");
    let outcome = run_in(
        data,
        Step::new(
            python::program("st"),
            [
                "--config-file".into(),
                fuzz_dir.join("schemathesis.toml").display().to_string(),
                "run".into(),
                format!("{base_url}/openapi.json"),
                "--checks".into(),
                "all".into(),
                "--workers".into(),
                "1".into(),
                "--seed".into(),
                seed.to_owned(),
                "--max-examples".into(),
                examples.to_owned(),
                "--no-color".into(),
            ],
        )
        .env("TG_FUZZ_AUTHORIZATION", &authorization)
        .env("PYTHONPATH", &fuzz_dir)
        .env("SCHEMATHESIS_HOOKS", "sandbox_hooks")
        .env("TG_FUZZ_DATABASE", data.join("sandbox.sqlite3"))
        .env("TG_FUZZ_PROTECTED", "sandbox-admin,fuzzer")
        .env("TG_FUZZ_STATS", &stats),
    );
    if let Ok(Some(status)) = sandbox.try_wait() {
        return Err(format!("the sandbox crashed during the run ({status})"));
    }
    let figures = read_figures(&stats)?;
    outcome.map_err(|e| format!("{e}; {figures}"))?;
    figures.check()?;
    Ok(figures.to_string())
}

/// What the hooks counted.
struct Figures {
    requests: u64,
    server_errors: u64,
    rejected_checked: u64,
    rejected_changed: u64,
}

fn read_figures(path: &Path) -> Result<Figures, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("the fuzz hooks wrote no figures ({e})"))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let count = |name: &str| json["counts"][name].as_u64().unwrap_or(0);
    Ok(Figures {
        requests: count("requests"),
        server_errors: count("server_errors"),
        rejected_checked: count("rejected_checked"),
        rejected_changed: count("rejected_changed"),
    })
}

impl Figures {
    fn check(&self) -> Result<(), String> {
        if self.requests < MIN_REQUESTS {
            return Err(format!(
                "only {} requests were generated; at least {MIN_REQUESTS} are needed (raise \
                 --examples)",
                self.requests
            ));
        }
        if self.server_errors > 0 || self.rejected_changed > 0 {
            return Err(self.to_string());
        }
        Ok(())
    }
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} requests, {} answers >= 500, {} rejected requests checked, {} of them changed data",
            self.requests, self.server_errors, self.rejected_checked, self.rejected_changed
        )
    }
}
