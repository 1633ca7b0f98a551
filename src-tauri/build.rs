//! Generates one permission per app command, so the capability in `capabilities/main.json` can
//! grant the main window exactly these commands and nothing else.

const COMMANDS: &[&str] = &[
    "list_connections",
    "active_connection",
    "add_connection",
    "update_connection",
    "remove_connection",
    "switch_connection",
    "list_service_users",
    "get_service_user",
    "create_service_user",
    "set_service_user_status",
    "attach_policy",
    "detach_policy",
    "run_bulk_action",
    "cancel_bulk_action",
    "list_policies",
    "generate_keys",
    "reveal_secret",
    "copy_secret",
    "copy_header",
    "copy_client_id",
    "clear_clipboard_now",
    "save_secret",
    "close_handoff",
    "get_settings",
    "update_settings",
    "read_journal",
    "export_journal",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("the Tauri build step failed");
}
