//! `cargo xtask bench`: runs each benchmark (release builds, on this machine) and writes their
//! Markdown sections to BENCHMARKS.md under a header that says which machine and how.

use std::process::Command;

use crate::root;

/// Benchmarks as (package, bench target). Each prints one Markdown section on stdout, from its
/// first `## ` heading on (a criterion benchmark prints its own report before it).
const BENCHES: &[(&str, &str)] = &[
    ("tg-sandbox", "sandbox"),
    ("tg-admin", "bulk"),
    ("tg-policy", "evaluate"),
    ("tg-admin", "findings"),
];

/// `cargo xtask bench`: every benchmark, written to BENCHMARKS.md. `cargo xtask bench list`: only
/// the real app's list benchmark, printed and not written, for comparing a UI change quickly.
/// `cargo xtask bench permissions`: only the Effective Permissions benchmark, its section replaced
/// (or added) in BENCHMARKS.md and the others kept; likewise `cargo xtask bench <name>` for one of
/// the Rust benchmarks in `BENCHES` (e.g. `findings`).
pub fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        None => run_all(),
        Some("list") => {
            let section = crate::e2e::list_benchmark()?;
            println!("\n{}", section.trim());
            Ok(())
        }
        Some("permissions") => {
            let section = crate::e2e::permissions_benchmark()?;
            println!("\n{}", section.trim());
            replace_section(section.trim())
        }
        Some(name) => {
            let (package, bench) = BENCHES
                .iter()
                .find(|(_, bench)| *bench == name)
                .ok_or_else(|| {
                    let known: Vec<&str> = BENCHES.iter().map(|(_, b)| *b).collect();
                    format!(
                        "unknown benchmark `{name}` (known: list, permissions, {})",
                        known.join(", ")
                    )
                })?;
            let section = rust_benchmark(package, bench)?;
            replace_section(&section)
        }
    }
}

/// Runs one Rust benchmark and returns its Markdown section (from its first `## ` heading on).
fn rust_benchmark(package: &str, bench: &str) -> Result<String, String> {
    println!("\n==> cargo bench -p {package} --bench {bench}");
    let output = Command::new("cargo")
        .args(["bench", "-p", package, "--bench", bench])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start cargo bench: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    print!("{text}");
    if !output.status.success() {
        return Err(format!(
            "benchmark {package}/{bench} failed ({})",
            output.status
        ));
    }
    let section = text
        .match_indices("## ")
        .map(|(at, _)| at)
        .find(|at| *at == 0 || text[..*at].ends_with('\n'))
        .map_or(text.as_str(), |at| &text[at..]);
    Ok(section.trim().to_string())
}

fn run_all() -> Result<(), String> {
    let mut sections = Vec::new();
    for (package, bench) in BENCHES {
        sections.push(rust_benchmark(package, bench)?);
    }
    sections.push(crate::e2e::list_benchmark()?.trim().to_string());
    sections.push(crate::e2e::permissions_benchmark()?.trim().to_string());
    let document = format!(
        "# Benchmarks\n\n\
         Written by `cargo xtask bench` (release builds of the Rust benchmarks; the list benchmark\n\
         drives the real app; every server on 127.0.0.1). Numbers are from one run on the machine\n\
         below; rerun the command to refresh them.\n\n\
         ## Machine\n\n{}\n\n{}\n",
        machine_description(),
        sections.join("\n\n")
    );
    let path = root().join("BENCHMARKS.md");
    std::fs::write(&path, document)
        .map_err(|e| format!("could not write {}: {e}", path.display()))?;
    println!("\nwrote {}", path.display());
    Ok(())
}

/// Puts `section` into BENCHMARKS.md in place of the section with the same `## ` heading, or at
/// the end when there is none; every other section stays as it is.
fn replace_section(section: &str) -> Result<(), String> {
    let path = root().join("BENCHMARKS.md");
    let document = std::fs::read_to_string(&path)
        .map_err(|e| format!("could not read {}: {e}", path.display()))?;
    let heading = section.lines().next().unwrap_or_default();
    let starts: Vec<usize> = document
        .match_indices("\n## ")
        .map(|(at, _)| at + 1)
        .collect();
    let updated = match starts
        .iter()
        .position(|at| document[*at..].lines().next() == Some(heading))
    {
        Some(i) => {
            let end = starts.get(i + 1).copied().unwrap_or(document.len());
            format!(
                "{}{section}\n\n{}",
                &document[..starts[i]],
                &document[end..]
            )
        }
        None => format!("{}\n\n{section}\n", document.trim_end()),
    };
    std::fs::write(&path, updated.trim_end().to_string() + "\n")
        .map_err(|e| format!("could not write {}: {e}", path.display()))
}

fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn machine_description() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .next()
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string())
        })
        .and_then(|kib| kib.parse::<u64>().ok())
        .map(|kib| format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|r| {
            r.lines().find(|l| l.starts_with("PRETTY_NAME=")).map(|l| {
                l.trim_start_matches("PRETTY_NAME=")
                    .trim_matches('"')
                    .to_string()
            })
        })
        .unwrap_or_else(|| std::env::consts::OS.to_string());
    format!(
        "- CPU: {cpu}, {cores} cores available\n- Memory: {memory}\n- OS: {os}\n- Toolchain: {}\n- Date: {}",
        command_line("rustc", &["--version"]),
        command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
    )
}
