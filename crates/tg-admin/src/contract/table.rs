//! THE table: every command the UI can call and every event it can hear, declared once. Each
//! command's body is the function of the same name in `crate::commands`, called with the app,
//! the [`Host`](super::Host) and the arguments listed here; the compiler checks that they agree.
//!
//! `async` commands may wait on the network; `blocking` ones do short blocking work (keychain,
//! clipboard, files) and run on the blocking pool. Doc comments become the UI client's JSDoc.

use std::sync::Arc;

use uuid::Uuid;

use super::macros::contract;
use crate::activity::{ActivityFilter, ActivityFormat};
use crate::bulk::{BulkAction, BulkProgress, BulkReport};
use crate::commands::{ComparisonFormat, CopyReport};
use crate::compare::Comparison;
use crate::connections::{ActiveConnection, Connection, ConnectionUpdate, NewConnection};
use crate::delivery::{DeliveryResult, DeliveryTarget, DeliveryTargetInput};
use crate::desktop::{MenuCommand, StartupMark};
use crate::event_stream::EventBatch;
use crate::findings::{FindingKind, FindingsReport};
use crate::import::ImportRow;
use crate::journal::JournalEntry;
use crate::notices::Notice;
use crate::permissions::{
    CatalogEntry, EffectivePermission, PermissionChange, Simulation, SimulationResult,
    UserComparison,
};
use crate::policies::PolicyDeletion;
use crate::preferences::Settings;
use crate::reports::ReportFormat;
use crate::rotation::{
    RotationDelivery, RotationProgress, RotationReport, Unfinished, UnfinishedRun,
};
use crate::secret_handoff::{CountdownEnded, CountdownTick, KeyHandoff, SecretFileFormat};
use crate::terraform::TerraformExport;
use tg_api::{NewServiceUser, Policy, ServiceUser, ServiceUserStatus};

