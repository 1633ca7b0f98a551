//! Authentication and authorization of every API request, done afresh against the database on
//! each request, so disabling, deleting or regenerating keys or changing policies takes effect on
//! the very next request (only the parsing of unchanged policy JSON is reused, see
//! `policy_cache`). The extractor that runs it for each request is in `routes::extract`.
//!
//! Credentials are `Authorization: trustgrid-token CLIENT_ID:SECRET`. Client ids are 16 hex
//! characters, secrets 128 random bits as 32 hex characters; only the secret's SHA-256 is stored
//! and compared in constant time. A fast hash is enough because the secrets are random, not
//! passwords. Any failure is a 401 whose message never contains the secret.

use std::sync::Arc;

use rand::Rng;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tg_policy::{Effect, Policy, PolicySet, Target, catalog};

use crate::api_error::ApiError;
use crate::model::ApiKeys;
use crate::policy_cache::PolicyCache;
use crate::store::{self, Store};

/// The authentication scheme of the `Authorization` header.
pub const SCHEME: &str = "trustgrid-token";

/// The actions the sandbox's endpoints need (see API.md).
pub mod actions {
    pub const USERS_READ: &str = "users::read";
    pub const USERS_MODIFY: &str = "users::modify";
    pub const PERMISSIONS_READ: &str = "permissions::read";
    pub const PERMISSIONS_MODIFY: &str = "permissions::modify";
}

/// An authenticated caller: an active service user with valid keys, and the policies it holds.
pub struct Caller {
    pub name: String,
    client_id: String,
    secret_sha256: [u8; 32],
    policies: Vec<Arc<Policy>>,
    cache: Arc<PolicyCache>,
}

impl std::fmt::Debug for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caller")
            .field("name", &self.name)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl Caller {
    /// The caller as the database has it now. Every write calls this inside its transaction,
    /// so a key replaced, a user disabled or deleted, or a policy changed after the request
    /// was authenticated counts before anything is written: 401, or 403 from the next
    /// [`Caller::require`].
    pub fn confirm(&self, conn: &Connection) -> Result<Caller, ApiError> {
        verify(conn, &self.cache, &self.client_id, self.secret_sha256)
    }

    /// Whether the caller's policies allow `action` on the organisation, which is what every
    /// endpoint of the sandbox acts on (so policies limited to some resources or tags grant
    /// nothing here).
    pub fn may(&self, action: &str) -> bool {
        PolicySet::new(self.policies.iter().map(Arc::as_ref))
            .decide(action, &Target::organisation())
            .is_allowed()
    }

    /// 403 unless the caller may act on the service user `name` (read through `conn`) as it
    /// may act on itself: when `name` is allowed a catalog action the caller is not, the
    /// caller needs `permissions::modify` as well. Otherwise a key with `users::modify` could
    /// generate keys for (or re-enable) a stronger user and take over its permissions,
    /// side-stepping the rule that changing policies needs `permissions::modify`.
    ///
    /// The comparison is cautious on both sides: the other user counts as allowed every
    /// catalog action one of its `allow` statements names (whatever its resources, conditions
    /// and denies), the caller only what it may do on the organisation.
    pub fn require_not_weaker_than(&self, conn: &Connection, name: &str) -> Result<(), ApiError> {
        if self.may(actions::PERMISSIONS_MODIFY) {
            return Ok(());
        }
        let policies = store::policies_of(conn, name, &self.cache)?;
        let own = PolicySet::new(self.policies.iter().map(Arc::as_ref));
        let organisation = Target::organisation();
        let stronger = policies
            .iter()
            .flat_map(|policy| &policy.statements)
            .filter(|statement| statement.effect == Effect::Allow)
            .flat_map(|statement| &statement.actions)
            .flat_map(|pattern| catalog().matching(pattern))
            .find(|action| !own.decide(&action.name, &organisation).is_allowed());
        match stronger {
            None => Ok(()),
            Some(action) => Err(ApiError::Escalation {
                caller: self.name.clone(),
                target: name.to_string(),
                action: action.name.clone(),
            }),
        }
    }

    /// 403 unless the caller's policies allow `action`.
    pub fn require(&self, action: &str) -> Result<(), ApiError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(ApiError::Forbidden {
                caller: self.name.clone(),
                action: action.to_string(),
            })
        }
    }
}

/// Splits `trustgrid-token ID:SECRET` into `(ID, SECRET)`; the scheme is case-insensitive.
pub fn parse_authorization(value: &str) -> Option<(&str, &str)> {
    let (scheme, credentials) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case(SCHEME) {
        return None;
    }
    let (client_id, secret) = credentials.trim().split_once(':')?;
    if client_id.is_empty() || secret.is_empty() {
        return None;
    }
    Some((client_id, secret))
}

