//! Everything the app holds for its life, in one value the shell keeps: the connections and
//! journal ([`AppState`]), the one-time secrets with the clipboard countdown, the saved
//! preferences, and where events go. Every command in the contract receives it.

use std::sync::Arc;

use tokio::sync::OnceCell;

use crate::clipboard::Clipboard;
use crate::connections::EMBEDDED_ID;
use crate::contract::{EventSink, emit};
use crate::secret_handoff::{CountdownEvent, SecretHandoffs};
use crate::{AppState, Connections, Journal, PreferencesFile, Settings};

/// The app's state, shared by every command.
pub struct App {
    pub state: AppState,
    pub handoffs: SecretHandoffs,
    pub preferences: PreferencesFile,
    events: EventSink,
    first_connection: OnceCell<()>,
}

impl App {
    /// Builds the app over its files, the clipboard and an event sink; `runtime` runs the
    /// clipboard countdowns. Saved settings are applied (invalid ones are ignored).
    pub fn new(
        connections: Connections,
        journal: Journal,
        preferences: PreferencesFile,
        clipboard: Arc<dyn Clipboard>,
        runtime: tokio::runtime::Handle,
        events: EventSink,
    ) -> Self {
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
        let app = Self {
            state: AppState::new(connections, journal),
            handoffs,
            preferences,
            events,
            first_connection: OnceCell::new(),
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

    /// Where events go.
    pub fn events(&self) -> &EventSink {
        &self.events
    }

    /// Connects once, when the UI first asks, so a slow remote API never holds up the window:
    /// to the last connection used, or else the embedded sandbox.
    pub async fn ensure_first_connection(&self) {
        self.first_connection
            .get_or_init(|| async {
                let last = self.preferences.load().last_connection;
                let first_choice = last.as_deref().unwrap_or(EMBEDDED_ID);
                if self.state.switch_connection(first_choice).await.is_err()
                    && first_choice != EMBEDDED_ID
                {
                    // The last connection is unreachable or gone: the sandbox still works.
                    let _ = self.state.switch_connection(EMBEDDED_ID).await;
                }
            })
            .await;
    }

    /// Makes `id` the connection the next start opens on (the switch itself already happened).
    pub fn remember_connection(&self, id: &str) {
        let id = id.to_owned();
        if let Err(error) = self.preferences.update(|p| p.last_connection = Some(id)) {
            tracing::warn!(%error, "could not remember the connection in use");
        }
    }
}
