//! The app's live state in one value the shell keeps for the app's life: the connections, the one in
//! use, the journal and the running bulk action. Each method is one Tauri command's body, so the
//! commands stay a line each, and every change is recorded in the journal here, in one place.

use std::sync::{Mutex, RwLock};

use tg_api::{Client, NewServiceUser, Policy, ServiceUser, ServiceUserStatus};
use tokio_util::sync::CancellationToken;

use crate::bulk::{self, BulkAction, BulkOptions, BulkOutcome, BulkProgress, BulkReport};
use crate::connections::{
    ActiveConnection, Connected, Connection, ConnectionUpdate, Connections, NewConnection,
};
use crate::error::{AppError, Error, Result};
use crate::journal::{Journal, JournalEntry, JournalOutcome};
use crate::service_users;

/// Connections, the active one, the journal and the bulk action in progress.
pub struct AppState {
    connections: Connections,
    journal: Journal,
    active: RwLock<Option<Connected>>,
    bulk_cancel: Mutex<Option<CancellationToken>>,
}

impl AppState {
    pub fn new(connections: Connections, journal: Journal) -> Self {
        Self {
            connections,
            journal,
            active: RwLock::new(None),
            bulk_cancel: Mutex::new(None),
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

    /// Verifies the connection and makes it the active one. On failure the previous one stays.
    pub async fn switch_connection(&self, id: &str) -> Result<ActiveConnection> {
        let connected = self.connections.connect(id).await?;
        Ok(self.activate(connected))
    }

    pub async fn list_service_users(&self) -> Result<Vec<ServiceUser>> {
        let (client, _) = self.active_client()?;
        Ok(client.service_users().list().await?)
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
        self.record_result(&connection, "create", &input.name, &result);
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
        let (client, connection) = self.active_client()?;
        let cancel = CancellationToken::new();
        *self.bulk_cancel.lock().expect("bulk cancel lock") = Some(cancel.clone());
        let report = bulk::run(
            &client,
            action,
            &names,
            BulkOptions::default(),
            &cancel,
            on_progress,
        )
        .await;
        self.record_bulk(&connection, &report);
        Ok(report)
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

    /// Copies the journal (JSON Lines) to a file the user chose.
    pub fn export_journal(&self, destination: &std::path::Path) -> Result<()> {
        self.journal.export_to(destination)
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
            format!("bulk-{}", report.action.name()),
            report.items.iter().map(|i| i.name.clone()).collect(),
            outcome,
            error,
        ));
    }

    fn append(&self, entry: JournalEntry) {
        if let Err(error) = self.journal.append(&entry) {
            eprintln!("activity journal: {error}");
        }
    }
}
