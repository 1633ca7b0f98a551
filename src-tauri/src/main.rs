//! The app's entry point; everything else is in the library so tests can build the same state.

// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    service_users_desktop::run();
}
