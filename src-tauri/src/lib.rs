//! The Tauri shell: wires the window, the state and the commands. All logic lives in the
//! Tauri-free crates (`tg-admin`, `tg-api`, `tg-sandbox`) so it can be tested without a desktop.

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .run(tauri::generate_context!())
        .expect("error while running the application");
}
