//! Key hygiene: the findings over every service user, accepting one with a reason, the bulk fix
//! that detaches policies, and the credential report.

use time::OffsetDateTime;

use tg_api::{Policy, ServiceUser};

use crate::bulk::BulkReport;
use crate::connections::Connection;
use crate::contract::{Host, SaveRequest, emit};
use crate::findings::{self, CheckContext, FindingKind, FindingsReport, accepted};
use crate::reports::{self, ReportFormat};
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

pub async fn list_findings(app: &App, _: &dyn Host) -> Result<FindingsReport> {
    let (users, policies, connection) = users_and_policies(app, Users::Recent).await?;
    let key_age_days = app.settings().key_age_days;
    let context = CheckContext {
        key_age_days,
        now: OffsetDateTime::now_utc(),
        own_client_id: Some(&connection.client_id),
    };
    let all = findings::check(&users, &policies, context);
    let saved = app.preferences.load().accepted_findings;
    let mine: Vec<_> = accepted::for_connection(&saved, &connection.id)
        .cloned()
        .collect();
    let (findings, accepted) = findings::without_accepted(all, &mine);
    Ok(FindingsReport {
        findings,
        accepted,
        key_age_days,
    })
}

pub fn accept_finding(
    app: &App,
    _: &dyn Host,
    user: String,
    kind: FindingKind,
    reason: String,
) -> Result<()> {
    let (_, connection) = app.state.active_client()?;
    let entry = accepted::AcceptedFinding::new(&connection.id, &user, kind, &reason)?;
    let note = entry.reason.clone();
    app.preferences.update(|p| {
        p.accepted_findings = accepted::with(std::mem::take(&mut p.accepted_findings), entry);
    })?;
    app.state.record_note(
        &connection,
        &format!("accept-finding {}", kind_word(kind)),
        &user,
        &note,
    );
    Ok(())
}

pub fn unaccept_finding(app: &App, _: &dyn Host, user: String, kind: FindingKind) -> Result<()> {
    let (_, connection) = app.state.active_client()?;
    let mut removed = false;
    app.preferences.update(|p| {
        removed = accepted::without(&mut p.accepted_findings, &connection.id, &user, kind);
    })?;
    if removed {
        app.state.record_note(
            &connection,
            &format!("unaccept-finding {}", kind_word(kind)),
            &user,
            "reported again",
        );
    }
    Ok(())
}

pub async fn run_bulk_detach(
    app: &App,
    _: &dyn Host,
    policy_ids: Vec<String>,
    names: Vec<String>,
) -> Result<BulkReport> {
    let events = app.events();
    let progress = |progress| emit(events, &progress);
    Ok(app
        .state
        .run_bulk_detach(policy_ids, names, progress)
        .await?)
}

/// Which list of service users a command works on.
enum Users {
    /// As the list page read them a moment ago, when it did: the findings follow every refresh.
    Recent,
    /// Listed now: a report says what the org holds when it is saved, changes made outside the
    /// app a moment ago included.
    Now,
}

/// Every service user and every policy.
async fn users_and_policies(
    app: &App,
    which: Users,
) -> Result<(std::sync::Arc<Vec<ServiceUser>>, Vec<Policy>, Connection)> {
    let (client, connection) = app.state.active_client()?;
    let policy_list = client.policies();
    let users = async {
        match which {
            Users::Recent => app.state.recent_service_users().await,
            Users::Now => app.state.list_service_users().await,
        }
    };
    let (users, policies) = futures::try_join!(users, async {
        policy_list.list().await.map_err(crate::Error::from)
    })?;
    Ok((users, policies, connection))
}

/// The kind as the UI and the journal spell it (`admin-grant`).
fn kind_word(kind: FindingKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Asks where with the native save dialog, then writes the credential report there.
pub async fn export_credential_report(
    app: &App,
    host: &dyn Host,
    format: ReportFormat,
) -> Result<Option<String>> {
    let (users, policies, connection) = users_and_policies(app, Users::Now).await?;
    let now = OffsetDateTime::now_utc();
    let context = CheckContext {
        key_age_days: app.settings().key_age_days,
        now,
        own_client_id: Some(&connection.client_id),
    };
    let saved = app.preferences.load().accepted_findings;
    let mine: Vec<_> = accepted::for_connection(&saved, &connection.id)
        .cloned()
        .collect();
    let (reported, accepted) =
        findings::without_accepted(findings::check(&users, &policies, context), &mine);
    let bytes = reports::encode(
        &reports::credential_rows(&users, &reported, &accepted, now),
        format,
    )?;
    let request = SaveRequest {
        title: "Save the credential report",
        file_name: format!("service-users-credential-report.{}", format.extension()),
        filter: match format {
            ReportFormat::Csv => "CSV",
            ReportFormat::Json => "JSON",
        },
        extension: format.extension(),
        directory: None,
    };
    super::save::save_chosen(host, request, &bytes, "write the report to").await
}
