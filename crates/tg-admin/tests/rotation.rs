//! The rotation assistant against a real sandbox: many users rotated with a file and a delivery
//! target each (old key refused, new key working, no secret in the report or the journal), the
//! embedded connection's own user (the app keeps working, the sandbox keeps the new admin keys),
//! the own user of a saved connection whose keychain fails (the keys are shown with the
//! countdown, the app keeps working), and a run interrupted by an unanswered key request, then
//! finished.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::SandboxFixture;
use futures::future::BoxFuture;
use tg_admin::clipboard::MemoryClipboard;
use tg_admin::contract::{ConfirmRequest, Host, SaveRequest};
use tg_admin::delivery::DeliveryTargetInput;
use tg_admin::rotation::{self, RotationDelivery, RotationReport, RotationState};
use tg_admin::secret_handoff::SecretFileFormat;
use tg_admin::{App, Connections, Journal, MemoryStore, PreferencesFile};
use tg_api::{Client, ClientCredentials, Error, RetryPolicy, Secret};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Saves every file into `folder` under the suggested name; allows every confirmation.
struct SavingHost {
    folder: PathBuf,
    asked: Mutex<Vec<String>>,
}

impl Host for SavingHost {
    fn choose_save_path(&self, request: SaveRequest) -> BoxFuture<'static, Option<PathBuf>> {
        self.asked.lock().unwrap().push(request.file_name.clone());
        let path = self.folder.join(request.file_name);
        Box::pin(async move { Some(path) })
    }
    fn confirm(&self, _: ConfirmRequest) -> BoxFuture<'static, bool> {
        Box::pin(async { true })
    }
    fn choose_folder(&self, _: &'static str) -> BoxFuture<'static, Option<PathBuf>> {
        Box::pin(async { None })
    }
}

fn host(dir: &Path) -> SavingHost {
    let folder = dir.join("saved");
    std::fs::create_dir_all(&folder).unwrap();
    SavingHost {
        folder,
        asked: Mutex::new(Vec::new()),
    }
}

