//! Key hygiene: the findings over every service user, accepting one with a reason, and the
//! bulk fix that detaches policies.

use time::OffsetDateTime;

use crate::bulk::BulkReport;
use crate::contract::{Host, emit};
use crate::findings::{self, CheckContext, FindingKind, FindingsReport, accepted};
use crate::{App, AppError};

type Result<T> = std::result::Result<T, AppError>;

pub async fn list_findings(app: &App, _: &dyn Host) -> Result<FindingsReport> {
    let (client, connection) = app.state.active_client()?;
    let (service_users, policy_list) = (client.service_users(), client.policies());
    let (users, policies) =
        futures::try_join!(service_users.list(), policy_list.list()).map_err(crate::Error::from)?;
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

/// The kind as the UI and the journal spell it (`admin-grant`).
fn kind_word(kind: FindingKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
