//! The harness for end-to-end journeys: it launches the real, built app through tauri-driver on a
//! fresh data folder, drives it by `data-testid`, and reads what the app wrote (the embedded
//! sandbox's admin credentials) so a test can check the app's effects against the API itself.
//!
//! The tests are `#[ignore]`d because they need a display, a session bus and the built binary;
//! `cargo xtask test` provides all three (`APP_BINARY`, `TAURI_DRIVER`, Xvfb, dbus-run-session).
//! A journey that saves a connection also gets a real Secret Service ([`StartWith`]).

mod delivery;
mod desktop;
mod driver;
mod keyboard;
mod keychain;
mod native_dialog;
mod paths;
mod sandbox_api;

pub mod process;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
pub use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde::Deserialize;
use tempfile::TempDir;

use driver::{COMMAND_TIMEOUT, Driver, bounded, capture, connect};

pub use desktop::{
    clipboard_targets, clipboard_text, copy_from_another_app, files_containing, screenshot_dir,
};
pub use keychain::Keychain;
pub use native_dialog::{choose_folder, focus_window, save_as, xdotool};
pub use paths::{APP_ID, env_path, fake_delivery_target};
pub use sandbox_api::{
    SandboxAdmin, api_client, connection_keys, create_service_user, sandbox_client, seed_sandbox,
};

/// How long a test waits for the UI to show something before it fails.
pub const UI_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Default)]
pub struct LaunchOptions {
    /// Written to the app's settings before launch, to shorten the clipboard countdown.
    pub clipboard_seconds: Option<u32>,
    /// Runs the app with the dark GTK theme (`GTK_THEME=Adwaita:dark`), which WebKitGTK reports
    /// to the page as `prefers-color-scheme: dark`.
    pub dark: bool,
}

/// The element that has the keyboard focus.
#[derive(Debug, Deserialize)]
pub struct Focused {
    /// Its `data-testid`, or its tag name when it has none.
    pub id: String,
    pub text: String,
    /// Whether a focus indicator is drawn.
    pub ring: bool,
}

/// What the app finds when it starts, beyond [`LaunchOptions`].
#[derive(Default)]
pub struct StartWith {
    /// Files written into the app's config folder before launch (name, bytes).
    pub config_files: Vec<(&'static str, Vec<u8>)>,
    /// A running, unlocked Secret Service, so connections can be saved.
    pub keychain: bool,
}

pub struct AppSession {
    pub client: Client,
    /// Held only to be dropped with the session, the app first.
    _driver: Driver,
    _keychain: Option<Keychain>,
    home: TempDir,
}

impl AppSession {
    pub async fn launch(options: LaunchOptions) -> Self {
        Self::launch_with(options, StartWith::default()).await
    }

    /// [`Self::launch`] with a home prepared beforehand (e.g. a seeded sandbox, see
    /// [`seed_sandbox`]).
    pub async fn launch_in(home: TempDir, options: LaunchOptions) -> Self {
        Self::launch_in_with(home, options, StartWith::default()).await
    }

    pub async fn launch_with(options: LaunchOptions, start: StartWith) -> Self {
        let home = tempfile::tempdir().expect("temporary home");
        Self::launch_in_with(home, options, start).await
    }

    /// [`Self::launch_with`] in a home prepared beforehand.
    pub async fn launch_in_with(home: TempDir, options: LaunchOptions, start: StartWith) -> Self {
        let app = env_path("APP_BINARY");
        let driver_binary = env_path("TAURI_DRIVER");
        let config_dir = home.path().join("config").join(APP_ID);
        std::fs::create_dir_all(&config_dir).unwrap();
        if let Some(seconds) = options.clipboard_seconds {
            std::fs::write(
                config_dir.join("settings.json"),
                format!("{{\"clipboardSeconds\":{seconds}}}"),
            )
            .unwrap();
        }
        for (name, bytes) in &start.config_files {
            std::fs::write(config_dir.join(name), bytes).unwrap();
        }
        let keychain = start
            .keychain
            .then(|| Keychain::start(&home.path().join("data")));
        // The app's log (its stderr, at debug level) is kept inside the throwaway home, so the
        // leak checks read it too.
        let log_path = home.path().join("app.log");
        let log = std::fs::File::create(&log_path).expect("log file");
        let mut command = Command::new(driver_binary);
        if options.dark {
            command.env("GTK_THEME", "Adwaita:dark");
        }
        command
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("RUST_LOG", "debug")
            .stdout(Stdio::null())
            .stderr(log);
        let driver = Driver::spawn(command, log_path);
        let client = connect(&app).await;
        Self {
            client,
            _driver: driver,
            _keychain: keychain,
            home,
        }
    }

    pub fn config_dir(&self) -> PathBuf {
        self.home.path().join("config").join(APP_ID)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join("data").join(APP_ID)
    }

