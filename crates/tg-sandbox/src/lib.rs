//! A local Trustgrid-compatible API server, like LocalStack for AWS: the organisation, service
//! user and policy endpoints of the Trustgrid API, with real persistence (SQLite) and real
//! authentication and authorization, so the app and Trustgrid's own Terraform provider can be
//! developed and tested without the Trustgrid cloud.
//!
//! Run it in-process with [`Sandbox::start`], or as the `tg-sandbox` binary. The crate README
//! lists the endpoints, the built-in policies and the limits.
//!
//! Layout (no file imports another that imports it back; `cargo xtask test` checks this):
//! - `server`: start-up (data directory, admin user, listener) and shutdown.
//! - `recovery`: the way back from a locked-out admin (re-issued keys, demo data reset), for the
//!   program that runs the sandbox in-process.
//! - `routes`: the router, its layers and the OpenAPI document; one module per resource, the
//!   extractors (authenticated caller, JSON body, path name) and the handlers' shared state.
//! - `faults` and `connection`: the fault mode, and the connections it can drop.
//! - `auth`: credentials and keys, and what a caller's policies allow (decided by `tg-policy`,
//!   the engine the app uses too).
//! - `store` and `schema`: the SQLite database, its queries, migrations and transaction helpers.
//! - `model`, `demo`, `credentials`: the API's shapes and the data the sandbox starts with (the
//!   built-in policies come from `tg-policy`).
//! - `api_error` (refused requests), `start_error` (failed starts), `config` (settings and
//!   limits).
//!
//! ```no_run
//! # async fn example() -> Result<(), tg_sandbox::SandboxError> {
//! let sandbox = tg_sandbox::Sandbox::start(tg_sandbox::SandboxConfig::new("/tmp/tg-sandbox")).await?;
//! println!("{} as {}", sandbox.base_url(), sandbox.admin_credentials().client_id);
//! sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod api_error;
mod auth;
mod config;
mod connection;
mod credentials;
mod demo;
mod faults;
mod model;
mod policy_cache;
mod recovery;
mod routes;
mod schema;
mod server;
mod start_error;
mod store;

pub use config::{
    DEFAULT_FAULT_DELAY, DEFAULT_LISTEN, DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_REQUEST_TIMEOUT,
    FaultConfig, SandboxConfig, default_data_dir,
};
pub use credentials::AdminCredentials;
pub use faults::{FAULT_HEADER, FaultStats};
pub use server::{ADMIN_USER, RunningSandbox, Sandbox};
pub use start_error::SandboxError;

/// The OpenAPI 3 document the sandbox serves at `/openapi.json`.
pub fn openapi_json() -> String {
    routes::openapi().to_pretty_json().unwrap_or_default()
}

/// Internals the benchmark measures. Not a stable API.
#[doc(hidden)]
pub mod bench_support {
    use std::path::Path;

    use crate::start_error::SandboxError;
    use crate::store::{self, Store};

    /// The database of a data directory, prepared as [`crate::Sandbox::start`] would, with
    /// `users` extra service users (`user-0`, `user-1`, ...) holding `builtin-tg-monitor`.
    pub struct AuthFixture {
        store: Store,
        authorization: String,
    }

    impl AuthFixture {
        pub fn prepare(data_dir: &Path, users: usize) -> Result<Self, SandboxError> {
            std::fs::create_dir_all(data_dir).map_err(|source| SandboxError::DataDir {
                path: data_dir.to_path_buf(),
                source,
            })?;
            let (store, _org, keys) = crate::server::prepare(data_dir, false)?;
            store.write(|tx| -> rusqlite::Result<()> {
                for index in 0..users {
                    let name = format!("user-{index}");
                    if !store::user_exists(tx, &name)? {
                        store::insert_user(tx, &name, "active")?;
                        store::set_user_policies(tx, &name, &["builtin-tg-monitor".to_string()])?;
                        crate::auth::issue_keys(tx, &name)?;
                    }
                }
                Ok(())
            })?;
            let authorization =
                format!("{} {}:{}", crate::auth::SCHEME, keys.client_id, keys.secret);
            Ok(Self {
                store,
                authorization,
            })
        }

        /// One full check as a request does it: parse the header, look up the key, hash and
        /// compare the secret, load the policies and evaluate `users::read`.
        pub fn check(&self) -> bool {
            crate::auth::authenticate(&self.store, Some(&self.authorization))
                .is_ok_and(|caller| caller.may(crate::auth::actions::USERS_READ))
        }
    }
}
