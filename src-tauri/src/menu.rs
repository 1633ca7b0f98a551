//! The native menu bar and its shortcuts, laid out as each OS expects: on macOS the app menu
//! (About, Hide, Quit ⌘Q) and the Edit menu the webview needs for ⌘C/⌘V, on Windows and Linux a
//! File / View / Help bar. The app's own items (Refresh, Find, New service user) are carried out
//! by the UI: choosing one, or pressing its shortcut, sends a [`MenuCommand`] event to the
//! window. The UI's tooltips show the same keys (`ui/src/shortcuts.ts`; a test below keeps the
//! two in step).

use std::sync::Arc;

use tauri::menu::{
    AboutMetadata, IsMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu,
};
use tauri::{AppHandle, Manager, Runtime};
use tg_admin::contract::emit;
use tg_admin::desktop::MenuCommand;
use tg_admin::event_stream::EventQueue;

const QUIT: &str = "quit";

/// Every item the UI carries out: (command, menu id, label, key with Ctrl or Cmd).
const COMMANDS: &[(MenuCommand, &str, &str, char)] = &[
    (
        MenuCommand::NewServiceUser,
        "new-service-user",
        "New Service User…",
        'N',
    ),
    (MenuCommand::Refresh, "refresh", "Refresh", 'R'),
    (MenuCommand::Find, "find", "Find…", 'F'),
];

fn item<R: Runtime>(app: &AppHandle<R>, command: MenuCommand) -> tauri::Result<MenuItem<R>> {
    let (_, id, label, key) = COMMANDS
        .iter()
        .find(|(c, ..)| *c == command)
        .expect("every command has a menu item");
    MenuItem::with_id(app, *id, *label, true, Some(format!("CmdOrCtrl+{key}")))
}

fn about<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<PredefinedMenuItem<R>> {
    let info = app.package_info();
    let config = app.config();
    let metadata = AboutMetadata {
        name: Some("Trustgrid Service Users".into()),
        version: Some(info.version.to_string()),
        comments: config.bundle.short_description.clone(),
        license: config.bundle.license.clone(),
        website: config.bundle.homepage.clone(),
        ..Default::default()
    };
    PredefinedMenuItem::about(app, Some("About Trustgrid Service Users"), Some(metadata))
}

/// The menu bar for this OS.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let separator = || PredefinedMenuItem::separator(app);
    let new_user = item(app, MenuCommand::NewServiceUser)?;
    let refresh = item(app, MenuCommand::Refresh)?;
    let find = item(app, MenuCommand::Find)?;
    let view = Submenu::with_items(app, "View", true, &[&refresh, &find])?;

    if cfg!(target_os = "macos") {
        let app_menu = Submenu::with_items(
            app,
            "Trustgrid Service Users",
            true,
            &[
                &about(app)?,
                &separator()?,
                &PredefinedMenuItem::services(app, None)?,
                &separator()?,
                &PredefinedMenuItem::hide(app, None)?,
                &PredefinedMenuItem::hide_others(app, None)?,
                &PredefinedMenuItem::show_all(app, None)?,
                &separator()?,
                &PredefinedMenuItem::quit(app, None)?,
            ],
        )?;
        let file = Submenu::with_items(
            app,
            "File",
            true,
            &[
                &new_user,
                &separator()?,
                &PredefinedMenuItem::close_window(app, None)?,
            ],
        )?;
        // Without these items the webview gets no ⌘C, ⌘V, ⌘X, ⌘A or ⌘Z on macOS.
        let edit = Submenu::with_items(
            app,
            "Edit",
            true,
            &[
                &PredefinedMenuItem::undo(app, None)?,
                &PredefinedMenuItem::redo(app, None)?,
                &separator()?,
                &PredefinedMenuItem::cut(app, None)?,
                &PredefinedMenuItem::copy(app, None)?,
                &PredefinedMenuItem::paste(app, None)?,
                &PredefinedMenuItem::select_all(app, None)?,
            ],
        )?;
        let window = Submenu::with_items(
            app,
            "Window",
            true,
            &[
                &PredefinedMenuItem::minimize(app, None)?,
                &PredefinedMenuItem::maximize(app, None)?,
            ],
        )?;
        Menu::with_items(app, &[&app_menu, &file, &edit, &view, &window])
    } else {
        // Windows says Exit and leaves it to Alt+F4; Linux desktops say Quit, on Ctrl+Q.
        let quit = if cfg!(windows) {
            MenuItem::with_id(app, QUIT, "E&xit", true, None::<&str>)?
        } else {
            MenuItem::with_id(app, QUIT, "&Quit", true, Some("CmdOrCtrl+Q"))?
        };
        let file = Submenu::with_items(app, "&File", true, &[&new_user, &separator()?, &quit])?;
        let help = Submenu::with_items(app, "&Help", true, &[&about(app)? as &dyn IsMenuItem<R>])?;
        Menu::with_items(app, &[&file, &view, &help])
    }
}

/// Carries out a menu choice: Quit here, the app's own items in the UI.
pub fn handle<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    if id == QUIT {
        // Ends the event loop; the exit handler clears the clipboard and stops the sandbox.
        app.exit(0);
        return;
    }
    if let Some((command, ..)) = COMMANDS.iter().find(|(_, item, ..)| *item == id) {
        send(app, *command);
    }
}

/// Sends a menu command to the UI, through the queue its events come from.
pub fn send<R: Runtime>(app: &AppHandle<R>, command: MenuCommand) {
    let events = app.state::<Arc<EventQueue>>();
    emit(&events.sink(), &command);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI's tooltips name the same keys as the menu's accelerators.
    #[test]
    fn the_uis_tooltips_name_the_menus_keys() {
        let shortcuts = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../ui/src/shortcuts.ts"
        ))
        .expect("ui/src/shortcuts.ts");
        for (command, _, _, key) in COMMANDS {
            let name = serde_json::to_value(command).unwrap();
            let entry = format!("{}: \"{key}\"", name.as_str().unwrap());
            assert!(
                shortcuts.contains(&entry),
                "ui/src/shortcuts.ts should map {entry}"
            );
        }
    }
}