fn client(base_url: &str, client_id: &str, secret: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .credentials(ClientCredentials {
            client_id: client_id.into(),
            secret: Secret::new(secret),
        })
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

/// Gives `name` keys through the admin and returns them (client id, secret).
async fn keys_of(fixture: &SandboxFixture, name: &str) -> (String, String) {
    let keys = fixture
        .admin()
        .service_users()
        .generate_token(name)
        .await
        .unwrap();
    (keys.client_id, keys.secret.expose_secret().to_owned())
}

fn no_progress() -> impl Fn(rotation::RotationProgress) + Send + Sync {
    |_| {}
}

/// Every secret in `secrets` is absent from the report's JSON and the journal file.
fn assert_no_secret(report: &RotationReport, journal: &Path, secrets: &[String]) {
    let shown = serde_json::to_string(report).unwrap();
    let journalled = std::fs::read_to_string(journal).unwrap_or_default();
    for secret in secrets {
        assert!(
            !shown.contains(secret.as_str()),
            "the report holds a secret: {shown}"
        );
        assert!(
            !journalled.contains(secret.as_str()),
            "the journal holds a secret"
        );
    }
}

#[tokio::test]
async fn many_users_are_rotated_delivered_to_a_file_and_a_target_and_verified() {
    let fixture = SandboxFixture::start().await;
    let names = fixture.create_users("rot", 2).await;
    let mut old = Vec::new();
    for name in &names {
        old.push(keys_of(&fixture, name).await);
    }
    let app = fixture.app("Local sandbox").await;
    let host = host(fixture.dir.path());
    let record = fixture.dir.path().join("record");
    let target = app
        .delivery_targets
        .prepare(DeliveryTargetInput {
            id: None,
            name: "CI".into(),
            command: format!(
                "'{}' '{}' vault kv put secret/tg/{{name}}",
                env!("CARGO_BIN_EXE_fake-delivery-target"),
                record.display()
            ),
            timeout_seconds: Some(30),
        })
        .unwrap();
    let target = app.delivery_targets.put(target).unwrap();

    let report = rotation::rotate(
        &app,
        &host,
        names.clone(),
        RotationDelivery {
            file: Some(SecretFileFormat::Env),
            clipboard: false,
            target_ids: vec![target.id.clone()],
        },
        &no_progress(),
    )
    .await
    .unwrap();

    assert!(!report.interrupted, "{report:#?}");
    let mut new_secrets = Vec::new();
    for (user, (old_id, old_secret)) in report.users.iter().zip(&old) {
        assert_eq!(user.state, RotationState::Rotated, "{user:#?}");
        assert_eq!(user.verified, Some(true), "{user:#?}");
        assert_eq!(user.previous_client_id.as_deref(), Some(old_id.as_str()));
        assert!(!user.own_connection);
        let path = user
            .file
            .as_ref()
            .and_then(|f| f.path.clone())
            .expect("saved");
        let file = std::fs::read_to_string(&path).unwrap();
        let new_id = user.client_id.clone().unwrap();
        assert!(file.contains(&new_id), "{file}");
        let secret = file
            .lines()
            .find_map(|l| l.strip_prefix("TG_CLIENT_SECRET="))
            .expect("the .env file holds the secret")
            .trim_matches('"')
            .to_owned();
        assert_eq!(user.targets.len(), 1);
        assert_eq!(
            user.targets[0].status,
            tg_admin::delivery::DeliveryStatus::Delivered
        );
        assert!(
            user.handoff.is_none(),
            "delivered keys are not held on: {user:#?}"
        );
        let base = fixture.sandbox.base_url();
        client(base, &new_id, &secret).org().mine().await.unwrap();
        assert_eq!(
            client(base, old_id, old_secret)
                .org()
                .mine()
                .await
                .unwrap_err(),
            Error::Unauthorized,
            "the old key stops working"
        );
        new_secrets.push(secret);
        new_secrets.push(old_secret.clone());
    }
    // The target received the last user's secret on its standard input.
    let stdin = std::fs::read_to_string(record.join("stdin")).unwrap();
    assert_eq!(&stdin, &new_secrets[2]);
    assert_eq!(
        host.asked.lock().unwrap().len(),
        2,
        "one save dialog per user"
    );
    let journal = fixture.dir.path().join("data/activity.jsonl");
    assert_no_secret(&report, &journal, &new_secrets);
    let journalled = std::fs::read_to_string(&journal).unwrap();
    for step in [
        "rotate-keys regenerate",
        "rotate-keys deliver file",
        "deliver-keys CI",
        "rotate-keys verify",
    ] {
        assert_eq!(
            journalled.matches(step).count(),
            2,
            "each user's {step} is journalled: {journalled}"
        );
    }
}

#[tokio::test]
async fn rotating_the_embedded_connections_own_user_keeps_the_app_working() {
    let fixture = SandboxFixture::start().await;
    let before = fixture.sandbox.admin_credentials();
    let app = fixture.app("Local sandbox").await;
    let host = host(fixture.dir.path());
    let report = rotation::rotate(
        &app,
        &host,
        vec!["sandbox-admin".into()],
        RotationDelivery {
            clipboard: true,
            ..RotationDelivery::default()
        },
        &no_progress(),
    )
    .await
    .unwrap();
    let user = &report.users[0];
    assert_eq!(user.state, RotationState::Rotated, "{user:#?}");
    assert!(user.own_connection);
    let own = user.own_key.as_ref().unwrap();
    assert!(own.stored && own.switched, "{own:?}");
    assert_eq!(user.verified, Some(true));
    assert!(
        user.handoff.as_ref().is_some_and(|h| h.copied),
        "a run of one copies at once"
    );

    // The app keeps working with the new key, and the old one is refused.
    app.state.list_service_users().await.unwrap();
    let active = app.state.active_connection().unwrap();
    assert_eq!(Some(&active.connection.client_id), user.client_id.as_ref());
    assert_eq!(
        client(
            fixture.sandbox.base_url(),
            &before.client_id,
            &before.secret
        )
        .org()
        .mine()
        .await
        .unwrap_err(),
        Error::Unauthorized
    );
}

#[tokio::test]
async fn the_embedded_sandbox_keeps_the_rotated_admin_keys_for_its_next_start() {
    let fixture = SandboxFixture::start().await;
    let root = fixture.dir.path();
    let connections = Connections::new(root.join("c.json"), Arc::new(MemoryStore::new()));
    fixture.embed_in(&connections);
    let app = App::new(
        connections,
        Journal::new(root.join("j.jsonl")),
        PreferencesFile::new(root.join("s.json")),
        Arc::new(MemoryClipboard::new()),
        tokio::runtime::Handle::current(),
        Arc::new(|_, _| {}),
    )
    .with_embedded_sandbox(Arc::new(common::Recovery(fixture.sandbox.clone())));
    app.ensure_first_connection().await;
    let report = rotation::rotate(
        &app,
        &host(root),
        vec!["sandbox-admin".into()],
        RotationDelivery::default(),
        &no_progress(),
    )
    .await
    .unwrap();
    let user = &report.users[0];
    assert!(user.own_key.as_ref().unwrap().error.is_none(), "{user:#?}");
    let kept = fixture.sandbox.admin_credentials();
    assert_eq!(Some(&kept.client_id), user.client_id.as_ref());
    let file = std::fs::read_to_string(fixture.sandbox.credentials_path()).unwrap();
    assert!(
        file.contains(&kept.secret),
        "the credentials file holds the new secret"
    );
    client(fixture.sandbox.base_url(), &kept.client_id, &kept.secret)
        .org()
        .mine()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_failing_keychain_shows_the_own_users_new_keys_and_the_app_keeps_working() {
    let fixture = SandboxFixture::start().await;
    let root = fixture.dir.path();
    let store = Arc::new(MemoryStore::new());
    let clipboard = Arc::new(MemoryClipboard::new());
    let app = App::new(
        Connections::new(root.join("c.json"), store.clone()),
        Journal::new(root.join("j.jsonl")),
        PreferencesFile::new(root.join("s.json")),
        clipboard.clone(),
        tokio::runtime::Handle::current(),
        Arc::new(|_, _| {}),
    );
    app.state
        .add_connection(fixture.new_connection("Staging"))
        .await
        .unwrap();
    store.set_unavailable(true);
    let report = rotation::rotate(
        &app,
        &host(root),
        vec!["sandbox-admin".into()],
        RotationDelivery::default(),
        &no_progress(),
    )
    .await
    .unwrap();
    let user = &report.users[0];
    assert_eq!(user.state, RotationState::Rotated);
    let own = user.own_key.as_ref().unwrap();
    assert!(!own.stored, "{own:?}");
    assert!(
        own.switched,
        "the app signs in with the new key all the same: {own:?}"
    );
    assert!(
        own.error.as_deref().unwrap().contains("keychain"),
        "{own:?}"
    );
    let handoff = user.handoff.as_ref().expect("the keys are shown");
    assert!(handoff.copied, "shown once with the countdown");
    let secret = app.handoffs.reveal(handoff.id).unwrap();
    assert_eq!(clipboard.text().as_deref(), Some(secret.expose_secret()));
    app.state.list_service_users().await.unwrap();
    assert_eq!(user.verified, Some(true));
}

/// Forwards every request to `upstream`; the `drop_token`-th key request (1-based) is carried
/// out upstream and its answer thrown away: the client sees the connection close.
struct Proxy {
    base_url: String,
    token_requests: Arc<AtomicUsize>,
    dropping: Arc<AtomicBool>,
}

impl Proxy {
    async fn start(upstream: String, drop_token: usize) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let token_requests = Arc::new(AtomicUsize::new(0));
        let dropping = Arc::new(AtomicBool::new(true));
        let (count, on) = (token_requests.clone(), dropping.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (upstream, count, on) = (upstream.clone(), count.clone(), on.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, &upstream, &count, &on, drop_token).await;
                });
            }
        });
        Proxy {
            base_url,
            token_requests,
            dropping,
        }
    }
}

