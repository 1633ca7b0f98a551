//! Why the sandbox could not start (or be recovered): the one error type of
//! [`crate::Sandbox::start`] and of the recovery methods of [`crate::RunningSandbox`], printed by
//! the CLI before it exits. Request errors are [`crate::api_error::ApiError`].

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(
        "refusing to listen on non-loopback address {0}: the sandbox is for local use; pass --allow-remote to override"
    )]
    RemoteNotAllowed(std::net::SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("data directory {path}: {source}")]
    DataDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("database schema version {found} is newer than this sandbox supports ({supported})")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("admin credentials file {path}: {message}")]
    Credentials {
        path: std::path::PathBuf,
        message: String,
    },
    #[error("invalid configuration: {0}")]
    InvalidConfig(String),
    #[error("startup task failed: {0}")]
    Task(String),
}
