//! The app's use-cases, without Tauri: connections and their keychain secrets, service-user changes
//! made the way the portal makes them, bulk actions, the activity journal, the one-time-secret
//! handling, and the preferences. Tests run them against the real sandbox over HTTP.
//!
//! The UI reaches them through one contract: `contract` declares every command and event once
//! (its table), `commands` holds each command's body over the [`App`], and the contract's
//! dispatcher runs a command by name with JSON arguments. The desktop shell hands every IPC call
//! to that dispatcher, and the shared behaviour suite drives the same dispatcher, so what the
//! tests see is what the window gets.
//!
//! One file, one concern, with dependency arrows pointing one way: `error`, `notices` and `memory`
//! depend on no other file; `private_file` (the one writer for every file the app writes), `clipboard` and `keychain`
//! only on `error`; the use-cases build on those, `state` on the use-cases, and `api_keys` (where
//! a new secret goes from the API straight into the handoff) on `state` and `secret_handoff`;
//! `delivery` (running delivery targets) on `private_file` and `contract`'s dialog shapes;
//! `event_stream` (the queue the window reads events from) on `contract`'s event sink;
//! `app` holds them all, `rotation` (the rotation assistant) builds on `app`, `commands` on
//! `app` and `rotation`, and `contract` on `commands`.

pub mod activity;
pub mod api_keys;
pub mod app;
pub mod bulk;
pub mod clipboard;
pub mod commands;
pub mod compare;
pub mod connections;
pub mod contract;
pub mod delivery;
pub mod desktop;
pub mod embedded_sandbox;
pub mod error;
pub mod event_stream;
pub mod findings;
pub mod import;
pub mod journal;
pub mod keychain;
pub mod memory;
pub mod notices;
pub mod painting;
pub mod permissions;
pub mod policies;
pub mod preferences;
pub mod private_file;
pub mod recent_users;
pub mod reports;
pub mod rotation;
pub mod secret_handoff;
pub mod service_users;
pub mod state;
pub mod terraform;

pub use app::App;
pub use bulk::{BulkAction, BulkItemResult, BulkOptions, BulkOutcome, BulkProgress, BulkReport};
pub use connections::{
    ActiveConnection, ClientSettings, Connected, Connection, ConnectionUpdate, Connections,
    NewConnection,
};
pub use error::{AppError, Error, ErrorCode, Result};
pub use journal::{Journal, JournalEntry, JournalOutcome};
pub use keychain::{APP_ID, KeyringStore, MemoryStore, SecretStore};
pub use notices::Notice;
pub use preferences::{
    CLIPBOARD_SECONDS_DEFAULT, CLIPBOARD_SECONDS_MAX, CLIPBOARD_SECONDS_MIN, Preferences,
    PreferencesFile, Settings, Theme,
};
pub use state::AppState;
