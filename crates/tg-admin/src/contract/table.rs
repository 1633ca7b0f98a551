//! THE table: every command the UI can call and every event it can hear, declared once. Each
//! command's body is the function of the same name in `crate::commands`, called with the app,
//! the [`Host`](super::Host) and the arguments listed here; the compiler checks that they agree.
//!
//! `async` commands may wait on the network; `blocking` ones do short blocking work (keychain,
//! clipboard, files) and run on the blocking pool. Doc comments become the UI client's JSDoc.

use uuid::Uuid;

use super::macros::contract;
use crate::bulk::{BulkAction, BulkProgress, BulkReport};
use crate::connections::{ActiveConnection, Connection, ConnectionUpdate, NewConnection};
use crate::desktop::{MenuCommand, StartupMark};
use crate::journal::JournalEntry;
use crate::notices::Notice;
use crate::permissions::{
    CatalogEntry, EffectivePermission, PermissionChange, Simulation, SimulationResult,
    UserComparison,
};
use crate::policies::PolicyDeletion;
use crate::preferences::Settings;
use crate::secret_handoff::{CountdownEnded, CountdownTick, KeyHandoff, SecretFileFormat};
use tg_api::{NewServiceUser, Policy, ServiceUser, ServiceUserStatus};

contract! {
    commands {
        /// The saved connections, the embedded sandbox first.
        blocking fn list_connections() -> Vec<Connection>;
        /// The connection in use; on the first call, connects to the last one used (or the
        /// embedded sandbox).
        async fn active_connection() -> Option<ActiveConnection>;
        /// Verifies and saves a new connection (its secret to the keychain) and switches to it.
        async fn add_connection(input: NewConnection) -> ActiveConnection;
        /// Verifies and saves changes to a connection and switches to it.
        async fn update_connection(id: String, input: ConnectionUpdate) -> ActiveConnection;
        /// Forgets a connection and deletes its secret from the keychain.
        blocking fn remove_connection(id: String) -> ();
        /// Verifies a saved connection and makes it the one in use.
        async fn switch_connection(id: String) -> ActiveConnection;

        /// Every service user of the connected org.
        async fn list_service_users() -> Vec<ServiceUser>;
        /// One service user, read fresh.
        async fn get_service_user(name: String) -> ServiceUser;
        /// Creates a service user with its initial policies.
        async fn create_service_user(input: NewServiceUser) -> ServiceUser;
        /// Enables (`active`) or disables (`inactive`) one service user.
        async fn set_service_user_status(name: String, status: ServiceUserStatus) -> ServiceUser;
        /// Adds a policy to a service user, keeping its others.
        async fn attach_policy(name: String, policy_id: String) -> ServiceUser;
        /// Removes a policy from a service user, keeping its others.
        async fn detach_policy(name: String, policy_id: String) -> ServiceUser;
        /// Enables, disables or deletes many users, reporting each one's outcome; progress
        /// arrives as `BulkProgress` events.
        async fn run_bulk_action(action: BulkAction, names: Vec<String>) -> BulkReport;
        /// Stops the running bulk action: items not yet started end as cancelled.
        blocking fn cancel_bulk_action() -> ();

        /// Every policy of the connected org.
        async fn list_policies() -> Vec<Policy>;
        /// One policy, read fresh.
        async fn get_policy(name: String) -> Policy;
        /// Creates a custom policy; the server's validation messages arrive as `details`.
        async fn create_policy(policy: Policy) -> Policy;
        /// Replaces a custom policy (found by its name); validation messages as for create.
        async fn update_policy(policy: Policy) -> Policy;
        /// Deletes a custom policy. The server refuses while users hold it; with `detachFirst`
        /// it is detached from each of them first.
        async fn delete_policy(name: String, detach_first: bool) -> PolicyDeletion;
        /// Every action Trustgrid defines, sorted by name, with its area and description.
        blocking fn policy_catalog() -> Vec<CatalogEntry>;
        /// Every catalog action as the service user's policies decide it, with the deciding
        /// statement.
        async fn effective_permissions(name: String) -> Vec<EffectivePermission>;
        /// The actions the user would gain and lose by attaching and detaching these policies;
        /// nothing is saved.
        async fn what_if(name: String, attach: Vec<String>, detach: Vec<String>) -> PermissionChange;
        /// Decides one action for a user's (or a set of) policies, on the org or a resource.
        async fn simulate(simulation: Simulation) -> SimulationResult;
        /// The actions only one of two service users is allowed.
        async fn compare_service_users(first: String, second: String) -> UserComparison;

        /// Generates (or regenerates) keys; the secret is on the clipboard with a countdown when
        /// this returns (unless `copied` is false), never in the answer.
        async fn generate_keys(name: String) -> KeyHandoff;
        /// The secret of open keys, to show it: the one place a secret crosses to the UI.
        blocking fn reveal_secret(handoff_id: Uuid) -> String;
        /// Copies the secret again and restarts the countdown.
        blocking fn copy_secret(handoff_id: Uuid) -> ();
        /// Copies `Authorization: trustgrid-token <clientId>:<secret>` with a countdown.
        blocking fn copy_header(handoff_id: Uuid) -> ();
        /// Copies the Client ID (not a secret); ends a running countdown as replaced.
        blocking fn copy_client_id(handoff_id: Uuid) -> ();
        /// Ends the countdown now, clearing the clipboard if it still holds the secret.
        blocking fn clear_clipboard_now() -> ();
        /// Asks where with the native save dialog, then writes the keys owner-only; the path
        /// written, or null when the user cancelled.
        async fn save_secret(handoff_id: Uuid, format: SecretFileFormat) -> Option<String>;
        /// Drops the secret of open keys and ends their countdown.
        blocking fn close_handoff(handoff_id: Uuid) -> ();

        /// The user's settings.
        blocking fn get_settings() -> Settings;
        /// Validates, saves and applies the user's settings.
        blocking fn update_settings(settings: Settings) -> Settings;
        /// What the app has to tell the user about its start (a file it could not read and set
        /// aside, the last connection it could not open); waits for the first connection.
        async fn notices() -> Vec<Notice>;
        /// The activity journal, newest first.
        blocking fn read_journal() -> Vec<JournalEntry>;
        /// Asks where with the native save dialog, then copies the journal there; the path
        /// written, or null when the user cancelled.
        async fn export_journal() -> Option<String>;

        /// A start-up mark, logged for the start-up benchmark (`cargo xtask bench`).
        blocking fn startup_mark(mark: StartupMark) -> ();
    }
    events {
        /// A bulk action finished one more item.
        BulkProgress = "bulk-progress";
        /// Once a second while a copied secret's countdown runs.
        CountdownTick = "clipboard-countdown";
        /// A copied secret's countdown ended (expired, cleared, replaced or closed).
        CountdownEnded = "clipboard-countdown-ended";
        /// A native menu item or its shortcut was chosen.
        MenuCommand = "menu-command";
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::contract::{Host, SaveRequest};
    use crate::{App, Connections, ErrorCode, Journal, MemoryStore, PreferencesFile};

    struct NoDialogs;
    impl Host for NoDialogs {
        fn choose_save_path(
            &self,
            _: SaveRequest,
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
        let value = dispatch(&app, &host, "export_journal", &serde_json::json!({}))
            .await
            .unwrap();
        assert_eq!(value, serde_json::Value::Null, "a cancelled dialog is null");
    }
}
