//! How a sandbox is started and the limits it enforces. One plain struct shared by the CLI and by
//! the desktop app, which runs the sandbox in-process, so both start it the same way.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// Settings for [`crate::Sandbox::start`].
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Where the SQLite database and `admin-credentials.json` live.
    pub data_dir: PathBuf,
    /// Add demo service users and policies when the organisation is created.
    pub demo: bool,
    /// Delay added to every request, to imitate a real network round trip.
    pub latency: Duration,
    /// Allow listening on a non-loopback address.
    pub allow_remote: bool,
    /// Longest a request may take (waiting for its body included); slower ones get 503.
    pub request_timeout: Duration,
    /// Requests handled at once; more are refused at once with 503 (clients retry).
    pub max_concurrent_requests: usize,
    /// Injected failures for testing clients; `None` (the default) for none.
    pub faults: Option<FaultConfig>,
}

/// The fault mode: what share of requests fails, and how (see the crate README).
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    /// Share of requests that fail, from 0 to 1.
    pub rate: f64,
    /// Seed of the generator that draws which requests fail and how.
    pub seed: u64,
    /// How long a late answer is held back.
    pub delay: Duration,
}

impl FaultConfig {
    /// `rate` of the requests fail, drawn from `seed`; late answers come after
    /// [`DEFAULT_FAULT_DELAY`].
    pub fn new(rate: f64, seed: u64) -> Self {
        Self {
            rate,
            seed,
            delay: DEFAULT_FAULT_DELAY,
        }
    }
}

/// Default [`FaultConfig::delay`]: past the 30 s a client usually waits.
pub const DEFAULT_FAULT_DELAY: Duration = Duration::from_secs(35);

impl SandboxConfig {
    /// Listens on `127.0.0.1:0`, no demo data, no added latency, loopback only, default limits,
    /// no faults.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            data_dir: data_dir.into(),
            demo: false,
            latency: Duration::ZERO,
            allow_remote: false,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_concurrent_requests: DEFAULT_MAX_CONCURRENT_REQUESTS,
            faults: None,
        }
    }
}

/// Largest accepted request body; larger ones get 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Default [`SandboxConfig::request_timeout`]: well under a client's usual 30 s, so a stuck
/// request is answered before the client gives up.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Default [`SandboxConfig::max_concurrent_requests`]: far above what the app sends (bulk
/// actions use up to 32), low enough that a runaway client cannot exhaust the machine.
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 128;

/// The CLI's default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

/// The platform data directory for the sandbox (`dirs::data_dir()/tg-sandbox`), if the platform has one.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("tg-sandbox"))
}
