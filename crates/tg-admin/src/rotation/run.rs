//! The run itself: one user after the other, each through read → regenerate → own key →
//! deliver → verify, with progress before each step and a report entry at the end. The first
//! failure of the network stops the run (see the module docs).

use std::collections::HashSet;

use tg_api::Reach;

use super::deliver::{deliver_to_targets, to_file};
use super::model::{
    RotationDelivery, RotationProgress, RotationReport, RotationState, RotationStep, Unfinished,
    UserRotation,
};
use super::own_key;
use super::recheck::{Found, recheck};
use crate::connections::Connection;
use crate::contract::Host;
use crate::delivery::DeliveryTarget;
use crate::error::Error;
use crate::journal::JournalEntry;
use crate::{App, AppError};

/// Where progress goes (the UI's `rotation-progress` event).
pub type Progress<'a> = &'a (dyn Fn(RotationProgress) + Send + Sync);

/// Rotates `names` on the active connection, delivering as `delivery` says.
pub async fn rotate(
    app: &App,
    host: &dyn Host,
    names: Vec<String>,
    delivery: RotationDelivery,
    progress: Progress<'_>,
) -> Result<RotationReport, AppError> {
    let items = names
        .into_iter()
        .map(|name| Unfinished {
            name,
            state: RotationState::NotRotated,
            previous_client_id: None,
            previous_token_created: None,
        })
        .collect();
    run(app, host, items, delivery, progress, false).await
}

/// Finishes an interrupted run: unknown users are read again to tell what happened to them,
/// then every user not rotated is rotated.
pub async fn finish(
    app: &App,
    host: &dyn Host,
    unfinished: Vec<Unfinished>,
    delivery: RotationDelivery,
    progress: Progress<'_>,
) -> Result<RotationReport, AppError> {
    let items = unfinished
        .into_iter()
        .filter(|item| item.state != RotationState::Rotated)
        .collect();
    run(app, host, items, delivery, progress, true).await
}

/// What every user's steps share.
struct Run<'a> {
    app: &'a App,
    host: &'a dyn Host,
    delivery: RotationDelivery,
    targets: Vec<DeliveryTarget>,
    total: u32,
    single: bool,
    progress: Progress<'a>,
}

async fn run(
    app: &App,
    host: &dyn Host,
    items: Vec<Unfinished>,
    delivery: RotationDelivery,
    progress: Progress<'_>,
    finishing: bool,
) -> Result<RotationReport, AppError> {
    check_names(&items)?;
    let (_, connection) = app.state.active_client()?;
    // Every target is checked before anything runs, so a stale choice rotates nobody.
    let targets = delivery
        .target_ids
        .iter()
        .map(|id| app.delivery_targets.get(id))
        .collect::<Result<Vec<_>, _>>()?;
    let run = Run {
        app,
        host,
        delivery,
        targets,
        total: items.len() as u32,
        single: items.len() == 1,
        progress,
    };
    let mut users = Vec::with_capacity(items.len());
    let mut stopped_at: Option<String> = None;
    for (index, item) in items.iter().enumerate() {
        let entry = match &stopped_at {
            Some(at) => not_started(item, at),
            None => {
                let (entry, stop) = run.one(item, index as u32).await;
                if stop {
                    stopped_at = Some(item.name.clone());
                }
                entry
            }
        };
        run.report(index as u32, &entry.name, RotationStep::Done, Some(&entry));
        users.push(entry);
    }
    let interrupted = users.iter().any(|u| u.state != RotationState::Rotated)
        && stopped_at.is_some()
        || users.iter().any(|u| u.state == RotationState::Unknown);
    let report = RotationReport { users, interrupted };
    // Kept for the connection the run started on (the own user's rotation keeps its id).
    if let Err(error) = (app.unfinished_rotations).after_run(&connection.id, &report, finishing) {
        tracing::warn!(%error, "could not keep the unfinished rotation");
    }
    Ok(report)
}

fn check_names(items: &[Unfinished]) -> Result<(), AppError> {
    if items.is_empty() {
        return Err(
            Error::InvalidInput("Choose at least one service user to rotate.".into()).into(),
        );
    }
    let mut seen = HashSet::new();
    for item in items {
        tg_api::check_path_segment(&item.name).map_err(AppError::from)?;
        if !seen.insert(item.name.as_str()) {
            return Err(Error::InvalidInput(format!(
                "{} is listed twice; each user is rotated once.",
                item.name
            ))
            .into());
        }
    }
    Ok(())
}

