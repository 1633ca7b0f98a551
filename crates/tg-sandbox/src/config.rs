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
}

impl SandboxConfig {
    /// Listens on `127.0.0.1:0`, no demo data, no added latency, loopback only.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            data_dir: data_dir.into(),
            demo: false,
            latency: Duration::ZERO,
            allow_remote: false,
        }
    }
}

/// Largest accepted request body; larger ones get 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The CLI's default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

/// The platform data directory for the sandbox (`dirs::data_dir()/tg-sandbox`), if the platform has one.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("tg-sandbox"))
}
