//! The Tauri shell: it builds the state at start-up, routes every IPC call to the contract's
//! dispatcher (`ipc`), forwards events to the window, and cleans up on exit. All logic lives in
//! the Tauri-free crates (`tg-admin`, `tg-api`, `tg-sandbox`) so it can be tested without a
//! desktop.

mod ipc;
mod startup;

use std::sync::Arc;

use tauri::webview::PageLoadEvent;
use tauri::{Emitter, Manager, RunEvent};
use tg_admin::App;
use tg_admin::clipboard::ArboardClipboard;
use tg_admin::desktop::STARTUP_TARGET;

pub use startup::{AppDirs, Embedded, State, build_state};

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    tracing::info!(target: STARTUP_TARGET, "main entered");

    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let dirs = AppDirs {
                data: app.path().app_data_dir()?,
                config: app.path().app_config_dir()?,
            };
            let window = app.handle().clone();
            let events: tg_admin::contract::EventSink = Arc::new(move |name, payload| {
                if let Err(error) = window.emit(name, payload) {
                    tracing::warn!(%error, event = name, "could not emit an event");
                }
            });
            // One system clipboard for the app's life: on X11 its owner serves the content.
            let clipboard = Arc::new(ArboardClipboard::new());
            let state = tauri::async_runtime::block_on(build_state(dirs, clipboard, events));
            app.manage(state.app);
            app.manage(state.embedded);
            Ok(())
        })
        .on_page_load(|_, payload| {
            if payload.event() == PageLoadEvent::Finished {
                tracing::info!(target: STARTUP_TARGET, "page loaded");
            }
        })
        .invoke_handler(ipc::handle)
        .build(tauri::generate_context!())
        .expect("the application could not be built");

    app.run(|app, event| {
        if let RunEvent::Exit = event {
            // A secret still on the clipboard must not outlive the app.
            app.state::<Arc<App>>().handoffs.shutdown();
            let embedded = app.state::<Embedded>();
            tauri::async_runtime::block_on(embedded.shutdown());
        }
    });
}
