//! Delivery targets end to end below the window: a fake target program records its argv,
//! environment and standard input, proving the Client Secret arrives on standard input and
//! nowhere else; output is redacted; timeouts and failures are reported; and through the
//! contract's dispatcher, a target runs only after its command was confirmed, every delivery is
//! journalled by target name and exit status, and the delivered secret authenticates.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::SandboxFixture;
use futures::future::BoxFuture;
use serde_json::{Value, json};
use tg_admin::contract::{ConfirmRequest, Host, SaveRequest, dispatch};
use tg_admin::delivery::{
    DeliveryStatus, DeliveryTarget, PASSED_ENV, PASSED_ENV_PREFIXES, deliver,
};
use tg_api::{Client, ClientCredentials, RetryPolicy, Secret};

const SECRET: &str = "9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c";
const FAKE: &str = env!("CARGO_BIN_EXE_fake-delivery-target");

/// A confirmed target running the fake program, recording into `record`.
fn target(record: &Path, flags: &str, timeout_seconds: u32) -> DeliveryTarget {
    let command = format!(
        "{} {} {flags} gh secret set TG_{{name}} --client-id={{clientId}}",
        shell_quote(FAKE),
        shell_quote(&record.display().to_string())
    );
    DeliveryTarget {
        id: "t1".into(),
        name: "CI".into(),
        confirmed_command: Some(command.clone()),
        command,
        timeout_seconds,
    }
}

fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

fn recorded(record: &Path) -> (Vec<String>, BTreeMap<String, String>, String) {
    let read = |name: &str| std::fs::read(record.join(name)).unwrap();
    (
        serde_json::from_slice(&read("argv.json")).unwrap(),
        serde_json::from_slice(&read("env.json")).unwrap(),
        String::from_utf8(read("stdin")).unwrap(),
    )
}

#[tokio::test]
async fn the_secret_arrives_on_standard_input_and_nowhere_else() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("record");
    let secret = Secret::new(SECRET);
    let result = deliver(
        &target(&record, "", 30),
        "ci-deploy",
        "a1b2c3d4e5f60718",
        &secret,
    )
    .await;
    assert_eq!(result.status, DeliveryStatus::Delivered, "{result:?}");
    assert_eq!(result.exit_code, Some(0));

    let (argv, env, stdin) = recorded(&record);
    assert_eq!(stdin, SECRET, "the secret, byte for byte, with no newline");
    assert_eq!(
        &argv[2..],
        [
            "gh",
            "secret",
            "set",
            "TG_ci-deploy",
            "--client-id=a1b2c3d4e5f60718"
        ],
        "the placeholders are filled in, word by word"
    );
    assert!(
        argv.iter().all(|a| !a.contains(SECRET)),
        "not in argv: {argv:?}"
    );
    for (name, value) in &env {
        assert!(
            !name.contains(SECRET) && !value.contains(SECRET),
            "not in the environment"
        );
        let upper = name.to_ascii_uppercase();
        assert!(
            PASSED_ENV.contains(&upper.as_str())
                || PASSED_ENV_PREFIXES.iter().any(|p| upper.starts_with(p)),
            "only the listed variables are passed, not {name}"
        );
    }
}

#[tokio::test]
async fn output_is_captured_with_the_secret_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let secret = Secret::new(SECRET);
    let result = deliver(
        &target(&dir.path().join("r"), "--echo", 30),
        "u",
        "c",
        &secret,
    )
    .await;
    assert_eq!(result.status, DeliveryStatus::Delivered);
    assert_eq!(result.stdout.trim(), "stored value <redacted> for you");
    assert_eq!(result.stderr.trim(), "warning: value was <redacted>");
    assert!(!format!("{result:?}").contains(SECRET));
}

#[tokio::test]
async fn a_non_zero_exit_is_a_failure_with_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let target = target(&dir.path().join("r"), "--exit 3", 30);
    let result = deliver(&target, "u", "c", &Secret::new(SECRET)).await;
    assert_eq!(result.status, DeliveryStatus::Failed);
    assert_eq!(result.exit_code, Some(3));
    assert_eq!(result.summary(), "CI failed (exit status 3)");
}

#[tokio::test]
async fn a_program_that_runs_too_long_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let target = target(&dir.path().join("r"), "--sleep 30", 1);
    let result = deliver(&target, "u", "c", &Secret::new(SECRET)).await;
    assert_eq!(result.status, DeliveryStatus::TimedOut);
    assert_eq!(result.exit_code, None);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "killed, not waited for"
    );
}

#[tokio::test]
async fn an_unconfirmed_or_missing_program_does_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("r");
    let mut unconfirmed = target(&record, "", 30);
    unconfirmed.confirmed_command = Some("something else".into());
    let result = deliver(&unconfirmed, "u", "c", &Secret::new(SECRET)).await;
    assert_eq!(result.status, DeliveryStatus::NotConfirmed);
    assert!(!record.exists(), "the program never started");

    let mut missing = target(&record, "", 30);
    missing.command = "/no/such/program-xyz arg".into();
    missing.confirmed_command = Some(missing.command.clone());
    let result = deliver(&missing, "u", "c", &Secret::new(SECRET)).await;
    assert_eq!(result.status, DeliveryStatus::Failed);
    assert!(result.error.unwrap().contains("Could not start"));
}

