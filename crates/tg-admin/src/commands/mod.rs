//! The body of every command in the contract (`crate::contract`), grouped by what it is about.
//! Each takes the [`App`](crate::App), the [`Host`](crate::contract::Host) and the arguments the
//! table declares, and fails with an [`AppError`](crate::AppError) the UI can branch on.

mod compare;
mod connections;
mod delivery;
mod findings;
mod keys;
mod policies;
mod sandbox;
mod service_users;
mod settings;
mod terraform;

pub use compare::*;
pub use connections::*;
pub use delivery::*;
pub use findings::*;
pub use keys::*;
pub use policies::*;
pub use sandbox::*;
pub use service_users::*;
pub use settings::*;
pub use terraform::*;

/// Asks where with the native save dialog, then writes `bytes` there owner-only; the path
/// written, or `None` when the user cancelled. `action` says what failed ("write the report to").
async fn save_chosen(
    host: &dyn crate::contract::Host,
    request: crate::contract::SaveRequest,
    bytes: &[u8],
    action: &'static str,
) -> Result<Option<String>, crate::AppError> {
    let Some(path) = host.choose_save_path(request).await else {
        return Ok(None);
    };
    crate::private_file::write(&path, bytes)
        .map_err(|e| crate::Error::storage(action, &path, e))?;
    Ok(Some(path.display().to_string()))
}
