//! The database itself: migrations, rollback of a failed write, foreign keys.

use super::*;

fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

#[test]
fn migrations_run_once_and_reject_newer_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    drop(Store::open(&path).expect("fresh database opens"));
    let store = Store::open(&path).expect("reopening an up-to-date database works");
    let version = store.read(schema_version).unwrap();
    assert_eq!(version, MIGRATIONS.len() as i64);
    drop(store);

    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    assert!(
        matches!(
            Store::open(&path),
            Err(SandboxError::SchemaTooNew { found: 99, .. })
        ),
        "a database from a newer sandbox must not be touched"
    );
}

#[test]
fn failed_write_rolls_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let result: rusqlite::Result<()> = store.write(|tx| {
        insert_user(tx, "half-done", "active")?;
        Err(rusqlite::Error::InvalidQuery) // any error rejects the write
    });
    assert!(result.is_err());
    let exists = store.read(|c| user_exists(c, "half-done")).unwrap();
    assert!(!exists, "a rejected write must leave nothing behind");
}

#[test]
fn foreign_keys_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let result: rusqlite::Result<()> = store.write(|tx| {
        insert_user(tx, "u", "active")?;
        set_user_policies(tx, "u", &["no-such-policy".to_string()])?;
        Ok(())
    });
    assert!(
        result.is_err(),
        "attaching a missing policy must violate the foreign key"
    );
}