/// A user the run did not reach: its old state stays (an unknown one stays unknown).
fn not_started(item: &Unfinished, stopped_at: &str) -> UserRotation {
    let mut entry = UserRotation::new(&item.name);
    entry.state = item.state;
    entry.previous_client_id = item.previous_client_id.clone();
    entry.previous_token_created = item.previous_token_created;
    entry.error = Some(format!(
        "Not started: the run stopped at {stopped_at} after a network failure. Its old key \
         still works{}.",
        if item.state == RotationState::Unknown {
            " unless the earlier unanswered request replaced it"
        } else {
            ""
        }
    ));
    entry
}

impl Run<'_> {
    fn report(&self, index: u32, name: &str, step: RotationStep, result: Option<&UserRotation>) {
        (self.progress)(RotationProgress {
            name: name.to_owned(),
            step,
            index,
            total: self.total,
            result: result.cloned(),
        });
    }

    fn journal(&self, connection: &Connection, step: &str, user: &str, error: Option<String>) {
        self.app.state.append(JournalEntry::ended(
            connection.name.clone(),
            format!("rotate-keys {step}"),
            vec![user.to_owned()],
            error,
        ));
    }

    /// A user the recheck could not settle: it stays unknown, with `error` journaled; `own` when
    /// the key in doubt is the one the connection signs in with.
    fn still_unknown(
        &self,
        connection: &Connection,
        mut entry: UserRotation,
        own: bool,
        error: String,
    ) -> UserRotation {
        entry.state = RotationState::Unknown;
        entry.own_connection = own;
        self.journal(connection, "recheck", &entry.name, Some(error.clone()));
        entry.error = Some(error);
        entry
    }

    /// One user's rotation, and whether the run must stop (the network failed).
    async fn one(&self, item: &Unfinished, index: u32) -> (UserRotation, bool) {
        let name = item.name.as_str();
        let mut entry = UserRotation::new(name);
        entry.previous_client_id = item.previous_client_id.clone();
        entry.previous_token_created = item.previous_token_created;
        self.report(index, name, RotationStep::Regenerating, None);
        // Asked for each user: an earlier user of the run may have been the connection's own.
        let (mut client, mut connection) = match self.app.state.active_client() {
            Ok(active) => active,
            Err(error) => {
                entry.error = Some(AppError::from(error).message);
                return (entry, true);
            }
        };
        let mut note = None;
        if item.state == RotationState::Unknown {
            match recheck(&client, &connection, item).await {
                Found::NotReplaced => {
                    note = Some("The earlier unanswered request had not replaced the keys.")
                }
                Found::Replaced => {
                    note = Some(
                        "The earlier unanswered request had replaced the keys; their secret \
                         never arrived, so they were rotated again.",
                    )
                }
                Found::OwnKeyLost if own_key::can_reissue(self.app, &connection) => {
                    match own_key::reissue(self.app).await {
                        Ok(active) => {
                            (client, connection) = active;
                            note = Some(
                                "The earlier unanswered request had replaced the key this \
                                 connection signs in with, and its secret never arrived: the \
                                 sandbox issued new keys to sign in again, and they were rotated.",
                            );
                        }
                        Err(why) => {
                            let error = format!(
                                "The earlier unanswered request replaced the key this connection \
                                 signs in with, and the sandbox could not issue new ones: {why}"
                            );
                            return (self.still_unknown(&connection, entry, true, error), true);
                        }
                    }
                }
                Found::OwnKeyLost => {
                    let error = "The earlier unanswered request replaced the key this connection \
                                 signs in with, and its new secret never arrived: the connection \
                                 can no longer sign in. For the built-in sandbox use Recover \
                                 sandbox; otherwise give the connection new keys.";
                    return (
                        self.still_unknown(&connection, entry, true, error.into()),
                        true,
                    );
                }
                Found::StillUnknown(why, network) => {
                    let error = format!("Could not tell what happened: {why}");
                    return (
                        self.still_unknown(&connection, entry, false, error),
                        network,
                    );
                }
            }
        }
        let user = match client.service_users().get(name).await {
            Ok(user) => user,
            Err(error) => {
                let stop = error.reach() != Reach::Answered || error.may_have_been_applied();
                entry.error = Some(format!(
                    "Could not read {name}, so nothing was changed: {}",
                    AppError::from(error).message
                ));
                self.journal(&connection, "regenerate", name, entry.error.clone());
                return (entry, stop);
            }
        };
        entry.previous_client_id = user.client_id.clone();
        entry.previous_token_created = user.token_created.map(|t| t.unix_timestamp());
        entry.own_connection = user.client_id.as_deref() == Some(connection.client_id.as_str());

        let keys = match client.service_users().generate_token(name).await {
            Ok(keys) => keys,
            Err(error) => {
                let (state, stop) = match error.reach() {
                    Reach::SentNoAnswer => (RotationState::Unknown, true),
                    Reach::NotSent => (RotationState::NotRotated, true),
                    Reach::Answered if error.may_have_been_applied() => {
                        (RotationState::Unknown, true)
                    }
                    Reach::Answered => (RotationState::NotRotated, false),
                };
                entry.state = state;
                entry.error = Some(regenerate_failed(state, error));
                if state == RotationState::Unknown && entry.own_connection {
                    let lost = "This is the user this connection signs in with: if its keys were \
                                replaced, the app can no longer sign in until Finish gives it \
                                new ones.";
                    entry.error = Some(join(entry.error.take(), lost.into()));
                }
                self.journal(&connection, "regenerate", name, entry.error.clone());
                return (entry, stop);
            }
        };
        entry.state = RotationState::Rotated;
        entry.client_id = Some(keys.client_id.clone());
        self.journal(&connection, "regenerate", name, None);
        let mut handoff = self
            .app
            .handoffs
            .hold(name, keys.client_id.clone(), keys.secret.clone());

        if entry.own_connection {
            let own = own_key::adopt(self.app, &connection, name, &keys).await;
            if !own.stored {
                // Shown once with the countdown: the keychain still holds the dead secret.
                handoff.copied = self.app.handoffs.copy_secret(handoff.id).is_ok();
            }
            entry.own_key = Some(own);
        }

        self.report(index, name, RotationStep::Delivering, None);
        if let Some(format) = self.delivery.file {
            let host = self.host;
            entry.file =
                Some(to_file(self.app, host, &connection.name, name, handoff.id, format).await);
        }
        if !self.targets.is_empty() {
            match deliver_to_targets(
                self.app,
                self.host,
                &connection.name,
                self.targets.clone(),
                name,
                &keys.client_id,
                &keys.secret,
            )
            .await
            {
                Ok(results) => entry.targets = results,
                Err(error) => entry.error = Some(AppError::from(error).message),
            }
        }

        self.report(index, name, RotationStep::Verifying, None);
        let verified = (self.app.state)
            .check_keys(&connection, &keys)
            .await
            .map_err(|error| AppError::from(error).message);
        entry.verified = Some(verified.is_ok());
        if let Err(why) = &verified {
            let message = format!("The new key did not authenticate: {why}");
            entry.error = Some(join(entry.error.take(), message));
        }
        self.journal(&connection, "verify", name, verified.err());

        if self.delivery.clipboard && self.single && !handoff.copied {
            handoff.copied = self.app.handoffs.copy_secret(handoff.id).is_ok();
        }
        let keep = self.delivery.clipboard || handoff.copied || !entry.kept_somewhere();
        if keep {
            if !self.delivery.clipboard && !entry.kept_somewhere() {
                let message = "The new keys were not delivered anywhere: copy or save them \
                               before closing this report, or they are lost.";
                entry.error = Some(join(entry.error.take(), message.into()));
            }
            entry.handoff = Some(handoff);
        } else {
            let _ = self.app.handoffs.close(handoff.id);
        }
        if let Some(note) = note {
            entry.error = Some(join(
                Some(note.into()),
                entry.error.take().unwrap_or_default(),
            ));
        }
        (entry, false)
    }
}

fn join(first: Option<String>, second: String) -> String {
    match first {
        Some(first) if !first.is_empty() && !second.is_empty() => format!("{first} {second}"),
        Some(first) if second.is_empty() => first,
        _ => second,
    }
}

fn regenerate_failed(state: RotationState, error: tg_api::Error) -> String {
    let app_error = AppError::from(error.clone());
    match (state, error.reach()) {
        (RotationState::Unknown, _) => format!(
            "Trustgrid did not answer the key request ({}). The keys may have been replaced with \
             a secret that never arrived; Finish reads the user again to tell.",
            app_error.message
        ),
        (_, Reach::NotSent) => format!(
            "The key request was not sent ({}); the old key still works.",
            app_error.message
        ),
        _ => format!("Trustgrid refused new keys: {}", app_error.message),
    }
}
