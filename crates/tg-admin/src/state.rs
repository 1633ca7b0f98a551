//! The app's live state in one value the shell keeps for the app's life: the connections, the one in
//! use, the journal and the running bulk action. Each method is one Tauri command's body, so the
//! commands stay a line each, and every change is recorded in the journal here, in one place.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use tg_api::{Client, NewServiceUser, Policy, ServiceUser, ServiceUserStatus};
use tokio_util::sync::CancellationToken;

use crate::bulk::{self, BulkAction, BulkOptions, BulkOutcome, BulkProgress, BulkReport};
use crate::connections::{
    ActiveConnection, Connected, Connection, ConnectionUpdate, Connections, EMBEDDED_ID,
    NewConnection,
};
use crate::error::{AppError, Error, Result};
use crate::journal::{Journal, JournalEntry, JournalOutcome};
use crate::recent_users::RecentUsers;
use crate::service_users;

/// The embedded sandbox's admin user, named in the journal when its keys are re-issued.
const ADMIN_USER_NAME: &str = "sandbox-admin";

/// Connections, the active one, the journal and the bulk action in progress.
pub struct AppState {
    connections: Connections,
    journal: Journal,
    active: RwLock<Option<Connected>>,
    bulk_cancel: Mutex<Option<CancellationToken>>,
    bulk_concurrency: AtomicUsize,
    recent_users: RecentUsers,
}

impl AppState {
    pub fn new(connections: Connections, journal: Journal) -> Self {
        Self {
            connections,
            journal,
            active: RwLock::new(None),
            bulk_cancel: Mutex::new(None),
            bulk_concurrency: AtomicUsize::new(BulkOptions::default().concurrency),
            recent_users: RecentUsers::default(),
        }
    }

    pub fn list_connections(&self) -> Result<Vec<Connection>> {
        self.connections.list()
    }

    /// Whether the saved connections' file exists (see [`Connections::file_exists`]).
    pub fn connections_file_exists(&self) -> bool {
        self.connections.file_exists()
    }

    pub fn active_connection(&self) -> Option<ActiveConnection> {
        self.active_read().as_ref().map(Connected::active)
    }

    /// The client of the active connection and that connection (for key generation, which the
    /// one-time-secret module handles; record it with [`AppState::record_for`]).
    pub fn active_client(&self) -> Result<(Client, Connection)> {
        self.active_read()
            .as_ref()
            .map(|c| (c.client.clone(), c.connection.clone()))
            .ok_or(Error::NotConnected)
    }

    pub async fn add_connection(&self, input: NewConnection) -> Result<ActiveConnection> {
        let connected = self.connections.add(input).await?;
        self.record_connection_change("add-connection", &connected.connection);
        Ok(self.activate(connected))
    }

    pub async fn update_connection(
        &self,
        id: &str,
        input: ConnectionUpdate,
    ) -> Result<ActiveConnection> {
        let connected = self.connections.update(id, input).await?;
        self.record_connection_change("update-connection", &connected.connection);
        Ok(self.activate(connected))
    }

    /// Removes the connection; if it was the active one, no connection is active afterwards.
    /// [`Error::SecretLeftInKeychain`] means the connection was removed all the same.
    pub fn remove_connection(&self, id: &str) -> Result<()> {
        let connection = self.connections.get(id)?;
        let removed = self.connections.remove(id);
        if let Err(error) = &removed
            && !matches!(error, Error::SecretLeftInKeychain { .. })
        {
            return removed;
        }
        self.record_connection_change("remove-connection", &connection);
        let mut active = self.active.write().expect("active connection lock");
        if active.as_ref().is_some_and(|c| c.connection.id == id) {
            *active = None;
        }
        removed
    }

    /// Connects to a saved connection without making it the one in use (e.g. to compare it).
    pub async fn connect_other(&self, id: &str) -> Result<Connected> {
        self.connections.connect(id).await
    }

