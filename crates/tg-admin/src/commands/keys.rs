//! API keys: generating them, and everything the user can do with a one-time secret while it is
//! held (reveal, copy with a countdown, save, close).

use uuid::Uuid;

use crate::contract::{Host, SaveRequest};
use crate::secret_handoff::{KeyHandoff, SecretFileFormat};
use crate::{App, AppError, api_keys};

type Result<T> = std::result::Result<T, AppError>;

pub async fn generate_keys(app: &App, _: &dyn Host, name: String) -> Result<KeyHandoff> {
    api_keys::generate(&app.state, &app.handoffs, &name).await
}

pub fn reveal_secret(app: &App, _: &dyn Host, handoff_id: Uuid) -> Result<String> {
    Ok(app.handoffs.reveal(handoff_id)?.expose_secret().to_owned())
}

pub fn copy_secret(app: &App, _: &dyn Host, handoff_id: Uuid) -> Result<()> {
    Ok(app.handoffs.copy_secret(handoff_id)?)
}

pub fn copy_header(app: &App, _: &dyn Host, handoff_id: Uuid) -> Result<()> {
    Ok(app.handoffs.copy_header(handoff_id)?)
}

pub fn copy_client_id(app: &App, _: &dyn Host, handoff_id: Uuid) -> Result<()> {
    Ok(app.handoffs.copy_client_id(handoff_id)?)
}

pub fn clear_clipboard_now(app: &App, _: &dyn Host) -> Result<()> {
    app.handoffs.clear_now();
    Ok(())
}

pub async fn save_secret(
    app: &App,
    host: &dyn Host,
    handoff_id: Uuid,
    format: SecretFileFormat,
) -> Result<Option<String>> {
    let request = SaveRequest {
        title: "Save the service user's keys",
        file_name: app.handoffs.suggested_file_name(handoff_id, format)?,
        filter: format.filter_label(),
        extension: format.extension(),
        directory: app.settings().keys_folder.map(Into::into),
    };
    let Some(path) = host.choose_save_path(request).await else {
        return Ok(None);
    };
    app.handoffs.save(handoff_id, format, &path)?;
    Ok(Some(path.display().to_string()))
}

pub fn close_handoff(app: &App, _: &dyn Host, handoff_id: Uuid) -> Result<()> {
    Ok(app.handoffs.close(handoff_id)?)
}
