//! Typed client for the Trustgrid REST API (see `shared/API.md`): DTOs, errors, one handler per
//! resource, and the app's only retry layer (reads only, see [`RetryPolicy`]). It knows nothing of
//! Tauri so the same code serves the app, the tests and the benchmarks.

mod api_url;
mod client;
mod error;
mod models;
mod resources;
mod retry;
mod secret;

pub use api_url::{ApiUrl, check_path_segment};
pub use client::{Client, ClientBuilder, ClientCredentials, MAX_RESPONSE_BYTES, USER_AGENT};
pub use error::{Error, Reach, Result};
pub use models::{
    ApiKeys, NewServiceUser, Org, Policy, PolicyEffect, PolicyStatement, ServiceUser,
    ServiceUserStatus,
};
pub use resources::{OrgHandler, PolicyHandler, ServiceUserHandler};
pub use retry::RetryPolicy;
pub use secret::Secret;