/// Reads one HTTP/1.1 message (head and a Content-Length body); `None` at the end.
async fn read_message(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut data = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&chunk[..n]);
    }
    Some(data)
}

async fn serve(
    mut client: TcpStream,
    upstream: &str,
    count: &AtomicUsize,
    dropping: &AtomicBool,
    drop_token: usize,
) -> Option<()> {
    loop {
        let request = read_message(&mut client).await?;
        let token = request.starts_with(b"POST ")
            && String::from_utf8_lossy(&request[..request.len().min(200)]).contains("/token ");
        let mut server = TcpStream::connect(upstream).await.ok()?;
        server.write_all(&request).await.ok()?;
        let answer = read_message(&mut server).await?;
        if token
            && count.fetch_add(1, Ordering::SeqCst) + 1 == drop_token
            && dropping.load(Ordering::SeqCst)
        {
            // Carried out upstream; the answer (with the new secret) never reaches the app.
            return None;
        }
        client.write_all(&answer).await.ok()?;
    }
}

#[tokio::test]
async fn an_interrupted_run_reports_rotated_unknown_and_not_rotated_then_finishes() {
    let fixture = SandboxFixture::start().await;
    let names = fixture.create_users("cut", 3).await;
    for name in &names {
        keys_of(&fixture, name).await;
    }
    let upstream = fixture
        .sandbox
        .base_url()
        .trim_start_matches("http://")
        .to_owned();
    let proxy = Proxy::start(upstream, 2).await;
    let root = fixture.dir.path();
    let connections = Connections::new(root.join("c.json"), Arc::new(MemoryStore::new()));
    let admin = fixture.sandbox.admin_credentials();
    connections.set_embedded(
        "Via proxy",
        &proxy.base_url,
        &admin.client_id,
        Secret::new(admin.secret.clone()),
    );
    let journal = root.join("j.jsonl");
    let app = App::new(
        connections,
        Journal::new(&journal),
        PreferencesFile::new(root.join("s.json")),
        Arc::new(MemoryClipboard::new()),
        tokio::runtime::Handle::current(),
        Arc::new(|_, _| {}),
    );
    app.ensure_first_connection().await;
    let host = host(root);
    let delivery = RotationDelivery {
        file: Some(SecretFileFormat::Json),
        ..RotationDelivery::default()
    };
    let report = rotation::rotate(&app, &host, names.clone(), delivery.clone(), &no_progress())
        .await
        .unwrap();
    let states: Vec<RotationState> = report.users.iter().map(|u| u.state).collect();
    assert_eq!(
        states,
        [
            RotationState::Rotated,
            RotationState::Unknown,
            RotationState::NotRotated
        ],
        "{report:#?}"
    );
    assert!(report.interrupted);
    assert!(
        report.users[2]
            .error
            .as_deref()
            .unwrap()
            .starts_with("Not started")
    );
    assert_eq!(
        proxy.token_requests.load(Ordering::SeqCst),
        2,
        "the run stopped"
    );
    // The unanswered request did replace the keys upstream.
    let upstream_user = fixture
        .admin()
        .service_users()
        .get(&names[1])
        .await
        .unwrap();
    assert_ne!(upstream_user.client_id, report.users[1].previous_client_id);

    proxy.dropping.store(false, Ordering::SeqCst);
    let finished = rotation::finish(&app, &host, report.unfinished(), delivery, &no_progress())
        .await
        .unwrap();
    assert!(!finished.interrupted, "{finished:#?}");
    let names_finished: Vec<&str> = finished.users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names_finished, [names[1].as_str(), names[2].as_str()]);
    assert!(
        finished
            .users
            .iter()
            .all(|u| u.state == RotationState::Rotated && u.verified == Some(true))
    );
    assert!(
        finished.users[0]
            .error
            .as_deref()
            .unwrap()
            .contains("had replaced the keys"),
        "the recheck says what the unanswered request did: {:#?}",
        finished.users[0]
    );
    assert!(
        finished.users[1].error.is_none(),
        "{:#?}",
        finished.users[1]
    );
}

