//! The way back for whoever runs a sandbox in-process (the desktop app): an administrator who
//! disabled, re-keyed or stripped `sandbox-admin` through the API has no key left that could undo
//! it, so the owner of the [`RunningSandbox`](crate::RunningSandbox) can re-issue the admin's key
//! or put the demo data back, directly on the database, while it keeps serving.

use rusqlite::Connection;
use tg_policy::{ADMIN_POLICY, builtin_policies};

use crate::auth;
use crate::credentials::AdminCredentials;
use crate::demo;
use crate::model::{ApiKeys, STATUS_ACTIVE};
use crate::start_error::SandboxError;
use crate::store;

/// Name of the service user whose credentials the sandbox hands out.
pub const ADMIN_USER: &str = "sandbox-admin";

/// Makes `sandbox-admin` usable again: active, holding the admin policy, and with keys. The keys
/// in `keep` are kept if they are still the admin's; otherwise new ones are issued.
pub(crate) fn ensure_admin(
    tx: &Connection,
    org_id: &str,
    keep: Option<AdminCredentials>,
) -> rusqlite::Result<ApiKeys> {
    for policy in builtin_policies() {
        store::save_policy(tx, &policy.into(), true)?;
    }
    if store::user_exists(tx, ADMIN_USER)? {
        store::set_user_status(tx, ADMIN_USER, STATUS_ACTIVE)?;
    } else {
        store::insert_user(tx, ADMIN_USER, STATUS_ACTIVE)?;
    }
    let mut admin_policies = store::get_user(tx, org_id, ADMIN_USER)?
        .map(|user| user.policy_ids)
        .unwrap_or_default();
    if !admin_policies.iter().any(|p| p == ADMIN_POLICY) {
        admin_policies.push(ADMIN_POLICY.to_string());
        store::set_user_policies(tx, ADMIN_USER, &admin_policies)?;
    }
    let still_valid = keep.filter(|previous| {
        store::key_record(tx, &previous.client_id)
            .ok()
            .flatten()
            .is_some_and(|record| {
                record.user_name == ADMIN_USER
                    && auth::secret_matches(&previous.secret, &record.secret_sha256)
            })
    });
    match still_valid {
        Some(previous) => Ok(ApiKeys {
            client_id: previous.client_id,
            secret: previous.secret,
        }),
        None => auth::issue_keys(tx, ADMIN_USER),
    }
}

/// Whether `client_id` and `secret` are the admin's current keys.
pub(crate) fn is_admin_key(
    tx: &Connection,
    client_id: &str,
    secret: &str,
) -> rusqlite::Result<bool> {
    Ok(store::key_record(tx, client_id)?.is_some_and(|record| {
        record.user_name == ADMIN_USER && auth::secret_matches(secret, &record.secret_sha256)
    }))
}

/// Removes every service user and custom policy, keeping the organisation; with `demo`, the
/// demo users and policies are added again. The admin is made usable with new keys.
pub(crate) fn reset(
    tx: &rusqlite::Transaction,
    org_id: &str,
    demo_data: bool,
) -> Result<ApiKeys, SandboxError> {
    tx.execute_batch(
        "DELETE FROM user_policies; DELETE FROM service_users; DELETE FROM policies WHERE builtin = 0;",
    )?;
    let keys = ensure_admin(tx, org_id, None)?;
    if demo_data {
        demo::populate(tx)?;
    }
    Ok(keys)
}
