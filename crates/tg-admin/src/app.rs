//! Everything the app holds for its life, in one value the shell keeps: the connections and
//! journal ([`AppState`]), the one-time secrets with the clipboard countdown, the saved
//! preferences, what to tell the user about the start ([`Notices`]), and where events go. Every
//! command in the contract receives it.

use std::sync::Arc;

use tokio::sync::OnceCell;

use crate::ActiveConnection;
use crate::clipboard::Clipboard;
use crate::connections::EMBEDDED_ID;
use crate::contract::{EventSink, emit};
use crate::delivery::DeliveryTargets;
use crate::embedded_sandbox::EmbeddedSandbox;
use crate::error::{AppError, Error};
use crate::event_stream::EventQueue;
use crate::memory::HeapTrim;
use crate::notices::Notices;
use crate::rotation::UnfinishedRuns;
use crate::secret_handoff::{CountdownEvent, SecretHandoffs};
use crate::{AppState, Connections, Journal, PreferencesFile, Settings};

/// The app's state, shared by every command.
pub struct App {
    pub state: AppState,
    pub handoffs: SecretHandoffs,
    pub preferences: PreferencesFile,
    /// The delivery targets, beside the preferences in the config folder.
    pub delivery_targets: DeliveryTargets,
    pub notices: Notices,
    /// Hands freed heap pages back once the calls stop.
    pub heap: HeapTrim,
    /// Rotation runs a network failure interrupted, kept beside the journal until finished.
    pub unfinished_rotations: UnfinishedRuns,
    events: EventSink,
    first_connection: OnceCell<()>,
    sandbox: Option<Arc<dyn EmbeddedSandbox>>,
    event_stream: Option<Arc<EventQueue>>,
}

impl App {
    /// Builds the app over its files, the clipboard and an event sink; `runtime` runs the
    /// clipboard countdowns. Saved settings are applied (invalid ones are ignored); a connections,
    /// settings or unfinished-rotations file that cannot be read is set aside, with a notice, and
    /// the app starts.
    pub fn new(
        connections: Connections,
        journal: Journal,
        preferences: PreferencesFile,
        clipboard: Arc<dyn Clipboard>,
        runtime: tokio::runtime::Handle,
        events: EventSink,
    ) -> Self {
        let unfinished_rotations =
            UnfinishedRuns::new(journal.path().with_file_name("unfinished-rotations.json"));
        let notices = Notices::default();
        for message in [
            connections.recover_unreadable_file(),
            preferences.recover_unreadable(),
            unfinished_rotations.recover_unreadable(),
        ]
        .into_iter()
        .flatten()
        {
            notices.push(message);
        }
        let sink = events.clone();
        let handoffs =
            SecretHandoffs::new(
                clipboard,
                runtime,
                move |event: CountdownEvent| match &event {
                    CountdownEvent::Tick(tick) => emit(&sink, tick),
                    CountdownEvent::Ended(ended) => emit(&sink, ended),
                },
            );
        let delivery_targets =
            DeliveryTargets::new(preferences.path().with_file_name("delivery-targets.json"));
        let app = Self {
            state: AppState::new(connections, journal),
            unfinished_rotations,
            handoffs,
            delivery_targets,
            preferences,
            notices,
            heap: HeapTrim::default(),
            events,
            first_connection: OnceCell::new(),
            sandbox: None,
            event_stream: None,
        };
        if let Err(error) = app.apply_settings(app.preferences.load().settings) {
            tracing::warn!(%error, "ignoring saved settings");
        }
        app
    }

    /// The settings in force.
    pub fn settings(&self) -> Settings {
        self.handoffs.settings()
    }

    /// Validates settings and puts them in force everywhere they matter (not saved here).
    pub fn apply_settings(&self, settings: Settings) -> crate::Result<Settings> {
        let settings = self.handoffs.apply_settings(settings.normalised())?;
        self.state
            .set_bulk_concurrency(settings.bulk_concurrency as usize);
        Ok(settings)
    }

