//! Generating keys is where a Client Secret is born, and it must go straight from the API's
//! answer into the handoff (which copies it to the clipboard) without passing through anything
//! that could print or keep it. The change is journalled like every other, without the secret.
//!
//! Only an answer with the keys counts: the secret shown is always one the server made current.
//! A request that got no clear answer (a timeout, a broken connection, a 5xx) may still have
//! replaced the keys, whose secret is then lost; the error says the old key may already be
//! invalid ([`ErrorCode::OutcomeUnknown`]), and the UI offers to regenerate.

use crate::error::{AppError, ErrorCode};
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
        .map_err(|error| {
            if error.may_have_been_applied() {
                unconfirmed(name, &error)
            } else {
                AppError::from(error)
            }
        });
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

/// The error for a key request that may have replaced the keys without their secret arriving.
fn unconfirmed(name: &str, error: &tg_api::Error) -> AppError {
    AppError::new(
        ErrorCode::OutcomeUnknown,
        format!(
            "Trustgrid did not confirm new keys for {name} ({error}). The old key may already be \
             invalid: new keys may have been made whose secret never arrived. Regenerate the keys \
             to get a secret that works."
        ),
    )
}