    /// Gives the embedded sandbox connection new admin keys and makes it the one in use; the
    /// change is journaled as `action`.
    pub async fn rekey_embedded(
        &self,
        admin: crate::embedded_sandbox::SandboxAdmin,
        action: &str,
    ) -> Result<ActiveConnection> {
        let existing = self.connections.get(EMBEDDED_ID)?;
        let connection = self.connections.set_embedded(
            &existing.name,
            &existing.base_url,
            &admin.client_id,
            admin.secret,
        );
        self.record_for(
            &connection,
            action,
            vec![ADMIN_USER_NAME.to_owned()],
            Ok(()),
        );
        self.switch_connection(EMBEDDED_ID).await
    }

    /// Whether `keys` sign in to `connection`'s API (`GET /org/mine`), with the app's client
    /// settings.
    pub async fn check_keys(&self, connection: &Connection, keys: &tg_api::ApiKeys) -> Result<()> {
        self.connections.sign_in_with(connection, keys).await
    }

    /// Puts a rotated key in place of connection `id`'s own (see
    /// [`Connections::replace_own_key`]); [`AppState::switch_connection`] then signs in with it.
    pub fn replace_own_key(
        &self,
        id: &str,
        client_id: &str,
        secret: &tg_api::Secret,
    ) -> Result<()> {
        self.connections.replace_own_key(id, client_id, secret)
    }

    /// Verifies the connection and makes it the active one. On failure the previous one stays.
    pub async fn switch_connection(&self, id: &str) -> Result<ActiveConnection> {
        let connected = self.connections.connect(id).await?;
        Ok(self.activate(connected))
    }

    /// Every user, listed now and kept a moment for the findings that follow (`recent_users`).
    pub async fn list_service_users(&self) -> Result<Arc<Vec<ServiceUser>>> {
        let (client, connection) = self.active_client()?;
        let users = client.service_users();
        Ok(self
            .recent_users
            .fetch(&connection.id, users.list())
            .await?)
    }

    /// The users as listed a moment ago (a refresh asks for the list and its findings at once),
    /// or as listed now.
    pub async fn recent_service_users(&self) -> Result<Arc<Vec<ServiceUser>>> {
        let (client, connection) = self.active_client()?;
        let users = client.service_users();
        Ok(self.recent_users.get(&connection.id, users.list()).await?)
    }

    pub async fn get_service_user(&self, name: &str) -> Result<ServiceUser> {
        let (client, _) = self.active_client()?;
        Ok(client.service_users().get(name).await?)
    }

    pub async fn list_policies(&self) -> Result<Vec<Policy>> {
        let (client, _) = self.active_client()?;
        Ok(client.policies().list().await?)
    }

    pub async fn create_service_user(&self, input: NewServiceUser) -> Result<ServiceUser> {
        let (client, connection) = self.active_client()?;
        let result = service_users::create(&client, &input).await;
        self.record_result(&connection, &creation_action(&input), &input.name, &result);
        result
    }

    /// Deletes one service user, journaled as `delete` (a bulk run is `bulk-delete`).
    pub async fn delete_service_user(&self, name: &str) -> Result<()> {
        let (client, connection) = self.active_client()?;
        let result = service_users::delete(&client, name).await;
        self.record_result(&connection, "delete", name, &result);
        result
    }

    pub async fn set_service_user_status(
        &self,
        name: &str,
        status: ServiceUserStatus,
    ) -> Result<ServiceUser> {
        let (client, connection) = self.active_client()?;
        let result = service_users::set_status(&client, name, status).await;
        let action = match status {
            ServiceUserStatus::Active => "enable",
            ServiceUserStatus::Inactive => "disable",
        };
        self.record_change(&connection, action, name, &result);
        result.map(|change| change.user)
    }

    pub async fn attach_policy(&self, name: &str, policy_id: &str) -> Result<ServiceUser> {
        let (client, connection) = self.active_client()?;
        let result = service_users::attach_policy(&client, name, policy_id).await;
        self.record_change(
            &connection,
            &format!("attach-policy {}", policy_id.trim()),
            name,
            &result,
        );
        result.map(|change| change.user)
    }

    pub async fn detach_policy(&self, name: &str, policy_id: &str) -> Result<ServiceUser> {
        let (client, connection) = self.active_client()?;
        let result = service_users::detach_policy(&client, name, policy_id).await;
        self.record_change(
            &connection,
            &format!("detach-policy {}", policy_id.trim()),
            name,
            &result,
        );
        result.map(|change| change.user)
    }

