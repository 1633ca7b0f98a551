//! The user's settings, the start-up notices and the activity journal (read, filtered, exported).

use crate::activity::{self, ActivityFilter, ActivityFormat};
use crate::contract::{Host, SaveRequest};
use crate::journal::JournalEntry;
use crate::notices::Notice;
use crate::preferences::Settings;
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

pub fn get_settings(app: &App, _: &dyn Host) -> Result<Settings> {
    Ok(app.settings())
}

/// Saved first: a setting that could not be saved is not applied either.
pub fn update_settings(app: &App, _: &dyn Host, settings: Settings) -> Result<Settings> {
    let settings = settings.normalised();
    settings.validate()?;
    app.preferences.update(|p| p.settings = settings.clone())?;
    Ok(app.apply_settings(settings)?)
}

pub async fn notices(app: &App, _: &dyn Host) -> Result<Vec<Notice>> {
    app.ensure_first_connection().await;
    Ok(app.notices.all())
}

pub fn read_journal(app: &App, _: &dyn Host) -> Result<Vec<JournalEntry>> {
    Ok(app.state.read_journal()?)
}

/// Asks where with the native save dialog, then writes the entries `filter` keeps there.
pub async fn export_activity(
    app: &App,
    host: &dyn Host,
    format: ActivityFormat,
    filter: ActivityFilter,
) -> Result<Option<String>> {
    let entries = activity::filter(app.state.read_journal()?, &filter)?;
    let bytes = activity::encode(&entries, format)?;
    let request = SaveRequest {
        title: "Export the activity journal",
        file_name: format!("service-users-activity.{}", format.extension()),
        filter: match format {
            ActivityFormat::Jsonl => "JSON Lines",
            ActivityFormat::Csv => "CSV",
        },
        extension: format.extension(),
        directory: None,
    };
    super::save::save_chosen(host, request, &bytes, "write the activity to").await
}
