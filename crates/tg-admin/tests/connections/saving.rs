//! Adding, updating, removing and connecting, and what a failure leaves behind.

use crate::fixture::{fast, fixture};
use tg_admin::{AppError, ConnectionUpdate, Connections, Error, ErrorCode, SecretStore};
use tg_api::Secret;

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

#[tokio::test]
async fn without_a_keychain_a_connection_can_be_used_for_this_session_only() {
    let f = fixture().await;
    f.store.set_unavailable(true);
    let mut input = f.new_connection("Session");
    input.session_only = true;
    let connected = f
        .connections
        .add(input)
        .await
        .expect("used without the keychain");
    let id = connected.connection.id.clone();
    f.connections
        .connect(&id)
        .await
        .expect("it connects again this session");
    let secret = f.sandbox.admin_credentials().secret;
    assert!(
        !f.file_text().contains(&secret),
        "the secret is never written to a file"
    );
    f.store.set_unavailable(false);
    assert_eq!(f.store.get(&id).unwrap(), None, "nor to the keychain");

    // The next start (a new Connections over the same file) asks for the secret again.
    let next = Connections::new(&f.file, f.store.clone()).with_client_settings(fast());
    let error = AppError::from(next.connect(&id).await.unwrap_err());
    assert!(
        error.message.contains("enter the Client Secret again"),
        "{}",
        error.message
    );

    f.connections
        .remove(&id)
        .expect("removed without touching the keychain");
}
