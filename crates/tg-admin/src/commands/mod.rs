//! The body of every command in the contract (`crate::contract`), grouped by what it is about.
//! Each takes the [`App`](crate::App), the [`Host`](crate::contract::Host) and the arguments the
//! table declares, and fails with an [`AppError`](crate::AppError) the UI can branch on.

mod connections;
mod desktop;
mod keys;
mod policies;
mod service_users;
mod settings;

pub use connections::*;
pub use desktop::*;
pub use keys::*;
pub use policies::*;
pub use service_users::*;
pub use settings::*;
