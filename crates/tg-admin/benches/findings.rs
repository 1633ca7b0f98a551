//! How long the key-hygiene check takes over a large org: 10,000 service users holding a mix of
//! the built-in policies and a few custom ones, with key ages spread over three years and a tenth
//! without keys. The goal is ≤ 50 ms for the whole check (every rule, every user), so the
//! findings can be recomputed on every refresh.
//!
//! Run with `cargo bench -p tg-admin --bench findings`; prints a Markdown section to stdout.

use std::time::{Duration, Instant};

use tg_admin::findings::{self, CheckContext};
use tg_api::{Policy, ServiceUser, ServiceUserStatus};
use time::OffsetDateTime;

const USERS: usize = 10_000;
const RUNS: usize = 30;
const GOAL: Duration = Duration::from_millis(50);

fn policies() -> Vec<Policy> {
    let mut all: Vec<Policy> = tg_policy::builtin_policies()
        .iter()
        .map(|p| serde_json::from_value(serde_json::to_value(p).unwrap()).unwrap())
        .collect();
    for (name, actions) in [
        ("ci-deploy", vec!["nodes::configure", "nodes::read"]),
        ("metrics", vec!["nodes::read", "alarms::read"]),
        ("key-rotator", vec!["users::modify", "users::read"]),
    ] {
        all.push(
            serde_json::from_value(serde_json::json!({
                "name": name, "resources": ["*"],
                "statements": [{"effect": "allow", "actions": actions}]
            }))
            .unwrap(),
        );
    }
    all
}

fn users(policies: &[Policy], now: OffsetDateTime) -> Vec<ServiceUser> {
    (0..USERS)
        .map(|i| {
            let keyed = i % 10 != 0;
            let first = &policies[i % policies.len()].name;
            let second = &policies[(i / 7) % policies.len()].name;
            let policy_ids = match i % 4 {
                0 => vec![],
                1 => vec![first.clone()],
                _ => vec![first.clone(), second.clone()],
            };
            ServiceUser {
                name: format!("worker-{i:05}"),
                org_id: "org".into(),
                status: if i % 9 == 0 {
                    ServiceUserStatus::Inactive
                } else {
                    ServiceUserStatus::Active
                },
                policy_ids,
                client_id: keyed.then(|| format!("c{i:05}")),
                token_created: keyed.then(|| now - time::Duration::hours((i % 1100) as i64 * 24)),
            }
        })
        .collect()
}

fn main() {
    let now = OffsetDateTime::now_utc();
    let policies = policies();
    let users = users(&policies, now);
    let context = CheckContext {
        key_age_days: 90,
        now,
        own_client_id: Some("c00001"),
    };
    let mut count = 0;
    for _ in 0..3 {
        count = findings::check(&users, &policies, context).len();
    }
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let found = findings::check(&users, &policies, context);
            let elapsed = start.elapsed();
            assert_eq!(found.len(), count, "the check is deterministic");
            elapsed
        })
        .collect();
    times.sort();
    let median = times[RUNS / 2];
    let worst = times[RUNS - 1];
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let verdict = |d: Duration| if d <= GOAL { "pass" } else { "FAIL" };
    println!("## tg-admin findings");
    println!();
    println!(
        "Method: `cargo bench -p tg-admin --bench findings` (release). `tg_admin::findings::check` \
         over {USERS} service users holding {} policies (the built-in ones from tg-policy and 3 \
         custom) in mixed combinations, key ages spread over three years, a tenth without keys; \
         every rule, one of them the connection's own user. {RUNS} timed runs after 3 warm-up \
         runs, one thread. {count} findings per run.",
        policies.len()
    );
    println!();
    println!("| measurement | result | goal | verdict |");
    println!("|---|---|---|---|");
    println!(
        "| findings over {USERS} users, median | {} | ≤ 50 ms | {} |",
        ms(median),
        verdict(median)
    );
    println!(
        "| findings over {USERS} users, slowest | {} | ≤ 50 ms | {} |",
        ms(worst),
        verdict(worst)
    );
}
