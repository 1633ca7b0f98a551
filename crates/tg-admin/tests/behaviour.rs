//! The shared behaviour suite (`tests/behaviour/*.json`) against the real Rust side: every step
//! goes through the contract's dispatcher, as the app's IPC calls do, into a tg-admin `App` over
//! a real sandbox. The same scenarios run against the UI's fake in Vitest; see the suite's README.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use common::{Recovery, SandboxFixture};
use futures::future::BoxFuture;
use serde_json::{Map, Value, json};
use tg_admin::clipboard::MemoryClipboard;
use tg_admin::contract::{ConfirmRequest, EventSink, Host, SaveRequest, dispatch};
use tg_admin::{App, Connections, Journal, MemoryStore, PreferencesFile};

fn scenario_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/behaviour");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/behaviour exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenarios found in {}", dir.display());
    files
}

/// Answers save and confirmation dialogs as the current step says, and notes a confirmation the
/// step did not expect.
struct ScriptedHost {
    answer: Mutex<Option<PathBuf>>,
    confirm: Mutex<Option<bool>>,
    unexpected_confirm: AtomicBool,
}

impl Host for ScriptedHost {
    fn choose_save_path(&self, _: SaveRequest) -> BoxFuture<'static, Option<PathBuf>> {
        let answer = self.answer.lock().unwrap().take();
        Box::pin(async move { answer })
    }

    fn choose_folder(&self, _: &'static str) -> BoxFuture<'static, Option<PathBuf>> {
        let answer = self.answer.lock().unwrap().take();
        Box::pin(async move { answer })
    }

    fn confirm(&self, _: ConfirmRequest) -> BoxFuture<'static, bool> {
        let answer = *self.confirm.lock().unwrap();
        if answer.is_none() {
            self.unexpected_confirm.store(true, Ordering::SeqCst);
        }
        Box::pin(async move { answer.unwrap_or(false) })
    }
}

/// One scenario's world: a fresh sandbox, the app connected to it like the desktop app is.
struct World {
    app: Arc<App>,
    host: Arc<ScriptedHost>,
    events: Arc<Mutex<Vec<(String, Value)>>>,
    cancel_on_progress: Arc<AtomicBool>,
    files: tempfile::TempDir,
    _sandbox: SandboxFixture,
}

