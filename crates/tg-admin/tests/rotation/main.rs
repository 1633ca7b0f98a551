//! The rotation assistant against a real sandbox: many users rotated with a file and a delivery
//! target each (old key refused, new key working, no secret in the report or the journal), the
//! embedded connection's own user (the app keeps working, the sandbox keeps the new admin keys),
//! the own user of a saved connection whose keychain fails (the keys are shown with the
//! countdown, the app keeps working), and a run interrupted by an unanswered key request, then
//! finished (also when the lost answer was the connection's own user's, and after a restart).
//!
//! - `harness`: the host that saves files, API clients, and the checks that no secret leaked;
//! - `own_user`: the connection's own user, embedded or saved with a failing keychain;
//! - `interrupted`: a run cut off by an unanswered key request, then finished;
//! - `restart`: an interrupted run kept in the data folder (never a secret), finished by the
//!   next start of the app.

#[path = "../common/mod.rs"]
mod common;
mod harness;
mod interrupted;
mod own_user;
mod restart;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use common::{SandboxFixture, client};
use futures::future::BoxFuture;
use tg_admin::clipboard::MemoryClipboard;
use tg_admin::contract::{ConfirmRequest, Host, SaveRequest};
use tg_admin::delivery::DeliveryTargetInput;
use tg_admin::rotation::{self, RotationDelivery, RotationReport, RotationState};
use tg_admin::secret_handoff::SecretFileFormat;
use tg_admin::{App, Connections, Journal, MemoryStore, PreferencesFile};
use tg_api::{Error, Secret};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use harness::*;

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
