//! The sandbox seen from outside the app: API clients with an administrator's credentials, and
//! users and keys made the way another administrator would make them, so a test can set the
//! scene and check the app's effects against the API itself.

use std::path::Path;

use serde::Deserialize;

use crate::paths::APP_ID;

/// The embedded sandbox's admin, as the app's sandbox writes it to its data folder.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxAdmin {
    pub base_url: String,
    pub client_id: String,
    pub secret: String,
}

/// An API client with these credentials, for checking the app's effects on the sandbox.
pub fn api_client(base_url: &str, client_id: &str, secret: &str) -> tg_api::Client {
    tg_api::Client::builder()
        .base_url(base_url)
        .credentials(tg_api::ClientCredentials {
            client_id: client_id.to_string(),
            secret: tg_api::Secret::new(secret),
        })
        .build()
        .expect("an API client for the embedded sandbox")
}

/// Creates an active service user with the read-only monitor policy, as another administrator would.
pub async fn create_service_user(api: &tg_api::Client, name: &str) {
    api.service_users()
        .create(&tg_api::NewServiceUser {
            name: name.to_string(),
            policy_ids: vec!["builtin-tg-monitor".into()],
            status: tg_api::ServiceUserStatus::Active,
        })
        .await
        .unwrap_or_else(|e| panic!("create service user {name}: {e}"));
}

/// Creates `name` with every permission on `sandbox` and generates its keys: what an
/// administrator would enter as a new connection. Returns the Client ID and the secret.
pub async fn connection_keys(sandbox: &tg_sandbox::RunningSandbox, name: &str) -> (String, String) {
    let api = sandbox_client(sandbox);
    api.service_users()
        .create(&tg_api::NewServiceUser {
            name: name.to_string(),
            policy_ids: vec!["builtin-tg-admin".into()],
            status: tg_api::ServiceUserStatus::Active,
        })
        .await
        .unwrap_or_else(|e| panic!("create service user {name}: {e}"));
    let keys = api
        .service_users()
        .generate_token(name)
        .await
        .unwrap_or_else(|e| panic!("keys for {name}: {e}"));
    (keys.client_id, keys.secret.expose_secret().to_owned())
}

/// The sandbox's own admin client.
pub fn sandbox_client(sandbox: &tg_sandbox::RunningSandbox) -> tg_api::Client {
    let admin = sandbox.admin_credentials();
    api_client(sandbox.base_url(), &admin.client_id, &admin.secret)
}

impl SandboxAdmin {
    /// The sandbox admin's own API client.
    pub fn client(&self) -> tg_api::Client {
        api_client(&self.base_url, &self.client_id, &self.secret)
    }
}

/// Prepares the embedded sandbox's data in `home` (as the app lays it out under
/// `XDG_DATA_HOME`) with `users` service users named `user-0`, `user-1`, ... and no demo data,
/// so a launch finds them at once.
pub fn seed_sandbox(home: &Path, users: usize) {
    let dir = home.join("data").join(APP_ID).join("sandbox");
    tg_sandbox::bench_support::AuthFixture::prepare(&dir, users).expect("the sandbox is seeded");
}
