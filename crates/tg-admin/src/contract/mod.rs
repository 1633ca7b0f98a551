//! The one contract between the UI and the Rust side: every command (name, arguments, result),
//! every event (name, payload), the error codes and the rules the UI checks before it asks.
//!
//! It is written once, as the table in `table.rs`, and everything else is derived from it:
//! - [`dispatch_json`] runs a command by name with JSON arguments and answers with JSON text. The
//!   desktop shell routes every IPC call through it, and the shared behaviour suite
//!   (`tests/behaviour`) drives the very same function through [`dispatch`], which only reads the
//!   answer back as a value, so what the tests see is what the window gets;
//! - [`typescript`] renders the UI's client (`ui/src/bindings/contract.ts`): the `Backend`
//!   interface, the client over Tauri's `invoke`, the event subscriptions (which read the events
//!   through [`EVENT_STREAM_COMMAND`]), the error-code list and the rules (the TypeScript types
//!   themselves come from ts-rs);
//! - [`permissions_toml`] renders the shell's permission set, from which its `build.rs` generates
//!   one permission per command.
//!
//! `cargo xtask test` regenerates both files into a scratch folder and fails when the committed
//! ones differ, so a command cannot be added, renamed or retyped on one side only.

mod macros;
mod rules;
mod spec;
mod table;
mod typescript;
mod values;
mod wire;

pub use rules::Rules;
pub use spec::{
    ArgSpec, CommandSpec, ConfirmRequest, Event, EventSink, EventSpec, Host, Kind, SaveRequest,
    TsType, emit, lower_camel,
};
pub use table::{COMMANDS, EVENT_STREAM_COMMAND, EVENTS, dispatch_json};
pub use typescript::{permissions_toml, typescript};
pub use values::dispatch;
