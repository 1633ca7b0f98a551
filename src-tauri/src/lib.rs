//! The Tauri shell: it parses the command line, builds the state while the window loads, routes
//! every IPC call to the contract's dispatcher (`ipc`), queues events and menu commands for the
//! window (which reads them with `next_events`), keeps one instance, and cleans up on exit. All
//! logic lives in the Tauri-free crates (`tg-admin`, `tg-api`, `tg-sandbox`) so it can be tested
//! without a desktop.

mod cli;
mod ipc;
mod menu;
mod navigation;
mod startup;

use std::sync::Arc;

use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, RunEvent, WebviewWindowBuilder};
use tg_admin::clipboard::ArboardClipboard;
use tg_admin::desktop::{MenuCommand, STARTUP_TARGET};
use tg_admin::event_stream::EventQueue;
use tg_admin::painting;

pub use startup::{AppDirs, Embedded, Started, State, build_state};

use cli::Request;

pub fn run() {
    let without_compositing = paint_without_compositing();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    tracing::info!(target: STARTUP_TARGET, "main entered");
    if without_compositing {
        tracing::info!(
            "no GPU render node: WebKit paints without compositing ({}=1)",
            painting::COMPOSITING_SWITCH
        );
    }

    let connection = match cli::parse(std::env::args_os().skip(1)) {
        Ok(Request::Open { connection }) => connection,
        Ok(Request::Help) => return cli::print(cli::HELP),
        Ok(Request::Version) => return cli::print(env!("CARGO_PKG_VERSION")),
        Err(message) => {
            cli::print_error(&format!(
                "service-users-desktop: {message}\n\n{}",
                cli::HELP
            ));
            std::process::exit(2);
        }
    };

    ipc::read_test_confirm_answer();
    let started = Arc::new(Started::default());
    let mut builder = tauri::Builder::default();
    // First, so a second launch is handed to this one before it starts anything. Not under
    // WebDriver: a driven app is a test session of its own, which must neither hand itself to
    // a window that is open nor take over the next session's launch.
    if !driven_by_webdriver() {
        builder = builder.plugin(tauri_plugin_single_instance::init(second_launch));
    }
    let app = builder
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(navigation::guard())
        .manage(started.clone())
        .manage(Arc::new(EventQueue::default()))
        .menu(menu::build)
        .on_menu_event(menu::handle)
        .setup(move |app| {
            let dirs = AppDirs {
                data: app.path().app_data_dir()?,
                config: app.path().app_config_dir()?,
            };
            // A mistyped --connection is answered before any window opens.
            let open = connection.as_deref().map(|name| {
                startup::find_connection(&dirs, name).unwrap_or_else(|message| {
                    cli::print_error(&format!("service-users-desktop: {message}"));
                    std::process::exit(2);
                })
            });
            // The sandbox, the state and the first connection are made while the window loads;
            // IPC calls wait for them (see `ipc`).
            let events = app.state::<Arc<EventQueue>>().inner().clone();
            tauri::async_runtime::spawn(async move {
                // One system clipboard for the app's life: on X11 its owner serves the content.
                let clipboard = Arc::new(ArboardClipboard::new());
                let state = build_state(dirs, clipboard, events).await;
                let app = started.set(state).await;
                if let Some(id) = open {
                    app.remember_connection(&id);
                }
                app.ensure_first_connection().await;
            });
            let config = app.config().app.windows[0].clone();
            WebviewWindowBuilder::from_config(app, &config)?.build()?;
            quit_on_signals(app.handle());
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
            let started = app.state::<Arc<Started>>();
            tauri::async_runtime::block_on(started.shutdown());
        }
    });
}

/// Asks WebKitGTK for non-composited painting where `painting` says so (Linux without a GPU
/// render node), and says whether it did. First in `run`: WebKit reads its environment when it
/// starts, and nothing else may read the environment while it changes.
fn paint_without_compositing() -> bool {
    let chosen = painting::paint_without_compositing_here();
    if chosen {
        // SAFETY: no other thread exists yet (no runtime, no WebKit), so no one reads the
        // environment while it changes.
        unsafe { std::env::set_var(painting::COMPOSITING_SWITCH, "1") };
    }
    chosen
}

/// SIGTERM (a session ending, `kill`) and SIGINT (Ctrl+C in a terminal) quit the way the menu's
/// Quit does: the clipboard is cleared, the sandbox closes its database and the window's state is
/// saved.
fn quit_on_signals(app: &AppHandle) {
    #[cfg(unix)]
    for kind in [
        tokio::signal::unix::SignalKind::terminate(),
        tokio::signal::unix::SignalKind::interrupt(),
    ] {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            match tokio::signal::unix::signal(kind) {
                Ok(mut signal) => {
                    signal.recv().await;
                    app.exit(0);
                }
                Err(error) => tracing::warn!(%error, "cannot handle a signal"),
            }
        });
    }
    #[cfg(not(unix))]
    let _ = app;
}

/// Another launch of the app: it exits at once, and this one comes to the front, switching to
/// the connection it named (the UI reloads through a Refresh).
fn second_launch(app: &AppHandle, argv: Vec<String>, _cwd: String) {
    tracing::info!(target: STARTUP_TARGET, "second launch handed over");
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let Ok(Request::Open {
        connection: Some(name),
    }) = cli::parse(argv.into_iter().skip(1).map(Into::into))
    else {
        return;
    };
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let started = handle.state::<Arc<Started>>().inner().clone();
        let app = started.app().await;
        match startup::switch_by_name(app, &name).await {
            Ok(()) => menu::send(&handle, MenuCommand::Refresh),
            Err(message) => tracing::warn!("second launch: {message}"),
        }
    });
}

/// Whether a WebDriver session launched this process. tauri-driver starts the app with
/// `TAURI_WEBVIEW_AUTOMATION=true` in its environment (the switch Tauri reads to let the webview
/// be driven) and with no argument of its own; `--automation`, the flag WebKitGTK's browsers
/// take when driven, counts too.
fn driven_by_webdriver() -> bool {
    std::env::var_os("TAURI_WEBVIEW_AUTOMATION").is_some_and(|v| v == "true")
        || std::env::args_os().any(|arg| arg == "--automation")
}
