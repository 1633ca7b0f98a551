//! One command per use-case, each a few lines over `tg-admin`. Arguments and results are the
//! generated TypeScript types; every error reaches the UI as `AppError { code, message, details }`.
//!
//! No command runs on the main thread: plain `fn` commands are declared `(async)`, because some
//! talk to the keychain over D-Bus or read the clipboard back, and a slow answer must never
//! freeze the window.

use tauri::{AppHandle, Emitter, State, Window};
use tauri_plugin_dialog::DialogExt;
use tg_admin::secret_handoff::{KeyHandoff, SecretFileFormat, SecretHandoffs};
use tg_admin::{
    ActiveConnection, AppError, AppState, BulkAction, BulkReport, Connection, ConnectionUpdate,
    JournalEntry, NewConnection, PreferencesFile, Settings, api_keys,
};
use tg_api::{NewServiceUser, Policy, ServiceUser, ServiceUserStatus};
use uuid::Uuid;

use crate::startup::StartupConnection;

type Result<T> = std::result::Result<T, AppError>;

/// The event that carries a running bulk action's progress.
const BULK_PROGRESS_EVENT: &str = "bulk-progress";

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        list_connections,
        active_connection,
        add_connection,
        update_connection,
        remove_connection,
        switch_connection,
        list_service_users,
        get_service_user,
        create_service_user,
        set_service_user_status,
        attach_policy,
        detach_policy,
        run_bulk_action,
        cancel_bulk_action,
        list_policies,
        generate_keys,
        reveal_secret,
        copy_secret,
        copy_header,
        copy_client_id,
        clear_clipboard_now,
        save_secret,
        close_handoff,
        get_settings,
        update_settings,
        read_journal,
        export_journal,
    ]
}

/// Makes `active` the connection the next start opens on; the switch itself already happened.
fn remembered(preferences: &PreferencesFile, active: ActiveConnection) -> ActiveConnection {
    let id = active.connection.id.clone();
    if let Err(error) = preferences.update(|p| p.last_connection = Some(id)) {
        tracing::warn!(%error, "could not remember the connection in use");
    }
    active
}

#[tauri::command(async)]
fn list_connections(admin: State<'_, AppState>) -> Result<Vec<Connection>> {
    Ok(admin.list_connections()?)
}

#[tauri::command]
async fn active_connection(
    admin: State<'_, AppState>,
    preferences: State<'_, PreferencesFile>,
    startup: State<'_, StartupConnection>,
) -> Result<Option<ActiveConnection>> {
    startup.ensure(&admin, &preferences).await;
    Ok(admin.active_connection())
}

#[tauri::command]
async fn add_connection(
    input: NewConnection,
    admin: State<'_, AppState>,
    preferences: State<'_, PreferencesFile>,
) -> Result<ActiveConnection> {
    Ok(remembered(&preferences, admin.add_connection(input).await?))
}

#[tauri::command]
async fn update_connection(
    id: String,
    input: ConnectionUpdate,
    admin: State<'_, AppState>,
    preferences: State<'_, PreferencesFile>,
) -> Result<ActiveConnection> {
    Ok(remembered(
        &preferences,
        admin.update_connection(&id, input).await?,
    ))
}

#[tauri::command(async)]
fn remove_connection(id: String, admin: State<'_, AppState>) -> Result<()> {
    Ok(admin.remove_connection(&id)?)
}

#[tauri::command]
async fn switch_connection(
    id: String,
    admin: State<'_, AppState>,
    preferences: State<'_, PreferencesFile>,
) -> Result<ActiveConnection> {
    Ok(remembered(
        &preferences,
        admin.switch_connection(&id).await?,
    ))
}

#[tauri::command]
async fn list_service_users(admin: State<'_, AppState>) -> Result<Vec<ServiceUser>> {
    Ok(admin.list_service_users().await?)
}

#[tauri::command]
async fn get_service_user(name: String, admin: State<'_, AppState>) -> Result<ServiceUser> {
    Ok(admin.get_service_user(&name).await?)
}

#[tauri::command]
async fn create_service_user(
    input: NewServiceUser,
    admin: State<'_, AppState>,
) -> Result<ServiceUser> {
    Ok(admin.create_service_user(input).await?)
}

#[tauri::command]
async fn set_service_user_status(
    name: String,
    status: ServiceUserStatus,
    admin: State<'_, AppState>,
) -> Result<ServiceUser> {
    Ok(admin.set_service_user_status(&name, status).await?)
}

#[tauri::command]
async fn attach_policy(
    name: String,
    policy_id: String,
    admin: State<'_, AppState>,
) -> Result<ServiceUser> {
    Ok(admin.attach_policy(&name, &policy_id).await?)
}

#[tauri::command]
async fn detach_policy(
    name: String,
    policy_id: String,
    admin: State<'_, AppState>,
) -> Result<ServiceUser> {
    Ok(admin.detach_policy(&name, &policy_id).await?)
}

