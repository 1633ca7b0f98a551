//! Delivering one user's new keys during a rotation: to a file the administrator picks in the
//! native save dialog, and to delivery targets (each confirmed natively before its first run).
//! Every delivery is journalled by where it went and how it ended, never with the secret.

use tg_api::Secret;
use uuid::Uuid;

use super::model::FileDelivery;
use crate::App;
use crate::contract::{Host, SaveRequest};
use crate::delivery::{self, DeliveryResult, DeliveryStatus, DeliveryTarget};
use crate::journal::JournalEntry;
use crate::secret_handoff::SecretFileFormat;

/// Asks where to save `user`'s keys and writes them there, owner-only. `None` path: cancelled.
pub(super) async fn to_file(
    app: &App,
    host: &dyn Host,
    connection: &str,
    user: &str,
    handoff: Uuid,
    format: SecretFileFormat,
) -> FileDelivery {
    let request = SaveRequest {
        title: "Save the rotated keys",
        file_name: format.suggested_file_name(user),
        filter: format.filter_label(),
        extension: format.extension(),
        directory: app.settings().keys_folder.map(Into::into),
    };
    let Some(path) = host.choose_save_path(request).await else {
        app.state.append(JournalEntry::ended(
            connection,
            "rotate-keys deliver file",
            vec![user.to_owned()],
            Some("the save dialog was cancelled".into()),
        ));
        return FileDelivery {
            path: None,
            error: Some("The save dialog was cancelled: no file was written.".into()),
        };
    };
    let saved = app.handoffs.save(handoff, format, &path);
    let error = saved
        .as_ref()
        .err()
        .map(|e| crate::AppError::from(e).message);
    app.state.append(JournalEntry::ended(
        connection,
        "rotate-keys deliver file",
        vec![user.to_owned()],
        error.clone(),
    ));
    FileDelivery {
        path: saved.is_ok().then(|| path.display().to_string()),
        error,
    }
}

/// Runs each target for `user`'s keys, one after the other; a command not yet confirmed asks
/// first (natively) and does not run without it. Each delivery is journalled by target name and
/// exit status.
pub async fn deliver_to_targets(
    app: &App,
    host: &dyn Host,
    connection: &str,
    targets: Vec<DeliveryTarget>,
    user: &str,
    client_id: &str,
    secret: &Secret,
) -> crate::Result<Vec<DeliveryResult>> {
    let mut results = Vec::with_capacity(targets.len());
    for mut target in targets {
        if !target.is_confirmed() && host.confirm(delivery::confirmation(&target)).await {
            target = app
                .delivery_targets
                .mark_confirmed(&target.id, &target.command)?;
        }
        let result = delivery::deliver(&target, user, client_id, secret).await;
        app.state.append(JournalEntry::ended(
            connection,
            format!("deliver-keys {}", target.name),
            vec![user.to_owned()],
            (result.status != DeliveryStatus::Delivered).then(|| result.summary()),
        ));
        results.push(result);
    }
    Ok(results)
}