/// Answers confirmations from a queue and keeps what each one showed.
#[derive(Default)]
struct ConfirmingHost {
    answers: Mutex<Vec<bool>>,
    shown: Mutex<Vec<ConfirmRequest>>,
}

impl Host for ConfirmingHost {
    fn choose_save_path(&self, _: SaveRequest) -> BoxFuture<'static, Option<PathBuf>> {
        Box::pin(async { None })
    }
    fn choose_folder(&self, _: &'static str) -> BoxFuture<'static, Option<PathBuf>> {
        Box::pin(async { None })
    }
    fn confirm(&self, request: ConfirmRequest) -> BoxFuture<'static, bool> {
        self.shown.lock().unwrap().push(request);
        let answer = self
            .answers
            .lock()
            .unwrap()
            .pop()
            .expect("an unexpected confirmation");
        Box::pin(async move { answer })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_keys_reach_each_target_after_a_native_confirmation() {
    let fixture = SandboxFixture::start().await;
    let root = fixture.dir.path();
    let app = fixture.app("Local sandbox").await;
    let confirming = Arc::new(ConfirmingHost::default());
    let host: Arc<dyn Host> = confirming.clone();
    let call = |name: &'static str, args: Value| {
        let (app, host) = (app.clone(), host.clone());
        async move { dispatch(&app, &host, name, &args).await }
    };

    let record = root.join("vault");
    let command = format!(
        "{} {} kv put secret/tg/{{name}} client_secret=-",
        shell_quote(FAKE),
        shell_quote(&record.display().to_string())
    );
    // Declined: nothing is saved.
    confirming.answers.lock().unwrap().push(false);
    let declined = call(
        "save_delivery_target",
        json!({"input": {"name": "Vault", "command": command}}),
    )
    .await
    .unwrap();
    assert_eq!(declined, Value::Null);
    assert_eq!(
        call("list_delivery_targets", json!({})).await.unwrap(),
        json!([])
    );
    assert!(
        confirming.shown.lock().unwrap()[0]
            .message
            .contains(&command),
        "the dialog shows the exact command"
    );

    confirming.answers.lock().unwrap().push(true);
    let vault = call(
        "save_delivery_target",
        json!({"input": {"name": "Vault", "command": command}}),
    )
    .await
    .unwrap();
    assert_eq!(vault["confirmedCommand"], json!(command));
    confirming.answers.lock().unwrap().push(true);
    let failing_command = format!(
        "{} {} --exit 4",
        shell_quote(FAKE),
        shell_quote(&root.join("failing").display().to_string())
    );
    let failing = call(
        "save_delivery_target",
        json!({"input": {"name": "Broken", "command": failing_command}}),
    )
    .await
    .unwrap();
    // A rename keeps the confirmed command and asks nothing (the queue is empty: a dialog panics).
    let renamed = call(
        "save_delivery_target",
        json!({"input": {"id": vault["id"], "name": "Vault prod", "command": command}}),
    )
    .await
    .unwrap();
    assert_eq!(renamed["name"], "Vault prod");

    let user = fixture.create_users("deliver", 1).await.remove(0);
    let keys = call("generate_keys", json!({"name": user})).await.unwrap();
    let results = call(
        "deliver_keys",
        json!({"handoffId": keys["id"], "targetIds": [failing["id"], vault["id"]]}),
    )
    .await
    .unwrap();
    assert_eq!(results[0]["status"], "failed");
    assert_eq!(results[0]["exitCode"], 4);
    assert_eq!(
        results[1]["status"], "delivered",
        "a failed target does not stop the others"
    );

    // The secret the fake target received authenticates as the user.
    let (_, _, delivered) = recorded(&record);
    let as_user = Client::builder()
        .base_url(fixture.sandbox.base_url())
        .credentials(ClientCredentials {
            client_id: keys["clientId"].as_str().unwrap().into(),
            secret: Secret::new(delivered.clone()),
        })
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    match as_user.org().mine().await {
        Ok(_) | Err(tg_api::Error::Forbidden) => {}
        Err(error) => panic!("the delivered secret must authenticate: {error}"),
    }

    let journal = std::fs::read_to_string(root.join("data/activity.jsonl")).unwrap();
    assert!(
        !journal.contains(&delivered),
        "the journal never holds the secret"
    );
    let entries: Vec<Value> = journal
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let deliveries: Vec<_> = entries
        .iter()
        .filter(|e| e["action"].as_str().unwrap().starts_with("deliver-keys"))
        .collect();
    assert_eq!(deliveries.len(), 2);
    assert_eq!(deliveries[0]["action"], "deliver-keys Broken");
    assert_eq!(deliveries[0]["outcome"], "failed");
    assert_eq!(deliveries[0]["error"], "Broken failed (exit status 4)");
    assert_eq!(deliveries[1]["action"], "deliver-keys Vault prod");
    assert_eq!(deliveries[1]["outcome"], "ok");
    assert_eq!(deliveries[1]["targets"], json!([user]));
}
