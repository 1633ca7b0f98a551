//! The user's settings, the start-up notices and the activity journal.

use crate::contract::{Host, SaveRequest};
use crate::journal::JournalEntry;
use crate::notices::Notice;
use crate::preferences::Settings;
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

pub fn get_settings(app: &App, _: &dyn Host) -> Result<Settings> {
    Ok(app.handoffs.settings())
}

/// Saved first: a setting that could not be saved is not applied either.
pub fn update_settings(app: &App, _: &dyn Host, settings: Settings) -> Result<Settings> {
    settings.validate()?;
    app.preferences.update(|p| p.settings = settings)?;
    Ok(app.handoffs.apply_settings(settings)?)
}

pub async fn notices(app: &App, _: &dyn Host) -> Result<Vec<Notice>> {
    app.ensure_first_connection().await;
    Ok(app.notices.all())
}

pub fn read_journal(app: &App, _: &dyn Host) -> Result<Vec<JournalEntry>> {
    Ok(app.state.read_journal()?)
}

pub async fn export_journal(app: &App, host: &dyn Host) -> Result<Option<String>> {
    let request = SaveRequest {
        title: "Export the activity journal",
        file_name: "service-users-activity.jsonl".to_owned(),
        filter: "JSON Lines",
        extension: "jsonl",
    };
    let Some(path) = host.choose_save_path(request).await else {
        return Ok(None);
    };
    app.state.export_journal(&path)?;
    Ok(Some(path.display().to_string()))
}
