//! `cargo xtask bench`: runs each benchmark (release builds, on this machine) and writes their
//! Markdown sections to BENCHMARKS.md under a header that says which machine and how.

use std::process::Command;

use crate::system::command_line;
use crate::workspace::root;

/// The heading the Effective Permissions benchmark starts its section with.
const PERMISSIONS_HEADING: &str = "## Effective Permissions";

/// Benchmarks as (package, bench target). Each prints one Markdown section on stdout, from its
/// first `## ` heading on (a criterion benchmark prints its own report before it).
const BENCHES: &[(&str, &str)] = &[
    ("tg-sandbox", "sandbox"),
    ("tg-admin", "bulk"),
    ("tg-policy", "evaluate"),
    ("tg-admin", "findings"),
];

/// `cargo xtask bench [--only rust|list|permissions|release] [--save-baseline]`: every benchmark,
/// or one group of them (the other sections of BENCHMARKS.md are kept as they are).
/// `cargo xtask bench list`: only the real app's list benchmark, printed and not written, for
/// comparing a UI change quickly. `cargo xtask bench permissions`: only the Effective Permissions
/// benchmark, its section replaced (or added) in BENCHMARKS.md and the others kept; likewise
/// `cargo xtask bench <name>` for one of the Rust benchmarks in `BENCHES` (e.g. `findings`).
pub fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        None => run_all(args),
        Some(flag) if flag.starts_with("--") => run_all(args),
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

/// The groups `--only` can name.
const GROUPS: &[&str] = &["rust", "list", "permissions", "release"];

fn run_all(args: &[String]) -> Result<(), String> {
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str);
    if let Some(group) = only.filter(|g| !GROUPS.contains(g)) {
        return Err(format!(
            "unknown benchmark group `{group}` (known: {})",
            GROUPS.join(", ")
        ));
    }
    let save_baseline = args.iter().any(|a| a == "--save-baseline");
    let wanted = |group: &str| only.is_none_or(|o| o == group);
    let previous = std::fs::read_to_string(root().join("BENCHMARKS.md")).unwrap_or_default();
    let mut sections = Vec::new();
    if wanted("rust") {
        sections.extend(rust_benchmarks()?);
    } else {
        sections.extend(kept_sections(
            &previous,
            &["## tg-sandbox", "## tg-admin", "## tg-policy"],
        ));
    }
    if wanted("list") {
        sections.push(crate::e2e::list_benchmark()?.trim().to_string());
    } else {
        sections.extend(kept_sections(&previous, &["## The Service Users list"]));
    }
    if wanted("permissions") {
        sections.push(crate::e2e::permissions_benchmark()?.trim().to_string());
    } else {
        sections.extend(kept_sections(&previous, &[PERMISSIONS_HEADING]));
    }
    if wanted("release") {
        let section = crate::release_bench::run_release_benchmark(save_baseline)?;
        sections.push(section.trim().to_string());
    } else {
        sections.extend(kept_sections(&previous, &["## Release build"]));
    }
    write_document(sections)
}

/// The Rust benchmarks, each printing its Markdown section.
fn rust_benchmarks() -> Result<Vec<String>, String> {
    BENCHES
        .iter()
        .map(|(package, bench)| rust_benchmark(package, bench))
        .collect()
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

/// The sections of an earlier BENCHMARKS.md whose heading starts with one of `headings`.
fn kept_sections(document: &str, headings: &[&str]) -> Vec<String> {
    document
        .split("\n## ")
        .skip(1)
        .map(|s| format!("## {}", s.trim()))
        .filter(|s| headings.iter().any(|h| s.starts_with(h)))
        .collect()
}

fn write_document(sections: Vec<String>) -> Result<(), String> {
    let document = format!(
        "# Benchmarks\n\n\
         Written by `cargo xtask bench` (release builds of the Rust benchmarks; the list benchmark\n\
         drives the real app; the release benchmark runs the shipped build against a bare Tauri\n\
         window; every server on 127.0.0.1). Numbers are from one run on the machine below;\n\
         rerun the command to refresh them (`--only rust|list|permissions|release` refreshes one group).\n\n\
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
