//! Persistence: one SQLite database in the data directory. SQLite gives real durability and
//! transactions (a rejected request rolls back and changes nothing) without a server to run.
//!
//! One writer connection serialises writes; a few read-only connections serve reads in parallel
//! (WAL mode lets readers run while a write commits). Every commit is synced (`synchronous=FULL`)
//! before the request is answered, so an answered write survives a killed process.
//!
//! The schema is versioned with `PRAGMA user_version`: `schema::MIGRATIONS` holds one script
//! per version, applied in order inside a transaction. Secrets are never stored, only their SHA-256.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};

use crate::model::{Org, Policy, ServiceUser};
use crate::policy_cache::{PolicyCache, StoredTexts};
use crate::schema::MIGRATIONS;
use crate::start_error::SandboxError;

const READERS: usize = 4;

pub struct Store {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    policies: Arc<PolicyCache>,
}

/// What authentication needs to know about a client id.
pub struct KeyRecord {
    pub user_name: String,
    pub active: bool,
    pub secret_sha256: Vec<u8>,
}

impl Store {
    /// Opens (creating if needed) `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, SandboxError> {
        let mut writer = Connection::open(path)?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        writer.pragma_update(None, "synchronous", "FULL")?;
        configure(&writer)?;
        migrate(&mut writer)?;
        let readers = (0..READERS)
            .map(|_| {
                let reader = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                configure(&reader)?;
                Ok(Mutex::new(reader))
            })
            .collect::<Result<Vec<_>, SandboxError>>()?;
        Ok(Self {
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
            policies: Arc::default(),
        })
    }

    /// The parsed policies, for [`policies_of`].
    pub fn policy_cache(&self) -> &Arc<PolicyCache> {
        &self.policies
    }

    /// Runs `f` on a read-only connection.
    pub fn read<T, E: From<rusqlite::Error>>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        // Take the first free reader, or wait for the one in turn.
        for offset in 0..self.readers.len() {
            if let Ok(reader) = self.readers[(start + offset) % self.readers.len()].try_lock() {
                return f(&reader);
            }
        }
        let reader = lock(&self.readers[start % self.readers.len()]);
        f(&reader)
    }

    /// Runs `f` in a write transaction: committed (and synced) if `f` succeeds, rolled back if not.
    pub fn write<T, E: From<rusqlite::Error>>(
        &self,
        f: impl FnOnce(&Transaction) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut writer = lock(&self.writer);
        let tx = writer.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// A write task that did not finish: it panicked, or the runtime is shutting down.
#[derive(Debug, thiserror::Error)]
#[error("write task: {0}")]
pub struct TaskFailed(String);

/// Runs [`Store::write`] off the async workers, since a commit waits for the disk.
pub async fn write_blocking<T, E>(
    store: &Arc<Store>,
    f: impl FnOnce(&Transaction) -> Result<T, E> + Send + 'static,
) -> Result<T, E>
where
    T: Send + 'static,
    E: From<rusqlite::Error> + From<TaskFailed> + Send + 'static,
{
    let store = store.clone();
    tokio::task::spawn_blocking(move || store.write(f))
        .await
        .map_err(|error| TaskFailed(error.to_string()))?
}

fn lock(mutex: &Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    // A panic while holding a connection leaves no half-done transaction (it rolls back on drop).
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<(), SandboxError> {
    let supported = MIGRATIONS.len() as i64;
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > supported {
        return Err(SandboxError::SchemaTooNew { found, supported });
    }
    for (index, script) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(script)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// The current time in Unix seconds.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

// ---- organisation ----

pub fn org(conn: &Connection) -> rusqlite::Result<Option<Org>> {
    conn.prepare_cached("SELECT uid, name, domain FROM org WHERE id = 1")?
        .query_row([], |row| {
            Ok(Org {
                uid: row.get(0)?,
                name: row.get(1)?,
                domain: row.get(2)?,
            })
        })
        .optional()
}

pub fn insert_org(conn: &Connection, org: &Org) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO org (id, uid, name, domain) VALUES (1, ?1, ?2, ?3)",
        params![org.uid, org.name, org.domain],
    )?;
    Ok(())
}

// ---- authentication ----

pub fn key_record(conn: &Connection, client_id: &str) -> rusqlite::Result<Option<KeyRecord>> {
    conn.prepare_cached(
        "SELECT name, status, secret_sha256 FROM service_users WHERE client_id = ?1",
    )?
    .query_row([client_id], |row| {
        Ok(KeyRecord {
            user_name: row.get(0)?,
            active: row.get::<_, String>(1)? == crate::model::STATUS_ACTIVE,
            secret_sha256: row.get::<_, Option<Vec<u8>>>(2)?.unwrap_or_default(),
        })
    })
    .optional()
}

/// The policies attached to `user_name`, as the evaluator reads them. A stored policy the
/// evaluator cannot read is an error (answered 500), never skipped: skipping a deny would
/// grant more than the policies say.
/// (Descriptions are left empty: the evaluator does not read them.)
pub fn policies_of(
    conn: &Connection,
    user_name: &str,
    cache: &PolicyCache,
) -> rusqlite::Result<Vec<Arc<tg_policy::Policy>>> {
    let mut statement = conn.prepare_cached(
        "SELECT p.name, p.resources, p.conditions, p.statements
         FROM user_policies up JOIN policies p ON p.name = up.policy_name
         WHERE up.user_name = ?1",
    )?;
    let mut rows = statement.query([user_name])?;
    let mut policies = Vec::new();
    while let Some(row) = rows.next()? {
        let text = |index: usize| row.get_ref(index)?.as_str().map_err(rusqlite::Error::from);
        let texts = StoredTexts {
            resources: text(1)?,
            conditions: text(2)?,
            statements: text(3)?,
        };
        let policy = cache.get(text(0)?, texts).map_err(|error| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                Box::new(error),
            )
        })?;
        policies.push(policy);
    }
    Ok(policies)
}

