//! What an unanswered key request did, found out afterwards. The server is the only witness:
//! a user whose Client ID or key date changed since the run read it had its keys replaced (and
//! the secret of those keys never arrived); one whose did not still has its old keys. For the
//! connection's own user the old key itself is the test: if it still signs in, nothing changed.

use tg_api::{Client, Reach};

use super::model::Unfinished;
use crate::AppError;
use crate::connections::Connection;

/// What the recheck found.
pub(super) enum Found {
    /// The keys were not replaced: the old key still works.
    NotReplaced,
    /// The keys were replaced and their secret is lost: the old key no longer works.
    Replaced,
    /// The connection's own keys were replaced: the app can no longer sign in.
    OwnKeyLost,
    /// The server could not be asked; the reason in words, and whether the network failed.
    StillUnknown(String, bool),
}

pub(super) async fn recheck(client: &Client, connection: &Connection, item: &Unfinished) -> Found {
    if item.previous_client_id.as_deref() == Some(connection.client_id.as_str()) {
        return match client.org().mine().await {
            Ok(_) => Found::NotReplaced,
            Err(tg_api::Error::Unauthorized) => Found::OwnKeyLost,
            Err(error) => Found::StillUnknown(
                AppError::from(error.clone()).message,
                error.reach() != Reach::Answered,
            ),
        };
    }
    match client.service_users().get(&item.name).await {
        Ok(user) => {
            let same_id = user.client_id == item.previous_client_id;
            let same_date =
                user.token_created.map(|t| t.unix_timestamp()) == item.previous_token_created;
            if same_id && same_date {
                Found::NotReplaced
            } else {
                Found::Replaced
            }
        }
        Err(error) => Found::StillUnknown(
            AppError::from(error.clone()).message,
            error.reach() != Reach::Answered,
        ),
    }
}
