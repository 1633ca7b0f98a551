//! One window with static text. When the text has been painted the page calls `painted`, which
//! prints the mark the start-up benchmark waits for, the same way the app's UI sends its own.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[tauri::command]
fn painted() {
    eprintln!("startup: bare window painted");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .run(tauri::generate_context!())
        .expect("the bare window could not start");
}