/// Column `index` of `row`, a JSON text, read as `T`.
fn json_column<T: serde::de::DeserializeOwned>(
    row: &rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            Box::new(error),
        )
    })
}

pub fn set_key(
    conn: &Connection,
    user_name: &str,
    client_id: &str,
    secret_sha256: &[u8],
    created: i64,
) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE service_users SET client_id = ?2, secret_sha256 = ?3, token_created = ?4
         WHERE name = ?1",
        params![user_name, client_id, secret_sha256, created],
    )?;
    Ok(changed == 1)
}

// ---- service users ----

/// A service user row without `orgId`, which the caller adds.
fn user_from_row(row: &rusqlite::Row<'_>, org_id: &str) -> rusqlite::Result<ServiceUser> {
    Ok(ServiceUser {
        name: row.get(0)?,
        org_id: org_id.to_string(),
        status: row.get(1)?,
        policy_ids: Vec::new(),
        client_id: row.get(2)?,
        token_created: row.get(3)?,
    })
}

pub fn get_user(
    conn: &Connection,
    org_id: &str,
    name: &str,
) -> rusqlite::Result<Option<ServiceUser>> {
    let user = conn
        .prepare_cached(
            "SELECT name, status, client_id, token_created FROM service_users WHERE name = ?1",
        )?
        .query_row([name], |row| user_from_row(row, org_id))
        .optional()?;
    let Some(mut user) = user else {
        return Ok(None);
    };
    let mut statement = conn.prepare_cached(
        "SELECT policy_name FROM user_policies WHERE user_name = ?1 ORDER BY position",
    )?;
    user.policy_ids = statement
        .query_map([name], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(user))
}

pub fn list_users(conn: &Connection, org_id: &str) -> rusqlite::Result<Vec<ServiceUser>> {
    let mut users: Vec<ServiceUser> = conn
        .prepare_cached(
            "SELECT name, status, client_id, token_created FROM service_users ORDER BY name",
        )?
        .query_map([], |row| user_from_row(row, org_id))?
        .collect::<rusqlite::Result<_>>()?;
    let mut statement = conn.prepare_cached(
        "SELECT user_name, policy_name FROM user_policies ORDER BY user_name, position",
    )?;
    let mut links = statement.query([])?;
    while let Some(row) = links.next()? {
        let user_name: String = row.get(0)?;
        if let Ok(index) = users.binary_search_by(|u| u.name.as_str().cmp(&user_name)) {
            users[index].policy_ids.push(row.get(1)?);
        }
    }
    Ok(users)
}

