//! Delivery targets: saving them behind a native confirmation of their command, and delivering
//! the keys of open handoffs to them, each delivery journalled by target name and exit status.

use uuid::Uuid;

use crate::contract::Host;
use crate::delivery::{self, DeliveryResult, DeliveryTarget, DeliveryTargetInput};
use crate::rotation;
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

pub fn list_delivery_targets(app: &App, _: &dyn Host) -> Result<Vec<DeliveryTarget>> {
    Ok(app.delivery_targets.list()?)
}

pub async fn save_delivery_target(
    app: &App,
    host: &dyn Host,
    input: DeliveryTargetInput,
) -> Result<Option<DeliveryTarget>> {
    let mut target = app.delivery_targets.prepare(input)?;
    if !target.is_confirmed() {
        if !host.confirm(delivery::confirmation(&target)).await {
            return Ok(None);
        }
        target.confirmed_command = Some(target.command.clone());
    }
    Ok(Some(app.delivery_targets.put(target)?))
}

pub fn delete_delivery_target(app: &App, _: &dyn Host, id: String) -> Result<()> {
    Ok(app.delivery_targets.delete(&id)?)
}

pub async fn deliver_keys(
    app: &App,
    host: &dyn Host,
    handoff_id: Uuid,
    target_ids: Vec<String>,
) -> Result<Vec<DeliveryResult>> {
    let (service_user, client_id, secret) = app.handoffs.keys(handoff_id)?;
    // Every id is checked before anything runs, so a stale choice runs nothing.
    let targets = target_ids
        .iter()
        .map(|id| app.delivery_targets.get(id))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let connection = app
        .state
        .active_connection()
        .map(|active| active.connection.name)
        .unwrap_or_default();
    Ok(rotation::deliver_to_targets(
        app,
        host,
        &connection,
        targets,
        &service_user,
        &client_id,
        &secret,
    )
    .await?)
}
