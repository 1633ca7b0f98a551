//! Generating keys is where a Client Secret is born, and it must go straight from the API's
//! answer into the handoff (which copies it to the clipboard) without passing through anything
//! that could print or keep it. The change is journalled like every other, without the secret.

use crate::error::AppError;
use crate::secret_handoff::{KeyHandoff, SecretHandoffs};
use crate::state::AppState;

/// Generates (or regenerates) keys for `name` on the active connection and hands them off: the
/// secret is on the clipboard with a countdown when this returns. If the copy itself fails, the
/// keys are still held (the user can reveal or save them), so a secret is never lost.
pub async fn generate(
    admin: &AppState,
    handoffs: &SecretHandoffs,
    name: &str,
) -> Result<KeyHandoff, AppError> {
    // The journal names this connection even if the user switches while the request runs.
    let (client, connection) = admin.active_client()?;
    let result = client
        .service_users()
        .generate_token(name)
        .await
        .map_err(AppError::from);
    admin.record_for(
        &connection,
        "generate-keys",
        vec![name.to_owned()],
        result.as_ref().map(|_| ()),
    );
    let keys = result?;
    let (handoff, copied) = handoffs.begin(name, keys.client_id, keys.secret);
    if let Err(error) = copied {
        tracing::warn!(%error, "the new Client Secret could not be copied to the clipboard");
    }
    Ok(handoff)
}
