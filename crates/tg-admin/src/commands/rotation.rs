//! The rotation assistant: rotating many users' keys with delivery and verification, and
//! finishing a run a network failure interrupted. Progress arrives as `RotationProgress` events.

use crate::contract::{Host, emit};
use crate::rotation::{self, RotationDelivery, RotationProgress, RotationReport, Unfinished};
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