#[tauri::command]
async fn run_bulk_action(
    action: BulkAction,
    names: Vec<String>,
    app: AppHandle,
    admin: State<'_, AppState>,
) -> Result<BulkReport> {
    let progress = |p| {
        let _ = app.emit(BULK_PROGRESS_EVENT, p);
    };
    Ok(admin.run_bulk_action(action, names, progress).await?)
}

#[tauri::command(async)]
fn cancel_bulk_action(admin: State<'_, AppState>) {
    admin.cancel_bulk_action();
}

#[tauri::command]
async fn list_policies(admin: State<'_, AppState>) -> Result<Vec<Policy>> {
    Ok(admin.list_policies().await?)
}

#[tauri::command]
async fn generate_keys(
    name: String,
    admin: State<'_, AppState>,
    handoffs: State<'_, SecretHandoffs>,
) -> Result<KeyHandoff> {
    api_keys::generate(&admin, &handoffs, &name).await
}

/// The one place a secret crosses to the webview: the user asked to see it.
#[tauri::command(async)]
fn reveal_secret(handoff_id: Uuid, handoffs: State<'_, SecretHandoffs>) -> Result<String> {
    Ok(handoffs.reveal(handoff_id)?.expose_secret().to_owned())
}

#[tauri::command(async)]
fn copy_secret(handoff_id: Uuid, handoffs: State<'_, SecretHandoffs>) -> Result<()> {
    Ok(handoffs.copy_secret(handoff_id)?)
}

#[tauri::command(async)]
fn copy_header(handoff_id: Uuid, handoffs: State<'_, SecretHandoffs>) -> Result<()> {
    Ok(handoffs.copy_header(handoff_id)?)
}

#[tauri::command(async)]
fn copy_client_id(handoff_id: Uuid, handoffs: State<'_, SecretHandoffs>) -> Result<()> {
    Ok(handoffs.copy_client_id(handoff_id)?)
}

#[tauri::command(async)]
fn clear_clipboard_now(handoffs: State<'_, SecretHandoffs>) {
    handoffs.clear_now();
}

/// Asks where to save with the native dialog (which confirms any overwrite), then writes the
/// file with owner-only permissions. `None` when the user cancelled.
#[tauri::command]
async fn save_secret(
    handoff_id: Uuid,
    format: SecretFileFormat,
    window: Window,
    handoffs: State<'_, SecretHandoffs>,
) -> Result<Option<String>> {
    let file_name = handoffs.suggested_file_name(handoff_id, format)?;
    let filter = match format {
        SecretFileFormat::Env => "Environment file",
        SecretFileFormat::Json => "JSON",
    };
    let save_as = SaveAs {
        title: "Save the service user's keys",
        file_name: &file_name,
        filter,
        extension: format.extension(),
    };
    let Some(path) = save_as.ask(&window) else {
        return Ok(None);
    };
    handoffs.save(handoff_id, format, &path)?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command(async)]
fn close_handoff(handoff_id: Uuid, handoffs: State<'_, SecretHandoffs>) -> Result<()> {
    Ok(handoffs.close(handoff_id)?)
}

#[tauri::command(async)]
fn get_settings(handoffs: State<'_, SecretHandoffs>) -> Settings {
    handoffs.settings()
}

#[tauri::command(async)]
fn update_settings(
    settings: Settings,
    handoffs: State<'_, SecretHandoffs>,
    preferences: State<'_, PreferencesFile>,
) -> Result<Settings> {
    // Saved first: a setting that could not be saved is not applied either.
    settings.validate()?;
    preferences.update(|p| p.settings = settings)?;
    Ok(handoffs.apply_settings(settings)?)
}

#[tauri::command(async)]
fn read_journal(admin: State<'_, AppState>) -> Result<Vec<JournalEntry>> {
    Ok(admin.read_journal()?)
}

/// Asks where to save with the native dialog, then copies the journal there. `None` when the
/// user cancelled.
#[tauri::command]
async fn export_journal(window: Window, admin: State<'_, AppState>) -> Result<Option<String>> {
    let save_as = SaveAs {
        title: "Export the activity journal",
        file_name: "service-users-activity.jsonl",
        filter: "JSON Lines",
        extension: "jsonl",
    };
    let Some(path) = save_as.ask(&window) else {
        return Ok(None);
    };
    admin.export_journal(&path)?;
    Ok(Some(path.display().to_string()))
}

/// The native save dialog, parented to the window (GTK confirms before overwriting a file).
struct SaveAs<'a> {
    title: &'a str,
    file_name: &'a str,
    filter: &'a str,
    extension: &'a str,
}

impl SaveAs<'_> {
    /// The chosen path, or `None` when the user cancelled.
    fn ask(&self, window: &Window) -> Option<std::path::PathBuf> {
        window
            .dialog()
            .file()
            .set_parent(window)
            .set_title(self.title)
            .set_file_name(self.file_name)
            .add_filter(self.filter, &[self.extension])
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
    }
}
