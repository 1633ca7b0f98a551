//! The release build against the floor, a bare Tauri window built the same way, in one run:
//! cold start to the Service Users list painted (1,000 users), memory of all the app's
//! processes (10,000 users listed), and the search box's cost per keystroke (10,000 users).
//!
//! Run by `cargo xtask bench`, which builds both release binaries, passes their paths
//! (`APP_BINARY`, `BARE_BINARY`) and renders what this writes to `BENCH_RESULTS_FILE` (one
//! `name value` line per measurement) into BENCHMARKS.md next to the recorded baseline.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use e2e_tests::process::{LIST_SHOWN, Launched, Memory, desktop_env, memory_of_tree, rows_shown};
use e2e_tests::{AppSession, LaunchOptions, env_path, seed_sandbox};
use tg_admin::painting;

/// Launches of each binary for the cold start; one more of each runs first, unmeasured, so disk
/// caches and WebKit's per-profile files exist for every measured run.
const START_RUNS: usize = 7;
const START_USERS: usize = 1_000;
const MEMORY_RUNS: usize = 3;
const LARGE_ORG: usize = 10_000;
/// Every user still matches each prefix (all hold `builtin-tg-monitor`): the whole list is
/// filtered and drawn again on every keystroke. The second query narrows to one user, then none.
const QUERIES: [&str; 2] = ["tg-monitor", "user-77777"];
const SEARCH_REPEATS: usize = 3;
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(90);
/// The app's start-up lines and its IPC timings; nothing else, so logging costs nothing.
const LOG_FILTER: &str = "warn,startup=info,service_users_desktop::ipc=debug";
const BARE_PAINTED: &str = "startup: bare window painted";

/// Where the app's launch time goes: each phase ends when its line arrives.
const PHASES: &[(&str, &str)] = &[
    ("main", "startup: main entered"),
    ("sandbox", "startup: embedded sandbox started"),
    ("page", "startup: page loaded"),
    ("script", "startup: ui script started"),
    ("connection", "command=\"active_connection\""),
    ("list_query", "command=\"list_service_users\""),
    ("list_shown", LIST_SHOWN),
];

#[derive(Default)]
struct Results(String);

impl Results {
    fn put(&mut self, name: &str, value: f64) {
        println!("{name} {value:.2}");
        let _ = writeln!(self.0, "{name} {value:.2}");
    }
}

/// Each binary launched as a user launches it, both with the painting the app chooses for itself
/// on this machine (WebKit without compositing when there is no GPU render node,
/// `tg_admin::painting`): the bare window would not choose, and must paint the same way.
fn launch(binary: &Path, home: &Path) -> Launched {
    let mut command = Command::new(binary);
    desktop_env(&mut command, home, LOG_FILTER);
    if painting::paint_without_compositing_here() {
        command.env(painting::COMPOSITING_SWITCH, "1");
    }
    Launched::spawn(command)
}

/// Launches until `mark` arrives, and returns the launch with the mark's time and line. A launch
/// that ends before its mark is tried again (twice at most, saying so): on a shared machine
/// another session's `xvfb-run -a` can take the display for a moment; a binary that never gets
/// there fails the benchmark.
fn launch_until(binary: &Path, home: &Path, mark: &str) -> (Launched, Duration, String) {
    for attempt in 1.. {
        let mut launched = launch(binary, home);
        match launched.try_wait_for_line(mark, LAUNCH_TIMEOUT) {
            Ok((at, line)) => return (launched, at, line),
            Err(log) => {
                launched.terminate();
                assert!(
                    attempt < 3,
                    "{} never reached {mark:?}:\n{log}",
                    binary.display()
                );
                eprintln!(
                    "{} did not reach {mark:?}, launching again:\n{log}",
                    binary.display()
                );
            }
        }
    }
    unreachable!()
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    values[((values.len() as f64 - 1.0) * p).round() as usize]
}