pub fn user_exists(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM service_users WHERE name = ?1")?
        .exists([name])
}

pub fn insert_user(conn: &Connection, name: &str, status: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO service_users (name, status) VALUES (?1, ?2)")?
        .execute(params![name, status])?;
    Ok(())
}

pub fn set_user_status(conn: &Connection, name: &str, status: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE service_users SET status = ?2 WHERE name = ?1")?
        .execute(params![name, status])?;
    Ok(())
}

pub fn set_user_policies(
    conn: &Connection,
    name: &str,
    policy_ids: &[String],
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM user_policies WHERE user_name = ?1")?
        .execute([name])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO user_policies (user_name, policy_name, position) VALUES (?1, ?2, ?3)",
    )?;
    for (position, policy) in policy_ids.iter().enumerate() {
        insert.execute(params![name, policy, position as i64])?;
    }
    Ok(())
}

pub fn delete_user(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM service_users WHERE name = ?1")?
        .execute([name])?
        == 1)
}

// ---- policies ----

fn policy_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Policy> {
    Ok(Policy {
        name: row.get(0)?,
        description: row.get(1)?,
        resources: json_column(row, 2)?,
        conditions: json_column(row, 3)?,
        statements: json_column(row, 4)?,
    })
}

const POLICY_COLUMNS: &str = "name, description, resources, conditions, statements";

pub fn list_policies(conn: &Connection) -> rusqlite::Result<Vec<Policy>> {
    conn.prepare_cached(&format!(
        "SELECT {POLICY_COLUMNS} FROM policies ORDER BY builtin DESC, rowid"
    ))?
    .query_map([], policy_from_row)?
    .collect()
}

pub fn get_policy(conn: &Connection, name: &str) -> rusqlite::Result<Option<Policy>> {
    conn.prepare_cached(&format!(
        "SELECT {POLICY_COLUMNS} FROM policies WHERE name = ?1"
    ))?
    .query_row([name], policy_from_row)
    .optional()
}

/// The names among `names` that are not policies.
pub fn unknown_policies(conn: &Connection, names: &[String]) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare_cached("SELECT 1 FROM policies WHERE name = ?1")?;
    let mut unknown = Vec::new();
    for name in names {
        if !statement.exists([name])? {
            unknown.push(name.clone());
        }
    }
    Ok(unknown)
}

/// Inserts or replaces a policy, keeping its position in the list.
pub fn save_policy(conn: &Connection, policy: &Policy, builtin: bool) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO policies (name, description, resources, conditions, statements, builtin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(name) DO UPDATE SET description = excluded.description,
             resources = excluded.resources, conditions = excluded.conditions,
             statements = excluded.statements, builtin = excluded.builtin",
    )?
    .execute(params![
        policy.name,
        policy.description,
        to_json(&policy.resources),
        to_json(&policy.conditions),
        to_json(&policy.statements),
        builtin,
    ])?;
    Ok(())
}

pub fn policy_is_builtin(conn: &Connection, name: &str) -> rusqlite::Result<Option<bool>> {
    conn.prepare_cached("SELECT builtin FROM policies WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()
}

/// Names of the service users that have `policy` attached.
pub fn users_with_policy(conn: &Connection, policy: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT user_name FROM user_policies WHERE policy_name = ?1 ORDER BY user_name",
    )?
    .query_map([policy], |row| row.get(0))?
    .collect()
}

pub fn delete_policy(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM policies WHERE name = ?1")?
        .execute([name])?
        == 1)
}

/// Serialises a JSON column; the values are plain data, so this cannot fail in practice.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

#[cfg(test)]
mod tests;
