//! The rotation assistant: for one or many service users, one user after the other, regenerate
//! the keys, deliver the new ones (a file chosen in the native save dialog, the clipboard one
//! user at a time, delivery targets), verify that the new key authenticates, and report each
//! user's outcome. The old key stops working at the regenerate step, so the UI says so before
//! a run starts.
//!
//! A run stops at the first failure of the network: the key request of that user may have gone
//! out without an answer (the user is `unknown`: the keys may have been replaced with a secret
//! that never arrived), and the users after it were not reached (`notRotated`). `finish` reads
//! each unknown user again (a changed Client ID or key date means the keys were replaced, and
//! their lost secret makes a new rotation necessary either way) and rotates what is left.
//!
//! When the user is the one the connection signs in with, the new secret replaces the old one
//! where the connection keeps it in the same step (`own_key`), and the app switches to it. If the
//! answer to that user's key request is lost, no key of the connection works any more: for the
//! embedded sandbox, `finish` has the sandbox issue new admin keys and rotates those; for a saved
//! connection it can only say so, since nothing the app holds can sign in.
//!
//! Secrets stay in the one-time-secret handoff; the report, the journal and every error hold
//! names, Client IDs and outcomes only. Files: `model` (the shapes), `deliver` (file and
//! targets), `own_key`, `recheck` (telling what an unanswered request did), `run` (the loop) and
//! `unfinished` (an interrupted run kept across restarts, so Finish can still be offered).

mod deliver;
mod model;
mod own_key;
mod recheck;
mod run;
mod unfinished;

pub use deliver::deliver_to_targets;
pub use model::{
    FileDelivery, OwnKeyUpdate, RotationDelivery, RotationProgress, RotationReport, RotationState,
    RotationStep, Unfinished, UserRotation,
};
pub use run::{finish, rotate};
pub use unfinished::{UnfinishedRun, UnfinishedRuns};
