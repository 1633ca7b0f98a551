//! Start-up marks from the UI.

use crate::contract::Host;
use crate::desktop::{STARTUP_TARGET, StartupMark};
use crate::{App, AppError};

/// Logs the mark at `info` under the `startup` target; nothing else depends on it.
pub fn startup_mark(_: &App, _: &dyn Host, mark: StartupMark) -> Result<(), AppError> {
    match mark {
        StartupMark::ScriptStarted => tracing::info!(target: STARTUP_TARGET, "ui script started"),
        StartupMark::ListShown { rows } => {
            tracing::info!(target: STARTUP_TARGET, rows, "list shown")
        }
    }
    Ok(())
}
