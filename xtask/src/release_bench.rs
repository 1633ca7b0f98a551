//! The release benchmark: the app as it ships (the release binary `tauri build` makes, its
//! `.deb` and `.rpm`) against a bare Tauri window built with the same Tauri and the same release
//! profile (`xtask/bare-window`), measured side by side in one run by the `release_benchmark`
//! end-to-end test. The numbers of the code before the release work are kept in
//! `xtask/release-baseline.txt` (`cargo xtask bench --save-baseline` records them), so the
//! section shows before and after with ratios and verdicts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::system::{Step, run};
use crate::workspace::{APP_BINARY, root, target_dir};

type Results = BTreeMap<String, f64>;

fn baseline_path() -> PathBuf {
    root().join("xtask/release-baseline.txt")
}

/// Builds and measures everything, and returns the Markdown section; with `save_baseline`, the
/// results are also written as the baseline.
pub fn run_release_benchmark(save_baseline: bool) -> Result<String, String> {
    crate::package::bundle()?;
    let bare = build_bare_window()?;
    let app = target_dir().join("release").join(APP_BINARY);
    let results_file =
        std::env::temp_dir().join(format!("release-benchmark-{}.txt", std::process::id()));
    crate::e2e::in_desktop_session_with(
        "release_benchmark",
        &app,
        &[
            ("BARE_BINARY", &bare),
            ("BENCH_RESULTS_FILE", &results_file),
        ],
    )?;
    let mut text = std::fs::read_to_string(&results_file)
        .map_err(|e| format!("the release benchmark wrote no results ({e})"))?;
    let _ = std::fs::remove_file(&results_file);
    for (name, bytes) in sizes(&app, &bare)? {
        text.push_str(&format!("{name} {:.2}\n", bytes as f64 / 1024.0 / 1024.0));
    }
    let after = parse(&text);
    if save_baseline {
        let header = format!(
            "# The release benchmark's numbers before the release work (commit {}), recorded by\n\
             # `cargo xtask bench --save-baseline`; `cargo xtask bench` shows them as \"before\".\n",
            crate::system::command_line("git", &["rev-parse", "--short", "HEAD"])
        );
        std::fs::write(baseline_path(), header + &text)
            .map_err(|e| format!("could not write the baseline: {e}"))?;
    }
    let before = std::fs::read_to_string(baseline_path())
        .map(|t| parse(&t))
        .unwrap_or_default();
    Ok(render(&before, &after))
}

/// The bare window, with the workspace's Tauri version (its lock file) and release profile.
fn build_bare_window() -> Result<PathBuf, String> {
    let dir = root().join("xtask/bare-window");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| format!("could not copy Cargo.lock: {e}"))?;
    let mut args: Vec<String> = [
        "build",
        "--release",
        "--features",
        "custom-protocol",
        "--manifest-path",
    ]
    .map(String::from)
    .to_vec();
    args.push(dir.join("Cargo.toml").display().to_string());
    for (key, value) in release_profile()? {
        args.push("--config".into());
        args.push(format!("profile.release.{key}={value}"));
    }
    run(Step::new("cargo", args).env("CARGO_TARGET_DIR", target_dir()))?;
    // The version and checksum lines of the `tauri` package (its dependency list is written
    // differently when a lock file holds two versions of a dependency).
    let tauri = |lock: &Path| {
        let text = std::fs::read_to_string(lock).unwrap_or_default();
        text.split("[[package]]")
            .find(|p| p.contains("\nname = \"tauri\"\n"))
            .map(|p| {
                p.lines()
                    .filter(|l| l.starts_with("version") || l.starts_with("checksum"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
    };
    if tauri(&dir.join("Cargo.lock")) != tauri(&root().join("Cargo.lock")) {
        return Err("the bare window resolved another Tauri than the app".into());
    }
    Ok(target_dir().join("release/bare-window"))
}

/// The `key = value` lines of the workspace's `[profile.release]`.
fn release_profile() -> Result<Vec<(String, String)>, String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).map_err(|e| e.to_string())?;
    Ok(manifest
        .lines()
        .skip_while(|l| l.trim() != "[profile.release]")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter_map(|l| {
            let line = l.split('#').next()?.trim();
            let (key, value) = line.split_once('=')?;
            Some((key.trim().to_string(), value.trim().to_string()))
        })
        .collect())
}

/// Sizes in bytes of the release binaries and the packages `tauri build` made.
fn sizes(app: &Path, bare: &Path) -> Result<Vec<(&'static str, u64)>, String> {
    let size = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.len())
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    let package = |kind: &str| size(&crate::package::newest_package(kind)?);
    Ok(vec![
        ("size_binary_mib", size(app)?),
        ("size_bare_binary_mib", size(bare)?),
        ("size_deb_mib", package("deb")?),
        ("size_rpm_mib", package("rpm")?),
    ])
}

