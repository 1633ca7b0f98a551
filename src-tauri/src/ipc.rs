//! Every call from the webview goes through one handler: the command's name and JSON arguments
//! are handed to the contract's dispatcher in tg-admin, which the shared behaviour suite tests
//! without a window. Which commands the window may call at all is decided before this runs, by
//! the capability in `capabilities/main.json` over the permissions `build.rs` generates from the
//! same contract. Errors reach the UI as `AppError { code, message, details }`. A call that
//! arrives while the app is still starting (the window loads in parallel with the embedded
//! sandbox) waits until the state is there.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use futures::future::BoxFuture;
use tauri::ipc::{Invoke, InvokeBody, InvokeResponseBody};
use tauri::{Manager, Window, Wry};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};
use tg_admin::contract::{ConfirmRequest, Host, SaveRequest, dispatch_json};

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
        let answer = dispatch_json(app, &host, &command, &args).await;
        let elapsed_ms = asked.elapsed().as_secs_f64() * 1000.0;
        tracing::debug!(command, elapsed_ms, ok = answer.is_ok(), "command done");
        app.heap.call_ended();
        // The JSON text goes to the window as it is.
        answer
            .map(InvokeResponseBody::Json)
            .map_err(tauri::ipc::InvokeError::from)
    });
    true
}

/// The environment variable through which the process that launches the app (an end-to-end
/// test) answers every native confirmation: `allow` or `cancel`. Read once, at start-up, before
/// any webview exists; see docs/security.md.
pub const TEST_CONFIRM_ENV: &str = "SERVICE_USERS_DESKTOP_TEST_CONFIRM";

static TEST_CONFIRM: OnceLock<Option<bool>> = OnceLock::new();

/// Reads [`TEST_CONFIRM_ENV`] once; later changes to the environment are never seen.
pub fn read_test_confirm_answer() {
    let answer = std::env::var(TEST_CONFIRM_ENV)
        .ok()
        .and_then(|v| match v.as_str() {
            "allow" => Some(true),
            "cancel" => Some(false),
            _ => None,
        });
    if answer.is_some() {
        tracing::warn!("{TEST_CONFIRM_ENV} is set: confirmations are answered without a dialog");
    }
    let _ = TEST_CONFIRM.set(answer);
}

/// The native dialogs, parented to the window that made the call.
struct WindowHost(Window);

impl Host for WindowHost {
    fn choose_save_path(&self, request: SaveRequest) -> BoxFuture<'static, Option<PathBuf>> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        // GTK confirms before overwriting an existing file.
        let mut dialog = self.0.dialog().file();
        if let Some(directory) = &request.directory {
            dialog = dialog.set_directory(directory);
        }
        dialog
            .set_parent(&self.0)
            .set_title(request.title)
            .set_file_name(&request.file_name)
            .add_filter(request.filter, &[request.extension])
            .save_file(move |path| {
                let _ = answer.send(path.and_then(|p| p.into_path().ok()));
            });
        Box::pin(async move { answered.await.ok().flatten() })
    }

    fn choose_folder(&self, title: &'static str) -> BoxFuture<'static, Option<PathBuf>> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        self.0
            .dialog()
            .file()
            .set_parent(&self.0)
            .set_title(title)
            .set_can_create_directories(true)
            .pick_folder(move |path| {
                let _ = answer.send(path.and_then(|p| p.into_path().ok()));
            });
        Box::pin(async move { answered.await.ok().flatten() })
    }

    fn confirm(&self, request: ConfirmRequest) -> BoxFuture<'static, bool> {
        if let Some(answer) = TEST_CONFIRM.get().copied().flatten() {
            return Box::pin(async move { answer });
        }
        let (answer, answered) = tokio::sync::oneshot::channel();
        // A system message box: drawn outside the webview, so page script can neither see
        // through it, press its buttons nor change its text.
        self.0
            .dialog()
            .message(request.message)
            .title(request.title)
            .kind(MessageDialogKind::Warning)
            .buttons(MessageDialogButtons::OkCancelCustom(
                request.confirm_label,
                "Cancel".into(),
            ))
            .parent(&self.0)
            .show(move |confirmed| {
                let _ = answer.send(confirmed);
            });
        Box::pin(async move { answered.await.unwrap_or(false) })
    }
}
