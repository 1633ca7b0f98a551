//! Delivering new keys where they are used: a CI secret, a vault, a cluster. The administrator
//! saves **delivery targets** (a name and a command such as
//! `vault kv put secret/tg/{name} client_secret=-`); after keys are generated the app runs the
//! chosen targets' programs with the Client Secret on standard input only.
//!
//! A target's command is run only once the administrator confirmed that exact text in a native
//! dialog (outside the webview, see `Host::confirm`): script injected into the webview can save or
//! run targets, but cannot make the app run a command nobody saw. `targets` keeps the saved
//! targets and what was confirmed; `run` runs one delivery.

mod run;
mod targets;

pub use run::{
    DeliveryResult, DeliveryStatus, OUTPUT_LIMIT, PASSED_ENV, PASSED_ENV_PREFIXES, deliver,
};
pub use targets::{
    DELIVERY_TIMEOUT_DEFAULT, DELIVERY_TIMEOUT_MAX, DeliveryTarget, DeliveryTargetInput,
    DeliveryTargets, PLACEHOLDERS, TARGET_NAME_MAX, expand_command, split_command,
    validate_command,
};

use crate::contract::ConfirmRequest;

/// The native confirmation a target's command needs before it is saved or run.
pub fn confirmation(target: &DeliveryTarget) -> ConfirmRequest {
    ConfirmRequest {
        title: "Allow this delivery command?".into(),
        message: format!(
            "The delivery target \"{}\" will run this command, without a shell, with the new \
             Client Secret on its standard input:\n\n{}\n\n{{name}} and {{clientId}} are filled in \
             for each service user. Allow it only if you wrote it or trust it.",
            target.name, target.command
        ),
        confirm_label: "Allow".into(),
    }
}
