//! The rotation assistant: rotating many users' keys with delivery and verification, and
//! finishing a run a network failure interrupted, also after a restart (the run is kept per
//! connection until finished or dismissed). Progress arrives as `RotationProgress` events.

use crate::contract::{Host, emit};
use crate::journal::JournalEntry;
use crate::rotation::{
    self, RotationDelivery, RotationProgress, RotationReport, Unfinished, UnfinishedRun,
};
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

pub async fn rotate_keys(
    app: &App,
    host: &dyn Host,
    names: Vec<String>,
    delivery: RotationDelivery,
) -> Result<RotationReport> {
    let events = app.events();
    let progress = |progress: RotationProgress| emit(events, &progress);
    rotation::rotate(app, host, names, delivery, &progress).await
}

pub async fn finish_rotation(
    app: &App,
    host: &dyn Host,
    unfinished: Vec<Unfinished>,
    delivery: RotationDelivery,
) -> Result<RotationReport> {
    let events = app.events();
    let progress = |progress: RotationProgress| emit(events, &progress);
    rotation::finish(app, host, unfinished, delivery, &progress).await
}

/// The active connection's unfinished run; none without a connection.
pub fn unfinished_rotation(app: &App, _: &dyn Host) -> Result<Option<UnfinishedRun>> {
    let Some(active) = app.state.active_connection() else {
        return Ok(None);
    };
    Ok(app.unfinished_rotations.get(&active.connection.id)?)
}

/// Forgets the active connection's unfinished run, journaled with the users it named.
pub fn dismiss_unfinished_rotation(app: &App, _: &dyn Host) -> Result<()> {
    let Some(active) = app.state.active_connection() else {
        return Ok(());
    };
    let id = &active.connection.id;
    let Some(run) = app.unfinished_rotations.get(id)? else {
        return Ok(());
    };
    app.unfinished_rotations.dismiss(id)?;
    app.state.append(JournalEntry::ended(
        active.connection.name,
        "rotate-keys dismiss-unfinished",
        run.users.into_iter().map(|u| u.name).collect(),
        None,
    ));
    Ok(())
}
