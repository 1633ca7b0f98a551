//! Connections against the real sandbox: credentials are verified before anything is saved, the
//! secret goes only to the secret store, and a failure at any step leaves nothing half-saved.

use std::sync::Arc;
use std::time::Duration;

use tg_admin::{
    AppError, ClientSettings, ConnectionUpdate, Connections, Error, ErrorCode, MemoryStore,
    NewConnection, SecretStore,
};
use tg_api::{RetryPolicy, Secret};
use tg_sandbox::{RunningSandbox, Sandbox, SandboxConfig};

struct Fixture {
    sandbox: RunningSandbox,
    store: Arc<MemoryStore>,
    connections: Connections,
    file: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxConfig::new(dir.path().join("sandbox")))
        .await
        .unwrap();
    let store = Arc::new(MemoryStore::new());
    let file = dir.path().join("config/connections.json");
    let connections = Connections::new(&file, store.clone()).with_client_settings(fast());
    Fixture {
        sandbox,
        store,
        connections,
        file,
        _dir: dir,
    }
}

fn fast() -> ClientSettings {
    ClientSettings {
        timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            attempts: 2,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(10),
            max_elapsed: Duration::from_secs(5),
        },
    }
}

impl Fixture {
    fn new_connection(&self, name: &str) -> NewConnection {
        let admin = self.sandbox.admin_credentials();
        NewConnection {
            name: name.into(),
            base_url: format!("{}/", self.sandbox.base_url()),
            client_id: admin.client_id.clone(),
            client_secret: Secret::new(admin.secret.clone()),
            allow_insecure_http: false,
        }
    }

    fn file_text(&self) -> String {
        std::fs::read_to_string(&self.file).unwrap_or_default()
    }
}

#[tokio::test]
async fn adding_verifies_then_keeps_the_secret_out_of_the_file() {
    let f = fixture().await;
    let connected = f
        .connections
        .add(f.new_connection("Sandbox"))
        .await
        .unwrap();
    assert!(
        !connected.org.name.is_empty(),
        "adding returns the org it verified"
    );
    assert_eq!(
        connected.connection.base_url,
        f.sandbox.base_url(),
        "the trailing slash is dropped"
    );

    let listed = f.connections.list().unwrap();
    assert_eq!(listed, vec![connected.connection.clone()]);
    let secret = &f.sandbox.admin_credentials().secret;
    assert!(
        !f.file_text().contains(secret.as_str()),
        "the connections file must never hold a secret"
    );
    assert_eq!(
        f.store
            .get(&connected.connection.id)
            .unwrap()
            .unwrap()
            .expose_secret(),
        secret,
        "the secret is in the store under the connection id"
    );

    let reconnected = f
        .connections
        .connect(&connected.connection.id)
        .await
        .unwrap();
    assert_eq!(reconnected.org, connected.org);
}