async fn world() -> World {
    let sandbox = SandboxFixture::start().await;
    let root = sandbox.dir.path();
    let connections = Connections::new(
        root.join("config/connections.json"),
        Arc::new(MemoryStore::new()),
    );
    sandbox.embed_in(&connections);
    let events = Arc::new(Mutex::new(Vec::new()));
    let cancel_on_progress = Arc::new(AtomicBool::new(false));
    let app_slot: Arc<OnceLock<Weak<App>>> = Arc::new(OnceLock::new());
    let sink: EventSink = {
        let (events, cancel, app_slot) =
            (events.clone(), cancel_on_progress.clone(), app_slot.clone());
        Arc::new(move |name, payload| {
            events.lock().unwrap().push((name.to_owned(), payload));
            // Cancel from inside the progress callback, before the next item starts, as a user
            // pressing Cancel during the first item would.
            if name == "bulk-progress" && cancel.swap(false, Ordering::SeqCst) {
                let app = app_slot
                    .get()
                    .and_then(Weak::upgrade)
                    .expect("the app is running");
                app.state.cancel_bulk_action();
            }
        })
    };
    let app = Arc::new(
        App::new(
            connections,
            Journal::new(root.join("data/activity.jsonl")),
            PreferencesFile::new(root.join("config/settings.json")),
            Arc::new(MemoryClipboard::new()),
            tokio::runtime::Handle::current(),
            sink,
        )
        .with_embedded_sandbox(Arc::new(Recovery(sandbox.sandbox.clone()))),
    );
    let _ = app_slot.set(Arc::downgrade(&app));
    // As the window does on start: the first call connects to the embedded sandbox.
    app.ensure_first_connection().await;
    World {
        app,
        host: Arc::new(ScriptedHost {
            answer: Mutex::new(None),
            confirm: Mutex::new(None),
            unexpected_confirm: AtomicBool::new(false),
        }),
        events,
        cancel_on_progress,
        files: tempfile::tempdir().unwrap(),
        _sandbox: sandbox,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rust_side_passes_every_shared_scenario() {
    let mut failures = Vec::new();
    for file in scenario_files() {
        let scenario: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if let Err(failure) = run_scenario(&scenario).await {
            failures.push(format!("{}: {failure}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

async fn run_scenario(scenario: &Value) -> Result<(), String> {
    let world = world().await;
    let host: Arc<dyn Host> = world.host.clone();
    let mut saved = Map::new();
    let steps = scenario["steps"].as_array().ok_or("a scenario has steps")?;
    for (index, step) in steps.iter().enumerate() {
        let call = step["call"].as_str().ok_or("a step names its call")?;
        let args = resolve(step.get("args").unwrap_or(&json!({})), &saved)?;
        *world.host.answer.lock().unwrap() = match step.get("dialog") {
            Some(Value::Object(answer)) => Some(
                world
                    .files
                    .path()
                    .join(answer["fileName"].as_str().unwrap_or("file")),
            ),
            _ => None,
        };
        *world.host.confirm.lock().unwrap() = step["confirm"].as_bool();
        world.host.unexpected_confirm.store(false, Ordering::SeqCst);
        world
            .cancel_on_progress
            .store(step["cancelAfterProgress"] == json!(true), Ordering::SeqCst);
        world.events.lock().unwrap().clear();
        let result = dispatch(&world.app, &host, call, &args).await;
        let outcome = match &result {
            Ok(value) => json!({ "ok": value }),
            Err(error) => json!({ "error": error }),
        };
        let context = || format!("step {} ({call})", index + 1);
        if world.host.unexpected_confirm.load(Ordering::SeqCst) {
            return Err(format!(
                "{}: asked for a confirmation the step did not answer",
                context()
            ));
        }
        if let Some(expected) = step.get("expect") {
            matches(&resolve(expected, &saved)?, &outcome, "")
                .map_err(|why| format!("{}: {why}\nactual: {outcome}", context()))?;
        } else if let Err(error) = &result {
            return Err(format!("{}: unexpected error {error:?}", context()));
        }
        if let (Some(name), Ok(value)) = (step["save"].as_str(), &result) {
            saved.insert(name.to_owned(), value.clone());
        }
    }
    Ok(())
}

/// Replaces `{"$ref": "name.field"}` with the saved value.
fn resolve(value: &Value, saved: &Map<String, Value>) -> Result<Value, String> {
    Ok(match value {
        Value::Object(map) if map.contains_key("$ref") => {
            let path = map["$ref"].as_str().ok_or("$ref takes a string")?;
            let mut parts = path.split('.');
            let mut current = saved
                .get(parts.next().unwrap_or_default())
                .ok_or_else(|| format!("nothing saved as {path}"))?;
            for part in parts {
                current = current
                    .get(part)
                    .ok_or_else(|| format!("{path}: no field {part}"))?;
            }
            current.clone()
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), resolve(v, saved)?)))
                .collect::<Result<_, String>>()?,
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| resolve(v, saved))
                .collect::<Result<_, _>>()?,
        ),
        other => other.clone(),
    })
}

/// The suite's pattern language (see the README); `Err` says where and why it does not match.
fn matches(pattern: &Value, actual: &Value, at: &str) -> Result<(), String> {
    let fail = |why: String| {
        Err(format!(
            "at {}: {why}",
            if at.is_empty() { "." } else { at }
        ))
    };
    match pattern {
        Value::Object(map) if map.len() == 1 && map.keys().all(|k| k.starts_with('$')) => {
            let (operator, operand) = map.iter().next().expect("one entry");
            match (operator.as_str(), actual) {
                ("$any", _) if !actual.is_null() => Ok(()),
                ("$length", Value::Array(items))
                    if Some(items.len() as u64) == operand.as_u64() =>
                {
                    Ok(())
                }
                ("$endsWith", Value::String(text))
                    if operand.as_str().is_some_and(|end| text.ends_with(end)) =>
                {
                    Ok(())
                }
                ("$matches", Value::String(text)) => {
                    let pattern = operand.as_str().ok_or("$matches takes a string")?;
                    if regex::Regex::new(pattern)
                        .map_err(|e| e.to_string())?
                        .is_match(text)
                    {
                        Ok(())
                    } else {
                        fail(format!("{text:?} does not match /{pattern}/"))
                    }
                }
                ("$prefix", Value::Array(items)) => {
                    let expected = operand.as_array().ok_or("$prefix takes an array")?;
                    if items.len() < expected.len() {
                        return fail(format!("fewer than {} elements", expected.len()));
                    }
                    for (i, (p, a)) in expected.iter().zip(items).enumerate() {
                        matches(p, a, &format!("{at}[{i}]"))?;
                    }
                    Ok(())
                }
                ("$contains", Value::Array(items)) => {
                    for p in operand.as_array().ok_or("$contains takes an array")? {
                        if !items.iter().any(|a| matches(p, a, at).is_ok()) {
                            return fail(format!("no element matches {p}"));
                        }
                    }
                    Ok(())
                }
                _ => fail(format!("{actual} does not satisfy {pattern}")),
            }
        }
        Value::Object(map) => {
            let Value::Object(object) = actual else {
                return fail(format!("expected an object, got {actual}"));
            };
            for (key, p) in map {
                let a = object.get(key).unwrap_or(&Value::Null);
                matches(p, a, &format!("{at}.{key}"))?;
            }
            Ok(())
        }
        Value::Array(expected) => {
            let Value::Array(items) = actual else {
                return fail(format!("expected an array, got {actual}"));
            };
            if items.len() != expected.len() {
                return fail(format!(
                    "expected {} elements, got {}",
                    expected.len(),
                    items.len()
                ));
            }
            for (i, (p, a)) in expected.iter().zip(items).enumerate() {
                matches(p, a, &format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        _ if pattern == actual => Ok(()),
        _ => fail(format!("expected {pattern}, got {actual}")),
    }
}

#[test]
fn the_matcher_can_fail() {
    let ok = |p: Value, a: Value| matches(&p, &a, "").is_ok();
    assert!(
        ok(json!({"a": 1}), json!({"a": 1, "b": 2})),
        "extra keys are allowed"
    );
    assert!(!ok(json!({"a": 1}), json!({"a": 2})));
    assert!(!ok(json!([1]), json!([1, 2])), "arrays match whole");
    assert!(ok(json!({"$prefix": [1]}), json!([1, 2])));
    assert!(!ok(json!({"$prefix": [2]}), json!([1, 2])));
    assert!(ok(json!({"$contains": [2]}), json!([1, 2])));
    assert!(!ok(json!({"$contains": [3]}), json!([1, 2])));
    assert!(!ok(json!({"$any": true}), json!(null)));
    assert!(
        ok(json!({"x": null}), json!({})),
        "null matches a missing key"
    );
    assert!(ok(json!({"$matches": "^[0-9a-f]{4}$"}), json!("0a9f")));
    assert!(!ok(json!({"$matches": "^[0-9a-f]{4}$"}), json!("0a9")));
}
