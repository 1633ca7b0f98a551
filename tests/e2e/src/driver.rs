//! tauri-driver and the WebDriver session, with bounds: a command the page or the driver never
//! answers fails the test after [`COMMAND_TIMEOUT`] (with the app's log printed) instead of holding
//! the whole run, and everything a session started — tauri-driver, WebKitWebDriver, the app and
//! its web processes — is stopped with it, so no app outlives its test and answers the next one's
//! launch as the running instance.

use std::future::Future;
#[cfg(unix)]
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

const DRIVER_URL: &str = "http://127.0.0.1:4444";

/// The longest one WebDriver command may take. Generous: a benchmark's script can run for many
/// painted frames on a busy machine; a hung page never answers at all.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// Awaits one WebDriver command, and fails the test when it has no answer in [`COMMAND_TIMEOUT`].
pub async fn bounded<T>(what: &str, command: impl Future<Output = T>) -> T {
    tokio::time::timeout(COMMAND_TIMEOUT, command)
        .await
        .unwrap_or_else(|_| {
            panic!("WebDriver had no answer to {what} within {COMMAND_TIMEOUT:?}: the page hung")
        })
}

/// The running tauri-driver, in a process group of its own with everything it starts. Dropping
/// it stops the group, even when a test panics; when a test fails, the end of the app's log is
/// printed with the failure.
pub struct Driver {
    child: Child,
    log_path: PathBuf,
}

impl Driver {
    /// Starts `command` (tauri-driver, its environment set) in a new process group.
    pub fn spawn(mut command: Command, log_path: PathBuf) -> Self {
        // The journeys run on Linux; the crate is also checked for Windows, which has no groups.
        #[cfg(unix)]
        command.process_group(0);
        let child = command.spawn().expect("tauri-driver starts");
        Self { child, log_path }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        stop_group(&mut self.child);
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log_path).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("--- last lines of the app's log ---");
            for line in tail.into_iter().rev() {
                eprintln!("{line}");
            }
        }
    }
}

/// SIGTERM to the group first (tauri-driver stops its WebKitWebDriver only on SIGTERM/SIGINT,
/// never on SIGKILL), then SIGKILL to whatever of the group did not quit: a hung app too.
fn stop_group(driver: &mut Child) {
    let group = format!("-{}", driver.id());
    let signal = |name: &str| {
        let _ = Command::new("kill")
            .args([name, "--", &group])
            .stderr(std::process::Stdio::null())
            .status();
    };
    signal("-TERM");
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = driver.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // The app can outlive tauri-driver by a moment (or for good, when it hung).
    std::thread::sleep(Duration::from_millis(200));
    signal("-KILL");
    let _ = driver.wait();
}

/// Opens a WebDriver session on the app at `app`, retrying while tauri-driver starts.
pub async fn connect(app: &Path) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), "wry".into());
    capabilities.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app.to_string_lossy() }),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities.clone());
        match bounded("a new session", builder.connect(DRIVER_URL)).await {
            Ok(client) => return client,
            Err(error) => {
                assert!(
                    Instant::now() < deadline,
                    "could not start a WebDriver session: {error}"
                );
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        }
    }
}

/// A screenshot of the window, or why there is none within `limit`.
///
/// Painting without compositing, WebKit answers WebDriver's screenshot only after it next paints
/// something that changed, and a page at rest does not paint until something on it changes (up to
/// a minute, when a relative time ticks over). So while the screenshot is taken, a one-pixel dot
/// outside the page's body flips between two transparent colours, which gives WebKit a change to
/// paint and nothing to see; it is removed afterwards. Two frames go by first, which also lets a
/// frame WebKitGTK held back under Xvfb reach the screen.
pub async fn capture(client: &Client, limit: Duration) -> Result<Vec<u8>, String> {
    let steps = async {
        client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const dot = document.createElement('div');
                 dot.setAttribute('aria-hidden', 'true');
                 dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none';
                 document.documentElement.appendChild(dot);
                 let on = false;
                 const timer = setInterval(() => {
                   on = !on;
                   dot.style.backgroundColor = on ? 'rgba(0,0,0,0.002)' : 'rgba(0,0,0,0)';
                 }, 30);
                 window.__screenshotDot = { dot, timer };
                 requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)));",
                vec![],
            )
            .await
            .map_err(|e| format!("the page did not paint: {e}"))?;
        let png = client.screenshot().await;
        let _ = client
            .execute(
                "const d = window.__screenshotDot;
                 if (d) { clearInterval(d.timer); d.dot.remove(); delete window.__screenshotDot; }
                 return true;",
                vec![],
            )
            .await;
        png.map_err(|e| format!("no screenshot: {e}"))
    };
    tokio::time::timeout(limit, steps)
        .await
        .map_err(|_| format!("no screenshot within {limit:?}"))?
}
