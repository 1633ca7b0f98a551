//! The embedded sandbox's way back: re-issue its admin's keys, or reset its demo data. Both
//! make the sandbox the connection in use, signed in with the new keys.

use crate::connections::ActiveConnection;
use crate::contract::Host;
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

pub async fn recover_sandbox(app: &App, _: &dyn Host) -> Result<ActiveConnection> {
    let active = app.recover_sandbox(false).await?;
    app.remember_connection(&active.connection.id);
    Ok(active)
}

pub async fn reset_sandbox(app: &App, _: &dyn Host) -> Result<ActiveConnection> {
    let active = app.recover_sandbox(true).await?;
    app.remember_connection(&active.connection.id);
    Ok(active)
}
