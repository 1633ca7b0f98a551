//! How long a bulk action takes over a slow link, against what the round trips allow. Each disable
//! is a GET and a PUT, so with `c` requests in flight N users need at least N × 2 × RTT / c. The
//! sandbox adds 50 ms to every request to stand in for the network; the goal is to stay within
//! 1.25× that bound, and every user must end in the asked state.
//!
//! Run with `cargo bench -p tg-admin --bench bulk`; prints a Markdown section to stdout.

use std::time::{Duration, Instant};

use futures::StreamExt;
use tg_admin::bulk::{self, BulkAction, BulkOptions, BulkOutcome};
use tg_api::{Client, ClientCredentials, NewServiceUser, RetryPolicy, Secret, ServiceUserStatus};
use tg_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use tokio_util::sync::CancellationToken;

const USERS: usize = 1_000;
const LATENCY: Duration = Duration::from_millis(50);
const GOAL_FACTOR: f64 = 1.25;

struct Row {
    action: BulkAction,
    concurrency: usize,
    wall: Duration,
    bound: Duration,
    ok: usize,
    all_in_state: bool,
}

fn admin_client(sandbox: &RunningSandbox) -> Client {
    let admin = sandbox.admin_credentials();
    Client::builder()
        .base_url(sandbox.base_url())
        .credentials(ClientCredentials {
            client_id: admin.client_id.clone(),
            secret: Secret::new(admin.secret.clone()),
        })
        .timeout(Duration::from_secs(30))
        .retry(RetryPolicy::default())
        .build()
        .expect("client for the sandbox")
}

async fn create_users(client: &Client, names: &[String]) {
    let created = futures::stream::iter(names)
        .map(|name| async move {
            client
                .service_users()
                .create(&NewServiceUser {
                    name: name.clone(),
                    policy_ids: vec!["builtin-tg-monitor".into()],
                    status: ServiceUserStatus::Active,
                })
                .await
        })
        .buffer_unordered(16)
        .filter(|result| std::future::ready(result.is_ok()))
        .count()
        .await;
    assert_eq!(created, names.len(), "every benchmark user must be created");
}

async fn measure(client: &Client, action: BulkAction, names: &[String], concurrency: usize) -> Row {
    let started = Instant::now();
    let report = bulk::run(
        client,
        action,
        names,
        BulkOptions { concurrency },
        &CancellationToken::new(),
        |_| {},
    )
    .await;
    let wall = started.elapsed();
    let wanted = match action {
        BulkAction::Disable => ServiceUserStatus::Inactive,
        _ => ServiceUserStatus::Active,
    };
    let users = client.service_users().list().await.expect("list users");
    let in_state = users
        .iter()
        .filter(|u| u.name.starts_with("bench-") && u.status == wanted)
        .count();
    let round_trips = (names.len() * 2) as u32;
    Row {
        action,
        concurrency,
        wall,
        bound: LATENCY * round_trips / concurrency as u32,
        ok: report.count(|o| *o == BulkOutcome::Ok),
        all_in_state: in_state == names.len(),
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let names: Vec<String> = (0..USERS).map(|i| format!("bench-{i:04}")).collect();

    // Fill the data dir without latency, then serve the same data with latency.
    let fast = Sandbox::start(SandboxConfig::new(dir.path()))
        .await
        .expect("start the sandbox");
    create_users(&admin_client(&fast), &names).await;
    fast.shutdown().await;

    let mut config = SandboxConfig::new(dir.path());
    config.latency = LATENCY;
    let slow = Sandbox::start(config).await.expect("restart with latency");
    let client = admin_client(&slow);

    let rows = vec![
        measure(&client, BulkAction::Disable, &names, 8).await,
        measure(&client, BulkAction::Enable, &names, 32).await,
    ];
    slow.shutdown().await;

    println!("## tg-admin bulk\n");
    println!(
        "Method: `cargo bench -p tg-admin --bench bulk`. {USERS} service users are created in an \
         in-process tg-sandbox (latency 0), which is then restarted on the same data with {} ms \
         added to every request. The bulk action runs through `tg_admin::bulk::run` (one GET + one \
         PUT per user, bounded concurrency). Bound = N × 2 × RTT / concurrency; goal: wall time \
         ≤ {GOAL_FACTOR}× bound, and every user in the asked state afterwards (checked with a \
         list).\n",
        LATENCY.as_millis()
    );
    println!(
        "| action | users | concurrency | wall time | bound | ratio | goal | users in state | result |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut all_pass = true;
    for row in &rows {
        let ratio = row.wall.as_secs_f64() / row.bound.as_secs_f64();
        let pass = ratio <= GOAL_FACTOR && row.all_in_state && row.ok == USERS;
        all_pass &= pass;
        println!(
            "| {} | {USERS} | {} | {:.2} s | {:.2} s | {ratio:.2}× | ≤ {GOAL_FACTOR}× | {} | {} |",
            row.action.name(),
            row.concurrency,
            row.wall.as_secs_f64(),
            row.bound.as_secs_f64(),
            if row.all_in_state { "all" } else { "NOT all" },
            if pass { "pass" } else { "FAIL" },
        );
    }
    println!();
    if !all_pass {
        std::process::exit(1);
    }
}
