//! The database schema, as migration scripts: script `i` brings a database from
//! `PRAGMA user_version` `i` to `i + 1`. Only ever append; a released script never changes.

/// Schema scripts; index + 1 is the `user_version` each one brings the database to.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE org (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    uid    TEXT NOT NULL,
    name   TEXT NOT NULL,
    domain TEXT NOT NULL
);
CREATE TABLE policies (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    resources   TEXT NOT NULL,  -- JSON array
    conditions  TEXT NOT NULL,  -- JSON object
    statements  TEXT NOT NULL,  -- JSON array, as given
    builtin     INTEGER NOT NULL DEFAULT 0
);
-- One row per (statement, action) of each policy, for fast evaluation.
CREATE TABLE policy_grants (
    policy_name TEXT NOT NULL REFERENCES policies(name) ON DELETE CASCADE,
    effect      TEXT NOT NULL CHECK (effect IN ('allow', 'deny', 'noop')),
    pattern     TEXT NOT NULL
);
CREATE INDEX policy_grants_by_policy ON policy_grants(policy_name);
CREATE TABLE service_users (
    name          TEXT PRIMARY KEY,
    status        TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    client_id     TEXT UNIQUE,
    secret_sha256 BLOB,
    token_created INTEGER
);
CREATE TABLE user_policies (
    user_name   TEXT NOT NULL REFERENCES service_users(name) ON DELETE CASCADE,
    policy_name TEXT NOT NULL REFERENCES policies(name),
    position    INTEGER NOT NULL,
    PRIMARY KEY (user_name, policy_name)
);
CREATE INDEX user_policies_by_policy ON user_policies(policy_name);
"#,
    // Policies are evaluated whole by tg-policy (resources and conditions too), read from the
    // policies table; the per-action copy is gone.
    r#"
DROP TABLE policy_grants;
"#,
];
