//! The ways a key pair leaves the app as text: the `Authorization` header the API expects, and
//! the two file formats "Save to file" offers. Each is built straight into a [`Secret`], so the
//! text is redacted when printed and zeroized when dropped like the secret it contains.

use serde::{Deserialize, Serialize};
use tg_api::Secret;
use ts_rs::TS;

use crate::error::{Error, Result};

/// The file formats "Save to file" offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SecretFileFormat {
    /// `TG_CLIENT_ID=...` and `TG_CLIENT_SECRET=...` lines.
    Env,
    /// A JSON object with `clientId` and `clientSecret`, one member a line.
    Json,
}

impl SecretFileFormat {
    /// The usual file extension, for the save dialog's filter.
    pub fn extension(self) -> &'static str {
        match self {
            SecretFileFormat::Env => "env",
            SecretFileFormat::Json => "json",
        }
    }

    /// The save dialog's name for files of this format.
    pub fn filter_label(self) -> &'static str {
        match self {
            SecretFileFormat::Env => "Environment file",
            SecretFileFormat::Json => "JSON",
        }
    }

    /// A file name to offer in the save dialog, e.g. `cicd.env` or `cicd-keys.json`.
    pub fn suggested_file_name(self, service_user: &str) -> String {
        match self {
            SecretFileFormat::Env => format!("{service_user}.env"),
            SecretFileFormat::Json => format!("{service_user}-keys.json"),
        }
    }
}

/// `Authorization: trustgrid-token <clientId>:<secret>`, as every API request carries it.
pub(crate) fn authorization_header(client_id: &str, secret: &Secret) -> Secret {
    const PREFIX: &str = "Authorization: trustgrid-token ";
    let secret = secret.expose_secret();
    let mut header = String::with_capacity(PREFIX.len() + client_id.len() + 1 + secret.len());
    header.push_str(PREFIX);
    header.push_str(client_id);
    header.push(':');
    header.push_str(secret);
    Secret::new(header)
}

/// The file's content. A `.env` value cannot hold a line break (it would start a second
/// variable), so such a value is refused; JSON is written by serde_json.
pub(crate) fn secret_file_content(
    format: SecretFileFormat,
    client_id: &str,
    secret: &Secret,
) -> Result<Secret> {
    let secret = secret.expose_secret();
    match format {
        SecretFileFormat::Env => {
            for (what, value) in [("Client ID", client_id), ("Client Secret", secret)] {
                if value.contains(['\n', '\r']) {
                    return Err(Error::InvalidInput(format!(
                        "The {what} contains a line break and cannot be written to a .env file."
                    )));
                }
            }
            // Sized up front so no stray copy of the secret is left in reallocated memory.
            let mut content = String::with_capacity(40 + client_id.len() + secret.len());
            content.push_str("TG_CLIENT_ID=");
            content.push_str(client_id);
            content.push_str("\nTG_CLIENT_SECRET=");
            content.push_str(secret);
            content.push('\n');
            Ok(Secret::new(content))
        }
        SecretFileFormat::Json => {
            #[derive(Serialize)]
            #[serde(rename_all = "camelCase")]
            struct KeyFile<'a> {
                client_id: &'a str,
                client_secret: &'a str,
            }
            let key_file = KeyFile {
                client_id,
                client_secret: secret,
            };
            // Escaping can at most sextuple a character (`\u0001`): one buffer of that size
            // never reallocates, so no partial copy of the secret is left behind.
            let mut buffer = Vec::with_capacity(64 + 6 * (client_id.len() + secret.len()));
            serde_json::to_writer_pretty(&mut buffer, &key_file)
                .expect("two strings always serialize");
            buffer.push(b'\n');
            let content = String::from_utf8(buffer).expect("serde_json writes UTF-8");
            Ok(Secret::new(content))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_header_is_the_api_format() {
        let header = authorization_header("cid-1", &Secret::new("s3cr3t"));
        assert_eq!(
            header.expose_secret(),
            "Authorization: trustgrid-token cid-1:s3cr3t",
            "API.md: every request carries `Authorization: trustgrid-token {{clientId}}:{{secret}}`"
        );
    }

    #[test]
    fn json_strings_are_escaped() {
        let content = secret_file_content(
            SecretFileFormat::Json,
            "id\"quoted\\",
            &Secret::new("line\nbreak\ttab\u{1}"),
        )
        .unwrap();
        let parsed: serde_json::Value = serde_json::from_str(content.expose_secret())
            .expect("the saved JSON must parse even with unusual characters");
        assert_eq!(parsed["clientId"], "id\"quoted\\");
        assert_eq!(parsed["clientSecret"], "line\nbreak\ttab\u{1}");
        assert!(content.expose_secret().ends_with("}\n"));
    }

    #[test]
    fn env_file_refuses_values_with_line_breaks() {
        let error = secret_file_content(SecretFileFormat::Env, "cid", &Secret::new("a\nB=c"))
            .expect_err("a line break would inject a second variable into the .env file");
        assert_eq!(
            error.to_string(),
            "The Client Secret contains a line break and cannot be written to a .env file."
        );
        assert!(
            !format!("{error:?}").contains("B=c"),
            "the error must not quote the secret"
        );
    }

    #[test]
    fn suggested_names_follow_the_service_user() {
        assert_eq!(
            SecretFileFormat::Env.suggested_file_name("cicd"),
            "cicd.env"
        );
        assert_eq!(
            SecretFileFormat::Json.suggested_file_name("cicd"),
            "cicd-keys.json"
        );
    }
}
