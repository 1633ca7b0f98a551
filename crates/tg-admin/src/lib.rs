//! The app's use-cases, without Tauri: connections and their keychain secrets, service-user changes
//! made the way the portal makes them, bulk actions, the activity journal, and the one-time-secret
//! handling. The desktop shell calls these; tests run them against the real sandbox over HTTP.

pub mod api_keys;
pub mod app;
pub mod bulk;
pub mod clipboard;
pub mod commands;
pub mod connections;
pub mod contract;
pub mod error;
pub mod journal;
pub mod keychain;
pub mod preferences;
pub mod secret_handoff;
pub mod service_users;
pub mod state;

pub use app::App;
pub use bulk::{BulkAction, BulkItemResult, BulkOptions, BulkOutcome, BulkProgress, BulkReport};
pub use connections::{
    ActiveConnection, ClientSettings, Connected, Connection, ConnectionUpdate, Connections,
    NewConnection,
};
pub use error::{AppError, Error, ErrorCode, Result};
pub use journal::{Journal, JournalEntry, JournalOutcome};
pub use keychain::{APP_ID, KeyringStore, MemoryStore, SecretStore};
pub use preferences::{Preferences, PreferencesFile};
pub use state::AppState;
