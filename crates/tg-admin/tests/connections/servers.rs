//! Where a stored secret may be sent: not to another server without being typed again, not in
//! plain http to another machine without the user's confirmation.

use crate::fixture::fixture;
use tg_admin::{AppError, ConnectionUpdate, ErrorCode};
use tg_api::Secret;

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