#[tokio::test]
async fn rejected_credentials_save_nothing() {
    let f = fixture().await;
    let mut input = f.new_connection("Wrong");
    input.client_secret = Secret::new("not-the-secret");
    let error = AppError::from(f.connections.add(input).await.unwrap_err());
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(
        error.message,
        "The connection's credentials were rejected (401). Check the Client ID and Secret, \
         and that the service user is active."
    );
    assert!(
        f.store.is_empty(),
        "no secret is stored for a rejected connection"
    );
    assert!(
        !f.file.exists(),
        "no file is written for a rejected connection"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_a_network_error_naming_it() {
    let f = fixture().await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let mut input = f.new_connection("Nowhere");
    input.base_url = closed.clone();
    let error = AppError::from(f.connections.add(input).await.unwrap_err());
    assert_eq!(error.code, ErrorCode::Network);
    assert!(
        error
            .message
            .starts_with(&format!("Could not reach {closed}/org/mine")),
        "the message says which address failed: {}",
        error.message
    );
    assert!(f.store.is_empty() && !f.file.exists());
}

#[tokio::test]
async fn bad_input_is_refused_before_any_request() {
    let f = fixture().await;
    let mut no_name = f.new_connection("  ");
    no_name.name = "  ".into();
    let mut bad_url = f.new_connection("x");
    bad_url.base_url = "api.trustgrid.io".into();
    for input in [no_name, bad_url] {
        let error = AppError::from(f.connections.add(input).await.unwrap_err());
        assert_eq!(error.code, ErrorCode::InvalidInput, "{}", error.message);
    }
    f.connections.add(f.new_connection("Same")).await.unwrap();
    let error = AppError::from(
        f.connections
            .add(f.new_connection("same"))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        error.code,
        ErrorCode::InvalidInput,
        "names are unique so the switcher is unambiguous"
    );
}

#[tokio::test]
async fn an_unavailable_keychain_is_its_own_error_and_saves_nothing() {
    let f = fixture().await;
    f.store.set_unavailable(true);
    let error = AppError::from(
        f.connections
            .add(f.new_connection("Sandbox"))
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::KeychainUnavailable);
    assert!(
        !f.file.exists(),
        "the file is written only after the secret"
    );
}

#[tokio::test]
async fn a_file_that_cannot_be_written_takes_the_secret_back_out() {
    let f = fixture().await;
    // A directory where the file's parent should be makes the write fail.
    let blocked = f._dir.path().join("blocked");
    std::fs::write(&blocked, b"a file, not a directory").unwrap();
    let connections = Connections::new(blocked.join("connections.json"), f.store.clone())
        .with_client_settings(fast());
    let error = connections
        .add(f.new_connection("Sandbox"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Storage { .. }), "{error:?}");
    assert!(
        f.store.is_empty(),
        "a secret whose connection was not saved must not stay in the keychain"
    );
}

#[tokio::test]
async fn a_corrupt_file_is_reported_and_left_alone() {
    let f = fixture().await;
    std::fs::create_dir_all(f.file.parent().unwrap()).unwrap();
    std::fs::write(&f.file, b"{ not json").unwrap();
    assert!(matches!(f.connections.list(), Err(Error::Storage { .. })));
    assert!(
        f.connections
            .add(f.new_connection("Sandbox"))
            .await
            .is_err(),
        "adding must not overwrite a file it could not read"
    );
    assert_eq!(
        f.file_text(),
        "{ not json",
        "the user's file is kept as it was"
    );
    assert!(f.store.is_empty());
}

#[tokio::test]
async fn updating_without_a_secret_keeps_it_and_a_failed_update_changes_nothing() {
    let f = fixture().await;
    let added = f.connections.add(f.new_connection("Before")).await.unwrap();
    let id = added.connection.id.clone();
    let admin = f.sandbox.admin_credentials();

    let renamed = f
        .connections
        .update(
            &id,
            ConnectionUpdate {
                name: "After".into(),
                base_url: f.sandbox.base_url().into(),
                client_id: admin.client_id.clone(),
                client_secret: None,
                allow_insecure_http: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.connection.name, "After");
    assert_eq!(f.connections.get(&id).unwrap().name, "After");

    let error = f
        .connections
        .update(
            &id,
            ConnectionUpdate {
                name: "Broken".into(),
                base_url: f.sandbox.base_url().into(),
                client_id: admin.client_id.clone(),
                client_secret: Some(Secret::new("wrong-secret")),
                allow_insecure_http: false,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api(tg_api::Error::Unauthorized)));
    assert_eq!(
        f.connections.get(&id).unwrap().name,
        "After",
        "a rejected update leaves the saved connection as it was"
    );
    assert_eq!(
        f.store.get(&id).unwrap().unwrap().expose_secret(),
        admin.secret,
        "a rejected update leaves the stored secret as it was"
    );
    f.connections
        .connect(&id)
        .await
        .expect("the connection still works after a rejected update");
}

#[tokio::test]
async fn removing_deletes_the_entry_and_the_secret() {
    let f = fixture().await;
    let added = f.connections.add(f.new_connection("Gone")).await.unwrap();
    f.connections.remove(&added.connection.id).unwrap();
    assert!(f.connections.list().unwrap().is_empty());
    assert!(
        f.store.is_empty(),
        "the secret leaves the keychain with its connection"
    );
    let error = AppError::from(
        f.connections
            .connect(&added.connection.id)
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::NotFound);
}

/// A connection must stay removable when the keychain cannot be reached: the entry goes, and the
/// user is told the secret may still be in the keychain.
#[tokio::test]
async fn removing_with_the_keychain_unavailable_removes_the_entry_and_says_so() {
    let f = fixture().await;
    let added = f.connections.add(f.new_connection("Stuck")).await.unwrap();
    f.store.set_unavailable(true);

    let error = f.connections.remove(&added.connection.id).unwrap_err();

    assert!(
        matches!(&error, Error::SecretLeftInKeychain { name, .. } if name == "Stuck"),
        "{error:?}"
    );
    let app_error = AppError::from(&error);
    assert_eq!(app_error.code, ErrorCode::KeychainUnavailable);
    assert!(
        app_error.message.contains("was removed"),
        "the message must say the connection is gone, not that removing failed: {}",
        app_error.message
    );
    assert!(
        f.connections.list().unwrap().is_empty(),
        "the entry is removed even though the keychain could not be reached"
    );
    assert!(!f.file_text().contains("Stuck"));
    f.store.set_unavailable(false);
    assert_eq!(
        f.store.len(),
        1,
        "the secret could not be deleted, which is what the error reports"
    );
}

#[tokio::test]
async fn a_secret_removed_outside_the_app_is_reported_not_guessed() {
    let f = fixture().await;
    let added = f.connections.add(f.new_connection("Lost")).await.unwrap();
    f.store.delete(&added.connection.id).unwrap();
    let error = f
        .connections
        .connect(&added.connection.id)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::SecretMissing(ref name) if name == "Lost"),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_embedded_sandbox_never_touches_the_store_or_the_file() {
    let f = fixture().await;
    let admin = f.sandbox.admin_credentials();
    let embedded = f.connections.set_embedded(
        "Built-in sandbox",
        f.sandbox.base_url(),
        &admin.client_id,
        Secret::new(admin.secret.clone()),
    );
    assert!(embedded.embedded);
    assert_eq!(f.connections.list().unwrap(), vec![embedded.clone()]);
    let connected = f.connections.connect(&embedded.id).await.unwrap();
    assert_eq!(connected.connection, embedded);
    assert!(
        f.store.is_empty(),
        "the embedded secret is never put in the keychain"
    );
    assert!(
        !f.file.exists(),
        "the embedded connection is never written to the file"
    );
    let error = AppError::from(
        f.connections
            .update(
                &embedded.id,
                ConnectionUpdate {
                    name: "x".into(),
                    base_url: f.sandbox.base_url().into(),
                    client_id: admin.client_id.clone(),
                    client_secret: None,
                    allow_insecure_http: false,
                },
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

/// A port on this machine that nothing listens on, and whether anyone tried to connect to it.
struct Tripwire(std::net::TcpListener);

impl Tripwire {
    fn new() -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        Self(listener)
    }

    fn port(&self) -> u16 {
        self.0.local_addr().unwrap().port()
    }

    fn was_contacted(&self) -> bool {
        self.0.accept().is_ok()
    }
}

#[tokio::test]
async fn pointing_a_connection_at_another_server_needs_the_secret_again() {
    let f = fixture().await;
    let added = f.connections.add(f.new_connection("Prod")).await.unwrap();
    let id = added.connection.id.clone();
    let admin = f.sandbox.admin_credentials();
    let port = f.sandbox.base_url().rsplit(':').next().unwrap().to_owned();
    let update = |base_url: String, secret: Option<&str>| ConnectionUpdate {
        name: "Prod".into(),
        base_url,
        client_id: admin.client_id.clone(),
        client_secret: secret.map(Secret::new),
        allow_insecure_http: false,
    };

    let elsewhere = Tripwire::new();
    for moved in [
        format!("http://127.0.0.1:{}", elsewhere.port()),
        format!("https://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let error = AppError::from(
            f.connections
                .update(&id, update(moved.clone(), None))
                .await
                .unwrap_err(),
        );
        assert_eq!(
            error.code,
            ErrorCode::SecretRequired,
            "{moved}: {}",
            error.message
        );
    }
    assert!(
        !elsewhere.was_contacted(),
        "the stored secret must not be sent to the new address"
    );
    assert_eq!(
        f.connections.get(&id).unwrap().base_url,
        f.sandbox.base_url(),
        "a refused edit changes nothing"
    );

    // The same server spelled with a trailing slash is not a move.
    f.connections
        .update(&id, update(format!("{}/", f.sandbox.base_url()), None))
        .await
        .expect("same scheme, host and port: the stored secret is used");
    // With the secret entered again, the move is made.
    let moved = f
        .connections
        .update(
            &id,
            update(format!("http://localhost:{port}"), Some(&admin.secret)),
        )
        .await
        .expect("the secret was entered for the new address");
    assert_eq!(
        moved.connection.base_url,
        format!("http://localhost:{port}")
    );
}

#[tokio::test]
async fn plain_http_to_another_machine_needs_confirmation_before_anything_is_sent() {
    let f = fixture().await;
    let tripwire = Tripwire::new();
    // 0.0.0.0 is not a loopback name, yet on this machine it never leaves it.
    let mut input = f.new_connection("Remote");
    input.base_url = format!("http://0.0.0.0:{}", tripwire.port());
    let error = AppError::from(f.connections.add(input.clone()).await.unwrap_err());
    assert_eq!(
        error.code,
        ErrorCode::InsecureConnection,
        "{}",
        error.message
    );
    assert!(
        !tripwire.was_contacted(),
        "nothing is sent before the user confirms"
    );
    assert!(f.store.is_empty() && !f.file.exists());

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    input.base_url = format!("http://0.0.0.0:{}", closed.local_addr().unwrap().port());
    drop(closed);
    input.allow_insecure_http = true;
    let error = AppError::from(f.connections.add(input).await.unwrap_err());
    assert_eq!(
        error.code,
        ErrorCode::Network,
        "once confirmed the request is made (and refused here): {}",
        error.message
    );
}

/// Linux routes 0.0.0.0 to this machine, so a "remote" plain-http sandbox can answer here.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_confirmed_insecure_connection_is_kept_and_checked_again_on_each_use() {
    let f = fixture().await;
    let port = f.sandbox.base_url().rsplit(':').next().unwrap().to_owned();
    let mut input = f.new_connection("Plain");
    input.base_url = format!("http://0.0.0.0:{port}");
    input.allow_insecure_http = true;
    let added = f.connections.add(input).await.unwrap();
    assert!(added.connection.allow_insecure_http);
    let id = added.connection.id.clone();
    assert!(
        f.file_text().contains(r#""allowInsecureHttp": true"#),
        "the confirmation is saved with the connection: {}",
        f.file_text()
    );
    f.connections.connect(&id).await.expect("confirmed before");

    // A file written before the confirmation existed (or edited by hand) is refused on use.
    let edited = f.file_text().replace(
        r#""allowInsecureHttp": true"#,
        r#""allowInsecureHttp": false"#,
    );
    std::fs::write(&f.file, edited).unwrap();
    let error = AppError::from(f.connections.connect(&id).await.unwrap_err());
    assert_eq!(
        error.code,
        ErrorCode::InsecureConnection,
        "{}",
        error.message
    );
}