    /// The sandbox running inside the app, so it can be recovered from the app.
    pub fn with_embedded_sandbox(mut self, sandbox: Arc<dyn EmbeddedSandbox>) -> Self {
        self.sandbox = Some(sandbox);
        self
    }

    /// The queue the window reads its events from (`next_events`); `events` should feed it.
    pub fn with_event_stream(mut self, queue: Arc<EventQueue>) -> Self {
        self.event_stream = Some(queue);
        self
    }

    /// The queue the window reads its events from, if a window does.
    pub fn event_stream(&self) -> Option<&Arc<EventQueue>> {
        self.event_stream.as_ref()
    }

    /// The sandbox running inside the app, if any.
    pub fn embedded_sandbox(&self) -> Option<&Arc<dyn EmbeddedSandbox>> {
        self.sandbox.as_ref()
    }

    /// Re-issues the embedded sandbox admin's keys (`reset`: after putting its demo data back),
    /// then signs the sandbox connection in with them and makes it the one in use.
    pub async fn recover_sandbox(&self, reset: bool) -> crate::Result<ActiveConnection> {
        let sandbox = self.sandbox.as_ref().ok_or_else(|| {
            Error::InvalidInput(
                "No sandbox runs inside the app, so there is none to recover.".into(),
            )
        })?;
        let admin = if reset {
            sandbox.reset_demo_data().await
        } else {
            sandbox.recover_admin().await
        }
        .map_err(Error::EmbeddedSandbox)?;
        let action = if reset {
            "reset-sandbox"
        } else {
            "recover-sandbox"
        };
        self.state.rekey_embedded(admin, action).await
    }

    /// Where events go.
    pub fn events(&self) -> &EventSink {
        &self.events
    }

    /// Connects once, when the UI first asks, so a slow remote API never holds up the window:
    /// to the last connection used, or else the embedded sandbox. When the last connection
    /// cannot be opened (its keychain locked, its server gone), a notice says why.
    pub async fn ensure_first_connection(&self) {
        self.first_connection
            .get_or_init(|| async {
                let last = self.preferences.load().last_connection;
                let first_choice = last.as_deref().unwrap_or(EMBEDDED_ID);
                let Err(error) = self.state.switch_connection(first_choice).await else {
                    return;
                };
                if first_choice == EMBEDDED_ID {
                    return;
                }
                // The last connection is unreachable or gone: the sandbox still works.
                let fallback = self.state.switch_connection(EMBEDDED_ID).await.is_ok();
                if let Some(message) = self.could_not_reopen(first_choice, &error, fallback) {
                    self.notices.push(message);
                }
            })
            .await;
    }

    fn could_not_reopen(&self, id: &str, error: &Error, fallback: bool) -> Option<String> {
        let instead = if fallback {
            "The local sandbox is open instead."
        } else {
            "No connection is open."
        };
        if matches!(error, Error::ConnectionNotFound(_)) {
            // Removed on purpose from a list that is still there: nothing to say.
            return (!self.state.connections_file_exists()).then(|| {
                format!(
                    "The connection used last time is no longer saved: the list of saved \
                     connections (connections.json) is missing. Its secret may still be in the \
                     system keychain; add the connection again. {instead}"
                )
            });
        }
        let name = self
            .state
            .list_connections()
            .ok()
            .and_then(|all| all.into_iter().find(|c| c.id == id))
            .map_or_else(|| id.to_owned(), |c| c.name);
        Some(format!(
            "The connection \"{name}\" used last time could not be opened. {} \
             {instead} Switch back from the connection menu once this is fixed.",
            AppError::from(error).message
        ))
    }

    /// Makes `id` the connection the next start opens on (the switch itself already happened).
    pub fn remember_connection(&self, id: &str) {
        let id = id.to_owned();
        if let Err(error) = self.preferences.update(|p| p.last_connection = Some(id)) {
            tracing::warn!(%error, "could not remember the connection in use");
        }
    }
}