    /// Runs a bulk action on the active connection; [`AppState::cancel_bulk_action`] stops it.
    /// Starting one while another runs cancels nothing: both finish independently, and the cancel
    /// command stops the newest.
    pub async fn run_bulk_action(
        &self,
        action: BulkAction,
        names: Vec<String>,
        on_progress: impl Fn(BulkProgress),
    ) -> Result<BulkReport> {
        if matches!(action, BulkAction::Detach | BulkAction::Create) {
            return Err(Error::InvalidInput(
                "Detaching needs the policies, creating the new users.".into(),
            ));
        }
        let (client, connection) = self.active_client()?;
        let cancel = self.begin_bulk();
        let report = bulk::run(
            &client,
            action,
            &names,
            self.bulk_options(),
            &cancel,
            on_progress,
        )
        .await;
        self.record_bulk(&connection, &report);
        Ok(report)
    }

    /// Detaches `policy_ids` from every name through the bulk path (a finding's fix).
    pub async fn run_bulk_detach(
        &self,
        policy_ids: Vec<String>,
        names: Vec<String>,
        on_progress: impl Fn(BulkProgress),
    ) -> Result<BulkReport> {
        let (client, connection) = self.active_client()?;
        let cancel = self.begin_bulk();
        let options = self.bulk_options();
        let report =
            bulk::run_detach(&client, &policy_ids, &names, options, &cancel, on_progress).await;
        self.record_bulk_named(
            &connection,
            &format!("bulk-detach {}", policy_ids.join(",")),
            &report,
        );
        Ok(report)
    }

    /// Creates the users of an import through the bulk path; existing ones are skipped.
    pub async fn run_bulk_create(
        &self,
        inputs: Vec<NewServiceUser>,
        on_progress: impl Fn(BulkProgress),
    ) -> Result<BulkReport> {
        let (client, connection) = self.active_client()?;
        let cancel = self.begin_bulk();
        let options = self.bulk_options();
        let report = bulk::run_create(&client, &inputs, options, &cancel, on_progress).await;
        self.record_bulk(&connection, &report);
        Ok(report)
    }

    /// How many requests the next bulk actions run at once (the running one keeps its own).
    pub fn set_bulk_concurrency(&self, concurrency: usize) {
        self.bulk_concurrency
            .store(concurrency.max(1), Ordering::Relaxed);
    }

    /// The options bulk actions run with.
    pub fn bulk_options(&self) -> BulkOptions {
        BulkOptions {
            concurrency: self.bulk_concurrency.load(Ordering::Relaxed),
        }
    }

    /// The cancellation of a bulk run starting now: [`AppState::cancel_bulk_action`] stops the
    /// newest run (an action, a detach, an import or a copy across).
    pub fn begin_bulk(&self) -> CancellationToken {
        let cancel = CancellationToken::new();
        *self.bulk_cancel.lock().expect("bulk cancel lock") = Some(cancel.clone());
        cancel
    }

    /// Stops the running bulk action: items not yet started end as cancelled.
    pub fn cancel_bulk_action(&self) {
        if let Some(cancel) = self.bulk_cancel.lock().expect("bulk cancel lock").as_ref() {
            cancel.cancel();
        }
    }

    pub fn read_journal(&self) -> Result<Vec<JournalEntry>> {
        self.journal.read()
    }

    /// Records a change made elsewhere (e.g. key generation) on `connection`, the one that was
    /// active when the change started (the user may have switched since).
    /// A journal that cannot be written does not undo or fail the change that already happened.
    pub fn record_for(
        &self,
        connection: &Connection,
        action: &str,
        targets: Vec<String>,
        outcome: Result<(), &AppError>,
    ) {
        let (outcome, error) = match outcome {
            Ok(()) => (JournalOutcome::Ok, None),
            Err(error) => (JournalOutcome::Failed, Some(error.message.clone())),
        };
        self.append(JournalEntry::now(
            connection.name.clone(),
            action,
            targets,
            outcome,
            error,
        ));
    }

