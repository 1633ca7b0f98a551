//! Key hygiene in the real app over its embedded sandbox: a user holding `builtin-tg-admin` shows
//! the admin finding and its fix detaches the policy; the credential report saved through the
//! system's dialog holds every user and no secret; an import of five rows, two of them bad,
//! creates three and reports two. Each check is made against the file written or the API.

use std::collections::BTreeSet;

use e2e_tests::{AppSession, LaunchOptions, save_as};
use tg_api::{NewServiceUser, ServiceUserStatus};

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask e2e hygiene`"]
async fn the_admin_finding_is_fixed_by_detaching_the_policy() {
    let app = AppSession::launch(LaunchOptions::default()).await;
    app.find("service-user-row-cicd").await;
    let api = app.sandbox_admin().await.client();
    api.service_users()
        .create(&NewServiceUser {
            name: "e2e-too-strong".into(),
            policy_ids: vec!["builtin-tg-admin".into(), "builtin-tg-monitor".into()],
            status: ServiceUserStatus::Active,
        })
        .await
        .expect("create the user");
    app.click("refresh").await;
    app.find_css(
        "[data-testid=\"service-user-row-e2e-too-strong\"] [data-testid=\"findings-badge\"]",
    )
    .await;

    app.click("open-findings").await;
    let finding = app.text("finding-e2e-too-strong-admin-grant").await;
    assert!(
        finding.contains("Detach builtin-tg-admin"),
        "the finding offers its fix: {finding}"
    );
    app.click("fix-e2e-too-strong-admin-grant").await;
    app.find("bulk-summary").await;
    assert_eq!(app.text("bulk-count-ok").await.trim(), "Detached1");
    app.click("close-bulk").await;
    app.wait_gone("finding-e2e-too-strong-admin-grant").await;

    let user = api.service_users().get("e2e-too-strong").await.unwrap();
    assert_eq!(
        user.policy_ids,
        vec!["builtin-tg-monitor"],
        "only the admin policy was detached"
    );
    app.close().await;
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask e2e hygiene`"]
async fn the_credential_report_holds_every_user_and_no_secret() {
    let app = AppSession::launch(LaunchOptions::default()).await;
    app.find("service-user-row-cicd").await;
    let admin = app.sandbox_admin().await;
    let api = admin.client();
    let keys = api
        .service_users()
        .generate_token("tg-watch")
        .await
        .unwrap();
    let users = api.service_users().list().await.unwrap();
    let names: BTreeSet<String> = users.iter().map(|u| u.name.clone()).collect();
    let chosen = tempfile::tempdir().unwrap();

    let csv = chosen.path().join("report.csv");
    app.click("credential-report").await;
    app.click("report-csv").await;
    save_as("Save the credential report", &csv).await;
    app.wait_for_text("report-path", "name the saved file", |t| {
        t.contains("report.csv")
    })
    .await;
    let text = std::fs::read_to_string(&csv).expect("the CSV report was written");
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    assert!(header.starts_with("name,"), "a header first: {header}");
    let in_csv: BTreeSet<String> = lines
        .map(|l| l.split(',').next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(in_csv, names, "one row per service user");
    assert!(
        text.contains(&keys.client_id),
        "the report holds Client IDs"
    );

    let json = chosen.path().join("report.json");
    app.click("credential-report").await;
    app.click("report-json").await;
    save_as("Save the credential report", &json).await;
    app.wait_for_text("report-path", "name the saved file", |t| {
        t.contains("report.json")
    })
    .await;
    let json_text = std::fs::read_to_string(&json).expect("the JSON report was written");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json_text).expect("a JSON array");
    let in_json: BTreeSet<String> = rows
        .iter()
        .map(|r| r["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(in_json, names, "one entry per service user");

    for secret in [keys.secret.expose_secret(), admin.secret.as_str()] {
        assert!(
            !text.contains(secret) && !json_text.contains(secret),
            "no secret is in the report"
        );
    }
    app.close().await;
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run with `cargo xtask e2e hygiene`"]
async fn an_import_with_two_bad_rows_creates_three_and_reports_two() {
    let app = AppSession::launch(LaunchOptions::default()).await;
    app.find("service-user-row-cicd").await;
    let api = app.sandbox_admin().await.client();
    let csv = "name,policies,status\n\
               imp-one,builtin-tg-monitor,active\n\
               imp-two,,inactive\n\
               Bad Name!,builtin-tg-monitor,active\n\
               imp-three,builtin-tg-monitor;ci-deployer,active\n\
               imp-four,no-such-policy,active";

    app.click("import-users").await;
    app.type_into("import-text", csv).await;
    app.click("check-import").await;
    let summary = app
        .wait_for_text("import-summary", "sum up the five rows", |t| {
            t.starts_with("5 rows")
        })
        .await;
    assert!(
        summary.starts_with("5 rows: 2 with problems"),
        "the preview finds the two bad rows: {summary}"
    );
    let run = app.text("run-import").await;
    assert!(run.contains("Create 3 service users"), "{run}");
    app.click("run-import").await;
    app.find("bulk-summary").await;
    let not_sent = app.text("import-not-sent").await;
    assert!(not_sent.starts_with("2 rows were not sent"), "{not_sent}");
    assert_eq!(app.text("bulk-count-ok").await.trim(), "Created3");

    for name in ["imp-one", "imp-two", "imp-three"] {
        api.service_users()
            .get(name)
            .await
            .unwrap_or_else(|e| panic!("{name} was created: {e}"));
    }
    let imp_two = api.service_users().get("imp-two").await.unwrap();
    assert_eq!(imp_two.status, ServiceUserStatus::Inactive);
    assert!(matches!(
        api.service_users().get("imp-four").await,
        Err(tg_api::Error::NotFound)
    ));
    let all = api.service_users().list().await.unwrap();
    assert!(!all.iter().any(|u| u.name.contains("Bad")));
    app.click("close-import").await;
    app.find("service-user-row-imp-three").await;
    app.close().await;
}
