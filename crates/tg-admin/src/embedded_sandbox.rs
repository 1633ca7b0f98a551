//! The sandbox running inside the app, as far as the app's use-cases need it: the way back when
//! its admin was disabled or re-keyed through the API (no key left could undo that), and a reset
//! of its demo data. The shell implements [`EmbeddedSandbox`] over the running tg-sandbox, so
//! this crate stays free of the server.

use futures::future::BoxFuture;
use tg_api::Secret;

/// New credentials of the sandbox's admin, after a recovery or a reset.
pub struct SandboxAdmin {
    pub client_id: String,
    pub secret: Secret,
}

/// What the app may do to the sandbox it runs. Errors are plain descriptions for the user.
pub trait EmbeddedSandbox: Send + Sync {
    /// Re-enables `sandbox-admin`, gives it the admin policy back and issues it new keys.
    fn recover_admin(&self) -> BoxFuture<'_, Result<SandboxAdmin, String>>;
    /// Removes every service user and custom policy, adds the demo data again and issues the
    /// admin new keys.
    fn reset_demo_data(&self) -> BoxFuture<'_, Result<SandboxAdmin, String>>;
    /// Keeps `admin` as the admin's credentials (after the admin's keys were rotated through
    /// the API), so the sandbox finds them again on its next start.
    fn adopt_admin_keys(&self, admin: SandboxAdmin) -> BoxFuture<'_, Result<(), String>>;
}
