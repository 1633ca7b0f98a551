//! The shapes the contract table is made of, and the two seams a command may need beyond its
//! arguments: the event sink and the [`Host`] (native dialogs).

use std::path::PathBuf;
use std::sync::Arc;

use futures::future::BoxFuture;
use serde::Serialize;
use ts_rs::TS;

/// A message the Rust side sends to the UI on its own. Each payload type has one event name,
/// declared in the table.
pub trait Event: Serialize + TS + 'static {
    /// The name the UI listens to.
    const NAME: &'static str;
}

/// Where events go: the shell forwards them to the window; tests collect them.
pub type EventSink = Arc<dyn Fn(&'static str, serde_json::Value) + Send + Sync>;

/// Sends `event` to `sink` under its declared name.
pub fn emit<E: Event>(sink: &EventSink, event: &E) {
    match serde_json::to_value(event) {
        Ok(payload) => sink(E::NAME, payload),
        Err(error) => tracing::warn!(%error, event = E::NAME, "could not encode an event"),
    }
}

/// What a save dialog should offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveRequest {
    pub title: &'static str,
    pub file_name: String,
    /// The filter's label, e.g. "JSON Lines".
    pub filter: &'static str,
    /// The filter's extension, without the dot.
    pub extension: &'static str,
    /// The folder the dialog opens in; `None` lets the system choose.
    pub directory: Option<PathBuf>,
}

/// What a native confirmation dialog should show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmRequest {
    pub title: String,
    /// The whole text the user confirms, e.g. the exact command a delivery target runs.
    pub message: String,
    /// The label of the button that confirms (the other one cancels).
    pub confirm_label: String,
}

/// What only the desktop can do for a command: the native dialogs, parented to the window that
/// asked. The shell implements it over tauri-plugin-dialog; tests answer from a script.
pub trait Host: Send + Sync {
    /// Asks where to save (the dialog confirms any overwrite); `None` when the user cancelled.
    fn choose_save_path(&self, request: SaveRequest) -> BoxFuture<'static, Option<PathBuf>>;

    /// Asks the user to confirm, in a dialog drawn by the system outside the webview, so that
    /// script running in the webview can neither answer it nor change what it says. `false` when
    /// the user cancelled or closed it.
    fn confirm(&self, request: ConfirmRequest) -> BoxFuture<'static, bool>;

    /// Asks for a folder (the dialog can create one); `None` when the user cancelled.
    fn choose_folder(&self, title: &'static str) -> BoxFuture<'static, Option<PathBuf>>;
}

/// Whether a command may wait on the network (`Async`) or does short blocking work such as a
/// keychain, clipboard or file call (`Blocking`: run on the blocking pool, so neither an async
/// worker nor the window's thread waits on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Async,
    Blocking,
}

/// A TypeScript type as ts-rs names it, and the exported types it refers to (for imports).
#[derive(Clone, Copy)]
pub struct TsType {
    pub name: fn() -> String,
    pub dependencies: fn(&mut Vec<ts_rs::Dependency>),
}

impl TsType {
    pub const fn of<T: TS + 'static>() -> Self {
        Self {
            name: <T as TS>::name,
            dependencies: collect_dependencies::<T>,
        }
    }
}

/// `T` itself when it is exported, and every exported type inside it (`Vec<T>`, `Option<T>`).
fn collect_dependencies<T: TS + 'static>(out: &mut Vec<ts_rs::Dependency>) {
    struct Visitor<'a>(&'a mut Vec<ts_rs::Dependency>);
    impl ts_rs::TypeVisitor for Visitor<'_> {
        fn visit<U: TS + 'static + ?Sized>(&mut self) {
            self.0.extend(ts_rs::Dependency::from_ty::<U>());
        }
    }
    out.extend(ts_rs::Dependency::from_ty::<T>());
    <T as TS>::visit_generics(&mut Visitor(out));
}

/// One argument of a command.
pub struct ArgSpec {
    /// The Rust name; the wire (and TypeScript) name is its [`lower_camel`] form.
    pub name: &'static str,
    pub ty: TsType,
}

/// One command as the table declares it.
pub struct CommandSpec {
    pub name: &'static str,
    pub docs: &'static [&'static str],
    pub kind: Kind,
    pub args: &'static [ArgSpec],
    pub result: TsType,
}

/// One event as the table declares it.
pub struct EventSpec {
    pub name: &'static str,
    pub docs: &'static [&'static str],
    /// The payload's type, which also names the UI's subscription (`on<Payload>`).
    pub payload: TsType,
}

/// `policy_id` → `policyId`: how names cross the IPC boundary.
pub fn lower_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cross_the_boundary_in_lower_camel_case() {
        assert_eq!(lower_camel("policy_id"), "policyId");
        assert_eq!(lower_camel("list_service_users"), "listServiceUsers");
        assert_eq!(lower_camel("name"), "name");
    }
}
