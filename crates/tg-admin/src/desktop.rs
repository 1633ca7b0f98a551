//! What passes between the UI and the desktop around the app rather than inside it: the marks
//! the UI sends while it starts (logged, so the start-up benchmark can see where launch time
//! goes without a timer in the app) and the commands of the native menu and its shortcuts, which
//! the shell forwards to the UI as events.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The `tracing` target of the start-up log lines, which `cargo xtask bench` reads.
pub const STARTUP_TARGET: &str = "startup";

/// A point the UI reaches while the app starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "stage", rename_all = "camelCase")]
#[ts(export)]
pub enum StartupMark {
    /// The UI's script runs (the webview has loaded the page).
    ScriptStarted,
    /// The Service Users list has painted its first rows.
    ListShown { rows: u32 },
}

/// An item of the native menu (or its shortcut) the UI carries out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum MenuCommand {
    /// Read the current page again (Ctrl/Cmd+R).
    Refresh,
    /// Put the focus in the search box (Ctrl/Cmd+F).
    Find,
    /// Open "Add Service User" (Ctrl/Cmd+N).
    NewServiceUser,
}