fn cold_start(app: &Path, bare: &Path, results: &mut Results) {
    let app_home = tempfile::tempdir().unwrap();
    seed_sandbox(app_home.path(), START_USERS);
    let bare_home = tempfile::tempdir().unwrap();
    let (mut app_times, mut bare_times) = (Vec::new(), Vec::new());
    let mut phases: Vec<Vec<f64>> = vec![Vec::new(); PHASES.len()];
    for run in 0..=START_RUNS {
        // Alternate, so a busier moment of the machine weighs on both alike.
        let (mut launched, shown, line) = launch_until(app, app_home.path(), LIST_SHOWN);
        let rows = rows_shown(&line).unwrap_or(0);
        assert!(rows > START_USERS, "the list shows every user: {line}");
        let ends: Vec<Option<Duration>> = PHASES
            .iter()
            .map(|(_, needle)| launched.first_line_with(needle).map(|(at, _)| at))
            .collect();
        launched.terminate();
        let (painted, bare_shown, _) = launch_until(bare, bare_home.path(), BARE_PAINTED);
        painted.terminate();
        if run == 0 {
            continue;
        }
        app_times.push(ms(shown));
        bare_times.push(ms(bare_shown));
        for (phase, end) in phases.iter_mut().zip(ends) {
            phase.push(end.map(ms).unwrap_or(f64::NAN));
        }
    }
    results.put("start_users", START_USERS as f64);
    results.put("start_runs", START_RUNS as f64);
    results.put("start_app_min_ms", min(&app_times));
    results.put("start_app_median_ms", median(&mut app_times));
    results.put("start_bare_min_ms", min(&bare_times));
    results.put("start_bare_median_ms", median(&mut bare_times));
    for ((name, _), mut values) in PHASES.iter().zip(phases) {
        if values.iter().all(|v| v.is_finite()) {
            results.put(&format!("phase_{name}_ms"), median(&mut values));
        }
    }
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

/// Memory once the mark is in and the processes had a moment to settle; the median run by PSS.
fn settled_memory(binary: &Path, home: &Path, mark: &str) -> Memory {
    let mut runs: Vec<Memory> = (0..MEMORY_RUNS)
        .map(|_| {
            let (launched, ..) = launch_until(binary, home, mark);
            std::thread::sleep(Duration::from_secs(3));
            let memory = memory_of_tree(launched.pid());
            launched.terminate();
            memory
        })
        .collect();
    runs.sort_by_key(|m| m.pss_kib);
    runs[runs.len() / 2]
}

fn memory(app: &Path, bare: &Path, results: &mut Results) {
    let app_home = tempfile::tempdir().unwrap();
    seed_sandbox(app_home.path(), LARGE_ORG);
    let bare_home = tempfile::tempdir().unwrap();
    let app_memory = settled_memory(app, app_home.path(), LIST_SHOWN);
    let bare_memory = settled_memory(bare, bare_home.path(), BARE_PAINTED);
    results.put("memory_users", LARGE_ORG as f64);
    results.put("memory_app_rss_mib", app_memory.rss_kib as f64 / 1024.0);
    results.put("memory_app_pss_mib", app_memory.pss_kib as f64 / 1024.0);
    results.put("memory_app_uss_mib", app_memory.uss_kib as f64 / 1024.0);
    results.put("memory_app_processes", app_memory.processes as f64);
    results.put("memory_bare_rss_mib", bare_memory.rss_kib as f64 / 1024.0);
    results.put("memory_bare_pss_mib", bare_memory.pss_kib as f64 / 1024.0);
    results.put("memory_bare_uss_mib", bare_memory.uss_kib as f64 / 1024.0);
    results.put("memory_bare_processes", bare_memory.processes as f64);
}

/// Types `QUERY` into the search box one character at a time, in the page, and returns per
/// keystroke: the app's own work (the input event, React filtering and rendering, layout) and
/// the time until the result was painted, in ms, and the footer after each keystroke.
const KEYSTROKES_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const query = QUERY;
const input = document.querySelector('[data-testid="search"]');
const list = document.querySelector('[data-scroll-container="service-users"]');
const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
const nextPaint = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
(async () => {
  const work = [], painted = [], footers = [];
  input.focus();
  for (let i = 1; i <= query.length; i++) {
    const start = performance.now();
    setValue.call(input, query.slice(0, i));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    // React has rendered the keystroke by the end of its microtasks; a task (a paint, when
    // WebKit paints on the page's thread) cannot run before this one.
    await Promise.resolve();
    list.getBoundingClientRect();
    work.push(performance.now() - start);
    await nextPaint();
    painted.push(performance.now() - start);
    footers.push(document.querySelector('[data-testid="row-count"]').textContent);
  }
  setValue.call(input, '');
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await nextPaint();
  done({ work, painted, footers });
})();
"#;

/// "Showing 1 of 10,001" → (1, 10001), whatever the digit grouping.
fn footer_counts(footer: &str) -> (usize, usize) {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (shown, total) = footer.split_once(" of ").expect("Showing N of M");
    (
        digits(shown).parse().expect("a count"),
        digits(total).parse().expect("a total"),
    )
}

/// In the app at `APP_BINARY`, through WebDriver.
async fn search(results: &mut Results) {
    let home = tempfile::tempdir().unwrap();
    seed_sandbox(home.path(), LARGE_ORG);
    let app = AppSession::launch_in(home, LaunchOptions::default()).await;
    app.find("service-user-row-user-0").await;
    let users = app
        .sandbox_admin()
        .await
        .client()
        .service_users()
        .list()
        .await
        .unwrap();
    let matching = |query: &str| {
        let q = query.to_lowercase();
        users
            .iter()
            .filter(|u| {
                u.name.to_lowercase().contains(&q)
                    || u.policy_ids.iter().any(|p| p.to_lowercase().contains(&q))
            })
            .count()
    };

    let (mut work, mut painted) = (Vec::new(), Vec::new());
    for query in QUERIES {
        for _ in 0..SEARCH_REPEATS {
            let script = KEYSTROKES_SCRIPT.replace("QUERY", &format!("{query:?}"));
            let answer = app.client.execute_async(&script, vec![]).await.unwrap();
            let numbers = |key: &str| -> Vec<f64> {
                answer[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|v| v.as_f64())
                    .collect()
            };
            work.extend(numbers("work"));
            painted.extend(numbers("painted"));
            for (i, footer) in answer["footers"].as_array().unwrap().iter().enumerate() {
                let (shown, total) = footer_counts(footer.as_str().unwrap_or_default());
                assert_eq!(total, users.len(), "the footer counts every user");
                assert_eq!(
                    shown,
                    matching(&query[..=i]),
                    "after typing {:?} the list shows the matching users",
                    &query[..=i]
                );
            }
        }
    }

    // Real key events through WebDriver, as fast as it sends them: nothing may be lost, and a
    // lost character fails the benchmark here rather than being written down.
    for query in QUERIES {
        app.type_into("search", query).await;
        let value = app.value("search").await;
        let footer = app
            .wait_for_text("row-count", "show the search's result", |t| {
                footer_counts(t).0 == matching(query)
            })
            .await;
        assert_eq!(value, query, "every typed character arrived ({footer})");
    }
    app.close().await;

    results.put("search_users", users.len() as f64);
    results.put("search_keystrokes", work.len() as f64);
    results.put("search_work_median_ms", median(&mut work));
    results.put("search_work_p95_ms", percentile(&mut work, 0.95));
    results.put("search_painted_median_ms", median(&mut painted));
    results.put("search_painted_p95_ms", percentile(&mut painted, 0.95));
    // Reached only when every query arrived whole (the assertion above).
    results.put("search_typed_whole", 1.0);
}

#[tokio::test]
#[ignore = "a benchmark of release builds: run with `cargo xtask bench`"]
async fn release_benchmark() {
    let app = env_path("APP_BINARY");
    let bare = env_path("BARE_BINARY");
    let mut results = Results::default();
    cold_start(&app, &bare, &mut results);
    memory(&app, &bare, &mut results);
    search(&mut results).await;
    if let Some(path) = std::env::var_os("BENCH_RESULTS_FILE") {
        std::fs::write(path, &results.0).expect("write the results");
    }
}
