//! Running one delivery: the target's program, started directly (no shell), with the Client
//! Secret written to its standard input and nothing else carrying it.
//!
//! - Arguments: the target's command split once, `{name}` and `{clientId}` filled in per word.
//! - Environment: cleared, then only [`PASSED_ENV`] (and variables starting with one of
//!   [`PASSED_ENV_PREFIXES`]) copied from the app's own, so the tools find their programs,
//!   home folder and their own credentials. The app never puts the secret in its environment.
//! - Standard input: the secret, with no newline, then closed.
//! - A timeout: the program is killed when it runs out.
//! - Output: standard output and error captured (up to [`OUTPUT_LIMIT`] bytes each) with every
//!   occurrence of the secret replaced by `<redacted>`.

use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::Serialize;
use tg_api::Secret;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use ts_rs::TS;

use super::targets::{DeliveryTarget, expand_command};

/// Environment variables a delivery program receives from the app's environment, by name.
pub const PASSED_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "LANG",
    "LC_ALL",
    "TZ",
    "TMPDIR",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "XDG_RUNTIME_DIR",
    "KUBECONFIG",
    "SYSTEMROOT",
    "SYSTEMDRIVE",
    "WINDIR",
    "USERPROFILE",
    "APPDATA",
    "LOCALAPPDATA",
    "PROGRAMDATA",
    "TEMP",
    "TMP",
    "PATHEXT",
    "COMSPEC",
];

/// Prefixes of the variables the usual delivery tools read their address and login from
/// (`VAULT_ADDR`, `GH_TOKEN`, `AWS_PROFILE`, ...).
pub const PASSED_ENV_PREFIXES: &[&str] = &["VAULT_", "GH_", "GITHUB_", "AWS_", "AZURE_", "GOOGLE_"];

/// The most output kept per stream, in bytes; the rest is read and dropped.
pub const OUTPUT_LIMIT: usize = 64 * 1024;

/// How long output is still collected after the program ended or was killed (a process it
/// started may keep the pipes open).
const OUTPUT_GRACE: Duration = Duration::from_secs(2);

/// How a delivery ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DeliveryStatus {
    /// The program exited with status 0.
    Delivered,
    /// The program could not start, exited with another status or was killed by a signal.
    Failed,
    /// The program ran out of time and was killed.
    TimedOut,
    /// The administrator did not confirm the target's command, so nothing ran.
    NotConfirmed,
}

/// One delivery of one service user's keys to one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeliveryResult {
    pub target_id: String,
    /// The target's name.
    pub target: String,
    pub service_user: String,
    pub status: DeliveryStatus,
    /// The program's exit code, when it exited on its own.
    pub exit_code: Option<i32>,
    /// Standard output, the secret replaced by `<redacted>`.
    pub stdout: String,
    /// Standard error, the secret replaced by `<redacted>`.
    pub stderr: String,
    /// Why it failed, for the administrator (never holds the secret).
    pub error: Option<String>,
}

impl DeliveryResult {
    fn new(target: &DeliveryTarget, service_user: &str, status: DeliveryStatus) -> Self {
        Self {
            target_id: target.id.clone(),
            target: target.name.clone(),
            service_user: service_user.to_owned(),
            status,
            exit_code: None,
            stdout: String::new(),
            stderr: String::new(),
            error: None,
        }
    }

    /// What the journal says of this delivery: the target's name and the exit status.
    pub fn summary(&self) -> String {
        match (self.status, self.exit_code) {
            (DeliveryStatus::Delivered, _) => {
                format!("delivered to {} (exit status 0)", self.target)
            }
            (DeliveryStatus::NotConfirmed, _) => {
                format!("not run on {}: not confirmed", self.target)
            }
            (DeliveryStatus::TimedOut, _) => format!("{} timed out", self.target),
            (DeliveryStatus::Failed, Some(code)) => {
                format!("{} failed (exit status {code})", self.target)
            }
            (DeliveryStatus::Failed, None) => format!(
                "{} failed: {}",
                self.target,
                self.error.as_deref().unwrap_or("no exit status")
            ),
        }
    }
}

