//! The sandbox admin's credentials, handed to whoever starts the sandbox: returned by
//! [`crate::Sandbox::start`] and written to `DATA_DIR/admin-credentials.json` (owner-only, through
//! [`tg_private_file`]) so that other programs can connect. The database keeps only the
//! secret's hash, so this file is also how a restart finds the same secret again.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::start_error::SandboxError;

/// The file name inside the data directory.
pub const FILE_NAME: &str = "admin-credentials.json";

/// Credentials of the `sandbox-admin` service user.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminCredentials {
    pub base_url: String,
    pub client_id: String,
    pub secret: String,
}

impl fmt::Debug for AdminCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminCredentials")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// Reads the file if it exists and parses; anything else counts as absent (new keys are issued).
pub fn read(path: &Path) -> Option<AdminCredentials> {
    let text = std::fs::read_to_string(path).ok()?;
    match serde_json::from_str(&text) {
        Ok(credentials) => Some(credentials),
        Err(_) => {
            tracing::warn!(path = %path.display(), "unreadable admin credentials file; issuing new keys");
            None
        }
    }
}

/// Writes the file through [`tg_private_file::write`]: whole or not at all, readable by the owner
/// only.
pub fn write(path: &Path, credentials: &AdminCredentials) -> Result<(), SandboxError> {
    let failed = |message: String| SandboxError::Credentials {
        path: path.to_path_buf(),
        message,
    };
    let mut json = serde_json::to_vec_pretty(credentials).map_err(|e| failed(e.to_string()))?;
    json.push(b'\n');
    tg_private_file::write(path, &json).map_err(|e| failed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret() {
        let credentials = AdminCredentials {
            base_url: "http://127.0.0.1:1".into(),
            client_id: "0123456789abcdef".into(),
            secret: "723ae93acd87aa70b9b5b1fedcd38c85".into(),
        };
        let printed = format!("{credentials:?}");
        assert!(
            !printed.contains("723ae93acd87aa70b9b5b1fedcd38c85"),
            "{printed}"
        );
        assert!(printed.contains("0123456789abcdef"));
    }

    #[test]
    fn written_file_round_trips_with_camel_case_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_in(dir.path());
        let credentials = AdminCredentials {
            base_url: "http://127.0.0.1:9".into(),
            client_id: "id".into(),
            secret: "s".into(),
        };
        write(&path, &credentials).unwrap();
        write(&path, &credentials).expect("rewriting replaces the file");
        let text = std::fs::read_to_string(&path).unwrap();
        for key in ["\"baseUrl\"", "\"clientId\"", "\"secret\""] {
            assert!(text.contains(key), "{key} missing from {text}");
        }
        assert_eq!(read(&path), Some(credentials));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "only the owner may read the admin secret");
        }
    }
}
