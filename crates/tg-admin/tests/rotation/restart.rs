//! An interrupted run kept across a restart: the file in the data folder names the users and
//! their states and holds no secret, the next start of the app reads it, and Finish clears it.

use super::interrupted::{Proxy, app_via, upstream};
use super::*;

#[tokio::test]
async fn an_interrupted_run_is_kept_without_a_secret_and_finished_after_a_restart() {
    let fixture = SandboxFixture::start().await;
    let names = fixture.create_users("keep", 3).await;
    let mut secrets = vec![fixture.sandbox.admin_credentials().secret];
    for name in &names {
        secrets.push(keys_of(&fixture, name).await.1);
    }
    let proxy = Proxy::start(upstream(&fixture), 2).await;
    let app = app_via(&fixture, &proxy).await;
    let root = fixture.dir.path();
    let host = host(root);
    let delivery = RotationDelivery {
        file: Some(SecretFileFormat::Env),
        ..RotationDelivery::default()
    };
    let report = rotation::rotate(&app, &host, names.clone(), delivery.clone(), &no_progress())
        .await
        .unwrap();
    assert!(report.interrupted, "{report:#?}");
    let saved = report.users[0].file.as_ref().and_then(|f| f.path.clone());
    let saved = std::fs::read_to_string(saved.expect("the rotated user's keys were saved"));
    let new_secret = saved
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("TG_CLIENT_SECRET="))
        .expect("the .env file holds the secret")
        .trim_matches('"')
        .to_owned();
    secrets.push(new_secret);

    let file = root.join("data/unfinished-rotations.json");
    let bytes = std::fs::read(&file).expect("the interrupted run is kept in the data folder");
    let text = String::from_utf8_lossy(&bytes);
    for secret in &secrets {
        assert!(
            !text.contains(secret.as_str()),
            "the kept run holds a secret: {text}"
        );
    }
    for name in &names {
        assert!(text.contains(name.as_str()), "{text}");
    }
    drop(app);

    // The next start of the app, over the same folders, finds it for the same connection.
    proxy.dropping.store(false, Ordering::SeqCst);
    let app = app_via(&fixture, &proxy).await;
    let id = app.state.active_connection().unwrap().connection.id;
    let kept = app.unfinished_rotations.get(&id).unwrap().expect("kept");
    let states: Vec<_> = kept
        .users
        .iter()
        .map(|u| (u.name.as_str(), u.state))
        .collect();
    assert_eq!(
        states,
        [
            (names[0].as_str(), RotationState::Rotated),
            (names[1].as_str(), RotationState::Unknown),
            (names[2].as_str(), RotationState::NotRotated),
        ]
    );
    assert_eq!(
        kept.users[1].previous_client_id,
        report.users[1].previous_client_id
    );

    let finished = rotation::finish(&app, &host, kept.users, delivery, &no_progress())
        .await
        .unwrap();
    assert!(!finished.interrupted, "{finished:#?}");
    assert_eq!(
        finished.users.len(),
        2,
        "the rotated user is not rotated again"
    );
    assert!(
        finished.users[0]
            .error
            .as_deref()
            .unwrap()
            .contains("had replaced the keys"),
        "the key date and Client ID kept across the restart tell what the lost request did"
    );
    assert_eq!(app.unfinished_rotations.get(&id).unwrap(), None);
    assert!(!file.exists(), "a finished run leaves no file behind");
}