/// The command the UI's event subscriptions read from (`next_events` below).
pub const EVENT_STREAM_COMMAND: &str = "next_events";

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
        /// The way back into the embedded sandbox: re-enables `sandbox-admin`, gives it the admin
        /// policy back and new keys, and makes the sandbox the connection in use.
        async fn recover_sandbox() -> ActiveConnection;
        /// Puts the embedded sandbox's demo data back (every other user and custom policy is
        /// removed), with new admin keys, and makes the sandbox the connection in use.
        async fn reset_sandbox() -> ActiveConnection;

        /// Every service user of the connected org.
        async fn list_service_users() -> Arc<Vec<ServiceUser>>;
        /// One service user, read fresh.
        async fn get_service_user(name: String) -> ServiceUser;
        /// Creates a service user with its initial policies.
        async fn create_service_user(input: NewServiceUser) -> ServiceUser;
        /// Deletes one service user (its keys stop working at once); journaled as `delete`.
        async fn delete_service_user(name: String) -> ();
        /// Enables (`active`) or disables (`inactive`) one service user.
        async fn set_service_user_status(name: String, status: ServiceUserStatus) -> ServiceUser;
        /// Adds a policy to a service user, keeping its others.
        async fn attach_policy(name: String, policy_id: String) -> ServiceUser;
        /// Removes a policy from a service user, keeping its others.
        async fn detach_policy(name: String, policy_id: String) -> ServiceUser;
        /// Enables, disables or deletes many users, reporting each one's outcome; progress
        /// arrives as `BulkProgress` events.
        async fn run_bulk_action(action: BulkAction, names: Vec<String>) -> BulkReport;
        /// Reads and checks a CSV import (`name,policies,status`) row by row; sends nothing.
        async fn preview_import(text: String) -> Vec<ImportRow>;
        /// Creates the import's rows that have no problem and do not exist yet, each on the
        /// bulk path with its own outcome; progress arrives as `BulkProgress` events.
        async fn run_import(text: String) -> BulkReport;
        /// Stops the running bulk action: items not yet started end as cancelled.
        blocking fn cancel_bulk_action() -> ();

        /// Detaches policies from many users (a finding's fix), reporting each one's outcome
        /// like `run_bulk_action`; progress arrives as `BulkProgress` events.
        async fn run_bulk_detach(policy_ids: Vec<String>, names: Vec<String>) -> BulkReport;

        /// Key-hygiene findings over every service user of the connected org, most urgent
        /// first, without the accepted ones (listed apart).
        async fn list_findings() -> FindingsReport;
        /// Stops reporting a finding, keeping the reason locally and in the journal.
        blocking fn accept_finding(user: String, kind: FindingKind, reason: String) -> ();
        /// Reports an accepted finding again.
        blocking fn unaccept_finding(user: String, kind: FindingKind) -> ();
        /// Asks where with the native save dialog, then writes every service user's status,
        /// policies, Client ID, key age and findings there (never a secret); the path written,
        /// or null when the user cancelled.
        async fn export_credential_report(format: ReportFormat) -> Option<String>;

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

        /// Compares the orgs of two saved connections: users and custom policies on one side
        /// only, same-named ones that differ, and the actions a same-named user is allowed on
        /// one side only.
        async fn compare_connections(left_id: String, right_id: String) -> Comparison;
        /// Compares again, asks where with the native save dialog and writes the comparison as
        /// Markdown or JSON; the path written, or null when the user cancelled.
        async fn export_comparison(left_id: String, right_id: String, format: ComparisonFormat) -> Option<String>;
        /// Copies the chosen custom policies, then the chosen users (with their status and
        /// policies, never keys), from one connection's org to another's (either way round),
        /// skipping what exists there; one outcome per item. Progress arrives as `BulkProgress`
        /// events; `cancel_bulk_action` stops the items not yet started.
        async fn copy_across(from_id: String, to_id: String, users: Vec<String>, policies: Vec<String>) -> CopyReport;

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

        /// The saved delivery targets.
        blocking fn list_delivery_targets() -> Vec<DeliveryTarget>;
        /// Validates and saves a new or changed delivery target. A new or changed command is
        /// saved only after the user confirms its exact text in a native dialog; null when they
        /// did not.
        async fn save_delivery_target(input: DeliveryTargetInput) -> Option<DeliveryTarget>;
        /// Forgets a delivery target.
        blocking fn delete_delivery_target(id: String) -> ();
        /// Runs each chosen target's command with the secret of open keys on its standard input,
        /// one after the other, and reports each; a command not yet confirmed asks first.
        async fn deliver_keys(handoff_id: Uuid, target_ids: Vec<String>) -> Vec<DeliveryResult>;

        /// Rotates the users' keys one after the other: regenerate (the old key stops working
        /// there), deliver (a file per user through the native save dialog, the clipboard one
        /// user at a time, delivery targets), verify that the new key signs in, and report each
        /// user. The connection's own user gets its new secret stored in the same step. A network
        /// failure stops the run; progress arrives as `RotationProgress` events.
        async fn rotate_keys(names: Vec<String>, delivery: RotationDelivery) -> RotationReport;
        /// Finishes an interrupted run: reads each unknown user again to tell whether the
        /// unanswered request replaced its keys, then rotates every user not rotated.
        async fn finish_rotation(unfinished: Vec<Unfinished>, delivery: RotationDelivery) -> RotationReport;
        /// The run on the connection in use that a network failure interrupted and that was
        /// neither finished nor dismissed, also from before a restart (names, states, the Client
        /// IDs and key dates before it; never a secret). Null when there is none.
        blocking fn unfinished_rotation() -> Option<UnfinishedRun>;
        /// Forgets the unfinished run of the connection in use (its users stay as they are).
        blocking fn dismiss_unfinished_rotation() -> ();

        /// The user's settings.
        blocking fn get_settings() -> Settings;
        /// Validates, saves and applies the user's settings.
        blocking fn update_settings(settings: Settings) -> Settings;
        /// Asks for a folder with the native dialog, then writes the connected org's service users
        /// and custom policies there as Terraform (`main.tf`, `imports.tf`); null when the user
        /// cancelled.
        async fn export_terraform() -> Option<TerraformExport>;

        /// What the app has to tell the user about its start (a file it could not read and set
        /// aside, the last connection it could not open); waits for the first connection.
        async fn notices() -> Vec<Notice>;
        /// The activity journal, newest first.
        blocking fn read_journal() -> Vec<JournalEntry>;
        /// Asks where with the native save dialog, then writes the journal entries the filter
        /// keeps as JSON Lines or CSV; the path written, or null when the user cancelled.
        async fn export_activity(format: ActivityFormat, filter: ActivityFilter) -> Option<String>;

        /// A start-up mark, logged for the start-up benchmark (`cargo xtask bench`).
        blocking fn startup_mark(mark: StartupMark) -> ();
        /// The events after number `after` (null: from now on), once there is one, or none after
        /// a while: the UI's event subscriptions are built on it, not called directly.
        async fn next_events(after: Option<u32>) -> EventBatch;
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
        /// A rotation moved one user to its next step (or finished it).
        RotationProgress = "rotation-progress";
    }
}