    /// The throwaway home that holds every folder the app may write to (data, config, cache,
    /// state) and its log. It is deleted with the session: to read it after the app has
    /// closed, keep what [`AppSession::close`] returns.
    pub fn home(&self) -> PathBuf {
        self.home.path().to_path_buf()
    }

    pub async fn sandbox_admin(&self) -> SandboxAdmin {
        let path = self
            .data_dir()
            .join("sandbox")
            .join("admin-credentials.json");
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            if let Ok(text) = std::fs::read_to_string(&path)
                && let Ok(admin) = serde_json::from_str(&text)
            {
                return admin;
            }
            assert!(
                Instant::now() < deadline,
                "the embedded sandbox should write {} on start",
                path.display()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Waits until an element with this `data-testid` is displayed, and returns it.
    pub async fn find(&self, test_id: &str) -> Element {
        self.find_css(&format!("[data-testid=\"{test_id}\"]")).await
    }

    pub async fn find_css(&self, css: &str) -> Element {
        self.wait_for_css(css, true).await
    }

    /// Waits until `css` matches an element (that is displayed, if asked) and returns it.
    async fn wait_for_css(&self, css: &str, displayed: bool) -> Element {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            if let Some(element) = self.matching(css, displayed).await {
                return element;
            }
            if Instant::now() >= deadline {
                let shot = self.failure_report(css).await;
                panic!("expected `{css}` to appear within {UI_TIMEOUT:?} (screen: {shot})");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// What the window shows when a test fails: a screenshot saved under the temporary folder
    /// (its path), and the start of the page's text, so a run whose files are gone (CI) still
    /// tells what was on screen.
    pub(crate) async fn failure_report(&self, label: &str) -> String {
        let dir = std::env::temp_dir().join("e2e-failures");
        let name: String = label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!("{name}.png"));
        let saved = std::fs::create_dir_all(&dir).is_ok()
            // A hung page gives no screenshot: the test's own failure matters more.
            && match capture(&self.client, Duration::from_secs(10)).await {
                Ok(png) => std::fs::write(&path, png).is_ok(),
                Err(_) => false,
            };
        let shot = if saved {
            path.display().to_string()
        } else {
            "no screenshot".into()
        };
        let read = self.client.execute(
            "return document.body ? document.body.innerText.slice(0, 800) : '';",
            vec![],
        );
        let text = match tokio::time::timeout(Duration::from_secs(5), read).await {
            Ok(Ok(serde_json::Value::String(text))) => {
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            }
            _ => "(the page did not answer)".into(),
        };
        format!("{shot}; the page reads: {text}")
    }

    /// The element `css` matches now, if any (and if it is displayed, when asked).
    async fn matching(&self, css: &str, displayed: bool) -> Option<Element> {
        let element = bounded("find", self.client.find(Locator::Css(css)))
            .await
            .ok()?;
        let shown = !displayed
            || bounded("is displayed", element.is_displayed())
                .await
                .unwrap_or(false);
        shown.then_some(element)
    }

    pub async fn is_present(&self, test_id: &str) -> bool {
        self.matching(&format!("[data-testid=\"{test_id}\"]"), true)
            .await
            .is_some()
    }

    pub async fn wait_gone(&self, test_id: &str) {
        let deadline = Instant::now() + UI_TIMEOUT;
        while self.is_present(test_id).await {
            assert!(
                Instant::now() < deadline,
                "expected `{test_id}` to go away within {UI_TIMEOUT:?}"
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Clicks the element once it is displayed and enabled, as a person waits for a button that
    /// is busy (Refresh while a reload runs ignores presses) before pressing it.
    ///
    /// The element found can be replaced by another with the same test id before the click
    /// reaches it: a moment after the first paint, the first screen's menus swap their light
    /// stand-in button for Radix's (`ui/src/components/lightStart.ts`). A click that finds its
    /// node gone is made again on the element in its place, as a person's click lands on
    /// whatever is under the pointer.
    pub async fn click(&self, test_id: &str) {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            let element = self
                .find_css(&format!(
                    "[data-testid=\"{test_id}\"]:not(:disabled):not([aria-disabled=\"true\"])"
                ))
                .await;
            // WebDriver scrolls only as far as the element's edge, where a sticky footer or
            // toolbar can cover it; the middle of the view is where a person would click.
            let center = self.client.execute(
                "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' }); return true;",
                vec![serde_json::to_value(&element).expect("an element serializes")],
            );
            let _ = bounded("a scroll", center).await;
            match bounded("a click", element.click()).await {
                Ok(()) => return,
                Err(e) if e.is_stale_element_reference() && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("click {test_id}: {e}"),
            }
        }
    }

    /// Types `text` into the field, replacing what it held; a line break is typed as Enter
    /// (WebDriver drops a plain `\n`), so several lines reach a text area as a person types them.
    pub async fn type_into(&self, test_id: &str, text: &str) {
        let element = self.find(test_id).await;
        bounded("clearing a field", element.clear()).await.ok();
        let keys = text.replace('\n', &char::from(Key::Enter).to_string());
        bounded("typing", element.send_keys(&keys))
            .await
            .unwrap_or_else(|e| panic!("type into {test_id}: {e}"));
    }

    /// The current value of an input.
    pub async fn value(&self, test_id: &str) -> String {
        let field = self.find(test_id).await;
        bounded("reading a value", field.prop("value"))
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// The element's text content. (WebDriver's own "visible text" is empty for some elements in
    /// WebKit, `<output>` among them, so the DOM's `textContent` is read instead.)
    pub async fn text(&self, test_id: &str) -> String {
        let element = self
            .wait_for_css(&format!("[data-testid=\"{test_id}\"]"), false)
            .await;
        bounded("reading a text", element.prop("textContent"))
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Waits until the element's text satisfies `predicate`, and returns that text.
    pub async fn wait_for_text(
        &self,
        test_id: &str,
        what: &str,
        predicate: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            let text = self.text(test_id).await;
            if predicate(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "`{test_id}` should {what}; it shows {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Runs a script in the page and returns what it returns.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        bounded("a script", self.client.execute(script, vec![]))
            .await
            .unwrap_or_else(|e| panic!("run {script:?}: {e}"))
    }

    /// Picks `value` in a `<select>` the way a person does, so React sees the change.
    pub async fn select(&self, test_id: &str, value: &str) {
        // The options arrive with a query: wait for the one to pick, or the choice is lost.
        self.find_css(&format!(
            "[data-testid=\"{test_id}\"] option[value=\"{value}\"]"
        ))
        .await;
        self.eval(&format!(
            "const s = document.querySelector('[data-testid=\"{test_id}\"]');
             Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, '{value}');
             s.dispatchEvent(new Event('change', {{ bubbles: true }}));
             return true;"
        ))
        .await;
    }

    /// Adds a connection through the connection menu's dialog, as an administrator would, and
    /// waits until the dialog has closed (the app then shows the new connection's list). Saving
    /// needs a keychain: launch with [`StartWith::keychain`].
    pub async fn add_connection(&self, name: &str, base_url: &str, client_id: &str, secret: &str) {
        self.click("connection-switcher").await;
        self.click("add-connection").await;
        self.type_into("connection-name", name).await;
        self.type_into("connection-url", base_url).await;
        self.type_into("connection-client-id", client_id).await;
        self.type_into("connection-secret", secret).await;
        self.click("submit").await;
        self.wait_gone("connection-dialog").await;
    }

    /// Opens a service user's detail page from the list, by the link on its name.
    pub async fn open_detail(&self, name: &str) {
        self.find_css(&format!("[data-testid=\"service-user-row-{name}\"] a"))
            .await
            .click()
            .await
            .expect("open the detail page");
        self.find("generate-keys").await;
    }

    /// On a detail page whose user already has keys: Regenerate, confirm, and wait for the panel.
    pub async fn regenerate_keys(&self) {
        self.click("generate-keys").await;
        self.click("regenerate-confirm").await;
        self.find("countdown-text").await;
    }

    /// Lets transitions end (dialogs fading in, focus rings, tooltips), then writes a screenshot.
    pub async fn screenshot(&self, path: &Path) {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let png = capture(&self.client, COMMAND_TIMEOUT)
            .await
            .unwrap_or_else(|e| panic!("screenshot {}: {e}", path.display()));
        std::fs::write(path, png).expect("write screenshot");
    }

    /// A screenshot at `name` (e.g. `dark/list.png`) under `SCREENSHOT_DIR` when the run takes
    /// screenshots (only `cargo xtask screenshots` sets it); nothing otherwise.
    pub async fn screenshot_if_asked(&self, name: &str) {
        if let Some(dir) = std::env::var_os("SCREENSHOT_DIR") {
            let path = PathBuf::from(dir).join(name);
            let folder = path.parent().expect("a file name under the folder");
            std::fs::create_dir_all(folder).expect("the screenshot folder");
            self.screenshot(&path).await;
        }
    }

    /// Ends the WebDriver session (which closes the app), stops tauri-driver and the keychain,
    /// and hands back the throwaway home, so a test can read what the app left behind before it
    /// is deleted (when the returned value is dropped).
    pub async fn close(self) -> TempDir {
        // A page that hung cannot end its session: the driver's group is stopped all the same.
        let _ = tokio::time::timeout(Duration::from_secs(20), self.client.clone().close()).await;
        let Self {
            client,
            _driver,
            _keychain,
            home,
        } = self;
        drop(client);
        drop(_driver);
        drop(_keychain);
        home
    }
}
