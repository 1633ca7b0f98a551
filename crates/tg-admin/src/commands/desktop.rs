//! Start-up marks from the UI, and the call the window's events arrive through.

use crate::contract::Host;
use crate::desktop::{STARTUP_TARGET, StartupMark};
use crate::error::Error;
use crate::event_stream::{EventBatch, LONGEST_WAIT};
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

/// The events after number `after` (`null`: from now on), once there is one or after
/// [`LONGEST_WAIT`] with none (see `event_stream`).
pub async fn next_events(
    app: &App,
    _: &dyn Host,
    after: Option<u32>,
) -> Result<EventBatch, AppError> {
    let queue = app
        .event_stream()
        .ok_or_else(|| Error::InvalidInput("No window reads this app's events.".into()))?;
    Ok(queue.next_after(after, LONGEST_WAIT).await)
}