/// Checks an `Authorization` header value against the database.
pub fn authenticate(store: &Store, authorization: Option<&str>) -> Result<Caller, ApiError> {
    let header = authorization.ok_or(ApiError::Unauthorized("missing Authorization header"))?;
    let (client_id, secret) = parse_authorization(header).ok_or(ApiError::Unauthorized(
        "malformed Authorization header: expected \"trustgrid-token CLIENT_ID:SECRET\"",
    ))?;
    let presented = hash_secret(secret);
    store.read(|conn| verify(conn, store.policy_cache(), client_id, presented))
}

/// The active service user whose key is `client_id` with a secret hashing to `presented`.
fn verify(
    conn: &Connection,
    cache: &Arc<PolicyCache>,
    client_id: &str,
    presented: [u8; 32],
) -> Result<Caller, ApiError> {
    const INVALID: ApiError = ApiError::Unauthorized("invalid or revoked credentials");
    let record = store::key_record(conn, client_id)?.ok_or(INVALID)?;
    let matches: bool = presented.ct_eq(record.secret_sha256.as_slice()).into();
    if !matches || !record.active {
        return Err(INVALID);
    }
    let policies = store::policies_of(conn, &record.user_name, cache)?;
    Ok(Caller {
        name: record.user_name,
        client_id: client_id.to_string(),
        secret_sha256: presented,
        policies,
        cache: cache.clone(),
    })
}

/// SHA-256 of a secret, as stored in the database.
pub fn hash_secret(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Whether `secret` is the one whose hash is `stored`, in constant time.
pub fn secret_matches(secret: &str, stored: &[u8]) -> bool {
    hash_secret(secret).ct_eq(stored).into()
}

/// A fresh `(client id, secret)` pair: 64 and 128 random bits in lower-case hex.
pub fn generate_keys() -> (String, String) {
    let mut rng = rand::rng();
    let client_id: [u8; 8] = rng.random();
    let secret: [u8; 16] = rng.random();
    (hex::encode(client_id), hex::encode(secret))
}

/// Stores a fresh key pair for the existing service user `name`, replacing any previous keys,
/// and returns it. The secret is not kept anywhere.
pub fn issue_keys(tx: &Connection, name: &str) -> rusqlite::Result<ApiKeys> {
    loop {
        let (client_id, secret) = generate_keys();
        if store::key_record(tx, &client_id)?.is_some() {
            continue; // a 64-bit collision; draw again
        }
        store::set_key(
            tx,
            name,
            &client_id,
            &hash_secret(&secret),
            store::unix_now(),
        )?;
        return Ok(ApiKeys { client_id, secret });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_trustgrid_token_scheme() {
        assert_eq!(
            parse_authorization("trustgrid-token 0123456789abcdef:s3cr3t"),
            Some(("0123456789abcdef", "s3cr3t"))
        );
        assert_eq!(
            parse_authorization("Trustgrid-Token id:se:cret"),
            Some(("id", "se:cret")),
            "only the first colon separates id and secret"
        );
        for bad in [
            "",
            "trustgrid-token",
            "trustgrid-token id",
            "trustgrid-token :secret",
            "trustgrid-token id:",
            "Bearer id:secret",
            "Basic aWQ6c2VjcmV0",
        ] {
            assert_eq!(parse_authorization(bad), None, "{bad:?} must be rejected");
        }
    }

    #[test]
    fn generated_keys_have_the_documented_format_and_differ() {
        let (id, secret) = generate_keys();
        assert_eq!(id.len(), 16);
        assert_eq!(secret.len(), 32);
        assert!(
            id.chars()
                .chain(secret.chars())
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        let (id2, secret2) = generate_keys();
        assert_ne!(
            (id, secret),
            (id2, secret2),
            "keys come from a random source"
        );
    }

    #[test]
    fn secret_comparison_uses_the_hash() {
        let stored = hash_secret("723ae93acd87aa70b9b5b1fedcd38c85");
        assert!(secret_matches("723ae93acd87aa70b9b5b1fedcd38c85", &stored));
        assert!(!secret_matches("723ae93acd87aa70b9b5b1fedcd38c86", &stored));
        assert!(!secret_matches("", &stored));
        assert!(
            !secret_matches("723ae93acd87aa70b9b5b1fedcd38c85", &[]),
            "a user without keys matches nothing"
        );
    }
}