/// Delivers `secret` (with `client_id`) for `service_user` to `target`, as the module docs say.
/// A target whose command was not confirmed does not run ([`DeliveryStatus::NotConfirmed`]):
/// callers ask [`Host::confirm`](crate::contract::Host::confirm) first.
pub async fn deliver(
    target: &DeliveryTarget,
    service_user: &str,
    client_id: &str,
    secret: &Secret,
) -> DeliveryResult {
    let mut result = DeliveryResult::new(target, service_user, DeliveryStatus::Failed);
    if !target.is_confirmed() {
        result.status = DeliveryStatus::NotConfirmed;
        result.error = Some("The command was not confirmed, so it did not run.".into());
        return result;
    }
    let argv = match expand_command(&target.command, service_user, client_id) {
        Ok(argv) => argv,
        Err(error) => {
            result.error = Some(error.to_string());
            return result;
        }
    };
    let mut command = tokio::process::Command::new(&argv[0]);
    command
        .args(&argv[1..])
        .env_clear()
        .envs(passed_environment())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    #[cfg(windows)]
    command.creation_flags(0x0800_0000); // CREATE_NO_WINDOW: no console flashes up.
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(error) => {
            result.error = Some(format!("Could not start {}: {error}", argv[0]));
            return result;
        }
    };
    let stdout = Captured::start(child.stdout.take());
    let stderr = Captured::start(child.stderr.take());
    let mut stdin = child.stdin.take();
    let timeout = Duration::from_secs(target.timeout_seconds.into());
    let ran = tokio::time::timeout(timeout, async {
        if let Some(stdin) = stdin.as_mut() {
            // A program that exits without reading its input is not an error here; its exit
            // status says how it went.
            let _ = stdin.write_all(secret.expose_secret().as_bytes()).await;
            let _ = stdin.shutdown().await;
        }
        drop(stdin.take());
        child.wait().await
    })
    .await;
    match ran {
        Ok(Ok(status)) => finish(&mut result, status),
        Ok(Err(error)) => result.error = Some(format!("Could not wait for {}: {error}", argv[0])),
        Err(_) => {
            let _ = child.kill().await;
            result.status = DeliveryStatus::TimedOut;
            result.error = Some(format!(
                "{} did not finish within {} s and was stopped.",
                argv[0], target.timeout_seconds
            ));
        }
    }
    result.stdout = redact(&stdout.collect().await, secret);
    result.stderr = redact(&stderr.collect().await, secret);
    result
}

fn finish(result: &mut DeliveryResult, status: ExitStatus) {
    result.exit_code = status.code();
    if status.success() {
        result.status = DeliveryStatus::Delivered;
    } else {
        result.error = Some(format!("The program ended with {status}."));
    }
}

/// The part of the app's environment a delivery program receives.
fn passed_environment() -> impl Iterator<Item = (String, String)> {
    std::env::vars().filter(|(name, _)| {
        let upper = name.to_ascii_uppercase();
        PASSED_ENV.contains(&upper.as_str())
            || PASSED_ENV_PREFIXES.iter().any(|p| upper.starts_with(p))
    })
}

/// `bytes` as text with every occurrence of the secret replaced by `<redacted>`.
fn redact(bytes: &[u8], secret: &Secret) -> String {
    let text = String::from_utf8_lossy(bytes);
    let secret = secret.expose_secret();
    let mut text = if secret.is_empty() {
        text.into_owned()
    } else {
        text.replace(secret, "<redacted>")
    };
    // Up to a secret's length more than the limit was kept, so a secret that straddles the limit
    // was whole, and is redacted, before the cut.
    if text.len() > OUTPUT_LIMIT {
        let mut cut = OUTPUT_LIMIT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("\n… (output truncated)");
    }
    text
}

/// One output stream, read on its own task into a shared buffer so that what arrived is kept
/// even when a process the program started holds the pipe open.
struct Captured {
    buffer: Arc<Mutex<Vec<u8>>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Captured {
    fn start(stream: Option<impl AsyncRead + Unpin + Send + 'static>) -> Self {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let task = stream.map(|mut stream| {
            let buffer = buffer.clone();
            tokio::spawn(async move {
                // A secret is at most a few hundred bytes: keep that much beyond the limit.
                let keep = OUTPUT_LIMIT + 1024;
                let mut chunk = [0u8; 8192];
                while let Ok(read) = stream.read(&mut chunk).await {
                    if read == 0 {
                        break;
                    }
                    let mut kept = buffer.lock().unwrap_or_else(PoisonError::into_inner);
                    let room = keep.saturating_sub(kept.len());
                    kept.extend_from_slice(&chunk[..read.min(room)]);
                }
            })
        });
        Self { buffer, task }
    }

    async fn collect(mut self) -> Vec<u8> {
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(OUTPUT_GRACE, &mut task).await.is_err()
        {
            task.abort();
        }
        std::mem::take(&mut *self.buffer.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_of_the_secret_is_redacted() {
        let secret = Secret::new("s3cr3t");
        assert_eq!(
            redact(b"got s3cr3t and s3cr3ts3cr3t", &secret),
            "got <redacted> and <redacted><redacted>"
        );
        let mut long = vec![b'a'; OUTPUT_LIMIT - 3];
        long.extend_from_slice(b"s3cr3t tail");
        let text = redact(&long, &secret);
        assert!(
            !text.contains("s3c"),
            "no part of a straddling secret is left"
        );
        assert!(text.ends_with("(output truncated)"));
    }

    #[test]
    fn the_summary_names_the_target_and_exit_status() {
        let target = DeliveryTarget {
            id: "t".into(),
            name: "CI".into(),
            command: "false".into(),
            timeout_seconds: 5,
            confirmed_command: None,
        };
        let mut result = DeliveryResult::new(&target, "ci-deploy", DeliveryStatus::Failed);
        result.exit_code = Some(3);
        assert_eq!(result.summary(), "CI failed (exit status 3)");
    }
}
