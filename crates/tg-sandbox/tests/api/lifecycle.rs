//! Start, restart, crash and concurrency behaviour, plus the endpoints of the sandbox itself.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use tg_sandbox::{Sandbox, SandboxConfig, SandboxError};

use crate::common::{Api, assert_error, names, start, start_in};

#[tokio::test]
async fn healthz_needs_no_credentials() {
    let t = start().await;
    let anonymous = Api::new(t.sandbox.base_url());
    assert_eq!(
        anonymous.get("/healthz").await,
        (200, json!({"status": "ok"}))
    );
}

#[tokio::test]
async fn openapi_lists_every_path_and_method() {
    let t = start().await;
    let (status, document) = Api::new(t.sandbox.base_url()).get("/openapi.json").await;
    assert_eq!(status, 200);
    assert!(
        document["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with("3."),
        "OpenAPI 3"
    );
    let expected: &[(&str, &[&str])] = &[
        ("/org/mine", &["get"]),
        ("/v2/service-user", &["get", "post"]),
        ("/v2/service-user/{name}", &["get", "put", "delete"]),
        ("/v2/service-user/{name}/token", &["post"]),
        ("/v2/policy", &["get", "post"]),
        ("/v2/policy/{name}", &["get", "put", "delete"]),
        ("/healthz", &["get"]),
        ("/openapi.json", &["get"]),
    ];
    let paths = document["paths"].as_object().expect("paths object");
    assert_eq!(
        paths.len(),
        expected.len(),
        "no more and no fewer paths: {:?}",
        paths.keys()
    );
    for (path, methods) in expected {
        let item = paths.get(*path).unwrap_or_else(|| panic!("{path} missing"));
        let mut found: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        found.sort();
        let mut methods = methods.to_vec();
        methods.sort();
        assert_eq!(found, methods, "methods of {path}");
    }
    assert!(
        document["components"]["securitySchemes"]["trustgrid_token"].is_object(),
        "the auth header is described"
    );
    assert_eq!(
        document,
        serde_json::from_str::<Value>(&tg_sandbox::openapi_json()).unwrap(),
        "the served document is the library's"
    );
}

#[tokio::test]
async fn malformed_oversized_and_unknown_requests_get_string_array_bodies() {
    let t = start().await;
    let api = &t.admin;
    for body in [&b"{not json"[..], b"", b"{\"name\": \"x\""] {
        assert_error(
            api.raw(Method::POST, "/v2/service-user", Some(body.to_vec()))
                .await,
            400,
            "malformed JSON",
        );
    }
    let mut huge = b"{\"name\": \"big\", \"padding\": \"".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 1024 * 1024 + 1));
    huge.extend(b"\"}");
    assert_error(
        api.raw(Method::POST, "/v2/service-user", Some(huge.clone()))
            .await,
        413,
        "larger",
    );
    assert_error(
        api.raw(Method::PUT, "/v2/policy/builtin-tg-admin", Some(huge))
            .await,
        413,
        "larger",
    );
    assert_eq!(
        names(&api.get("/v2/service-user").await.1),
        vec!["sandbox-admin"],
        "nothing created"
    );
    assert_error(api.get("/v2/nothing-here").await, 404, "no such endpoint");
    assert_error(api.get("/v2/service-user/%FF").await, 404, "invalid path");
    assert_error(
        api.send(Method::PATCH, "/v2/policy", None).await,
        405,
        "PATCH",
    );
}

