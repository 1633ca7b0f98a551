//! `cargo bench -p tg-policy --bench evaluate`: how many (policy set, action) pairs the
//! evaluator decides per second, with criterion, followed by a Markdown section for
//! BENCHMARKS.md (`cargo xtask bench` keeps the part from the first `## ` heading on).
//!
//! The policy set is what a busy service user might hold: the eight built-ins plus 20 custom
//! policies (allows by area and by action, a deny each, some limited to node resources or to
//! tagged nodes). Each iteration decides every catalog action once.

use std::path::{Path, PathBuf};
use std::time::Duration;

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use tg_policy::{
    Conditions, Effect, Policy, PolicySet, Statement, Target, builtin_policies, catalog,
    effective_permissions, node_tag_key,
};

const GROUP: &str = "tg-policy";
const GOAL_PAIRS_PER_SECOND: f64 = 1_000_000.0;

fn custom_policies(count: usize) -> Vec<Policy> {
    let areas: Vec<&str> = catalog()
        .areas()
        .into_iter()
        .map(|(area, _)| area)
        .collect();
    let actions = &catalog().actions;
    (0..count)
        .map(|index| {
            let area = areas[index % areas.len()];
            let other = areas[(index * 7 + 3) % areas.len()];
            let denied = &actions[(index * 13) % actions.len()].name;
            let mut conditions = Conditions::default();
            if index % 5 == 4 {
                conditions
                    .all
                    .eq
                    .insert(node_tag_key("env"), vec!["prod".to_string()]);
            }
            Policy {
                name: format!("custom-{index:02}"),
                description: String::new(),
                resources: if index % 4 == 3 {
                    vec!["tgrn:tg::nodes:node/*".to_string()]
                } else {
                    vec!["*".to_string()]
                },
                conditions,
                statements: vec![
                    Statement {
                        effect: Effect::Allow,
                        actions: vec![format!("{area}::*"), format!("{other}::read")],
                    },
                    Statement {
                        effect: Effect::Deny,
                        actions: vec![denied.clone()],
                    },
                    Statement {
                        effect: Effect::Noop,
                        actions: vec!["*".to_string()],
                    },
                ],
            }
        })
        .collect()
}

fn main() {
    let mut policies = builtin_policies();
    policies.extend(custom_policies(20));
    let actions: Vec<&str> = catalog().actions.iter().map(|a| a.name.as_str()).collect();
    let organisation = Target::organisation();
    let node =
        Target::resource("tgrn:tg::nodes:node/8e684dec").with_tag(node_tag_key("env"), "prod");
    let output = Path::new(env!("CARGO_TARGET_TMPDIR")).join("criterion");

    let mut criterion = Criterion::default()
        .output_directory(&output)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut group = criterion.benchmark_group(GROUP);
    group.throughput(Throughput::Elements(actions.len() as u64));
    let set = PolicySet::new(&policies);
    group.bench_function("decide-organisation", |b| {
        b.iter(|| {
            for action in &actions {
                black_box(set.decide(black_box(action), &organisation));
            }
        })
    });
    group.bench_function("decide-tagged-node", |b| {
        b.iter(|| {
            for action in &actions {
                black_box(set.decide(black_box(action), &node));
            }
        })
    });
    group.bench_function("index-and-decide", |b| {
        b.iter(|| {
            let set = PolicySet::new(black_box(&policies));
            for action in &actions {
                black_box(set.decide(action, &organisation));
            }
        })
    });
    group.bench_function("effective-permissions", |b| {
        b.iter(|| {
            let set = PolicySet::new(black_box(&policies));
            black_box(effective_permissions(catalog(), &set, &organisation));
        })
    });
    group.finish();
    criterion.final_summary();

    let patterns: usize = policies
        .iter()
        .flat_map(|p| &p.statements)
        .map(|s| s.actions.len())
        .sum();
    print_markdown(&output, policies.len(), patterns, actions.len());
}

/// Criterion's mean time per iteration of `bench`, in nanoseconds.
fn mean_ns(output: &Path, bench: &str) -> Option<f64> {
    let path: PathBuf = output.join(GROUP).join(bench).join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    estimates["mean"]["point_estimate"].as_f64()
}

fn print_markdown(output: &Path, policies: usize, patterns: usize, actions: usize) {
    println!("\n## tg-policy evaluator\n");
    println!(
        "Method: `cargo bench -p tg-policy --bench evaluate` (criterion, release build, mean of \
         its samples). The policy set holds {policies} policies (the eight built-ins and 20 \
         custom ones, {patterns} action patterns, some policies limited to node resources or to \
         tagged nodes); one iteration decides each of the {actions} catalog actions once. \
         \"Index and decide\" builds the set's index every iteration, as a screen showing one \
         user's permissions does.\n"
    );
    println!("| measurement | per pair | pairs per second | goal | verdict |");
    println!("|---|---|---|---|---|");
    let rows = [
        (
            "decide-organisation",
            "decide, prepared set, organisation",
            true,
        ),
        (
            "decide-tagged-node",
            "decide, prepared set, a tagged node",
            true,
        ),
        ("index-and-decide", "index and decide", true),
        (
            "effective-permissions",
            "effective permissions (index, explain every action)",
            false,
        ),
    ];
    for (bench, label, has_goal) in rows {
        let Some(mean) = mean_ns(output, bench) else {
            println!("| {label} | not measured | — | — | — |");
            continue;
        };
        let per_pair = mean / actions as f64;
        let per_second = 1e9 / per_pair;
        let (goal, verdict) = if has_goal {
            let pass = per_second >= GOAL_PAIRS_PER_SECOND;
            ("≥ 1 M/s", if pass { "pass" } else { "FAIL" })
        } else {
            ("—", "—")
        };
        println!(
            "| {label} | {per_pair:.0} ns | {:.1} M/s | {goal} | {verdict} |",
            per_second / 1e6
        );
    }
}