fn parse(text: &str) -> Results {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (name, value) = l.split_once(' ')?;
            Some((name.to_string(), value.trim().parse().ok()?))
        })
        .collect()
}

/// A goal a measurement is held to: a ratio to the bare window, or an absolute bound.
enum Goal {
    /// `app / bare ≤ bound`.
    Ratio(&'static str, &'static str, f64),
    /// `value ≤ bound`.
    AtMost(&'static str, f64),
    /// `value == 1` (a check that passed).
    Holds(&'static str),
    /// Shown, not judged.
    None(&'static str),
}

/// (measure, unit, goal, goal as written).
const ROWS: &[(&str, &str, Goal, &str)] = &[
    (
        "cold start to the list painted (1,000 users), median",
        "ms",
        Goal::Ratio("start_app_median_ms", "start_bare_median_ms", 1.5),
        "≤ 1.5× bare",
    ),
    (
        "cold start, fastest run",
        "ms",
        Goal::Ratio("start_app_min_ms", "start_bare_min_ms", 1.5),
        "≤ 1.5× bare",
    ),
    (
        "memory of all processes, RSS summed (10,000 users listed)",
        "MiB",
        Goal::Ratio("memory_app_rss_mib", "memory_bare_rss_mib", 1.25),
        "≤ 1.25× bare",
    ),
    (
        "memory of all processes, PSS summed",
        "MiB",
        Goal::Ratio("memory_app_pss_mib", "memory_bare_pss_mib", 1.25),
        "≤ 1.25× bare",
    ),
    (
        "memory of all processes, USS summed (private pages only)",
        "MiB",
        Goal::Ratio("memory_app_uss_mib", "memory_bare_uss_mib", 1.25),
        "≤ 1.25× bare",
    ),
    (
        "search keystroke, app's own work, median (10,000 users)",
        "ms",
        Goal::AtMost("search_work_median_ms", 16.0),
        "≤ 16 ms",
    ),
    (
        "search keystroke, app's own work, p95",
        "ms",
        Goal::AtMost("search_work_p95_ms", 16.0),
        "≤ 16 ms",
    ),
    (
        "search keystroke until painted, median / p95",
        "ms",
        Goal::None("search_painted_median_ms"),
        "— (software painting)",
    ),
    (
        "typing a 10-character query loses no input",
        "",
        Goal::Holds("search_typed_whole"),
        "every character",
    ),
    ("release binary", "MiB", Goal::None("size_binary_mib"), "—"),
    (".deb", "MiB", Goal::AtMost("size_deb_mib", 6.0), "≤ 6 MiB"),
    (".rpm", "MiB", Goal::None("size_rpm_mib"), "—"),
];

/// One cell: the value (and the bare window's, and the ratio), and whether it meets the goal.
fn cell(results: &Results, goal: &Goal, unit: &str) -> (String, Option<bool>) {
    let get = |k: &str| results.get(k).copied();
    let number = |v: f64| {
        if v >= 100.0 {
            format!("{v:.0} {unit}")
        } else {
            format!("{v:.1} {unit}")
        }
    };
    match goal {
        Goal::Ratio(app, bare, bound) => match (get(app), get(bare)) {
            (Some(a), Some(b)) => {
                let ratio = a / b;
                (
                    format!("{} vs {} = **{ratio:.2}×**", number(a), number(b)),
                    Some(ratio <= *bound),
                )
            }
            _ => ("—".into(), None),
        },
        Goal::AtMost(key, bound) => match get(key) {
            Some(v) => (number(v), Some(v <= *bound)),
            None => ("—".into(), None),
        },
        Goal::Holds(key) => match get(key) {
            Some(v) => (if v == 1.0 { "yes" } else { "no" }.into(), Some(v == 1.0)),
            None => ("—".into(), None),
        },
        Goal::None(key) => {
            let p95 = key.replace("median", "p95");
            match (get(key), get(&p95)) {
                (Some(v), Some(p)) if p95 != *key => (format!("{v:.1} / {}", number(p)), None),
                (Some(v), _) => (number(v), None),
                _ => ("—".into(), None),
            }
        }
    }
}

fn verdict(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "pass",
        Some(false) => "FAIL",
        None => "—",
    }
}

/// Where the app's launch time goes: when each line arrived, from the launch (medians).
const PHASES: &[(&str, &str)] = &[
    (
        "phase_main_ms",
        "process started, `main` entered (loader, libraries)",
    ),
    ("phase_sandbox_ms", "embedded sandbox started"),
    ("phase_page_ms", "webview loaded the page"),
    ("phase_script_ms", "UI script running"),
    (
        "phase_connection_ms",
        "first connection answered (`active_connection`)",
    ),
    (
        "phase_list_query_ms",
        "the list answered (`list_service_users`)",
    ),
    ("phase_list_shown_ms", "the list painted (UI mark)"),
];

fn render(before: &Results, after: &Results) -> String {
    let count = |key: &str| after.get(key).copied().unwrap_or(0.0) as u64;
    let mut out = format!(
        "## Release build against a bare Tauri window\n\n\
         Method: `cargo xtask bench` builds the release app with `tauri build` (which also makes \
         the `.deb` and `.rpm`) and a bare Tauri window (`xtask/bare-window`: one window, static \
         text, the same Tauri version and release profile), then runs both under Xvfb in one \
         session, each launched as a user launches it, on its own throwaway profile. \
         **Cold start**: launch → the UI's mark that the list's rows are painted (a frame \
         callback, then a task after it), read from the app's log as it arrives; the bare window \
         sends the same kind of mark once its text is painted. {runs} launches of each, \
         alternating, after one unmeasured launch of each (so this is a new process on warm disk \
         caches). The app opens on its embedded sandbox holding {users} service users. \
         **Memory**: once the mark is in and 3 s have passed, the resident memory of the \
         process and every process it started (WebKit's web and network processes), summed three \
         ways: RSS (a library page two of them map counts twice, for both apps alike), PSS (a \
         shared page divided among every process on the machine that maps it, so it moves with \
         whatever else runs there) and USS (only the pages no other process maps: heaps, stacks, \
         the app's own binary; no shared library); the launch with the median PSS of 3, with \
         {memory_users} service users listed. **Search**: in the \
         real app through WebDriver, each prefix of two 10-character queries is put in the \
         search box with an input event, as a keystroke does; *own work* is the time until the \
         app's handler, React's render and the layout are done, *until painted* adds the next \
         frame, which WebKit paints in software here ({keystrokes} keystrokes). Each result is \
         checked against the sandbox's list. The same queries are then typed through WebDriver \
         as real key events, and the box must hold every character. Both binaries paint \
         without WebKit's compositing, which the app chooses by itself on a machine with no GPU \
         render node, as this one (`tg_admin::painting`); WebKit then paints on the page's own \
         thread, in a task, and *own work* ends in a microtask after the keystroke's, so it \
         holds no paint.\n\n\
         | measure | goal | before | after | verdict |\n|---|---|---|---|---|\n",
        runs = count("start_runs"),
        users = count("start_users"),
        memory_users = count("memory_users"),
        keystrokes = count("search_keystrokes"),
    );
    for (measure, unit, goal, written) in ROWS {
        let (was, was_ok) = cell(before, goal, unit);
        let (now, now_ok) = cell(after, goal, unit);
        let was = match was_ok {
            Some(ok) => format!("{was} ({})", verdict(Some(ok))),
            None => was,
        };
        out.push_str(&format!(
            "| {measure} | {written} | {was} | {now} | {} |\n",
            verdict(now_ok)
        ));
    }
    out.push_str(
        "\nWhere the app's start-up time goes (median arrival of each log line, ms after the \
         launch):\n\n| step | before | after |\n|---|---|---|\n",
    );
    for (key, step) in PHASES {
        let show = |r: &Results| {
            r.get(*key)
                .map(|v| format!("{v:.0}"))
                .unwrap_or_else(|| "—".into())
        };
        out.push_str(&format!(
            "| {step} | {} | {} |\n",
            show(before),
            show(after)
        ));
    }
    out
}
