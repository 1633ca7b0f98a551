//! A rotation cut off by a key request that was carried out but never answered (a proxy drops
//! the answer): the report tells rotated, unknown and not rotated apart, and Finish completes it,
//! also when the lost answer held the key the connection itself signs in with.

use super::*;

/// Forwards every request to `upstream`; the `drop_token`-th key request (1-based) is carried
/// out upstream and its answer thrown away: the client sees the connection close.
pub(crate) struct Proxy {
    base_url: String,
    token_requests: Arc<AtomicUsize>,
    pub(crate) dropping: Arc<AtomicBool>,
}

impl Proxy {
    pub(crate) async fn start(upstream: String, drop_token: usize) -> Proxy {
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

pub(crate) fn upstream(fixture: &SandboxFixture) -> String {
    fixture
        .sandbox
        .base_url()
        .trim_start_matches("http://")
        .to_owned()
}

/// The app with the fixture's sandbox as its embedded connection, reached through `proxy`, and
/// the sandbox's own recovery, as the shell wires it.
pub(crate) async fn app_via(fixture: &SandboxFixture, proxy: &Proxy) -> App {
    let root = fixture.dir.path();
    let connections = Connections::new(root.join("c.json"), Arc::new(MemoryStore::new()));
    let admin = fixture.sandbox.admin_credentials();
    connections.set_embedded(
        "Via proxy",
        &proxy.base_url,
        &admin.client_id,
        Secret::new(admin.secret.clone()),
    );
    let app = App::new(
        connections,
        Journal::new(root.join("data/activity.jsonl")),
        PreferencesFile::new(root.join("config/settings.json")),
        Arc::new(MemoryClipboard::new()),
        tokio::runtime::Handle::current(),
        Arc::new(|_, _| {}),
    )
    .with_embedded_sandbox(Arc::new(common::Recovery(fixture.sandbox.clone())));
    app.ensure_first_connection().await;
    app
}

#[tokio::test]
async fn an_interrupted_run_reports_rotated_unknown_and_not_rotated_then_finishes() {
    let fixture = SandboxFixture::start().await;
    let names = fixture.create_users("cut", 3).await;
    for name in &names {
        keys_of(&fixture, name).await;
    }
    let proxy = Proxy::start(upstream(&fixture), 2).await;
    let app = app_via(&fixture, &proxy).await;
    let root = fixture.dir.path();
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
async fn the_connections_own_user_whose_key_answer_is_lost_is_unknown_then_finish_rekeys_it() {
    let fixture = SandboxFixture::start().await;
    let before = fixture.sandbox.admin_credentials();
    let proxy = Proxy::start(upstream(&fixture), 1).await;
    let app = app_via(&fixture, &proxy).await;
    let host = host(fixture.dir.path());
    let delivery = RotationDelivery {
        clipboard: true,
        ..RotationDelivery::default()
    };
    let report = rotation::rotate(
        &app,
        &host,
        vec!["sandbox-admin".into()],
        delivery.clone(),
        &no_progress(),
    )
    .await
    .unwrap();
    let user = &report.users[0];
    assert_eq!(user.state, RotationState::Unknown, "{user:#?}");
    assert!(report.interrupted);
    assert!(user.own_connection, "{user:#?}");
    let error = user.error.as_deref().unwrap();
    assert!(
        error.contains("this connection signs in with"),
        "the report says the app may have lost its own key, not only that a request failed: \
         {error}"
    );
    let base = fixture.sandbox.base_url();
    assert_eq!(
        client(base, &before.client_id, &before.secret)
            .org()
            .mine()
            .await
            .unwrap_err(),
        Error::Unauthorized,
        "the unanswered request replaced the key the app signs in with"
    );

    proxy.dropping.store(false, Ordering::SeqCst);
    let finished = rotation::finish(&app, &host, report.unfinished(), delivery, &no_progress())
        .await
        .unwrap();
    assert!(!finished.interrupted, "{finished:#?}");
    let user = &finished.users[0];
    assert_eq!(user.state, RotationState::Rotated, "{user:#?}");
    assert_eq!(user.verified, Some(true), "{user:#?}");
    let own = user.own_key.as_ref().expect("the own key was replaced");
    assert!(own.stored && own.switched, "{own:?}");
    assert!(
        user.error
            .as_deref()
            .unwrap_or_default()
            .contains("had replaced the key this connection signs in with"),
        "the report says what the unanswered request did: {user:#?}"
    );

    // The app ends with a working key where it keeps it, and signs in with it.
    let (client_now, connection) = app.state.active_client().unwrap();
    assert_eq!(Some(&connection.client_id), user.client_id.as_ref());
    client_now.org().mine().await.unwrap();
    app.state.list_service_users().await.unwrap();
    let kept = fixture.sandbox.admin_credentials();
    assert_eq!(
        Some(&kept.client_id),
        user.client_id.as_ref(),
        "the sandbox keeps the new admin keys for its next start"
    );
}
