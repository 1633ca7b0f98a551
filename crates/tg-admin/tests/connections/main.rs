//! Connections against the real sandbox: credentials are verified before anything is saved, the
//! secret goes only to the secret store, and a failure at any step leaves nothing half-saved.
//!
//! - `fixture`: a sandbox, an in-memory keychain and a connections file in a fresh folder;
//! - `saving`: adding, updating, removing and connecting, and what a failure leaves behind;
//! - `servers`: where a stored secret may be sent (another server, plain http).

mod fixture;
mod saving;
mod servers;
