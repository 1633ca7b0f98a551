//! The dispatcher with its answer read back as a JSON value: for the behaviour suite and the
//! tests, which compare answers as values (the dispatcher's own tests are here too). The window
//! gets the JSON text itself.

use std::sync::Arc;

use super::spec::Host;
use super::table::dispatch_json;
use crate::{App, AppError, ErrorCode};

/// [`dispatch_json`], with the answer as a value.
pub async fn dispatch(
    app: &Arc<App>,
    host: &Arc<dyn Host>,
    command: &str,
    args: &serde_json::Value,
) -> Result<serde_json::Value, AppError> {
    let json = dispatch_json(app, host, command, args).await?;
    serde_json::from_str(&json).map_err(|error| {
        AppError::new(
            ErrorCode::Internal,
            format!("The answer of {command} is not JSON: {error}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::contract::{EVENT_STREAM_COMMAND, SaveRequest};
    use crate::desktop::MenuCommand;
    use crate::{App, Connections, ErrorCode, Journal, MemoryStore, PreferencesFile};

    struct NoDialogs;
    impl Host for NoDialogs {
        fn choose_save_path(
            &self,
            _: SaveRequest,
        ) -> futures::future::BoxFuture<'static, Option<std::path::PathBuf>> {
            Box::pin(async { None })
        }
        fn confirm(
            &self,
            _: crate::contract::ConfirmRequest,
        ) -> futures::future::BoxFuture<'static, bool> {
            Box::pin(async { false })
        }
        fn choose_folder(
            &self,
            _: &'static str,
        ) -> futures::future::BoxFuture<'static, Option<std::path::PathBuf>> {
            Box::pin(async { None })
        }
    }

    fn app(dir: &std::path::Path) -> Arc<App> {
        Arc::new(App::new(
            Connections::new(dir.join("c.json"), Arc::new(MemoryStore::new())),
            Journal::new(dir.join("j.jsonl")),
            PreferencesFile::new(dir.join("s.json")),
            Arc::new(crate::clipboard::MemoryClipboard::new()),
            tokio::runtime::Handle::current(),
            Arc::new(|_, _| {}),
        ))
    }

    #[tokio::test]
    async fn unknown_commands_and_bad_arguments_are_refused_without_quoting_the_value() {
        let dir = tempfile::tempdir().unwrap();
        let (app, host): (_, Arc<dyn Host>) = (app(dir.path()), Arc::new(NoDialogs));
        let error = dispatch(&app, &host, "no_such_command", &serde_json::json!({}))
            .await
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);

        let args = serde_json::json!({"input": "723ae93acd87aa70b9b5b1fedcd38c85"});
        let error = dispatch(&app, &host, "add_connection", &args)
            .await
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(
            error.message.contains("\"input\"") && !error.message.contains("723ae93a"),
            "the message names the argument, never its value: {}",
            error.message
        );
    }

    #[tokio::test]
    async fn a_missing_optional_argument_and_a_unit_result_cross_as_null() {
        let dir = tempfile::tempdir().unwrap();
        let (app, host): (_, Arc<dyn Host>) = (app(dir.path()), Arc::new(NoDialogs));
        let value = dispatch(&app, &host, "clear_clipboard_now", &serde_json::Value::Null)
            .await
            .unwrap();
        assert_eq!(value, serde_json::Value::Null);
        let args = serde_json::json!({"format": "jsonl", "filter": {}});
        let value = dispatch(&app, &host, "export_activity", &args)
            .await
            .unwrap();
        assert_eq!(value, serde_json::Value::Null, "a cancelled dialog is null");
    }

    #[tokio::test]
    async fn events_the_app_emits_reach_the_window_through_the_event_stream_command() {
        let dir = tempfile::tempdir().unwrap();
        let queue = Arc::new(crate::event_stream::EventQueue::default());
        let host: Arc<dyn Host> = Arc::new(NoDialogs);
        let with_window = Arc::new(
            App::new(
                Connections::new(dir.path().join("c.json"), Arc::new(MemoryStore::new())),
                Journal::new(dir.path().join("j.jsonl")),
                PreferencesFile::new(dir.path().join("s.json")),
                Arc::new(crate::clipboard::MemoryClipboard::new()),
                tokio::runtime::Handle::current(),
                queue.sink(),
            )
            .with_event_stream(queue),
        );
        crate::contract::emit(with_window.events(), &MenuCommand::Refresh);
        let args = serde_json::json!({ "after": 0 });
        let batch = dispatch(&with_window, &host, EVENT_STREAM_COMMAND, &args)
            .await
            .unwrap();
        assert_eq!(
            batch,
            serde_json::json!({
                "events": [{ "name": "menu-command", "payload": "refresh" }],
                "last": 1
            })
        );

        let without_window = app(dir.path());
        let error = dispatch(&without_window, &host, EVENT_STREAM_COMMAND, &args)
            .await
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
    }
}