#[tokio::test]
async fn a_failing_target_is_reported_per_user_and_the_rest_of_the_rotation_still_is() {
    let fixture = SandboxFixture::start().await;
    let names = fixture.create_users("tgt", 2).await;
    let app = fixture.app("Local sandbox").await;
    let fake = env!("CARGO_BIN_EXE_fake-delivery-target");
    let record = fixture.dir.path().join("record");
    let mut saved = Vec::new();
    for (name, flags) in [("Broken CI", "--exit 3"), ("Vault", "")] {
        let target = app
            .delivery_targets
            .prepare(DeliveryTargetInput {
                id: None,
                name: name.into(),
                command: format!("'{fake}' '{}' {flags} put tg/{{name}}", record.display()),
                timeout_seconds: Some(30),
            })
            .unwrap();
        saved.push(app.delivery_targets.put(target).unwrap().id);
    }
    let report = rotation::rotate(
        &app,
        &host(fixture.dir.path()),
        names.clone(),
        RotationDelivery {
            target_ids: saved.clone(),
            ..RotationDelivery::default()
        },
        &no_progress(),
    )
    .await
    .unwrap();
    assert!(!report.interrupted);
    for user in &report.users {
        assert_eq!(user.state, RotationState::Rotated, "{user:#?}");
        assert_eq!(user.verified, Some(true));
        let statuses: Vec<_> = user
            .targets
            .iter()
            .map(|t| (t.target.as_str(), t.status, t.exit_code))
            .collect();
        assert_eq!(
            statuses,
            [
                (
                    "Broken CI",
                    tg_admin::delivery::DeliveryStatus::Failed,
                    Some(3)
                ),
                (
                    "Vault",
                    tg_admin::delivery::DeliveryStatus::Delivered,
                    Some(0)
                ),
            ]
        );
        assert!(user.handoff.is_none(), "Vault kept the keys: {user:#?}");
    }
    let journal = std::fs::read_to_string(fixture.dir.path().join("data/activity.jsonl")).unwrap();
    assert_eq!(
        journal.matches("Broken CI failed (exit status 3)").count(),
        2,
        "{journal}"
    );

    // With only the failing target, the keys stay held: nothing is lost.
    let report = rotation::rotate(
        &app,
        &host(fixture.dir.path()),
        vec![names[0].clone()],
        RotationDelivery {
            target_ids: vec![saved[0].clone()],
            ..RotationDelivery::default()
        },
        &no_progress(),
    )
    .await
    .unwrap();
    let user = &report.users[0];
    assert!(user.handoff.is_some(), "{user:#?}");
    assert!(
        user.error
            .as_deref()
            .unwrap()
            .contains("not delivered anywhere")
    );
}
