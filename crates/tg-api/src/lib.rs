//! Typed client for the Trustgrid REST API (see `shared/API.md`): DTOs, errors and one handler per
//! resource. It knows nothing of Tauri so the same code serves the app, the tests and the benchmarks.

mod client;
mod error;
mod models;
mod resources;
pub mod rules;
mod secret;

pub use client::{Client, ClientBuilder, ClientCredentials, RetryPolicy, USER_AGENT};
pub use error::Error;
pub use models::{
    ApiKeys, NewServiceUser, Org, Policy, PolicyEffect, PolicyStatement, ServiceUser,
    ServiceUserStatus,
};
pub use resources::{OrgHandler, PolicyHandler, ServiceUserHandler};
pub use secret::Secret;

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
