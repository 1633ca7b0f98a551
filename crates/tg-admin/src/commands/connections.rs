//! Connections: listing, adding, editing, removing and switching. A connection that becomes the
//! one in use is remembered for the next start.

use crate::connections::{ActiveConnection, Connection, ConnectionUpdate, NewConnection};
use crate::contract::Host;
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

pub fn list_connections(app: &App, _: &dyn Host) -> Result<Vec<Connection>> {
    Ok(app.state.list_connections()?)
}

pub async fn active_connection(app: &App, _: &dyn Host) -> Result<Option<ActiveConnection>> {
    app.ensure_first_connection().await;
    Ok(app.state.active_connection())
}

pub async fn add_connection(
    app: &App,
    _: &dyn Host,
    input: NewConnection,
) -> Result<ActiveConnection> {
    let active = app.state.add_connection(input).await?;
    app.remember_connection(&active.connection.id);
    Ok(active)
}

pub async fn update_connection(
    app: &App,
    _: &dyn Host,
    id: String,
    input: ConnectionUpdate,
) -> Result<ActiveConnection> {
    let active = app.state.update_connection(&id, input).await?;
    app.remember_connection(&active.connection.id);
    Ok(active)
}

/// Removes a saved connection, and the rotation it left unfinished: it could never be finished.
pub fn remove_connection(app: &App, _: &dyn Host, id: String) -> Result<()> {
    app.state.remove_connection(&id)?;
    if let Err(error) = app.unfinished_rotations.dismiss(&id) {
        tracing::warn!(%error, "the removed connection's unfinished rotation stays in its file");
    }
    Ok(())
}

pub async fn switch_connection(app: &App, _: &dyn Host, id: String) -> Result<ActiveConnection> {
    let active = app.state.switch_connection(&id).await?;
    app.remember_connection(&active.connection.id);
    Ok(active)
}
