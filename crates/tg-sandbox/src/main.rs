//! The `tg-sandbox` command: runs the sandbox until SIGINT/SIGTERM (Ctrl-C on Windows).
//! The first line on stdout is always `tg-sandbox listening on http://HOST:PORT`, so scripts
//! and tests can start it with `--listen 127.0.0.1:0` and read the real address.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use tg_sandbox::{DEFAULT_LISTEN, FaultConfig, Sandbox, SandboxConfig};

/// A local Trustgrid-compatible API server (organisation, service users, policies).
#[derive(Debug, Parser)]
#[command(name = "tg-sandbox", version)]
struct Cli {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = DEFAULT_LISTEN)]
    listen: SocketAddr,
    /// Directory for the database and admin-credentials.json [default: platform data dir/tg-sandbox]
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Add demo service users and policies when the organisation is created.
    #[arg(long)]
    demo: bool,
    /// Milliseconds of delay added to every request.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Allow listening on a non-loopback address.
    #[arg(long)]
    allow_remote: bool,
    /// Fail this share (0 to 1) of requests: 500, 503, dropped connections, late answers.
    #[arg(long, value_name = "RATE")]
    faults: Option<f64>,
    /// Seed of the fault draws; the same seed gives a sequential client the same faults.
    #[arg(long, value_name = "N", default_value_t = 0, requires = "faults")]
    fault_seed: u64,
    /// Milliseconds a late answer is held back.
    #[arg(long, value_name = "MS", default_value_t = tg_sandbox::DEFAULT_FAULT_DELAY.as_millis() as u64, requires = "faults")]
    fault_delay_ms: u64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let Some(data_dir) = cli.data_dir.or_else(tg_sandbox::default_data_dir) else {
        eprintln!("tg-sandbox: no platform data directory; pass --data-dir");
        return ExitCode::FAILURE;
    };
    let mut config = SandboxConfig::new(data_dir);
    config.listen = cli.listen;
    config.demo = cli.demo;
    config.latency = Duration::from_millis(cli.latency_ms);
    config.allow_remote = cli.allow_remote;
    config.faults = cli.faults.map(|rate| FaultConfig {
        rate,
        seed: cli.fault_seed,
        delay: Duration::from_millis(cli.fault_delay_ms),
    });
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tg-sandbox: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(config))
}

async fn run(config: SandboxConfig) -> ExitCode {
    // Listen for stop signals before announcing the address, so a signal sent right after the
    // first line is never missed.
    let stop = match StopSignal::install() {
        Ok(stop) => stop,
        Err(error) => {
            eprintln!("tg-sandbox: cannot install signal handlers: {error}");
            return ExitCode::FAILURE;
        }
    };
    let faults = config.faults.clone();
    let sandbox = match Sandbox::start(config).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("tg-sandbox: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "tg-sandbox listening on {}", sandbox.base_url());
    let _ = stdout.flush();
    drop(stdout);
    if let Some(faults) = faults {
        eprintln!(
            "tg-sandbox: fault mode: {:.0} % of requests fail (seed {}, late answers after {} ms)",
            faults.rate * 100.0,
            faults.seed,
            faults.delay.as_millis()
        );
    }
    eprintln!(
        "tg-sandbox: admin credentials (client id {}) in {}",
        sandbox.admin_credentials().client_id,
        sandbox.credentials_path().display()
    );
    stop.wait().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}

/// SIGINT or SIGTERM on Unix, Ctrl-C elsewhere.
struct StopSignal {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignal {
    fn install() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