#[tokio::test]
async fn restart_keeps_data_and_admin_credentials() {
    let t = start().await;
    let first = t.sandbox.admin_credentials().clone();
    t.admin
        .post(
            "/v2/service-user",
            &json!({"name": "survivor", "status": "inactive"}),
        )
        .await;
    t.admin
        .policy(
            "kept",
            json!([{"effect": "allow", "actions": ["users::read"]}]),
        )
        .await;
    let (_, org) = t.admin.get("/org/mine").await;
    t.sandbox.shutdown().await;

    let again = start_in(t.dir, false).await;
    let second = again.sandbox.admin_credentials();
    assert_eq!(
        (&second.client_id, &second.secret),
        (&first.client_id, &first.secret),
        "a restart keeps the admin's keys"
    );
    let old_keys = Api::new(again.sandbox.base_url()).with_keys(&first.client_id, &first.secret);
    assert_eq!(
        old_keys.get("/org/mine").await,
        (200, org),
        "same org, same credentials"
    );
    let (status, survivor) = old_keys.get("/v2/service-user/survivor").await;
    assert_eq!((status, &survivor["status"]), (200, &json!("inactive")));
    assert_eq!(old_keys.get("/v2/policy/kept").await.0, 200);

    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(again.dir.path().join("admin-credentials.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        file["baseUrl"],
        again.sandbox.base_url(),
        "the file has the current URL"
    );
    assert_eq!(file["clientId"], first.client_id);
    assert_eq!(file["secret"], first.secret);
}

#[tokio::test]
async fn lost_credentials_file_or_revoked_admin_get_repaired_at_start() {
    let t = start().await;
    let first = t.sandbox.admin_credentials().clone();
    // The admin disables itself and the credentials file disappears.
    let disable = json!({"name": "sandbox-admin", "status": "inactive", "policyIds": []});
    assert_eq!(
        t.admin
            .put("/v2/service-user/sandbox-admin", &disable)
            .await
            .0,
        200
    );
    t.sandbox.shutdown().await;
    std::fs::remove_file(t.dir.path().join("admin-credentials.json")).unwrap();

    let again = start_in(t.dir, false).await;
    let second = again.sandbox.admin_credentials();
    assert_ne!(second.secret, first.secret, "a missing file means new keys");
    assert_eq!(
        again.admin.get("/v2/policy").await.0,
        200,
        "the admin is active and admin again"
    );
    let old = Api::new(again.sandbox.base_url()).with_keys(&first.client_id, &first.secret);
    assert_eq!(old.get("/org/mine").await.0, 401, "the old keys are gone");
}

#[tokio::test]
async fn non_loopback_addresses_are_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new(dir.path());
    config.listen = "0.0.0.0:0".parse().unwrap();
    let error = Sandbox::start(config.clone())
        .await
        .expect_err("0.0.0.0 is not loopback");
    assert!(
        matches!(error, SandboxError::RemoteNotAllowed(_)),
        "{error}"
    );
    assert!(
        error.to_string().contains("--allow-remote"),
        "the error says how to override"
    );

    let output = Command::new(env!("CARGO_BIN_EXE_tg-sandbox"))
        .args(["--listen", "0.0.0.0:0", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!output.status.success(), "the binary exits non-zero");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--allow-remote"));
}

#[tokio::test]
async fn demo_data_is_added_once_to_a_new_org() {
    let dir = tempfile::tempdir().unwrap();
    let t = start_in(dir, true).await;
    let (_, users) = t.admin.get("/v2/service-user").await;
    let users = users.as_array().unwrap().clone();
    for name in [
        "cicd",
        "tg-watch",
        "monitoring-prom",
        "backup-runner",
        "terraform-ci",
    ] {
        assert!(
            users.iter().any(|u| u["name"] == name),
            "{name} is in the demo"
        );
    }
    assert!(
        users.iter().any(|u| u["status"] == "inactive"),
        "some demo users are inactive"
    );
    assert!(
        users.iter().any(|u| u["clientId"].is_null()),
        "some have no keys"
    );
    let mut ages: Vec<i64> = users
        .iter()
        .filter_map(|u| u["tokenCreated"].as_i64())
        .collect();
    ages.sort();
    ages.dedup();
    assert!(ages.len() >= 4, "keys of different ages: {ages:?}");
    let (_, policies) = t.admin.get("/v2/policy").await;
    assert_eq!(
        names(&policies).len(),
        10,
        "8 built-ins and 2 custom policies"
    );
    let count = users.len();
    t.sandbox.shutdown().await;

    let again = start_in(t.dir, true).await;
    let (_, users) = again.admin.get("/v2/service-user").await;
    assert_eq!(
        users.as_array().unwrap().len(),
        count,
        "demo data only for a new org"
    );
}

#[tokio::test]
async fn latency_is_added_to_every_request() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new(dir.path());
    config.latency = Duration::from_millis(120);
    let sandbox = Sandbox::start(config).await.unwrap();
    let anonymous = Api::new(sandbox.base_url());
    let started = Instant::now();
    assert_eq!(anonymous.get("/healthz").await.0, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(120),
        "{:?}",
        started.elapsed()
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn parallel_regenerations_leave_exactly_the_last_secret_working() {
    let t = start().await;
    t.admin
        .post(
            "/v2/service-user",
            &json!({"name": "rotated", "policyIds": ["builtin-tg-monitor"]}),
        )
        .await;
    let requests = (0..20).map(|_| {
        let api = t.admin.clone();
        async move {
            api.raw(Method::POST, "/v2/service-user/rotated/token", None)
                .await
        }
    });
    let answers = futures::future::join_all(requests).await;
    let mut working = Vec::new();
    for (status, keys) in &answers {
        assert_eq!(*status, 200, "every regeneration answers 200: {keys}");
        let api = t.admin.with_keys(
            keys["clientId"].as_str().unwrap(),
            keys["secret"].as_str().unwrap(),
        );
        if api.get("/org/mine").await.0 == 200 {
            working.push(keys.clone());
        }
    }
    assert_eq!(
        working.len(),
        1,
        "exactly one of 20 secrets works: {working:?}"
    );
    let (_, user) = t.admin.get("/v2/service-user/rotated").await;
    assert_eq!(
        user["clientId"], working[0]["clientId"],
        "the working key is the stored (last committed) one"
    );
}

#[test]
fn admin_credentials_file_is_private_and_matches() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let t = start().await;
        let path = t.dir.path().join("admin-credentials.json");
        let file: tg_sandbox::AdminCredentials =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(file, t.sandbox.admin_credentials());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "only the owner may read the admin secret");
        }
    });
}

/// Runs the binary and returns it with its base URL, read from the first stdout line.
fn spawn_binary(data_dir: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tg-sandbox"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let url = first_line
        .trim_end()
        .strip_prefix("tg-sandbox listening on http://127.0.0.1:")
        .map(|port| {
            assert!(
                port.parse::<u16>().is_ok_and(|p| p != 0),
                "a real port: {first_line:?}"
            );
            format!("http://127.0.0.1:{port}")
        })
        .unwrap_or_else(|| panic!("unexpected first line {first_line:?}"));
    (child, url)
}

#[tokio::test]
async fn an_answered_create_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = spawn_binary(dir.path());
    let credentials: tg_sandbox::AdminCredentials = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("admin-credentials.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(credentials.base_url, url, "the file names the printed URL");
    let api = Api::new(&url).with_keys(&credentials.client_id, &credentials.secret);
    let (status, _) = api
        .post("/v2/service-user", &json!({"name": "durable"}))
        .await;
    assert_eq!(status, 200);
    child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
    child.wait().unwrap();

    let (mut child, url) = spawn_binary(dir.path());
    let api = Api::new(&url).with_keys(&credentials.client_id, &credentials.secret);
    let (status, user) = api.get("/v2/service-user/durable").await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status, 200, "a create that answered 200 is on disk: {user}");
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_shuts_down_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = spawn_binary(dir.path());
    assert_eq!(Api::new(&url).get("/healthz").await.0, 200);
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "SIGTERM is a clean exit: {exit:?}");
}
