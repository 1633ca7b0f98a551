//! Every call from the webview goes through one handler: the command's name and JSON arguments
//! are handed to the contract's dispatcher in tg-admin, which the shared behaviour suite tests
//! without a window. Which commands the window may call at all is decided before this runs, by
//! the capability in `capabilities/main.json` over the permissions `build.rs` generates from the
//! same contract. Errors reach the UI as `AppError { code, message, details }`. A call that
//! arrives while the app is still starting (the window loads in parallel with the embedded
//! sandbox) waits until the state is there.

use std::path::PathBuf;
use std::sync::Arc;

use futures::future::BoxFuture;
use tauri::ipc::{Invoke, InvokeBody};
use tauri::{Manager, Window, Wry};
use tauri_plugin_dialog::DialogExt;
use tg_admin::contract::{Host, SaveRequest, dispatch};

use crate::startup::Started;

/// Handles one IPC call; false (not handled) for names the contract does not declare.
pub fn handle(invoke: Invoke<Wry>) -> bool {
    let command = invoke.message.command().to_owned();
    if !tg_admin::contract::COMMANDS
        .iter()
        .any(|c| c.name == command)
    {
        return false;
    }
    let webview = invoke.message.webview();
    let started = webview.state::<Arc<Started>>().inner().clone();
    let host: Arc<dyn Host> = Arc::new(WindowHost(webview.window()));
    let args = match invoke.message.payload() {
        InvokeBody::Json(args) => args.clone(),
        InvokeBody::Raw(_) => serde_json::Value::Null,
    };
    invoke.resolver.respond_async(async move {
        let app = started.app().await;
        let asked = std::time::Instant::now();
        let answer = dispatch(app, &host, &command, &args).await;
        let elapsed_ms = asked.elapsed().as_secs_f64() * 1000.0;
        tracing::debug!(command, elapsed_ms, ok = answer.is_ok(), "command done");
        answer.map_err(tauri::ipc::InvokeError::from)
    });
    true
}

/// The native dialogs, parented to the window that made the call.
struct WindowHost(Window);

impl Host for WindowHost {
    fn choose_save_path(&self, request: SaveRequest) -> BoxFuture<'static, Option<PathBuf>> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        // GTK confirms before overwriting an existing file.
        self.0
            .dialog()
            .file()
            .set_parent(&self.0)
            .set_title(request.title)
            .set_file_name(&request.file_name)
            .add_filter(request.filter, &[request.extension])
            .save_file(move |path| {
                let _ = answer.send(path.and_then(|p| p.into_path().ok()));
            });
        Box::pin(async move { answered.await.ok().flatten() })
    }
}