    /// Records a local decision (no request was made) with the administrator's note.
    pub fn record_note(&self, connection: &Connection, action: &str, target: &str, note: &str) {
        self.append(
            JournalEntry::now(
                connection.name.clone(),
                action,
                vec![target.to_owned()],
                JournalOutcome::Ok,
                None,
            )
            .with_note(note),
        );
    }

    /// Connection changes are local (file and keychain), recorded so the journal explains why a
    /// later entry names a connection that is gone or renamed. Never the secret.
    fn record_connection_change(&self, action: &str, connection: &Connection) {
        self.append(JournalEntry::now(
            connection.name.clone(),
            action,
            vec![format!(
                "{} ({})",
                connection.base_url, connection.client_id
            )],
            JournalOutcome::Ok,
            None,
        ));
    }

    fn activate(&self, connected: Connected) -> ActiveConnection {
        let active = connected.active();
        *self.active.write().expect("active connection lock") = Some(connected);
        active
    }

    fn active_read(&self) -> std::sync::RwLockReadGuard<'_, Option<Connected>> {
        self.active.read().expect("active connection lock")
    }

    /// Records a change and how it ended. Input rejected before anything was sent is not a change
    /// and is not recorded.
    fn record_result<T>(
        &self,
        connection: &Connection,
        action: &str,
        target: &str,
        result: &Result<T>,
    ) {
        if matches!(result, Err(Error::InvalidInput(_))) {
            return;
        }
        let (outcome, error) = match result {
            Ok(_) => (JournalOutcome::Ok, None),
            Err(error) => (JournalOutcome::Failed, Some(AppError::from(error).message)),
        };
        self.append(JournalEntry::now(
            connection.name.clone(),
            action,
            vec![target.to_owned()],
            outcome,
            error,
        ));
    }

    /// Like `record_result`, but a change that was already in place is not a change: not recorded.
    fn record_change(
        &self,
        connection: &Connection,
        action: &str,
        target: &str,
        result: &Result<service_users::UserChange>,
    ) {
        if matches!(result, Ok(change) if !change.changed) {
            return;
        }
        self.record_result(connection, action, target, result);
    }

    fn record_bulk(&self, connection: &Connection, report: &BulkReport) {
        let action = format!("bulk-{}", report.action.name());
        self.record_bulk_named(connection, &action, report);
    }

    fn record_bulk_named(&self, connection: &Connection, action: &str, report: &BulkReport) {
        let failed = report.count(|o| matches!(o, BulkOutcome::Failed { .. }));
        let cancelled = report.count(|o| matches!(o, BulkOutcome::Cancelled));
        let changed = report.count(|o| matches!(o, BulkOutcome::Ok));
        let outcome = match (failed + cancelled, changed) {
            (0, _) => JournalOutcome::Ok,
            (_, 0) => JournalOutcome::Failed,
            _ => JournalOutcome::Partial,
        };
        let error = (failed + cancelled > 0).then(|| {
            let first = report.items.iter().find_map(|i| match &i.outcome {
                BulkOutcome::Failed { error } => Some(format!("{}: {}", i.name, error.message)),
                _ => None,
            });
            let mut summary = format!(
                "{failed} failed, {cancelled} cancelled, {changed} changed of {}",
                report.items.len()
            );
            if let Some(first) = first {
                summary.push_str(&format!("; first failure: {first}"));
            }
            summary
        });
        self.append(JournalEntry::now(
            connection.name.clone(),
            action,
            report.items.iter().map(|i| i.name.clone()).collect(),
            outcome,
            error,
        ));
    }

    /// Appends an entry made elsewhere (e.g. a delivery); a journal that cannot be written is
    /// reported on standard error and does not fail the change. Every change passes here, so
    /// this is where the recently listed users become stale.
    pub fn append(&self, entry: JournalEntry) {
        self.recent_users.forget();
        if let Err(error) = self.journal.append(&entry) {
            eprintln!("activity journal: {error}");
        }
    }
}

/// `create`, followed by the policies chosen at creation: the journal says what the user got.
fn creation_action(input: &NewServiceUser) -> String {
    let policies: Vec<&str> = input
        .policy_ids
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    if policies.is_empty() {
        "create".to_owned()
    } else {
        format!("create with {}", policies.join(", "))
    }
}
