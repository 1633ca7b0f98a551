//! The body of every command in the contract (`crate::contract`), grouped by what it is about.
//! Each takes the [`App`](crate::App), the [`Host`](crate::contract::Host) and the arguments the
//! table declares, and fails with an [`AppError`](crate::AppError) the UI can branch on.

mod compare;
mod connections;
mod delivery;
mod findings;
mod keys;
mod policies;
mod rotation;
mod sandbox;
mod save;
mod service_users;
mod settings;
mod terraform;

pub use compare::*;
pub use connections::*;
pub use delivery::*;
pub use findings::*;
pub use keys::*;
pub use policies::*;
pub use rotation::*;
pub use sandbox::*;
pub use service_users::*;
pub use settings::*;
pub use terraform::*;
