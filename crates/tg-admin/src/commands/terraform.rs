//! Exporting the connected org as Terraform into a folder the user picks.

use crate::contract::Host;
use crate::terraform::{self, TerraformExport};
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

pub async fn export_terraform(app: &App, host: &dyn Host) -> Result<Option<TerraformExport>> {
    let Some(folder) = host
        .choose_folder("Choose a folder for main.tf and imports.tf")
        .await
    else {
        return Ok(None);
    };
    // Read after the dialog, so the export is what the org holds now.
    let org = app
        .state
        .active_connection()
        .map(|active| active.org.name)
        .unwrap_or_default();
    let users = app.state.list_service_users().await?;
    let policies = app.state.list_policies().await?;
    let files = terraform::render(&org, &users, &policies)?;
    terraform::write(&folder, &files)?;
    let custom = policies
        .iter()
        .filter(|p| !tg_policy::is_builtin(&p.name))
        .count();
    Ok(Some(TerraformExport {
        folder: folder.display().to_string(),
        service_users: users.len() as u32,
        policies: custom as u32,
    }))
}
