//! A real, unlocked Secret Service for journeys that save a connection: gnome-keyring on the test
//! session's bus, keeping its (encrypted) keyring inside the throwaway home, stopped with the
//! session.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The running keyring daemon; stopped when dropped.
pub struct Keychain(Child);

impl Keychain {
    /// Starts gnome-keyring's Secret Service with a login keyring unlocked by a throwaway
    /// password, its files under `data_home`, and waits until it answers on the session bus.
    pub fn start(data_home: &Path) -> Self {
        std::fs::create_dir_all(data_home).unwrap();
        let mut child = Command::new("gnome-keyring-daemon")
            .args([
                "--foreground",
                "--unlock",
                "--components=secrets",
                "--replace",
            ])
            .env("XDG_DATA_HOME", data_home)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring is installed (cargo xtask test installs it)");
        // The password ends at end of input.
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"e2e-keyring-password")
            .unwrap();
        let keychain = Self(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while !secret_service_answers() {
            assert!(
                Instant::now() < deadline,
                "the Secret Service did not appear on the session bus"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        keychain
    }
}

fn secret_service_answers() -> bool {
    Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
}

impl Drop for Keychain {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
